//! The open vault: the toolbar, the status bar (always one line high, so nothing
//! jumps when a save starts or a warning appears), the account list on the left
//! ([`super::list_view`]) and the selected account's codes on the right. Toasts
//! float over the content at the bottom; they never push it.

use eframe::egui::{self, RichText};

use super::icons::{Icon, icon_button};
use super::state::{Status, UiState};
use super::theme;
use crate::action::Action;
use crate::vault::{Account, CodeSet};

/// Height of the status bar: fixed, whatever it shows.
const STATUS_HEIGHT: f32 = 30.0;
/// Width of the code column: the longest common code (25 characters) fits.
const NUMBER_WIDTH: f32 = 26.0;
const STATE_WIDTH: f32 = 44.0;

pub(super) fn main_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    toolbar_ui(ui, state, status, actions);
    status_bar_ui(ui, state, status, actions);
    let width = ui.available_width();
    // Narrow windows give the codes the room; wide ones keep the list comfortable.
    let list_width = (width * 0.3).clamp(190.0, 420.0);
    egui::Panel::left("accounts")
        .resizable(true)
        .default_size(list_width)
        .min_size(170.0)
        .max_size((width * 0.42).max(180.0))
        .show(ui, |ui| {
            super::list_view::accounts_ui(ui, state, status, actions);
        });
    egui::CentralPanel::default().show(ui, |ui| {
        capped(ui, |ui| match state.selected {
            Some(i) => account_ui(ui, state, status, i, actions),
            None => empty_ui(ui, state, status, actions),
        });
    });
    toast_ui(ui, state, actions);
}

/// Caps the content's width in wide windows and centres it.
fn capped(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    let width = ui.available_width();
    if width <= theme::MAX_CONTENT_WIDTH {
        add(ui);
        return;
    }
    let margin = (width - theme::MAX_CONTENT_WIDTH) / 2.0;
    ui.horizontal_top(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(theme::MAX_CONTENT_WIDTH);
            add(ui);
        });
    });
}

fn empty_ui(ui: &mut egui::Ui, state: &UiState, status: &Status<'_>, actions: &mut Vec<Action>) {
    ui.vertical_centered(|ui| {
        ui.add_space(60.0);
        let empty = status.payload.is_none_or(|p| p.accounts.is_empty());
        if state.show_archived {
            ui.label(if status.visible.is_empty() {
                "No archived accounts."
            } else {
                "Choose an archived account to restore it or delete it for good."
            });
        } else if empty {
            ui.label(theme::title("No codes yet"));
            ui.add_space(theme::GAP);
            ui.add(
                egui::Label::new(
                    "Turned on two-factor sign-in somewhere? Add the backup codes the site gave you: paste them (Ctrl+V) or drop the file here.",
                )
                .wrap(),
            );
            ui.add_space(theme::GAP);
            let button = theme::primary_button(ui, "Add your first codes…");
            if ui.add(button).clicked() {
                actions.push(Action::OpenAdd);
            }
        } else if status.visible.is_empty() {
            ui.label("No account matches the search and filters.");
        } else {
            ui.label("Choose an account on the left (↑/↓ in the search field, Enter opens the first match).");
        }
    });
}

fn toolbar_ui(ui: &mut egui::Ui, state: &UiState, status: &Status<'_>, actions: &mut Vec<Action>) {
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.add_space(theme::GAP / 2.0);
        ui.horizontal_wrapped(|ui| {
            let printable = status
                .payload
                .is_some_and(|p| !crate::keeper::paper::printable(p).is_empty());
            let add = theme::primary_button(ui, Action::OpenAdd.label());
            if ui
                .add(add)
                .on_hover_text(Action::OpenAdd.tooltip())
                .clicked()
            {
                actions.push(Action::OpenAdd);
            }
            if !state.marked.is_empty() {
                let n = state.marked.len();
                if ui
                    .button(format!("Print {n} ticked…"))
                    .on_hover_text("One sheet for each account ticked in the list")
                    .clicked()
                {
                    actions.push(Action::PrintSelected);
                }
            }
            for action in [
                Action::PrintAll,
                Action::CheckSheets,
                Action::SaveCopy,
                Action::Lock,
                Action::OpenSettings,
                Action::ShowShortcuts,
                Action::ShowAbout,
            ] {
                let enabled =
                    !matches!(action, Action::PrintAll | Action::CheckSheets) || printable;
                if ui
                    .add_enabled(enabled, egui::Button::new(action.label()))
                    .on_hover_text(action.tooltip())
                    .on_disabled_hover_text("There are no codes to print yet")
                    .clicked()
                {
                    actions.push(action);
                }
            }
        });
        ui.add_space(theme::GAP / 2.0);
    });
}

/// One line at the bottom: what is being saved or written on the right, the most
/// important warning on the left (not saved, kit not saved, no recent copy).
fn status_bar_ui(
    ui: &mut egui::Ui,
    state: &UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    egui::Panel::bottom("status")
        .exact_size(STATUS_HEIGHT)
        .show(ui, |ui| {
            ui.horizontal_centered(|ui| {
                let dark = ui.visuals().dark_mode;
                let copy_outdated = status.payload.is_some_and(|p| {
                    state.settings.copy_reminder && crate::keeper::backup::copy_outdated(p)
                });
                let stale_heirs = status
                    .payload
                    .is_some_and(|p| !crate::keeper::heirs::stale_kits(p).is_empty());
                let rehearsal = status.payload.map(|p| {
                    crate::keeper::proof::rehearsal(
                        p,
                        state.settings.rehearse_months,
                        jiff::Timestamp::now(),
                    )
                });
                if state.unsaved {
                    ui.colored_label(
                        theme::error(dark),
                        "Not saved: your last change is only in this window",
                    );
                } else if state.kit_pending {
                    ui.colored_label(
                        theme::warn(dark),
                        "Recovery kit not saved. No paper key written down? Settings → Make a new recovery key…",
                    );
                } else if stale_heirs {
                    ui.colored_label(
                        theme::warn(dark),
                        "An heir kit holds an old paper key: its shares no longer open the vault.",
                    );
                    if ui.small_button("Make a new heir kit…").clicked() {
                        actions.push(Action::OpenHeirKit);
                    }
                    if ui
                        .small_button("Dismiss")
                        .on_hover_text("The old shares were destroyed, or you want no heir kit now")
                        .clicked()
                    {
                        actions.push(Action::DismissStaleHeirKits);
                    }
                } else if let Some(r) = rehearsal.filter(|r| r.is_due()) {
                    let text = match r {
                        crate::keeper::proof::Rehearsal::Due { last } => format!(
                            "Paper key last proven {}: time to check it still works.",
                            crate::keeper::day(last)
                        ),
                        _ => "Your paper key was never typed back to prove it works.".to_owned(),
                    };
                    ui.colored_label(theme::warn(dark), text);
                    if ui.small_button("Rehearse now…").clicked() {
                        actions.push(Action::OpenRehearse);
                    }
                } else if copy_outdated {
                    let text = if status.payload.is_some_and(|p| p.last_copy.is_some()) {
                        "Changed since the last copy on another drive."
                    } else {
                        "No copy on another drive: a lost computer would take the vault with it."
                    };
                    ui.colored_label(theme::warn(dark), text);
                    if ui.small_button("Save a copy now…").clicked() {
                        actions.push(Action::SaveCopy);
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if status.printing {
                        ui.label("Writing PDF…");
                        ui.spinner();
                    } else if status.checking {
                        ui.label("Reading the pictures…");
                        ui.spinner();
                    } else if status.saving {
                        ui.label("Saving…");
                        ui.spinner();
                    } else if status.saved_recently {
                        ui.colored_label(theme::good(dark), "✔ All changes saved");
                    }
                });
            });
        });
}

/// The message after an action, floating above the status bar.
fn toast_ui(ui: &egui::Ui, state: &UiState, actions: &mut Vec<Action>) {
    let Some(toast) = &state.toast else {
        return;
    };
    egui::Area::new(egui::Id::unique("toast"))
        .order(egui::Order::Foreground)
        .anchor(
            egui::Align2::CENTER_BOTTOM,
            egui::vec2(0.0, -(STATUS_HEIGHT + theme::GAP)),
        )
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width((ui.ctx().content_rect().width() - 40.0).clamp(200.0, 760.0));
                ui.horizontal_wrapped(|ui| {
                    ui.label(&toast.text);
                    if toast.show.is_some() && ui.button("Show").clicked() {
                        actions.push(Action::ShowUsedCode);
                    }
                    if toast.undo && ui.button("Undo").clicked() {
                        actions.push(Action::Undo);
                    }
                    if toast.open.is_some() {
                        if ui.button("Open PDF").clicked() {
                            actions.push(Action::OpenFile);
                        }
                        if ui.button("Delete the PDF…").clicked() {
                            actions.push(Action::OfferDeletePdf);
                        }
                    }
                });
            });
        });
}

/// The newest printed sheet of the active set: when it was printed and checked, and
/// the codes to tick on it when some were used since.
fn sheet_line(ui: &mut egui::Ui, payload: &crate::vault::Payload, account: &crate::vault::Account) {
    let Some(sheet) = payload.newest_sheet(account) else {
        ui.label(RichText::new("Not on paper yet: print a sheet to keep in a safe place.").weak());
        return;
    };
    let checked = match sheet.checked_at {
        Some(at) => format!("last checked {}", crate::keeper::day(at)),
        None => "never checked from a photo (Check sheets…)".to_owned(),
    };
    ui.label(
        RichText::new(format!(
            "Sheet {} printed {} · {checked}",
            sheet.id,
            crate::keeper::day(sheet.printed_at)
        ))
        .weak(),
    );
    if sheet.blind
        && !sheet.paper_keys.is_empty()
        && !sheet.paper_keys.contains(&payload.recipients.paper)
    {
        ui.colored_label(
            theme::warn(ui.visuals().dark_mode),
            "This printer-blind sheet was printed for an earlier paper key: your current paper key does not read its QR code. Print it again and shred the old sheet.",
        );
    }
    let tick = payload.codes_to_tick(account);
    if !tick.is_empty() {
        ui.colored_label(
            theme::warn(ui.visuals().dark_mode),
            format!(
                "{} used since it was printed: tick {} on the paper.",
                crate::keeper::sheets::codes_were(tick.len()),
                crate::keeper::sheets::numbers(&tick)
            ),
        );
    }
}

fn account_ui(
    ui: &mut egui::Ui,
    state: &UiState,
    status: &Status<'_>,
    i: usize,
    actions: &mut Vec<Action>,
) {
    let Some(account) = status.payload.and_then(|p| p.accounts.get(i)) else {
        return;
    };
    let name = account.display_name();
    ui.horizontal_wrapped(|ui| {
        ui.label(theme::title(&account.service).size(24.0));
        if !account.label.is_empty() {
            ui.label(RichText::new(&account.label).size(17.0));
        }
    });
    if account.archived_at.is_some() {
        archived_ui(ui, &name, actions);
        return;
    }
    let Some(set) = account.active_set() else {
        ui.label("No active codes. Generate new ones on the site and add them.");
        ui.horizontal_wrapped(|ui| account_menu(ui, &name, false, actions));
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} of {} codes left · imported {} from {}",
            set.unused_count(),
            set.codes.len(),
            set.imported_at.strftime("%Y-%m-%d"),
            set.source
        ))
        .weak(),
    );
    ui.add_space(theme::GAP / 2.0);
    ui.horizontal_wrapped(|ui| {
        let verb = if state.reveal_all_until.is_some() {
            "Hide all"
        } else {
            "Reveal all"
        };
        if labelled_button(ui, verb, &format!("{verb} codes of {name}")).clicked() {
            actions.push(Action::ToggleRevealAll);
        }
        if labelled_button(ui, "Print…", &format!("Print {name}…"))
            .on_hover_text("A recovery sheet for this account (Ctrl+P)")
            .clicked()
        {
            actions.push(Action::PrintSelected);
        }
        account_menu(ui, &name, true, actions);
    });
    ui.add_space(theme::GAP);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let next = set.next_unused();
            for (n, _) in set.codes.iter().enumerate() {
                code_row(ui, state, set, n, next == Some(n), &name, actions);
            }
            if next.is_none() {
                ui.add_space(theme::GAP);
                ui.colored_label(
                    theme::warn(ui.visuals().dark_mode),
                    "Every code of this set is used. Generate new codes on the site and add them.",
                );
            }
            // Paper comes after the codes: in a hurry, the next code is what matters.
            if let Some(payload) = status.payload {
                ui.add_space(theme::GAP);
                sheet_line(ui, payload, account);
            }
            history_ui(ui, account, &name);
            // Room for the floating toast, so it never hides the last code.
            ui.add_space(56.0);
        });
}

/// One code: number, code, state, copy, reveal, and a menu for the rest. Columns
/// have fixed widths, so toggling a label never moves the buttons. The next code
/// to use is highlighted and carries its own *Use this code* button.
fn code_row(
    ui: &mut egui::Ui,
    state: &UiState,
    set: &CodeSet,
    n: usize,
    is_next: bool,
    name: &str,
    actions: &mut Vec<Action>,
) {
    let Some(code) = set.codes.get(n) else {
        return;
    };
    let number = n + 1;
    let dark = ui.visuals().dark_mode;
    let frame = if is_next {
        egui::Frame::new()
            .fill(theme::accent_soft(dark))
            .stroke(egui::Stroke::new(1.0, theme::accent_text(dark)))
    } else {
        egui::Frame::new()
    };
    frame
        .corner_radius(egui::CornerRadius::same(6))
        .inner_margin(egui::Margin::symmetric(8, 3))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let revealed = state.is_revealed(n);
                fixed(ui, NUMBER_WIDTH, |ui| {
                    ui.label(RichText::new(format!("{number}")).weak());
                });
                let shown = if revealed {
                    code.value.expose().to_owned()
                } else {
                    code.value.masked()
                };
                let mut text = theme::code_text(shown);
                if code.is_used() {
                    text = text.strikethrough().weak();
                }
                let chars = code.value.expose().chars().count().max(11) as f32;
                fixed(ui, chars * 11.8, |ui| {
                    // Not selectable: egui's own copy would bypass the clipboard hints.
                    ui.add(egui::Label::new(text).selectable(false));
                });
                fixed(ui, STATE_WIDTH, |ui| {
                    if code.is_used() {
                        ui.label(RichText::new("used").small().weak());
                    } else if is_next {
                        ui.label(
                            RichText::new("next")
                                .small()
                                .color(theme::accent_text(dark)),
                        );
                    }
                });
                // A used code no longer works: its copy button is dimmed and off.
                let copy = ui
                    .add_enabled_ui(!code.is_used(), |ui| {
                        icon_button(ui, Icon::Copy, &format!("Copy code {number} of {name}"))
                    })
                    .inner;
                if copy.clicked() {
                    actions.push(Action::Copy(n));
                }
                let (icon, verb) = if revealed {
                    (Icon::EyeOff, "Hide")
                } else {
                    (Icon::Eye, "Reveal")
                };
                if icon_button(ui, icon, &format!("{verb} code {number} of {name}")).clicked() {
                    actions.push(Action::ToggleReveal(n));
                }
                let more =
                    icon_button(ui, Icon::More, &format!("More for code {number} of {name}"));
                egui::Popup::menu(&more).show(|ui| {
                    let (label, used) = if code.is_used() {
                        ("Mark unused", false)
                    } else {
                        ("Mark used", true)
                    };
                    let a11y = format!("{label}: code {number} of {name}");
                    if labelled_button(ui, label, &a11y).clicked() {
                        actions.push(Action::SetUsed(n, used));
                    }
                    let a11y = format!("Note for code {number} of {name}");
                    if labelled_button(ui, "Note…", &a11y).clicked() {
                        actions.push(Action::EditNote(n));
                    }
                });
            });
            if let Some(note) = &code.note {
                ui.add(egui::Label::new(RichText::new(note).italics().weak()).wrap());
            }
            if is_next {
                ui.horizontal_wrapped(|ui| {
                    let button = theme::primary_button(ui, "Use this code");
                    let response = ui.add(button);
                    let a11y = format!("Use code {number} of {name}");
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &a11y));
                    if response
                        .on_hover_text("Copies it and marks it used (Ctrl+Enter)")
                        .clicked()
                    {
                        actions.push(Action::UseNextCode);
                    }
                    ui.label(RichText::new("copies it and ticks it off").small().weak());
                });
            }
        });
}

/// A column of fixed width.
fn fixed(ui: &mut egui::Ui, width: f32, add: impl FnOnce(&mut egui::Ui)) {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            add(ui);
        },
    );
}

fn archived_ui(ui: &mut egui::Ui, name: &str, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Archived").strong());
        if labelled_button(
            ui,
            "Restore to list",
            &format!("Restore {name} to the list"),
        )
        .clicked()
        {
            actions.push(Action::Unarchive);
        }
        if labelled_button(ui, "Delete for good…", &format!("Delete {name} for good…")).clicked()
        {
            actions.push(Action::OpenPurge);
        }
    });
}

fn history_ui(ui: &mut egui::Ui, account: &Account, name: &str) {
    let history: Vec<_> = account
        .code_sets
        .iter()
        .filter(|s| s.status == crate::vault::SetStatus::Superseded)
        .collect();
    if history.is_empty() {
        return;
    }
    ui.add_space(theme::GAP);
    egui::CollapsingHeader::new(format!(
        "Older codes of {name} ({} sets, no longer valid)",
        history.len()
    ))
    .default_open(false)
    .show(ui, |ui| {
        for set in history {
            let replaced = set
                .superseded_at
                .map_or_else(String::new, |t| t.strftime("%Y-%m-%d").to_string());
            ui.label(format!(
                "{} codes imported {}, replaced {replaced}",
                set.codes.len(),
                set.imported_at.strftime("%Y-%m-%d")
            ));
        }
    });
}

/// Rename, merge and archive: changes to the account itself, in one menu (or as
/// buttons when there are no codes to crowd them).
fn account_menu(ui: &mut egui::Ui, name: &str, as_menu: bool, actions: &mut Vec<Action>) {
    let items = |ui: &mut egui::Ui, actions: &mut Vec<Action>| {
        if labelled_button(ui, "Rename…", &format!("Rename {name}…")).clicked() {
            actions.push(Action::OpenRename);
        }
        if labelled_button(ui, "Merge…", &format!("Merge {name} into another account…")).clicked()
        {
            actions.push(Action::OpenMerge);
        }
        if labelled_button(ui, "Archive", &format!("Archive {name}"))
            .on_hover_text(
                "Hides it from the list; it stays in the vault, encrypted, and can be restored",
            )
            .clicked()
        {
            actions.push(Action::Archive);
        }
    };
    if !as_menu {
        items(ui, actions);
        return;
    }
    let button = labelled_button(ui, "Account ▾", &format!("Account actions for {name}"));
    egui::Popup::menu(&button).show(|ui| items(ui, actions));
}

/// A button whose visible text is short but whose accessible name says exactly what
/// it acts on ("Copy" / "Copy code 3 of GitHub"), for screen readers and tests.
pub(super) fn labelled_button(ui: &mut egui::Ui, text: &str, accessible: &str) -> egui::Response {
    let response = ui.button(text);
    let enabled = ui.is_enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, accessible));
    response
}
