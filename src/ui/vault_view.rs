//! The open vault: the toolbar, the searchable account list on the left (or the
//! archived accounts), and the selected account's codes on the right.

use eframe::egui::{self, RichText};

use super::state::{Status, UiState};
use crate::action::Action;
use crate::vault::model::PrintState;

const ROW_HEIGHT: f32 = 44.0;

pub(super) fn main_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    toolbar_ui(ui, state, status, actions);
    egui::Panel::left("accounts")
        .resizable(true)
        .default_size(280.0)
        .show(ui, |ui| {
            accounts_ui(ui, state, status, actions);
        });
    egui::CentralPanel::default().show(ui, |ui| match state.selected {
        Some(i) => account_ui(ui, state, status, i, actions),
        None => {
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
                    ui.heading("No codes yet");
                    ui.label("Turned on two-factor sign-in somewhere? Add the backup codes the site gave you.");
                    if ui.button("Add your first codes…").clicked() {
                        actions.push(Action::OpenAdd);
                    }
                } else if status.visible.is_empty() {
                    ui.label("No account matches the search.");
                } else {
                    ui.label("Choose an account on the left.");
                }
            });
        }
    });
}

fn toolbar_ui(ui: &mut egui::Ui, state: &UiState, status: &Status<'_>, actions: &mut Vec<Action>) {
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let printable = status
                .payload
                .is_some_and(|p| !crate::keeper::paper::printable(p).is_empty());
            for action in [
                Action::OpenAdd,
                Action::PrintAll,
                Action::SaveCopy,
                Action::Lock,
                Action::OpenSettings,
                Action::ShowAbout,
                Action::ShowShortcuts,
            ] {
                let enabled = action != Action::PrintAll || printable;
                if ui
                    .add_enabled(enabled, egui::Button::new(action.label()))
                    .on_hover_text(action.tooltip())
                    .clicked()
                {
                    actions.push(action);
                }
            }
            if status.saving {
                ui.spinner();
                ui.label("Saving…");
            } else if status.saved_recently {
                ui.label("✔ All changes saved");
            }
            if status.printing {
                ui.spinner();
                ui.label("Writing PDF…");
            }
            if !state.marked.is_empty() {
                let n = state.marked.len();
                if ui.button(format!("Print {n} ticked…")).clicked() {
                    actions.push(Action::PrintSelected);
                }
            }
            if state.unsaved {
                ui.colored_label(ui.visuals().error_fg_color, "Not saved — your last change is only in this window");
            }
        });
        if state.kit_pending {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "The recovery kit was not saved. If you did not write the paper key down, make a new one: Settings → Make a new recovery key…",
            );
        }
        if let Some(payload) = status
            .payload
            .filter(|p| state.settings.copy_reminder && crate::keeper::backup::copy_outdated(p))
        {
            ui.horizontal(|ui| {
                let text = if payload.last_copy.is_some() {
                    "Your vault changed since its last copy elsewhere."
                } else {
                    "There is no copy of your vault anywhere else: a lost computer would take it with it."
                };
                ui.colored_label(ui.visuals().warn_fg_color, text);
                if ui.small_button("Save a copy now…").clicked() {
                    actions.push(Action::SaveCopy);
                }
            });
        }
        if let Some(toast) = &state.toast {
            ui.horizontal(|ui| {
                ui.label(&toast.text);
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
        }
    });
}

fn accounts_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    let label = ui.label("Search");
    let search = ui
        .add(
            egui::TextEdit::singleline(&mut state.search)
                .hint_text("Site, account or note (Ctrl+F)"),
        )
        .labelled_by(label.id);
    if state.focus_search {
        search.request_focus();
        state.focus_search = false;
    }
    let archived = if state.show_archived {
        "Show the account list"
    } else {
        "Show archived accounts"
    };
    if ui.small_button(archived).clicked() {
        actions.push(Action::ToggleArchived);
    }
    ui.separator();
    let filtered = status.visible;
    let Some(payload) = status.payload else {
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, filtered.len(), |ui, range| {
            for &i in &filtered[range] {
                let account = &payload.accounts[i];
                let (unused, total) = account
                    .active_set()
                    .map_or((0, 0), |s| (s.unused_count(), s.codes.len()));
                let mut flags = Vec::new();
                if account.is_low() {
                    flags.push("low");
                }
                match payload.print_state(account) {
                    Some(PrintState::Unprinted) => flags.push("never printed"),
                    Some(PrintState::Stale) => flags.push("sheet out of date"),
                    _ => {}
                }
                let title = if account.label.is_empty() {
                    account.service.clone()
                } else {
                    format!("{} — {}", account.service, account.label)
                };
                let flags = if flags.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", flags.join(" · "))
                };
                let tick = if state.marked.contains(&i) {
                    "☑ "
                } else {
                    ""
                };
                let text = format!("{tick}{title}\n{unused} of {total} left{flags}");
                let size = egui::vec2(ui.available_width(), ROW_HEIGHT - 4.0);
                let response = ui.add(
                    egui::Button::selectable(state.selected == Some(i), text)
                        .min_size(size)
                        .wrap_mode(egui::TextWrapMode::Extend),
                );
                if response.clicked() {
                    if ui.input(|inp| inp.modifiers.command) {
                        actions.push(Action::ToggleMark(i));
                    } else {
                        actions.push(Action::Select(i));
                    }
                }
            }
        });
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
    ui.heading(RichText::new(&account.service).size(22.0));
    if !account.label.is_empty() {
        ui.label(&account.label);
    }
    if account.archived_at.is_some() {
        ui.horizontal(|ui| {
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
            if labelled_button(ui, "Delete for good…", &format!("Delete {name} for good…"))
                .clicked()
            {
                actions.push(Action::OpenPurge);
            }
        });
        return;
    }
    let Some(set) = account.active_set() else {
        ui.label("No active codes. Generate new ones on the site and add them.");
        ui.horizontal(|ui| manage_buttons(ui, &name, actions));
        return;
    };
    ui.label(format!(
        "{} of {} codes left · imported {} from {}",
        set.unused_count(),
        set.codes.len(),
        set.imported_at.strftime("%Y-%m-%d"),
        set.source
    ));
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let next = egui::Button::new(RichText::new("Use next code").size(16.0).strong());
        if ui
            .add_enabled(set.next_unused().is_some(), next)
            .on_hover_text("Copies it and marks it used (Ctrl+Enter)")
            .clicked()
        {
            actions.push(Action::UseNextCode);
        }
        let verb = if state.reveal_all_until.is_some() {
            "Hide"
        } else {
            "Reveal"
        };
        let a11y = format!("{verb} all codes of {name}");
        if labelled_button(ui, &format!("{verb} all"), &a11y).clicked() {
            actions.push(Action::ToggleRevealAll);
        }
        if labelled_button(ui, "Print…", &format!("Print {name}…"))
            .on_hover_text("Ctrl+P")
            .clicked()
        {
            actions.push(Action::PrintSelected);
        }
        ui.separator();
        manage_buttons(ui, &name, actions);
    });
    ui.add_space(8.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("codes")
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for (n, code) in set.codes.iter().enumerate() {
                    let number = n + 1;
                    ui.label(format!("{number}"));
                    let shown = if state.is_revealed(n) {
                        code.value.expose().to_owned()
                    } else {
                        code.value.masked()
                    };
                    let mut text = RichText::new(shown).monospace().size(17.0);
                    if code.is_used() {
                        text = text.strikethrough().weak();
                    }
                    // Not selectable: egui's own copy would bypass the clipboard hints.
                    ui.add(egui::Label::new(text).selectable(false));
                    ui.label(if code.is_used() { "used" } else { "" });
                    let verb = if state.is_revealed(n) {
                        "Hide"
                    } else {
                        "Reveal"
                    };
                    let a11y = format!("{verb} code {number} of {name}");
                    if labelled_button(ui, verb, &a11y).clicked() {
                        actions.push(Action::ToggleReveal(n));
                    }
                    let a11y = format!("Copy code {number} of {name}");
                    if labelled_button(ui, "Copy", &a11y).clicked() {
                        actions.push(Action::Copy(n));
                    }
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
                    if let Some(note) = &code.note {
                        ui.label(RichText::new(note).italics().weak());
                    }
                    ui.end_row();
                }
            });
        let history: Vec<_> = account
            .code_sets
            .iter()
            .filter(|s| s.status == crate::vault::SetStatus::Superseded)
            .collect();
        if !history.is_empty() {
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
    });
}

/// Rename, merge and archive: changes to the account itself, after the code actions.
fn manage_buttons(ui: &mut egui::Ui, name: &str, actions: &mut Vec<Action>) {
    if labelled_button(ui, "Rename…", &format!("Rename {name}…")).clicked() {
        actions.push(Action::OpenRename);
    }
    if labelled_button(ui, "Merge…", &format!("Merge {name} into another account…")).clicked() {
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
}

/// A button whose visible text is short but whose accessible name says exactly what
/// it acts on ("Copy" / "Copy code 3 of GitHub"), for screen readers and tests.
fn labelled_button(ui: &mut egui::Ui, text: &str, accessible: &str) -> egui::Response {
    let response = ui.small_button(text);
    let enabled = ui.is_enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, accessible));
    response
}
