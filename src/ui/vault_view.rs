//! The open vault: the searchable account list on the left, the selected account's
//! codes on the right, and the "Add codes" dialog.

use eframe::egui::{self, RichText};

use crate::action::Action;
use crate::app::App;
use crate::vault::model::PrintState;

const ROW_HEIGHT: f32 = 44.0;

pub(super) fn main_ui(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    toolbar_ui(ui, app, actions);
    egui::Panel::left("accounts")
        .resizable(true)
        .default_size(280.0)
        .show(ui, |ui| {
            accounts_ui(ui, app, actions);
        });
    egui::CentralPanel::default().show(ui, |ui| match app.selected {
        Some(i) => account_ui(ui, app, i, actions),
        None => {
            ui.vertical_centered(|ui| {
                ui.add_space(60.0);
                let empty = app.payload().is_none_or(|p| p.accounts.is_empty());
                if empty {
                    ui.heading("No codes yet");
                    ui.label("Turned on two-factor sign-in somewhere? Add the backup codes the site gave you.");
                    if ui.button("Add your first codes…").clicked() {
                        actions.push(Action::OpenAdd);
                    }
                } else {
                    ui.label("Choose an account on the left.");
                }
            });
        }
    });
}

fn toolbar_ui(ui: &mut egui::Ui, app: &App, actions: &mut Vec<Action>) {
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.horizontal(|ui| {
            for action in [Action::OpenAdd, Action::PrintAll, Action::Lock, Action::OpenSettings, Action::ShowAbout, Action::ShowShortcuts] {
                if ui.button(action.label()).on_hover_text(action.tooltip()).clicked() {
                    actions.push(action);
                }
            }
            if app.is_saving() {
                ui.spinner();
                ui.label("Saving…");
            } else if app.saved_recently() {
                ui.label("✔ All changes saved");
            }
            if app.printing() {
                ui.spinner();
                ui.label("Writing PDF…");
            }
            if !app.marked.is_empty() {
                let n = app.marked.len();
                if ui.button(format!("Print {n} ticked…")).clicked() {
                    actions.push(Action::PrintSelected);
                }
            }
            if app.unsaved {
                ui.colored_label(ui.visuals().error_fg_color, "Not saved — your last change is only in this window");
            }
        });
        if app.kit_pending {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "The recovery kit was not saved. If you did not write the paper key down, make a new one: codekeeper rotate-recovery-key --recovery-kit kit.pdf",
            );
        }
        if let Some(toast) = &app.toast {
            ui.horizontal(|ui| {
                ui.label(&toast.text);
                                if toast.undo && ui.button("Undo").clicked() {
                    actions.push(Action::Undo);
                }
                if toast.open.is_some() && ui.button("Open PDF").clicked() {
                    actions.push(Action::OpenFile);
                }
            });
        }
    });
}

fn accounts_ui(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    let label = ui.label("Search");
    let search = ui
        .add(
            egui::TextEdit::singleline(&mut app.search).hint_text("Site, account or note (Ctrl+F)"),
        )
        .labelled_by(label.id);
    if app.focus_search {
        search.request_focus();
        app.focus_search = false;
    }
    ui.separator();
    let filtered = app.filtered();
    let Some(payload) = app.payload() else { return };
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
                let text = format!("{title}\n{unused} of {total} left{flags}");
                let size = egui::vec2(ui.available_width(), ROW_HEIGHT - 4.0);
                let response = ui.add(
                    egui::Button::selectable(app.selected == Some(i), text)
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

fn account_ui(ui: &mut egui::Ui, app: &App, i: usize, actions: &mut Vec<Action>) {
    let Some(account) = app.payload().and_then(|p| p.accounts.get(i)) else {
        return;
    };
    let name = account.display_name();
    ui.heading(RichText::new(&account.service).size(22.0));
    if !account.label.is_empty() {
        ui.label(&account.label);
    }
    let Some(set) = account.active_set() else {
        ui.label("No active codes. Generate new ones on the site and add them.");
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
    ui.horizontal(|ui| {
        let next = egui::Button::new(RichText::new("Use next code").size(16.0).strong());
        if ui
            .add_enabled(set.next_unused().is_some(), next)
            .on_hover_text("Copies it and marks it used (Ctrl+Enter)")
            .clicked()
        {
            actions.push(Action::UseNextCode);
        }
        let verb = if app.reveal_all_until.is_some() {
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
                    let shown = if app.is_revealed(n) {
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
                    let verb = if app.is_revealed(n) { "Hide" } else { "Reveal" };
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

pub(super) fn add_ui(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    let preview = app.add_preview();
    let existing = match (&preview, app.add.as_ref(), app.payload()) {
        (Some(Ok(p)), Some(d), Some(v)) => {
            let service = if d.service.trim().is_empty() {
                p.groups[0].site.clone().unwrap_or_default()
            } else {
                d.service.clone()
            };
            let account = if d.account.trim().is_empty() {
                p.groups[0].account.clone().unwrap_or_default()
            } else {
                d.account.clone()
            };
            v.position(&service, &account).and_then(|i| {
                v.accounts[i]
                    .active_set()
                    .map(crate::vault::CodeSet::unused_count)
            })
        }
        _ => None,
    };
    let Some(dialog) = app.add.as_mut() else {
        return;
    };
    if let Some(path) = dialog.offer_delete.clone() {
        egui::Modal::new(egui::Id::unique("delete-source")).show(ui.ctx(), |ui| {
            ui.heading("Delete the downloaded file?");
            ui.label(format!(
                "{} holds every code in plain text. They are safe in your vault now.",
                path.display()
            ));
            ui.horizontal(|ui| {
                if ui.button("Delete the file").clicked() {
                    actions.push(Action::DeleteSource);
                }
                if ui.button("Keep it").clicked() {
                    actions.push(Action::AddCancel);
                }
            });
        });
        return;
    }
    egui::Modal::new(egui::Id::unique("add-codes")).show(ui.ctx(), |ui| {
        ui.set_width(560.0);
        ui.heading("Add codes");
        ui.label("Paste the codes the site showed you, open the file it downloaded, or drop it on the window.");
        let label = ui.label("Codes");
        ui.add(egui::TextEdit::multiline(&mut *dialog.text).desired_rows(8).desired_width(f32::INFINITY).font(egui::TextStyle::Monospace))
            .labelled_by(label.id);
        if ui.button("Open file…").clicked() {
            actions.push(Action::AddOpenFile);
        }
        match &preview {
            Some(Ok(p)) => {
                let g = &p.groups[0];
                let used = p.codes().filter(|c| c.used).count();
                ui.label(RichText::new(format!("Found {} codes{}", p.codes().count(), if used > 0 { format!(", {used} marked as used") } else { String::new() })).strong());
                ui.horizontal_wrapped(|ui| {
                    for c in p.codes() {
                        let t = RichText::new(c.code.as_str()).monospace();
                        ui.label(if c.used { t.strikethrough() } else { t });
                    }
                });
                for n in &p.normalisations {
                    ui.label(format!("Note: {} {}", n.count, n.what));
                }
                for w in &p.warnings {
                    ui.colored_label(ui.visuals().warn_fg_color, w);
                }
                if dialog.service.is_empty()
                    && let Some(site) = &g.site
                {
                    dialog.service = site.clone();
                }
                if dialog.account.is_empty()
                    && let Some(acc) = &g.account
                {
                    dialog.account = acc.clone();
                }
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().warn_fg_color, e.to_string());
            }
            None => {}
        }
        egui::Grid::new("add-fields").show(ui, |ui| {
            let l = ui.label("Site");
            ui.text_edit_singleline(&mut dialog.service).labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Account");
            ui.text_edit_singleline(&mut dialog.account).labelled_by(l.id);
            ui.end_row();
        });
        if let Some(unused) = existing {
            ui.colored_label(ui.visuals().warn_fg_color, format!("This account already has codes ({unused} unused)."));
            ui.checkbox(&mut dialog.replace, "Replace — I generated new codes (the old ones stop working)");
        }
        ui.horizontal(|ui| {
            let ready = matches!(preview, Some(Ok(_))) && (existing.is_none() || dialog.replace);
            if ui.add_enabled(ready, egui::Button::new("Save codes")).clicked() {
                actions.push(Action::AddSave);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                actions.push(Action::AddCancel);
            }
        });
    });
}

/// A button whose visible text is short but whose accessible name says exactly what
/// it acts on ("Copy" / "Copy code 3 of GitHub"), for screen readers and tests.
fn labelled_button(ui: &mut egui::Ui, text: &str, accessible: &str) -> egui::Response {
    let response = ui.small_button(text);
    let enabled = ui.is_enabled();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, accessible));
    response
}
