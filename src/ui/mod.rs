//! The window's views: `*_ui` functions that read [`App`] and push [`Action`]s,
//! which are applied after drawing. Every interactive widget has a unique,
//! descriptive label, so screen readers and the tests find it the same way.

mod vault_view;

use eframe::egui::{self, RichText};

use crate::action::Action;
use crate::app::{App, KeyProblem, Screen};
use crate::settings::{PaperSize, Settings, Theme};

/// Draws the whole window and applies what the user did.
pub fn app_ui(ui: &mut egui::Ui, app: &mut App) {
    // DejaVu Sans after egui's own fonts: Greek, Cyrillic, Hebrew and symbols such as ✔
    // in names and labels. Does nothing once installed.
    ui.ctx().add_font(egui::epaint::text::FontInsert {
        name: "DejaVuSans".into(),
        data: egui::FontData::from_static(crate::pdf::SANS_TTF),
        families: vec![egui::epaint::text::InsertFontFamily {
            family: egui::FontFamily::Proportional,
            priority: egui::epaint::text::FontPriority::Lowest,
        }],
    });
    app.tick(ui.ctx());
    ui.ctx().set_theme(match app.settings.theme {
        Theme::System => egui::ThemePreference::System,
        Theme::Light => egui::ThemePreference::Light,
        Theme::Dark => egui::ThemePreference::Dark,
    });
    let dropped = ui.ctx().input(|i| {
        i.raw.dropped_files.iter().find_map(|f| {
            let p = f.path();
            (!p.as_os_str().is_empty()).then(|| p.to_path_buf())
        })
    });
    if let Some(path) = dropped {
        app.open_dropped(path);
    }
    let mut actions = Vec::new();
    shortcuts(ui, app, &mut actions);
    egui::CentralPanel::default().show(ui, |ui| match &app.screen {
        Screen::Welcome => welcome_ui(ui, &mut actions),
        Screen::PaperKey { .. } => paper_key_ui(ui, app, &mut actions),
        Screen::Unlocking => {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.spinner();
                ui.label("Unlocking with your system keyring…");
            });
        }
        Screen::KeyProblem { kind, message } => {
            let (kind, message) = (*kind, message.clone());
            key_problem_ui(ui, app, kind, &message, &mut actions);
        }
        Screen::Restore => restore_ui(ui, app, &mut actions),
        Screen::Main => vault_view::main_ui(ui, app, &mut actions),
    });
    dialogs_ui(ui, app, &mut actions);
    for action in actions {
        app.apply(action);
    }
}

fn shortcuts(ui: &egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    if !matches!(app.screen, Screen::Main) || app.add.is_some() {
        return;
    }
    for action in Action::with_shortcuts() {
        if let Some(shortcut) = action.shortcut()
            && ui.ctx().input_mut(|i| i.consume_shortcut(&shortcut))
        {
            actions.push(action);
        }
    }
    // Ctrl+V on the main window opens "Add codes" with the clipboard's text.
    let pasted = ui.ctx().input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Paste(text) => Some(text.clone()),
            _ => None,
        })
    });
    if let Some(text) = pasted
        && !ui.ctx().memory(|m| m.focused().is_some())
    {
        app.pending_paste = Some(zeroize::Zeroizing::new(text));
        actions.push(Action::OpenAdd);
    }
}

fn welcome_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.vertical_centered(|ui| {
        ui.add_space(60.0);
        ui.heading(RichText::new("Welcome to Codekeeper").size(26.0));
        ui.add_space(12.0);
        ui.label(
            "Codekeeper keeps the backup codes sites give you when you turn on two-factor sign-in,",
        );
        ui.label("encrypted on this computer. Its key is kept in your system keyring, and a paper");
        ui.label("recovery key that only you keep opens the vault on its own.");
        ui.add_space(20.0);
        if ui
            .add(egui::Button::new(
                RichText::new("Create my vault").size(16.0),
            ))
            .clicked()
        {
            actions.push(Action::CreateVault);
        }
    });
}

fn paper_key_ui(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    let Screen::PaperKey {
        key,
        confirm,
        kit_saved,
    } = &mut app.screen
    else {
        return;
    };
    use age::secrecy::ExposeSecret;
    ui.add_space(20.0);
    ui.heading("Your paper recovery key");
    ui.label("This key opens your vault even if this computer or its keyring is lost. Write it down or save the recovery kit and print it. It is shown only now: Codekeeper does not store it.");
    ui.add_space(12.0);
    let (prefix, groups) = crate::vault::paper_key_groups(key.expose_secret());
    let lines: Vec<String> = groups.chunks(6).map(|line| line.join(" ")).collect();
    let grouped = format!("{prefix}\n{}", lines.join("\n"));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.add(egui::Label::new(RichText::new(grouped).monospace().size(18.0)).wrap());
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Save recovery kit as PDF…").clicked() {
            actions.push(Action::SaveRecoveryKit);
        }
        if *kit_saved {
            ui.label("✔ Recovery kit saved");
        }
    });
    ui.add_space(12.0);
    ui.label("To be sure you kept it, type the last group of the key (the characters after the last space):");
    let label = ui.label("Last group");
    let edit = ui
        .add(egui::TextEdit::singleline(confirm).desired_width(120.0))
        .labelled_by(label.id);
    let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if ui.button("I have written it down").clicked() || enter {
        actions.push(Action::ConfirmPaperKey);
    }
}

fn key_problem_ui(
    ui: &mut egui::Ui,
    app: &mut App,
    kind: KeyProblem,
    message: &str,
    actions: &mut Vec<Action>,
) {
    let (heading, explanation) = match kind {
        KeyProblem::Locked => ("Codekeeper is locked", "Unlock to see your codes again."),
        KeyProblem::KeyringLocked => (
            "Your system keyring is locked",
            "Codekeeper keeps its key in your system keyring, which is locked right now. Unlock it (your desktop may ask for your login password) and try again, or use your paper key.",
        ),
        KeyProblem::NoKeyring => (
            "No system keyring is available",
            "Codekeeper keeps its key in the system keyring, but none is running here. Start your keyring and try again, use your paper key for now, or keep this computer's key in a file protected by a passphrase.",
        ),
        KeyProblem::KeyMissing => (
            "This computer's key for the vault is missing",
            "Your codes are safe. Open the vault with your paper recovery key; Codekeeper then enrols this computer again. No new key is ever made over your vault without it.",
        ),
        KeyProblem::Passphrase => (
            "Unlock with your passphrase",
            "This computer's key is kept in a file protected by your passphrase.",
        ),
        KeyProblem::Other => ("The vault could not be opened", ""),
    };
    ui.vertical_centered(|ui| {
        ui.add_space(60.0);
        ui.heading(heading);
        ui.add_space(8.0);
        if !explanation.is_empty() {
            ui.add(egui::Label::new(explanation).wrap());
        }
        if !message.is_empty() {
            ui.add(egui::Label::new(RichText::new(message).weak()).wrap());
        }
        ui.add_space(16.0);
        if kind == KeyProblem::Passphrase {
            let label = ui.label("Passphrase");
            let edit = ui
                .add(egui::TextEdit::singleline(&mut *app.passphrase).password(true))
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Unlock").clicked() || enter {
                actions.push(Action::RetryUnlock);
            }
        } else if kind != KeyProblem::KeyMissing {
            let retry = if kind == KeyProblem::Locked {
                "Unlock with system keyring"
            } else {
                "Try the keyring again"
            };
            if ui.button(retry).clicked() {
                actions.push(Action::RetryUnlock);
            }
        }
        if ui.button("Use my paper key instead…").clicked() {
            actions.push(Action::ShowRestore);
        }
        if kind == KeyProblem::NoKeyring
            && ui
                .button("Keep the key in a passphrase-protected file…")
                .clicked()
        {
            actions.push(Action::ShowRestoreToKeyFile);
        }
    });
}

fn restore_ui(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    ui.add_space(40.0);
    ui.heading("Open with your paper key");
    ui.label("Type the paper recovery key (AGE-SECRET-KEY-1…). Spaces and upper or lower case do not matter. Codekeeper then enrols this computer again; the paper key stays valid.");
    let label = ui.label("Paper key");
    ui.add(
        egui::TextEdit::multiline(&mut *app.paper_input)
            .password(true)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    if app.restore_to_key_file {
        ui.label("Choose a passphrase for this computer's key (at least 8 characters). You will type it each time Codekeeper starts.");
        let l = ui.label("New passphrase");
        ui.add(egui::TextEdit::singleline(&mut *app.passphrase).password(true))
            .labelled_by(l.id);
        let l = ui.label("New passphrase again");
        ui.add(egui::TextEdit::singleline(&mut *app.passphrase_repeat).password(true))
            .labelled_by(l.id);
    }
    ui.horizontal(|ui| {
        if ui.button("Open vault with paper key").clicked() {
            actions.push(Action::RestoreWithPaperKey);
        }
        if ui.button("Back").clicked() {
            actions.push(Action::RetryUnlock);
        }
    });
}

fn dialogs_ui(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    if let Some(error) = app.error.clone() {
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
    } else if app.show_shortcuts {
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
            });
            if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                actions.push(Action::Dismiss);
            }
        });
    } else if let Some((i, text)) = app.note_edit.as_mut() {
        let number = *i + 1;
        egui::Modal::new(egui::Id::unique("note")).show(ui.ctx(), |ui| {
            ui.heading(format!("Note for code {number}"));
            let label = ui.label("Note");
            ui.add(egui::TextEdit::singleline(text).desired_width(320.0))
                .labelled_by(label.id);
            ui.horizontal(|ui| {
                if ui.button("Save note").clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter))
                {
                    actions.push(Action::SaveNote);
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    actions.push(Action::Dismiss);
                }
            });
        });
    } else if app.show_about {
        egui::Modal::new(egui::Id::unique("about")).show(ui.ctx(), |ui| {
            ui.set_width(380.0);
            ui.heading(crate::APP_NAME);
            ui.label(format!("Version {} · vault format {}", crate::VERSION, crate::vault::model::FORMAT_VERSION));
            ui.label("Keeps your two-factor backup and recovery codes in an encrypted vault.");
            ui.label("No network access, no telemetry, no plain-text codes on disk.");
            ui.label("Licensed under MIT or Apache-2.0. Fonts: JetBrains Mono (Apache-2.0), DejaVu Sans.");
            ui.label(RichText::new(crate::APP_ID).monospace().weak());
            if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                actions.push(Action::Dismiss);
            }
        });
    } else if let Some(options) = app.print_options.as_mut() {
        print_options_ui(ui, options, actions);
    } else if let Some(draft) = app.settings_draft.as_mut() {
        let location = app.services.dirs.data_dir.clone();
        settings_ui(ui, draft, &location, &app.settings_warnings, actions);
    } else if app.add.is_some() {
        vault_view::add_ui(ui, app, actions);
    }
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
        egui::Grid::new("settings-grid").num_columns(2).spacing([16.0, 8.0]).show(ui, |ui| {
            ui.label("Paper size");
            ui.horizontal(|ui| {
                ui.radio_value(&mut s.paper, PaperSize::A4, "A4");
                ui.radio_value(&mut s.paper, PaperSize::Letter, "US Letter");
            });
            ui.end_row();
            let label = ui.label("Clear copied codes after");
            ui.add(egui::DragValue::new(&mut s.clipboard_clear_seconds).range(5..=600).suffix(" s")).labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Hide revealed codes after");
            ui.add(egui::DragValue::new(&mut s.reveal_seconds).range(3..=600).suffix(" s")).labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Lock when idle for");
            ui.add(egui::DragValue::new(&mut s.idle_lock_minutes).range(0..=240).suffix(" min (0 = never)")).labelled_by(label.id);
            ui.end_row();
            ui.label("Theme");
            ui.horizontal(|ui| {
                ui.radio_value(&mut s.theme, Theme::System, "System");
                ui.radio_value(&mut s.theme, Theme::Light, "Light");
                ui.radio_value(&mut s.theme, Theme::Dark, "Dark");
            });
            ui.end_row();
            ui.label("Vault location");
            ui.add(egui::Label::new(RichText::new(location.display().to_string()).monospace()).wrap());
            ui.end_row();
        });
                if ui.button("Open vault folder").clicked() {
            actions.push(Action::OpenVaultFolder);
        }
        ui.separator();
        ui.label(RichText::new("Recovery key").strong());
        ui.label("Lost the paper key, or someone saw it? A new one replaces it: the vault and its backups are re-encrypted, and the old key no longer opens them (copies made before still do).");
        if ui.button("Make a new recovery key…").clicked() {
            actions.push(Action::NewPaperKey);
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Save settings").clicked() {
                actions.push(Action::SaveSettings);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                actions.push(Action::Dismiss);
            }
        });
    });
}

fn print_options_ui(
    ui: &mut egui::Ui,
    o: &mut crate::app::PrintOptions,
    actions: &mut Vec<Action>,
) {
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
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                actions.push(Action::Dismiss);
            }
        });
    });
}
