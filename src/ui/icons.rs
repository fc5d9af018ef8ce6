//! The app's few icons, drawn as vector strokes so they stay sharp at every zoom
//! and need no font (the icon-font crates for egui lag behind its releases).
//! Every icon button carries an accessible name that says what it acts on.

use eframe::egui::{self, Color32, Pos2, Rect, Stroke, pos2, vec2};

/// Which icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    /// Two overlapping sheets: copy.
    Copy,
    /// An open eye: reveal.
    Eye,
    /// A crossed-out eye: hide.
    EyeOff,
    /// Three dots: more actions.
    More,
}

/// A square button showing `icon`, with `accessible` as its name for screen
/// readers and tests and as its tooltip.
pub fn icon_button(ui: &mut egui::Ui, icon: Icon, accessible: &str) -> egui::Response {
    let side = ui.spacing().interact_size.y;
    let (rect, response) = ui.allocate_exact_size(vec2(side + 4.0, side), egui::Sense::click());
    let enabled = ui.is_enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, accessible));
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&response);
        if response.hovered() || response.has_focus() {
            ui.painter().rect(
                rect,
                visuals.corner_radius,
                visuals.weak_bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        paint(
            ui.painter(),
            icon,
            rect.shrink(side * 0.22),
            visuals.fg_stroke.color,
        );
    }
    response.on_hover_text(accessible)
}

/// Draws `icon` into `rect` in `color`.
pub fn paint(painter: &egui::Painter, icon: Icon, rect: Rect, color: Color32) {
    let stroke = Stroke::new(1.6, color);
    let r = rect;
    match icon {
        Icon::Copy => {
            let w = r.width() * 0.68;
            let h = r.height() * 0.75;
            let back = Rect::from_min_size(r.min, vec2(w, h));
            let front = Rect::from_min_size(r.max - vec2(w, h), vec2(w, h));
            // The back sheet shows only where the front one does not cover it.
            let back_edge = vec![
                pos2(front.left(), back.bottom()),
                back.left_bottom(),
                back.left_top(),
                back.right_top(),
                pos2(back.right(), front.top()),
            ];
            painter.add(egui::Shape::line(back_edge, stroke));
            painter.rect_stroke(front, 2.0, stroke, egui::StrokeKind::Middle);
        }
        Icon::Eye | Icon::EyeOff => {
            let c = r.center();
            let half = r.width() * 0.5;
            let lid = r.height() * 0.36;
            let upper: Vec<Pos2> = (0..=16)
                .map(|i| {
                    let t = i as f32 / 16.0;
                    let x = c.x - half + 2.0 * half * t;
                    let y = c.y - lid * (std::f32::consts::PI * t).sin();
                    pos2(x, y)
                })
                .collect();
            let lower: Vec<Pos2> = upper.iter().map(|p| pos2(p.x, 2.0 * c.y - p.y)).collect();
            painter.add(egui::Shape::line(upper, stroke));
            painter.add(egui::Shape::line(lower, stroke));
            painter.circle_filled(c, r.height() * 0.16, color);
            if icon == Icon::EyeOff {
                painter.line_segment([r.left_bottom(), r.right_top()], stroke);
            }
        }
        Icon::More => {
            let c = r.center();
            let step = r.height() * 0.34;
            for dy in [-step, 0.0, step] {
                painter.circle_filled(pos2(c.x, c.y + dy), 1.9, color);
            }
        }
    }
}
