//! The dialogs: an error message over everything, else the one [`Modal`] open.

use eframe::egui::{self, RichText};

use super::state::{ListTarget, Modal, PrintOptions, Status, UiState};
use crate::action::Action;
use crate::settings::{PaperSize, Settings, Theme};

fn escape(ui: &egui::Ui) -> bool {
    ui.input(|i| i.key_pressed(egui::Key::Escape))
}

pub(super) fn dialogs_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    if let Some(error) = state.error.clone() {
        egui::Modal::new(egui::Id::unique("error")).show(ui.ctx(), |ui| {
            ui.set_max_width(420.0);
            ui.heading("Something needs your attention");
            ui.add(egui::Label::new(error).wrap());
            if ui.button("OK").clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Escape) || i.key_pressed(egui::Key::Enter))
            {
                actions.push(Action::Dismiss);
            }
        });
        return;
    }
    let selected_name = state
        .selected
        .and_then(|i| status.payload?.accounts.get(i))
        .map(crate::vault::Account::display_name)
        .unwrap_or_default();
    if matches!(state.modal, Modal::Add(_)) {
        super::add_view::add_ui(ui, state, status, actions);
        return;
    }
    match &mut state.modal {
        Modal::None | Modal::Add(_) => {}
        Modal::Shortcuts => shortcuts_ui(ui, actions),
        Modal::About => about_ui(ui, actions),
        Modal::Note { index, text } => {
            let number = *index + 1;
            egui::Modal::new(egui::Id::unique("note")).show(ui.ctx(), |ui| {
                ui.heading(format!("Note for code {number} of {selected_name}"));
                let label = ui.label("Note");
                let edit = ui
                    .add(egui::TextEdit::singleline(&mut **text).desired_width(320.0))
                    .labelled_by(label.id);
                if !edit.has_focus() && !edit.lost_focus() {
                    edit.request_focus();
                }
                ui.horizontal(|ui| {
                    if ui.button("Save note").clicked()
                        || ui.input(|i| i.key_pressed(egui::Key::Enter))
                    {
                        actions.push(Action::SaveNote);
                    }
                    if ui.button("Cancel").clicked() || escape(ui) {
                        actions.push(Action::Dismiss);
                    }
                });
            });
        }
        Modal::Settings(draft) => settings_ui(
            ui,
            draft,
            status.data_dir,
            &state.settings_warnings,
            actions,
        ),
        Modal::Print(options) => print_options_ui(ui, options, actions),
        Modal::DeleteSource(path) => delete_file_ui(
            ui,
            "Delete the downloaded file?",
            &format!(
                "{} holds every code in plain text. They are safe in your vault now.",
                path.display()
            ),
            actions,
        ),
        Modal::DeletePdf(path) => delete_file_ui(
            ui,
            "Delete the PDF?",
            &format!(
                "{} holds the codes in plain text. Once it is printed, delete it.",
                path.display()
            ),
            actions,
        ),
        Modal::ConfirmRotate => {
            egui::Modal::new(egui::Id::unique("confirm-rotate")).show(ui.ctx(), |ui| {
                ui.set_max_width(440.0);
                ui.heading("Make a new paper recovery key?");
                ui.add(egui::Label::new("Codekeeper makes a new paper key and shows it once. When you confirm that you kept it, your OLD paper key and every recovery kit printed with it stop opening this vault and its backups (copies of the vault made before still open with the old key). Until then, the old key stays valid.").wrap());
                ui.horizontal(|ui| {
                    if ui.button("Make a new key").clicked() {
                        actions.push(Action::ConfirmNewPaperKey);
                    }
                    if ui.button("Cancel").clicked() || escape(ui) {
                        actions.push(Action::Dismiss);
                    }
                });
            });
        }
        Modal::Rename(target) => rename_ui(ui, target, &selected_name, actions),
        Modal::Merge { into } => {
            let others: Vec<(usize, String)> = status
                .payload
                .map(|p| {
                    p.accounts
                        .iter()
                        .enumerate()
                        .filter(|(i, a)| Some(*i) != state.selected && a.archived_at.is_none())
                        .map(|(i, a)| (i, a.display_name()))
                        .collect()
                })
                .unwrap_or_default();
            egui::Modal::new(egui::Id::unique("merge")).show(ui.ctx(), |ui| {
                ui.set_max_width(440.0);
                ui.heading(format!("Merge {selected_name} into…"));
                ui.label("Every code set of both accounts is kept. Where both hold the same codes, a code used in either stays used.");
                let chosen = into
                    .and_then(|i| others.iter().find(|(j, _)| *j == i))
                    .map_or("Choose an account", |(_, n)| n.as_str());
                egui::ComboBox::from_label("Merge into")
                    .selected_text(chosen)
                    .show_ui(ui, |ui| {
                        for (i, name) in &others {
                            ui.selectable_value(into, Some(*i), name);
                        }
                    });
                ui.horizontal(|ui| {
                    if ui.add_enabled(into.is_some(), egui::Button::new("Merge")).clicked() {
                        actions.push(Action::Merge);
                    }
                    if ui.button("Cancel").clicked() || escape(ui) {
                        actions.push(Action::Dismiss);
                    }
                });
            });
        }
        Modal::ConfirmPurge => {
            egui::Modal::new(egui::Id::unique("purge")).show(ui.ctx(), |ui| {
                ui.set_max_width(420.0);
                ui.heading(format!("Delete {selected_name} for good?"));
                ui.label("Its codes are removed from the vault and cannot be brought back (older backups keep them until they rotate out).");
                ui.horizontal(|ui| {
                    if ui.button("Delete for good").clicked() {
                        actions.push(Action::Purge);
                    }
                    if ui.button("Cancel").clicked() || escape(ui) {
                        actions.push(Action::Dismiss);
                    }
                });
            });
        }
    }
}

fn delete_file_ui(ui: &mut egui::Ui, heading: &str, text: &str, actions: &mut Vec<Action>) {
    egui::Modal::new(egui::Id::unique("delete-file")).show(ui.ctx(), |ui| {
        ui.set_max_width(440.0);
        ui.heading(heading);
        ui.add(egui::Label::new(text).wrap());
        ui.horizontal(|ui| {
            if ui.button("Delete the file").clicked() {
                actions.push(Action::DeleteSource);
            }
            if ui.button("Keep it").clicked() || escape(ui) {
                actions.push(Action::AddCancel);
            }
        });
    });
}

fn rename_ui(ui: &mut egui::Ui, target: &mut ListTarget, name: &str, actions: &mut Vec<Action>) {
    egui::Modal::new(egui::Id::unique("rename")).show(ui.ctx(), |ui| {
        ui.set_width(400.0);
        ui.heading(format!("Rename {name}"));
        egui::Grid::new("rename-fields")
            .num_columns(2)
            .show(ui, |ui| {
                let l = ui.label("New site name");
                ui.add(egui::TextEdit::singleline(&mut target.service).desired_width(260.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("New account name");
                ui.add(egui::TextEdit::singleline(&mut target.account).desired_width(260.0))
                    .labelled_by(l.id);
                ui.end_row();
            });
        ui.horizontal(|ui| {
            let ready = !target.service.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new("Rename")).clicked() {
                actions.push(Action::Rename);
            }
            if ui.button("Cancel").clicked() || escape(ui) {
                actions.push(Action::Dismiss);
            }
        });
    });
}

fn shortcuts_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    egui::Modal::new(egui::Id::unique("shortcuts")).show(ui.ctx(), |ui| {
        ui.heading("Keyboard shortcuts");
        egui::Grid::new("shortcut-grid").show(ui, |ui| {
            for action in Action::with_shortcuts() {
                if let Some(s) = action.shortcut() {
                    ui.monospace(crate::action::shortcut_text(&s));
                    ui.label(action.description());
                    ui.end_row();
                }
            }
            ui.monospace("Ctrl+click");
            ui.label("Tick an account in the list for printing several");
            ui.end_row();
            ui.monospace("Esc");
            ui.label("Close a dialog");
            ui.end_row();
        });
        if ui.button("Close").clicked() || escape(ui) {
            actions.push(Action::Dismiss);
        }
    });
}

fn about_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    egui::Modal::new(egui::Id::unique("about")).show(ui.ctx(), |ui| {
        ui.set_width(380.0);
        ui.heading(crate::APP_NAME);
        ui.label(format!(
            "Version {} · vault format {}",
            crate::VERSION,
            crate::vault::model::FORMAT_VERSION
        ));
        ui.label("Keeps your two-factor backup and recovery codes in an encrypted vault.");
        ui.label("No network access, no telemetry, no plain-text codes on disk.");
        ui.label(
            "Licensed under MIT or Apache-2.0. Fonts: JetBrains Mono (Apache-2.0), DejaVu Sans.",
        );
        ui.label(RichText::new(crate::APP_ID).monospace().weak());
        if ui.button("Close").clicked() || escape(ui) {
            actions.push(Action::Dismiss);
        }
    });
}

fn settings_ui(
    ui: &mut egui::Ui,
    s: &mut Settings,
    location: &std::path::Path,
    warnings: &[String],
    actions: &mut Vec<Action>,
) {
    egui::Modal::new(egui::Id::unique("settings")).show(ui.ctx(), |ui| {
        ui.set_width(460.0);
        ui.heading("Settings");
        for w in warnings {
            ui.colored_label(ui.visuals().warn_fg_color, w);
        }
        egui::Grid::new("settings-grid")
            .num_columns(2)
            .spacing([16.0, 8.0])
            .show(ui, |ui| {
                ui.label("Paper size");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut s.paper, PaperSize::A4, "A4");
                    ui.radio_value(&mut s.paper, PaperSize::Letter, "US Letter");
                });
                ui.end_row();
                let label = ui.label("Clear copied codes after");
                ui.add(
                    egui::DragValue::new(&mut s.clipboard_clear_seconds)
                        .range(5..=600)
                        .suffix(" s"),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Hide revealed codes after");
                ui.add(
                    egui::DragValue::new(&mut s.reveal_seconds)
                        .range(3..=600)
                        .suffix(" s"),
                )
                .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Lock when idle for");
                ui.add(
                    egui::DragValue::new(&mut s.idle_lock_minutes)
                        .range(0..=1440)
                        .suffix(" min (0 = never)"),
                )
                .labelled_by(label.id);
                ui.end_row();
                ui.label("Theme");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut s.theme, Theme::System, "System");
                    ui.radio_value(&mut s.theme, Theme::Light, "Light");
                    ui.radio_value(&mut s.theme, Theme::Dark, "Dark");
                });
                ui.end_row();
                ui.label("Copies of the vault");
                ui.checkbox(
                    &mut s.copy_reminder,
                    "Remind me when the vault changed since its last copy",
                );
                ui.end_row();
                ui.label("Vault location");
                ui.add(
                    egui::Label::new(RichText::new(location.display().to_string()).monospace())
                        .wrap(),
                );
                ui.end_row();
            });
        if ui.button("Open vault folder").clicked() {
            actions.push(Action::OpenVaultFolder);
        }
        ui.separator();
        ui.label(RichText::new("Recovery key").strong());
        ui.label("Lost the paper key, or someone saw it? A new one replaces it once you confirm it; the old key then no longer opens the vault and its backups (copies made before still do).");
        if ui.button("Make a new recovery key…").clicked() {
            actions.push(Action::NewPaperKey);
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Save settings").clicked() {
                actions.push(Action::SaveSettings);
            }
            if ui.button("Cancel").clicked() || escape(ui) {
                actions.push(Action::Dismiss);
            }
        });
    });
}

fn print_options_ui(ui: &mut egui::Ui, o: &mut PrintOptions, actions: &mut Vec<Action>) {
    egui::Modal::new(egui::Id::unique("print-options")).show(ui.ctx(), |ui| {
        ui.set_width(380.0);
        ui.heading("Print recovery sheets");
        let what = match o.scope.len() {
            0 => "One sheet for every account with codes.".to_owned(),
            1 => "One sheet for this account.".to_owned(),
            n => format!("One sheet for each of the {n} ticked accounts."),
        };
        ui.label(what);
        ui.horizontal(|ui| {
            ui.label("Paper");
            ui.radio_value(&mut o.paper, PaperSize::A4, "A4");
            ui.radio_value(&mut o.paper, PaperSize::Letter, "US Letter");
        });
        ui.checkbox(
            &mut o.anonymous,
            "Anonymous: leave account names off the sheets",
        );
        ui.label("The PDF holds your codes in plain text: print it, then delete the file.");
        ui.horizontal(|ui| {
            if ui.button("Save PDF…").clicked() {
                actions.push(Action::PrintNow);
            }
            if ui.button("Cancel").clicked() || escape(ui) {
                actions.push(Action::Dismiss);
            }
        });
    });
}
