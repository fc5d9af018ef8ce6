//! The window's views: `*_ui` functions that read and edit the [`UiState`] they
//! draw (plus a read-only [`Status`]) and push [`Action`]s, which [`crate::app`]
//! applies after drawing. Views never change the vault. Every interactive widget
//! has a unique, descriptive label, so screen readers and the tests find it the
//! same way.

mod add_view;
mod dialogs;
pub mod state;
mod vault_view;

use eframe::egui::{self, RichText};

use crate::action::Action;
use crate::settings::Theme;
use state::{KeyProblem, Modal, Screen, Status, UiState};

/// Draws the whole window; what the user did lands in `actions`.
pub fn app_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
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
    ui.ctx().set_theme(match state.settings.theme {
        Theme::System => egui::ThemePreference::System,
        Theme::Light => egui::ThemePreference::Light,
        Theme::Dark => egui::ThemePreference::Dark,
    });
    shortcuts(ui, state, actions);
    egui::CentralPanel::default().show(ui, |ui| match &state.screen {
        Screen::Welcome => welcome_ui(ui, actions),
        Screen::PaperKey { .. } => paper_key_ui(ui, state, actions),
        Screen::Unlocking => {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.spinner();
                ui.label("Unlocking with your system keyring…");
            });
        }
        Screen::KeyProblem { kind, message } => {
            let (kind, message) = (*kind, message.clone());
            key_problem_ui(ui, state, kind, &message, actions);
        }
        Screen::Restore => restore_ui(ui, state, status, actions),
        Screen::Main => vault_view::main_ui(ui, state, status, actions),
    });
    dialogs::dialogs_ui(ui, state, status, actions);
}

fn shortcuts(ui: &egui::Ui, state: &mut UiState, actions: &mut Vec<Action>) {
    if !matches!(state.screen, Screen::Main) || !matches!(state.modal, Modal::None) {
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
        state.pending_paste = Some(zeroize::Zeroizing::new(text));
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
        ui.add_space(8.0);
        if ui
            .button("I have a vault — restore with my paper key…")
            .clicked()
        {
            actions.push(Action::ShowRestore);
        }
    });
}

fn paper_key_ui(ui: &mut egui::Ui, state: &mut UiState, actions: &mut Vec<Action>) {
    let Screen::PaperKey {
        key,
        confirm,
        kit_saved,
        replaces_old,
    } = &mut state.screen
    else {
        return;
    };
    use age::secrecy::ExposeSecret;
    ui.add_space(20.0);
    if *replaces_old {
        ui.heading("Your NEW paper recovery key");
        ui.label("This key replaces your old one. Until you confirm it below, the old key still opens the vault; once you confirm, the old key and every kit printed with it stop opening this vault: destroy them. Write the new key down or save its recovery kit and print it. It is shown only now.");
    } else {
        ui.heading("Your paper recovery key");
        ui.label("This key opens your vault even if this computer or its keyring is lost. Write it down or save the recovery kit and print it. It is shown only now: Codekeeper does not store it.");
    }
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
        if let Some(path) = kit_saved {
            ui.label(format!("✔ Recovery kit saved to {}", path.display()));
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
    state: &mut UiState,
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
        if !message.is_empty() && kind != KeyProblem::Locked {
            let shown = window_words(message);
            ui.add(egui::Label::new(RichText::new(shown).weak()).wrap());
        } else if !message.is_empty() {
            ui.add(egui::Label::new(RichText::new(message).weak()).wrap());
        }
        ui.add_space(16.0);
        if kind == KeyProblem::Passphrase {
            let label = ui.label("Passphrase");
            let edit = ui
                .add(egui::TextEdit::singleline(&mut *state.passphrase).password(true))
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
            let enter = kind == KeyProblem::Locked
                && ui.input(|i| i.key_pressed(egui::Key::Enter))
                && ui.ctx().memory(|m| m.focused().is_none());
            if ui.button(retry).clicked() || enter {
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

fn restore_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    ui.add_space(40.0);
    ui.heading("Open with your paper key");
    if !status.has_vault {
        ui.label("There is no vault on this computer yet. Choose the copy you saved elsewhere (the folder holding vault.age, on a USB stick for example); it opens with your paper key.");
        ui.horizontal(|ui| {
            if ui.button("Choose the folder with your copy…").clicked() {
                actions.push(Action::ChooseCopy);
            }
            match &state.restore_copy {
                Some(path) => ui.label(RichText::new(path.display().to_string()).monospace()),
                None => ui.label(RichText::new("No copy chosen").weak()),
            };
        });
        ui.add_space(8.0);
    }
    ui.label("Type the paper recovery key (AGE-SECRET-KEY-1…). Spaces and upper or lower case do not matter. Codekeeper then enrols this computer again; the paper key stays valid.");
    let label = ui.label("Paper key");
    ui.add(
        egui::TextEdit::multiline(&mut *state.paper_input)
            .password(true)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    if state.restore_to_key_file {
        ui.label(format!(
            "Choose a passphrase for this computer's key (at least {} characters). You will type it each time Codekeeper starts.",
            crate::keeper::keys::MIN_PASSPHRASE_CHARS
        ));
        let l = ui.label("New passphrase");
        ui.add(egui::TextEdit::singleline(&mut *state.passphrase).password(true))
            .labelled_by(l.id);
        let l = ui.label("New passphrase again");
        ui.add(egui::TextEdit::singleline(&mut *state.passphrase_repeat).password(true))
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

/// Vault errors carry terminal advice for the command line; the window cuts it off
/// (its hint and its screens say what to do instead).
pub fn window_words(message: &str) -> String {
    let advice = ["`codekeeper", "`--", "CODEKEEPER_"]
        .iter()
        .filter_map(|m| message.find(m))
        .min();
    let Some(at) = advice else {
        return message.trim_end_matches('.').to_owned();
    };
    let cut = message[..at].rfind([';', '.', ',', '(']).unwrap_or(at);
    message[..cut]
        .trim_end_matches([' ', ',', '.', ';'])
        .to_owned()
}
