//! The window's look, in one place: one accent colour (the primary action of each
//! screen, the selection, the next code), a type scale of three sizes (title, body,
//! code), one spacing unit, light and dark palettes. `docs/ui.md` states the rules.
//!
//! [`apply`] installs the styles when the theme or the size class changes; the
//! helpers here ([`primary_button`], [`badge`], …) are what views draw with, so a
//! screen never picks its own colours or sizes.

use eframe::egui::{self, Color32, FontFamily, FontId, RichText, TextStyle};

use crate::settings::Theme;

/// Spacing unit: gaps between groups are multiples of it.
pub const GAP: f32 = 8.0;
/// Widest the content of a screen gets; wider windows centre it.
pub const MAX_CONTENT_WIDTH: f32 = 1100.0;
/// Windows at least this wide (in points) get the larger type scale.
const LARGE_WINDOW: f32 = 1500.0;

/// The accent for a palette (darker on light backgrounds for contrast).
pub fn accent(dark: bool) -> Color32 {
    if dark {
        // White text on it stays readable (about 4.5:1).
        Color32::from_rgb(0x2f, 0x74, 0xc8)
    } else {
        Color32::from_rgb(0x1c, 0x64, 0xc8)
    }
}

/// The accent as text or outline on the dark background (lighter, for contrast).
pub fn accent_text(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x6c, 0xaa, 0xf2)
    } else {
        accent(false)
    }
}

/// Soft background of the highlighted (next) code row.
pub fn accent_soft(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(0x4c, 0x9a, 0xf0, 40)
    } else {
        Color32::from_rgba_unmultiplied(0x1c, 0x64, 0xc8, 28)
    }
}

/// Colour of warnings (low on codes, out of date).
pub fn warn(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xf0, 0xb0, 0x40)
    } else {
        Color32::from_rgb(0x9a, 0x5b, 0x00)
    }
}

/// Colour of problems (not saved, wrong key).
pub fn error(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xff, 0x78, 0x6e)
    } else {
        Color32::from_rgb(0xb4, 0x1e, 0x1e)
    }
}

/// Colour of things that went right.
pub fn good(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x6c, 0xcf, 0x7c)
    } else {
        Color32::from_rgb(0x1f, 0x7a, 0x32)
    }
}

/// What [`apply`] last installed, so it runs only on a change.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    theme: Option<Theme>,
    /// Type scale step: 0 normal, 1 and 2 larger.
    step: u8,
}

/// Installs fonts' sizes, spacing and colours for both palettes; cheap when nothing
/// changed. Large windows (from 1500 points wide) get a larger type scale, in two
/// steps, so text stays comfortable on a big screen.
pub fn apply(ctx: &egui::Context, theme: Theme, applied: &mut Applied) {
    let width = ctx.content_rect().width();
    let step = u8::from(width >= LARGE_WINDOW) + u8::from(width >= LARGE_WINDOW + 300.0);
    let want = Applied {
        theme: Some(theme),
        step,
    };
    if *applied == want {
        return;
    }
    *applied = want;
    ctx.set_theme(match theme {
        Theme::System => egui::ThemePreference::System,
        Theme::Light => egui::ThemePreference::Light,
        Theme::Dark => egui::ThemePreference::Dark,
    });
    let scale = 1.0 + 0.1 * f32::from(step);
    ctx.all_styles_mut(|style| {
        let size = |s: f32| s * scale;
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(size(22.0), FontFamily::Proportional),
            ),
            (
                TextStyle::Body,
                FontId::new(size(15.0), FontFamily::Proportional),
            ),
            (
                TextStyle::Button,
                FontId::new(size(15.0), FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(size(12.5), FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(size(15.0), FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(GAP, GAP * 0.75);
        style.spacing.button_padding = egui::vec2(GAP * 1.25, GAP * 0.5);
        style.spacing.interact_size.y = 26.0 * scale;
        style.spacing.window_margin = egui::Margin::same(16);
        // Dialogs (egui's modals) use the menu margin: room around their titles.
        style.spacing.menu_margin = egui::Margin::same(14);
    });
    for dark in [false, true] {
        let which = if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        };
        ctx.style_mut_of(which, |style| {
            let v = &mut style.visuals;
            v.selection.bg_fill = accent(dark);
            // Text on the accent (the selected account) is white in both themes.
            v.selection.stroke.color = Color32::WHITE;
            // Secondary text stays readable (at least 4.5:1 on the panel).
            v.weak_text_color = Some(if dark {
                Color32::from_gray(0xa8)
            } else {
                Color32::from_gray(0x62)
            });
            if !dark {
                // Fields, tick boxes and buttons get an outline on the light panel.
                let outline = egui::Stroke::new(1.0, Color32::from_gray(0xb0));
                v.widgets.inactive.bg_stroke = outline;
                v.widgets.noninteractive.bg_stroke =
                    egui::Stroke::new(1.0, Color32::from_gray(0xd0));
            }
            v.hyperlink_color = accent(dark);
            v.warn_fg_color = warn(dark);
            v.error_fg_color = error(dark);
            let radius = egui::CornerRadius::same(6);
            v.widgets.inactive.corner_radius = radius;
            v.widgets.hovered.corner_radius = radius;
            v.widgets.active.corner_radius = radius;
            v.widgets.noninteractive.corner_radius = radius;
            v.window_corner_radius = egui::CornerRadius::same(10);
        });
    }
}

/// The code size: codes are read and typed, so they are the largest text on screen.
pub fn code_text(text: impl Into<String>) -> RichText {
    RichText::new(text).monospace().size(19.0)
}

/// The screen title.
pub fn title(text: impl Into<String>) -> RichText {
    RichText::new(text).heading().strong()
}

/// The one primary action of a screen or dialog: accent fill, white text.
pub fn primary_button(ui: &egui::Ui, text: impl Into<String>) -> egui::Button<'static> {
    let dark = ui.visuals().dark_mode;
    egui::Button::new(RichText::new(text).strong().color(Color32::WHITE)).fill(accent(dark))
}

/// The primary action when it may be unavailable: a plain muted button until it can
/// be used, so a disabled action never looks ready.
pub fn primary_button_if(
    ui: &egui::Ui,
    text: impl Into<String>,
    enabled: bool,
) -> egui::Button<'static> {
    if enabled {
        primary_button(ui, text)
    } else {
        egui::Button::new(RichText::new(text).strong())
    }
}

/// A small coloured tag after a name ("low", "out of date").
pub fn badge(ui: &mut egui::Ui, text: &str, color: Color32) {
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, color))
        .corner_radius(egui::CornerRadius::same(8))
        .inner_margin(egui::Margin::symmetric(6, 0))
        .show(ui, |ui| {
            ui.label(RichText::new(text).small().color(color));
        });
}
