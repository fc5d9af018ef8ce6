//! The account list: search (Enter opens the first match, ↑/↓ move, Esc clears),
//! filter chips, sort and grouping, a summary line, and one row per account with
//! its print tick box and badges. Rows are virtualised: only visible ones are laid
//! out, so ten thousand accounts scroll as smoothly as ten.

use eframe::egui::{self, Color32, RichText, Sense, vec2};

use super::state::{Modal, Status, UiState};
use super::theme;
use crate::action::Action;
use crate::keeper::accounts::{ListCounts, Sort};
use crate::vault::Payload;
use crate::vault::model::PrintState;

const ROW_HEIGHT: f32 = 46.0;
const HEADING_HEIGHT: f32 = 26.0;

/// One line of the list: a site heading (when grouping) or an account.
enum Row {
    Heading(usize),
    Account(usize),
}

pub(super) fn accounts_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    ui.add_space(theme::GAP / 2.0);
    search_ui(ui, state, status, actions);
    filters_ui(ui, state, actions);
    let Some(payload) = status.payload else {
        return;
    };
    let counts = status.counts;
    summary_ui(ui, state, &counts, status.visible.len());
    ui.separator();
    let rows = rows(payload, status.visible, state.group_by_site);
    // Headings are shorter than accounts; rows of one height keep the list virtual.
    let height = if state.group_by_site {
        HEADING_HEIGHT.max(ROW_HEIGHT)
    } else {
        ROW_HEIGHT
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, height, rows.len(), |ui, range| {
            for row in &rows[range] {
                match *row {
                    Row::Heading(i) => {
                        ui.allocate_ui(vec2(ui.available_width(), height - 6.0), |ui| {
                            ui.add_space(height - 30.0);
                            ui.label(RichText::new(&payload.accounts[i].service).strong());
                        });
                    }
                    Row::Account(i) => account_row(ui, state, payload, i, actions),
                }
            }
        });
}

fn search_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    let label = ui.label("Search");
    let search = ui
        .add(
            egui::TextEdit::singleline(&mut state.search)
                .hint_text("Site, account or note (Ctrl+F)")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if state.focus_search {
        search.request_focus();
        state.focus_search = false;
    }
    let nothing_focused = ui.ctx().memory(|m| m.focused().is_none());
    let dialog_open = !matches!(state.modal, Modal::None) || state.error.is_some();
    if dialog_open || !(search.has_focus() || search.lost_focus() || nothing_focused) {
        return;
    }
    let lost_focus = search.lost_focus();
    let (enter, esc, up, down) = ui.input_mut(|i| {
        (
            lost_focus && i.key_pressed(egui::Key::Enter) && !i.modifiers.command,
            i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
        )
    });
    let visible = status.visible;
    if enter && let Some(&first) = visible.first() {
        actions.push(Action::Select(first));
    }
    if esc {
        state.search.clear();
    }
    if up || down {
        let at = state
            .selected
            .and_then(|s| visible.iter().position(|&v| v == s));
        let next = match (at, down) {
            (None, true) => Some(0),
            (None, false) => visible.len().checked_sub(1),
            (Some(p), true) => Some((p + 1).min(visible.len().saturating_sub(1))),
            (Some(p), false) => Some(p.saturating_sub(1)),
        };
        if let Some(&i) = next.and_then(|n| visible.get(n)) {
            actions.push(Action::Select(i));
        }
    }
}

fn filters_ui(ui: &mut egui::Ui, state: &mut UiState, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = theme::GAP / 2.0;
        chip(
            ui,
            &mut state.only_low,
            "Low",
            "Only accounts with few codes left",
        );
        chip(
            ui,
            &mut state.only_unprinted,
            "Never printed",
            "Only accounts with no recovery sheet",
        );
        chip(
            ui,
            &mut state.only_stale,
            "Out of date",
            "Only accounts whose sheet misses codes used since",
        );
        let mut archived = state.show_archived;
        if chip(
            ui,
            &mut archived,
            "Archived",
            "Show archived accounts instead",
        )
        .changed()
        {
            actions.push(Action::ToggleArchived);
        }
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Sort");
        egui::ComboBox::from_id_salt("sort")
            .selected_text(match state.sort {
                Sort::Name => "by name",
                Sort::CodesLeft => "by codes left",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.sort, Sort::Name, "by name");
                ui.selectable_value(&mut state.sort, Sort::CodesLeft, "by codes left");
            })
            .response
            .labelled_by(label.id);
        ui.checkbox(&mut state.group_by_site, "Group by site");
    });
}

/// A toggle shaped like a chip: accent when on.
fn chip(ui: &mut egui::Ui, on: &mut bool, text: &str, hover: &str) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let mut label = RichText::new(text).small();
    if *on {
        label = label.color(Color32::WHITE);
    }
    let mut button = egui::Button::new(label)
        .selected(*on)
        .corner_radius(egui::CornerRadius::same(10));
    if *on {
        button = button.fill(theme::accent(dark));
    }
    let mut response = ui.add(button).on_hover_text(hover);
    if response.clicked() {
        *on = !*on;
        response.mark_changed();
    }
    response
}

fn summary_ui(ui: &mut egui::Ui, state: &UiState, c: &ListCounts, shown: usize) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = theme::GAP / 2.0;
        let total = if state.show_archived {
            c.archived
        } else {
            c.listed
        };
        let noun = if state.show_archived {
            "archived"
        } else {
            "accounts"
        };
        let text = if shown == total {
            format!("{total} {noun}")
        } else {
            format!("{shown} of {total} {noun}")
        };
        ui.label(RichText::new(text).small().weak());
        if !state.show_archived && state.marked.is_empty() && total > 1 {
            ui.label(RichText::new("· tick to print several").small().weak());
        }
        if !state.show_archived {
            if c.unprinted > 0 {
                ui.label(
                    RichText::new(format!("· {} never printed", c.unprinted))
                        .small()
                        .weak(),
                );
            }
            if c.low > 0 {
                ui.label(
                    RichText::new(format!("· {} low", c.low))
                        .small()
                        .color(theme::warn(dark)),
                );
            }
            if c.stale > 0 {
                let text = format!("· {} out of date", c.stale);
                ui.label(RichText::new(text).small().color(theme::warn(dark)));
            }
        }
    });
}

fn rows(payload: &Payload, visible: &[usize], grouped: bool) -> Vec<Row> {
    if !grouped {
        return visible.iter().map(|&i| Row::Account(i)).collect();
    }
    let mut order: Vec<usize> = visible.to_vec();
    // Stable: keeps the chosen order inside each site.
    order.sort_by_cached_key(|&i| payload.accounts[i].service.to_lowercase());
    let mut out = Vec::with_capacity(order.len() * 2);
    let mut last: Option<String> = None;
    for i in order {
        let site = payload.accounts[i].service.to_lowercase();
        if last.as_deref() != Some(site.as_str()) {
            out.push(Row::Heading(i));
            last = Some(site);
        }
        out.push(Row::Account(i));
    }
    out
}

/// One account: the print tick box, then a selectable row with the name, the codes
/// left and its badges. Its accessible name is "Site — account, N of M left".
fn account_row(
    ui: &mut egui::Ui,
    state: &UiState,
    payload: &Payload,
    i: usize,
    actions: &mut Vec<Action>,
) {
    let account = &payload.accounts[i];
    let (unused, total) = account
        .active_set()
        .map_or((0, 0), |s| (s.unused_count(), s.codes.len()));
    let title = if account.label.is_empty() {
        account.service.clone()
    } else {
        format!("{} — {}", account.service, account.label)
    };
    let dark = ui.visuals().dark_mode;
    let mut badges: Vec<(&str, Color32)> = Vec::new();
    if account.is_low() {
        badges.push(("low", theme::warn(dark)));
    }
    if payload.print_state(account) == Some(PrintState::Stale) {
        badges.push(("sheet out of date", theme::warn(dark)));
    }
    let size = vec2(ui.available_width(), ROW_HEIGHT - 6.0);
    ui.allocate_ui_with_layout(
        size,
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            if account.archived_at.is_none() {
                let mut ticked = state.marked.contains(&i);
                let tick = ui
                    .checkbox(&mut ticked, "")
                    .on_hover_text("Tick to print several accounts at once");
                let name = account.display_name();
                tick.widget_info(|| {
                    egui::WidgetInfo::selected(
                        egui::Role::CheckBox,
                        true,
                        ticked,
                        format!("Tick {name} for printing"),
                    )
                });
                if tick.clicked() {
                    actions.push(Action::ToggleMark(i));
                }
            }
            let width = ui.available_width();
            let (rect, response) =
                ui.allocate_exact_size(vec2(width, ROW_HEIGHT - 6.0), Sense::click());
            let selected = state.selected == Some(i);
            let label = format!("{title}, {unused} of {total} left");
            response.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label)
            });
            if ui.is_rect_visible(rect) {
                let visuals = ui.style().interact_selectable(&response, selected);
                if selected || response.hovered() || response.has_focus() {
                    ui.painter().rect_filled(rect, 6.0, visuals.weak_bg_fill);
                }
                let text_color = if selected {
                    ui.visuals().selection.stroke.color
                } else {
                    ui.visuals().text_color()
                };
                let inner = rect.shrink2(vec2(8.0, 4.0));
                let body = egui::TextStyle::Body.resolve(ui.style());
                let small = egui::TextStyle::Small.resolve(ui.style());
                let mut job = egui::text::LayoutJob::simple_singleline(title, body, text_color);
                job.wrap.max_width = inner.width();
                job.wrap.max_rows = 1;
                job.wrap.break_anywhere = true;
                let painter = ui.painter_at(rect);
                let galley = painter.layout_job(job);
                painter.galley(inner.left_top(), galley, text_color);
                let left = format!("{unused} of {total} left");
                let second = inner.left_top() + vec2(0.0, inner.height() * 0.55);
                let weak = if selected {
                    text_color
                } else {
                    ui.visuals().weak_text_color()
                };
                let g = painter.layout_no_wrap(left, small.clone(), weak);
                let mut x = second.x + g.size().x + 8.0;
                painter.galley(second, g, weak);
                for (text, color) in badges {
                    // On the accent of a selected row, a badge takes the row's text colour.
                    let color = if selected { text_color } else { color };
                    let g = painter.layout_no_wrap(text.to_owned(), small.clone(), color);
                    let size = g.size();
                    let pill =
                        egui::Rect::from_min_size(egui::pos2(x, second.y), size + vec2(10.0, 0.0));
                    painter.rect_stroke(
                        pill,
                        7.0,
                        egui::Stroke::new(1.0, color),
                        egui::StrokeKind::Inside,
                    );
                    painter.galley(pill.min + vec2(5.0, 0.0), g, color);
                    x += size.x + 16.0;
                }
            }
            if response.clicked() {
                if ui.input(|inp| inp.modifiers.command) && account.archived_at.is_none() {
                    actions.push(Action::ToggleMark(i));
                } else {
                    actions.push(Action::Select(i));
                }
            }
        },
    );
}
