//! The dialogs: an error message over everything, else the one [`Modal`] open.

use eframe::egui::{self, RichText};

use super::state::{ListTarget, Modal, PathPrompt, PathPurpose, PrintOptions, Status, UiState};
use super::theme;
use crate::action::Action;
use crate::settings::{self, PaperSize, Settings, Theme};

fn escape(ui: &egui::Ui) -> bool {
    ui.input(|i| i.key_pressed(egui::Key::Escape))
}

/// Enter, when no text field or button holds the focus to use it itself: the
/// dialog's main button.
pub(super) fn enter(ui: &egui::Ui) -> bool {
    let free = ui.ctx().memory(|m| m.focused().is_none());
    free && ui.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.any())
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
        Modal::Settings(draft) => {
            let proven = status.payload.map(|p| {
                crate::keeper::proof::last_proven(p).map_or_else(
                    || "Never typed back yet.".to_owned(),
                    |at| format!("Last proven {}.", crate::keeper::day(at)),
                )
            });
            let kit = status.payload.map(|p| {
                crate::keeper::heirs::current_kits(p)
                    .last()
                    .map_or_else(String::new, |k| {
                        format!(
                            "Kit made {}: any {} of {} shares.",
                            crate::keeper::day(k.made_at),
                            k.threshold,
                            k.shares
                        )
                    })
            });
            settings_ui(
                ui,
                draft,
                status.data_dir,
                &state.settings_warnings,
                proven.as_deref(),
                kit.as_deref(),
                actions,
            );
        }
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
        Modal::Rehearse(entry) => {
            let months = state.settings.rehearse_months;
            let last = status.payload.map_or_else(String::new, |p| {
                let state =
                    crate::keeper::proof::rehearsal(p, months.max(1), jiff::Timestamp::now());
                let mut text = state.describe();
                if let Some(first) = text.get(..1) {
                    text = first.to_uppercase() + &text[1..];
                }
                text + "."
            });
            super::key_dialogs::rehearse_ui(ui, entry, &last, actions);
        }
        Modal::HeirKit(dialog) => super::key_dialogs::heir_kit_ui(ui, dialog, actions),
        Modal::SheetChecks(pictures) => sheet_checks_ui(ui, pictures, actions),
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
                    if ui.add_enabled(into.is_some(), theme::primary_button_if(ui, "Merge", into.is_some())).clicked()
                || (into.is_some() && enter(ui))
            {
                        actions.push(Action::Merge);
                    }
                    if ui.button("Cancel").clicked() || escape(ui) {
                        actions.push(Action::Dismiss);
                    }
                });
            });
        }
        Modal::ShowCode {
            account,
            index,
            until,
        } => {
            let code = status
                .payload
                .and_then(|p| p.accounts.get(*account))
                .and_then(|a| Some((a.display_name(), a.active_set()?.codes.get(*index)?)));
            let left = until.saturating_duration_since(std::time::Instant::now());
            show_code_ui(ui, code, *index, left.as_secs() + 1, actions);
        }
        Modal::PathPrompt(prompt) => path_prompt_ui(ui, prompt, actions),
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
            if ui
                .add_enabled(ready, theme::primary_button_if(ui, "Rename", ready))
                .clicked()
                || (ready && enter(ui))
            {
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
        ui.label(theme::title("Keyboard shortcuts"));
        let room = (ui.ctx().content_rect().height() - 140.0).max(120.0);
        egui::ScrollArea::vertical()
            .max_height(room)
            .show(ui, |ui| {
                egui::Grid::new("shortcut-grid")
                    .min_col_width(150.0)
                    .show(ui, |ui| {
                        for action in Action::with_shortcuts() {
                            if let Some(s) = action.shortcut() {
                                ui.monospace(crate::action::shortcut_text(&s));
                                ui.label(action.description());
                                ui.end_row();
                            }
                        }
                        for (keys, what) in [
                            (
                                "Enter",
                                "In the search: open the first match. In a dialog: its main button",
                            ),
                            ("↑ / ↓", "Move through the account list"),
                            ("Esc", "Clear the search; close a dialog"),
                            (
                                "Ctrl+click",
                                "Tick an account for printing several (or use its tick box)",
                            ),
                            ("Ctrl+V", "Paste codes on the main window: opens Add codes"),
                            ("Ctrl++ / Ctrl+−", "Larger / smaller text (Ctrl+0 resets)"),
                            ("Tab", "Move between controls"),
                        ] {
                            ui.monospace(keys);
                            ui.label(what);
                            ui.end_row();
                        }
                    });
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

/// The window height below which the settings need to scroll.
const SETTINGS_HEIGHT: f32 = 640.0;

fn settings_ui(
    ui: &mut egui::Ui,
    s: &mut Settings,
    location: &std::path::Path,
    warnings: &[String],
    proven: Option<&str>,
    kit: Option<&str>,
    actions: &mut Vec<Action>,
) {
    egui::Modal::new(egui::Id::unique("settings")).show(ui.ctx(), |ui| {
        ui.set_width((ui.ctx().content_rect().width() - 60.0).clamp(300.0, 500.0));
        ui.label(theme::title("Settings"));
        let mut body = |ui: &mut egui::Ui| {
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
                    ui.label("Clear copied codes after");
                    spin_box(
                        ui,
                        "Clear copied codes after",
                        &mut s.clipboard_clear_seconds,
                        settings::CLIPBOARD_CLEAR_SECONDS,
                        5,
                        "seconds",
                    );
                    ui.end_row();
                    ui.label("Hide revealed codes after");
                    spin_box(
                        ui,
                        "Hide revealed codes after",
                        &mut s.reveal_seconds,
                        settings::REVEAL_SECONDS,
                        5,
                        "seconds",
                    );
                    ui.end_row();
                    ui.label("Lock when idle for");
                    spin_box(
                        ui,
                        "Lock when idle for",
                        &mut s.idle_lock_minutes,
                        settings::IDLE_LOCK_MINUTES,
                        1,
                        "minutes (0 = never)",
                    );
                    ui.end_row();
                    ui.label("Theme");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut s.theme, Theme::System, "System");
                        ui.radio_value(&mut s.theme, Theme::Light, "Light");
                        ui.radio_value(&mut s.theme, Theme::Dark, "Dark");
                    });
                    ui.end_row();
                    ui.label("Copies of the vault");
                    ui.checkbox(&mut s.copy_reminder, "Remind me to save a copy after changes");
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
            ui.label(RichText::new("Paper recovery key").strong());
            egui::Grid::new("recovery-key")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    if ui.button("Rehearse the paper key…").clicked() {
                        actions.push(Action::OpenRehearse);
                    }
                    ui.label(
                        RichText::new(format!(
                            "Type it back to prove it opens the vault.\n{}",
                            proven.unwrap_or_default()
                        ))
                        .weak(),
                    );
                    ui.end_row();
                    ui.label("Remind me to rehearse");
                    spin_box(
                        ui,
                        "Remind me to rehearse every",
                        &mut s.rehearse_months,
                        settings::REHEARSE_MONTHS,
                        1,
                        "months (0 = never)",
                    );
                    ui.end_row();
                    if ui.button("Make an heir kit…").clicked() {
                        actions.push(Action::OpenHeirKit);
                    }
                    ui.label(
                        RichText::new(format!(
                            "Shares of the key for people you trust.\n{}",
                            kit.unwrap_or_default()
                        ))
                        .weak(),
                    );
                    ui.end_row();
                    if ui.button("Make a new recovery key…").clicked() {
                        actions.push(Action::NewPaperKey);
                    }
                    ui.add(
                        egui::Label::new(
                            RichText::new("Lost it, or someone saw it? Once you confirm the new key, the old one no longer opens this vault or the copies you save from then on; copies saved earlier still open with it. Heir kits made from the old key stop working too: make a new one.").weak(),
                        )
                        .wrap(),
                    );
                    ui.end_row();
                });
        };
        // Small windows scroll the settings, so Save and Cancel stay in view.
        let height = ui.ctx().content_rect().height();
        if height < SETTINGS_HEIGHT {
            egui::ScrollArea::vertical()
                .max_height((height - 140.0).max(160.0))
                .auto_shrink([false, true])
                .show(ui, body);
        } else {
            body(ui);
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.add(theme::primary_button(ui, "Save settings")).clicked() || enter(ui) {
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
        ui.checkbox(
            &mut o.blind,
            "Printer-blind: codes only in the encrypted QR code",
        );
        if o.blind {
            ui.label(
                "The pages show numbers and tick boxes only, so a shared printer keeps nothing usable. Codekeeper on this computer or your paper key reads the codes back from a photo.",
            );
        } else {
            ui.label("The PDF holds your codes in plain text: print it, then delete the file.");
        }
        ui.label(
            RichText::new("Each sheet carries an encrypted QR code, so you can check the paper later from a photo.")
                .weak(),
        );
        ui.horizontal(|ui| {
            if ui.add(theme::primary_button(ui, "Save PDF…")).clicked() || enter(ui) {
                actions.push(Action::PrintNow);
            }
            if ui.button("Cancel").clicked() || escape(ui) {
                actions.push(Action::Dismiss);
            }
        });
    });
}

/// What checking photos of printed sheets found: per picture, one line per sheet,
/// marked ✔ when the paper is right as it is and ! when it needs a tick or the shredder.
fn sheet_checks_ui(
    ui: &mut egui::Ui,
    pictures: &[crate::ui::state::CheckedPicture],
    actions: &mut Vec<Action>,
) {
    egui::Modal::new(egui::Id::unique("sheet-checks")).show(ui.ctx(), |ui| {
        ui.set_width(520.0_f32.min(ui.ctx().content_rect().width() - 60.0));
        ui.label(theme::title("Printed sheets checked"));
        let dark = ui.visuals().dark_mode;
        let room = (ui.ctx().content_rect().height() - 180.0).max(120.0);
        egui::ScrollArea::vertical()
            .max_height(room)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for picture in pictures {
                    ui.add_space(theme::GAP / 2.0);
                    ui.label(RichText::new(&picture.name).strong());
                    for (line, attention) in &picture.lines {
                        ui.horizontal_wrapped(|ui| {
                            let (mark, colour) = if *attention {
                                (" ! ", theme::warn(dark))
                            } else {
                                ("✔", theme::good(dark))
                            };
                            ui.colored_label(colour, RichText::new(mark).strong());
                            ui.add(egui::Label::new(line.as_str()).wrap());
                        });
                    }
                }
            });
        ui.add_space(theme::GAP / 2.0);
        ui.label(
            RichText::new(
                "Codekeeper recorded the date on each sheet of this vault it found. Nothing else changed.",
            )
            .weak(),
        );
        ui.separator();
        ui.horizontal(|ui| {
            if ui.add(theme::primary_button(ui, "Done")).clicked() || enter(ui) || escape(ui) {
                actions.push(Action::Dismiss);
            }
            if ui.button("Check more…").clicked() {
                actions.push(Action::CheckSheets);
            }
        });
    });
}

/// A number field with − and + buttons and its unit, limited to `range` (the same
/// range the settings file accepts).
pub(super) fn spin_box(
    ui: &mut egui::Ui,
    name: &str,
    value: &mut u32,
    range: std::ops::RangeInclusive<u32>,
    step: u32,
    unit: &str,
) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let minus = ui.add_enabled(*value > *range.start(), egui::Button::new(" − "));
        minus.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Less: {name}"))
        });
        if minus.clicked() {
            *value = value.saturating_sub(step).max(*range.start());
        }
        let field = ui.add(
            egui::DragValue::new(value)
                .range(range.clone())
                .speed(0.0)
                .update_while_editing(false),
        );
        field.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SpinButton, true, name));
        let plus = ui.add_enabled(*value < *range.end(), egui::Button::new(" + "));
        plus.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("More: {name}"))
        });
        if plus.clicked() {
            *value = value.saturating_add(step).min(*range.end());
        }
        ui.label(RichText::new(unit).weak());
    });
}

/// The code just used, large and grouped as the site printed it, for typing on
/// another device; hidden again after the reveal time or on lock.
fn show_code_ui(
    ui: &mut egui::Ui,
    code: Option<(String, &crate::vault::Code)>,
    index: usize,
    seconds_left: u64,
    actions: &mut Vec<Action>,
) {
    egui::Modal::new(egui::Id::unique("show-code")).show(ui.ctx(), |ui| {
        ui.set_max_width(560.0);
        let Some((name, code)) = code else {
            if ui.button("Close").clicked() || escape(ui) {
                actions.push(Action::Dismiss);
            }
            return;
        };
        ui.label(theme::title(format!("Code {} of {name}", index + 1)));
        ui.add_space(theme::GAP);
        ui.add(
            egui::Label::new(theme::code_text(code.value.expose()).size(40.0))
                .selectable(false)
                .wrap(),
        );
        ui.add_space(theme::GAP);
        ui.label(
            RichText::new(format!(
                "Hidden again in {seconds_left} s. It is already marked used."
            ))
            .weak(),
        );
        if ui.add(theme::primary_button(ui, "Hide")).clicked()
            || escape(ui)
            || ui.input(|i| i.key_pressed(egui::Key::Enter))
        {
            actions.push(Action::Dismiss);
        }
    });
}

/// When no file dialog can open (no desktop portal, no zenity): a path field.
fn path_prompt_ui(ui: &mut egui::Ui, prompt: &mut PathPrompt, actions: &mut Vec<Action>) {
    let (heading, what) = match prompt.purpose {
        PathPurpose::OpenText => ("Open a file of codes", "Path of the file"),
        PathPurpose::SavePdf => ("Save the PDF", "Path of the PDF to write"),
        PathPurpose::SaveKit => ("Save the recovery kit", "Path of the PDF to write"),
        PathPurpose::SaveHeirKit => ("Save the heir kit", "Path of the PDF to write"),
        PathPurpose::CopyFolder => ("Save a copy of the vault", "Folder for the copy"),
        PathPurpose::RestoreFolder => ("Restore from a copy", "Folder holding the copy"),
        PathPurpose::OpenPictures => (
            "Check a printed sheet",
            "Path of a photo or scan (PNG or JPEG)",
        ),
    };
    egui::Modal::new(egui::Id::unique("path-prompt")).show(ui.ctx(), |ui| {
        ui.set_width(480.0);
        ui.label(theme::title(heading));
        ui.add(
            egui::Label::new(
                "The system's file chooser is not available here. Type the path instead (~ is your home folder).",
            )
            .wrap(),
        );
        let label = ui.label(what);
        let edit = ui
            .add(egui::TextEdit::singleline(&mut prompt.text).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if !edit.has_focus() && !edit.lost_focus() && prompt.text.is_empty() {
            edit.request_focus();
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let ready = !prompt.text.trim().is_empty();
            if ui.add_enabled(ready, theme::primary_button_if(ui, "Use this path", ready)).clicked()
                || (enter && ready)
            {
                actions.push(Action::UsePath);
            }
            if ui.button("Cancel").clicked() || escape(ui) {
                actions.push(Action::Dismiss);
            }
        });
    });
}
