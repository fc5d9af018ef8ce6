//! The window's views: `*_ui` functions that read and edit the [`UiState`] they
//! draw (plus a read-only [`Status`]) and push [`Action`]s, which [`crate::app`]
//! applies after drawing. Views never change the vault. Every interactive widget
//! has a unique, descriptive label, so screen readers and the tests find it the
//! same way.

mod add_view;
mod dialogs;
mod icons;
mod key_dialogs;
mod list_view;
pub mod state;
pub mod theme;
mod vault_view;

use eframe::egui::{self, RichText};

use crate::action::Action;
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
    theme::apply(ui.ctx(), state.settings.theme, &mut state.look);
    shortcuts(ui, state, actions);
    if matches!(state.screen, Screen::Main) {
        vault_view::main_ui(ui, state, status, actions);
        dialogs::dialogs_ui(ui, state, status, actions);
        return;
    }
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    let room = ui.available_width() - 2.0 * theme::GAP;
                    ui.set_max_width(room.min(720.0));
                    screen_ui(ui, state, status, actions);
                });
            });
    });
    dialogs::dialogs_ui(ui, state, status, actions);
}

/// The screens before the vault is open, in one centred column.
fn screen_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    match &state.screen {
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
        Screen::Main => {}
    }
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

/// Space above a screen's title: more in tall windows, so the content does not sit
/// in the top corner of a large screen.
fn top_space(ui: &mut egui::Ui, small: f32) {
    let height = ui.ctx().content_rect().height();
    ui.add_space((height * 0.14).clamp(small, 200.0));
}

fn welcome_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    top_space(ui, 40.0);
    ui.label(theme::title("Welcome to Codekeeper").size(28.0));
    ui.add_space(theme::GAP * 1.5);
    ui.add(egui::Label::new(
        "Codekeeper keeps the backup codes sites give you when you turn on two-factor sign-in, encrypted on this computer. Its key is kept in your system keyring, and a paper recovery key that only you keep opens the vault on its own.",
    ).wrap());
    ui.add_space(theme::GAP * 3.0);
    let create = theme::primary_button(ui, "Create a new vault").min_size(egui::vec2(260.0, 36.0));
    let create = ui.add(create);
    if create.clicked() {
        actions.push(Action::CreateVault);
    }
    ui.add_space(theme::GAP);
    let restore = egui::Button::new("I have a vault — restore with my paper key…")
        .min_size(egui::vec2(260.0, 32.0));
    if ui.add(restore).clicked() {
        actions.push(Action::ShowRestore);
    }
    let shares = egui::Button::new("Restore with heir shares…").min_size(egui::vec2(260.0, 32.0));
    if ui.add(shares).clicked() {
        actions.push(Action::ShowRestoreWithShares);
    }
    if ui.ctx().memory(|m| m.focused().is_none()) && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        actions.push(Action::CreateVault);
    }
}

fn paper_key_ui(ui: &mut egui::Ui, state: &mut UiState, actions: &mut Vec<Action>) {
    let Screen::PaperKey {
        key,
        confirm,
        asked_group,
        confirm_error,
        kit_saved,
        replaces_old,
    } = &mut state.screen
    else {
        return;
    };
    use age::secrecy::ExposeSecret;
    let dark = ui.visuals().dark_mode;
    ui.add_space(24.0);
    if *replaces_old {
        ui.label(theme::title("Your NEW paper recovery key"));
    } else {
        ui.label(theme::title("Your paper recovery key"));
    }
    ui.add_space(theme::GAP);
    let Some(group) = *asked_group else {
        let text = if *replaces_old {
            "This key replaces your old one. Until you confirm it, the old key still opens the vault; once you confirm, the old key and every kit printed with it stop opening this vault: destroy them. Write the new key down or save its recovery kit and print it. It is shown only now."
        } else {
            "This key opens your vault even if this computer or its keyring is lost. Write it down or save the recovery kit and print it. It is shown only now: Codekeeper does not store it."
        };
        ui.add(egui::Label::new(text).wrap());
        ui.add_space(theme::GAP * 1.5);
        let (prefix, groups) = crate::vault::paper_key_groups(key.expose_secret());
        let lines: Vec<String> = groups.chunks(5).map(|line| line.join("  ")).collect();
        let grouped = format!("{prefix}\n{}", lines.join("\n"));
        egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::same(14))
            .show(ui, |ui| {
                // Left-aligned, so the groups of every line stand in columns.
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.add(egui::Label::new(theme::code_text(grouped).size(21.0)).wrap());
                });
            });
        ui.add_space(theme::GAP);
        kit_ui(ui, kit_saved.as_deref(), actions);
        ui.add_space(theme::GAP * 2.0);
        let next = theme::primary_button(ui, "I have written it down");
        let enter = ui.ctx().memory(|m| m.focused().is_none())
            && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.add(next).on_hover_text("Enter").clicked() || enter {
            actions.push(Action::HidePaperKey);
        }
        return;
    };
    ui.add(egui::Label::new(format!(
        "The key is hidden now. To be sure you kept it, type group {group} of your key: the {} group of four characters after AGE-SECRET-KEY-1, counting from the left.",
        ordinal(group)
    )).wrap());
    ui.add_space(theme::GAP);
    let label = ui.label(format!("Group {group} of the key"));
    let edit = ui
        .add(
            egui::TextEdit::singleline(confirm)
                .desired_width(140.0)
                .font(egui::TextStyle::Monospace)
                .char_limit(8),
        )
        .labelled_by(label.id);
    if !edit.has_focus() && !edit.lost_focus() && confirm.is_empty() {
        edit.request_focus();
    }
    if let Some(e) = confirm_error {
        ui.colored_label(theme::error(dark), e.as_str());
    }
    let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    ui.add_space(theme::GAP);
    ui.horizontal(|ui| {
        if ui.add(theme::primary_button(ui, "Confirm")).clicked() || enter {
            actions.push(Action::ConfirmPaperKey);
        }
        if ui.button("Show the key again").clicked() {
            actions.push(Action::ShowPaperKeyAgain);
        }
    });
}

/// "1st", "2nd", "3rd", "4th" … for the group asked for.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The recovery kit button, and once saved: where, with Open and Show in folder.
fn kit_ui(ui: &mut egui::Ui, saved: Option<&std::path::Path>, actions: &mut Vec<Action>) {
    if ui.button("Save recovery kit as PDF…").clicked() {
        actions.push(Action::SaveRecoveryKit);
    }
    if let Some(path) = saved {
        let dark = ui.visuals().dark_mode;
        ui.colored_label(theme::good(dark), "✔ Recovery kit saved to");
        ui.add(egui::Label::new(RichText::new(path.display().to_string()).monospace()).wrap());
        ui.horizontal(|ui| {
            if ui.button("Open").clicked() {
                actions.push(Action::OpenKit);
            }
            if ui.button("Show in folder").clicked() {
                actions.push(Action::ShowKitFolder);
            }
        });
        ui.label(RichText::new("Print it, keep it somewhere safe, then delete the file.").weak());
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
    top_space(ui, 40.0);
    ui.label(theme::title(heading));
    ui.add_space(theme::GAP);
    if !explanation.is_empty() {
        ui.add(egui::Label::new(explanation).wrap());
    }
    if !message.is_empty() && kind != KeyProblem::Locked {
        let shown = window_words(message);
        ui.add(egui::Label::new(RichText::new(shown).weak()).wrap());
    } else if !message.is_empty() {
        ui.add(egui::Label::new(RichText::new(message).weak()).wrap());
    }
    ui.add_space(theme::GAP * 2.0);
    if kind == KeyProblem::Passphrase {
        let label = ui.label("Passphrase");
        let edit = ui
            .add(egui::TextEdit::singleline(&mut *state.passphrase).password(true))
            .labelled_by(label.id);
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.add(theme::primary_button(ui, "Unlock")).clicked() || enter {
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
        let button = theme::primary_button(ui, retry).min_size(egui::vec2(240.0, 34.0));
        if ui.add(button).on_hover_text("Enter").clicked() || enter {
            actions.push(Action::RetryUnlock);
        }
    }
    ui.add_space(theme::GAP / 2.0);
    if ui.button("Use my paper key instead…").clicked() {
        actions.push(Action::ShowRestore);
    }
    if ui.button("Restore with heir shares…").clicked() {
        actions.push(Action::ShowRestoreWithShares);
    }
    if kind == KeyProblem::NoKeyring
        && ui
            .button("Keep the key in a passphrase-protected file…")
            .clicked()
    {
        actions.push(Action::ShowRestoreToKeyFile);
    }
}

fn restore_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    top_space(ui, 24.0);
    ui.label(theme::title(if state.restore_with_shares {
        "Open with heir shares"
    } else {
        "Open with your paper key"
    }));
    ui.add_space(theme::GAP);
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        if !status.has_vault {
            ui.add(egui::Label::new("There is no vault on this computer yet. Choose the copy you saved elsewhere (the folder holding vault.age, on a USB stick for example); it opens with your paper key.").wrap());
            ui.horizontal_wrapped(|ui| {
                if ui.button("Choose the folder with your copy…").clicked() {
                    actions.push(Action::ChooseCopy);
                }
                match &state.restore_copy {
                    Some(path) => ui.label(RichText::new(path.display().to_string()).monospace()),
                    None => ui.label(RichText::new("No copy chosen").weak()),
                };
            });
            ui.add_space(theme::GAP);
        }
        ui.horizontal(|ui| {
            ui.label("I have");
            ui.radio_value(&mut state.restore_with_shares, false, "my paper key");
            ui.radio_value(&mut state.restore_with_shares, true, "heir shares");
        });
        ui.add_space(theme::GAP / 2.0);
        let (edit, blocked) = if state.restore_with_shares {
            shares_field(ui, state, dark)
        } else {
            paper_key_field(ui, state, dark)
        };
        if state.restore_to_key_file {
            ui.add_space(theme::GAP);
            ui.add(egui::Label::new(format!(
                "Choose a passphrase for this computer's key (at least {} characters). You will type it each time Codekeeper starts.",
                crate::keeper::keys::MIN_PASSPHRASE_CHARS
            )).wrap());
            let l = ui.label("New passphrase");
            ui.add(egui::TextEdit::singleline(&mut *state.passphrase).password(true))
                .labelled_by(l.id);
            if !state.passphrase.is_empty() {
                let s = crate::keeper::keys::passphrase_strength(&state.passphrase);
                let color = match s.score {
                    0 | 1 => theme::error(dark),
                    2 => theme::warn(dark),
                    _ => theme::good(dark),
                };
                ui.colored_label(
                    color,
                    format!("Strength: {} — guessing it would take {}", s.word, s.time_to_guess),
                );
                if !s.acceptable()
                    && let Some(why) = s.warning.or(s.suggestion)
                {
                    ui.label(RichText::new(why).weak());
                }
            }
            let l = ui.label("New passphrase again");
            ui.add(egui::TextEdit::singleline(&mut *state.passphrase_repeat).password(true))
                .labelled_by(l.id);
        }
        ui.add_space(theme::GAP);
        let enter = edit.has_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.shift);
        ui.horizontal(|ui| {
            let open = theme::primary_button(
                ui,
                if state.restore_with_shares {
                    "Open vault with heir shares"
                } else {
                    "Open vault with paper key"
                },
            );
            if ui.add(open).clicked() || (enter && !blocked) {
                actions.push(Action::RestoreWithPaperKey);
            }
            if ui.button("Back").clicked() {
                actions.push(Action::RetryUnlock);
            }
        });
    });
}

/// The paper key field of the restore screen; returns it and whether what is typed
/// is certainly wrong.
fn paper_key_field(ui: &mut egui::Ui, state: &mut UiState, dark: bool) -> (egui::Response, bool) {
    ui.add(egui::Label::new("Type the paper recovery key (AGE-SECRET-KEY-1…). Spaces and upper or lower case do not matter. Codekeeper then enrols this computer again; the paper key stays valid.").wrap());
    ui.add_space(theme::GAP / 2.0);
    let label = ui.label("Paper key");
    let edit = ui
        .add(
            egui::TextEdit::multiline(&mut *state.paper_input)
                .password(!state.show_paper_input)
                .font(egui::TextStyle::Monospace)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if ui.ctx().memory(|m| m.focused().is_none()) {
        edit.request_focus();
    }
    let check = crate::keeper::paper_key::check_typed(&state.paper_input);
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut state.show_paper_input, "Show the key as I type");
        if let Some(text) = check.message() {
            let color = match &check {
                c if c.is_error() => theme::error(dark),
                crate::keeper::paper_key::TypedKey::Complete => theme::good(dark),
                _ => ui.visuals().weak_text_color(),
            };
            ui.colored_label(color, text);
        }
    });
    (edit, check.is_error())
}

/// The heir shares field of the restore screen, with what the shares typed so far say.
fn shares_field(ui: &mut egui::Ui, state: &mut UiState, dark: bool) -> (egui::Response, bool) {
    ui.add(egui::Label::new("Type the words of the heir shares, one share per line (or a blank line between shares). Upper or lower case does not matter, and the first four letters of each word are enough. Codekeeper rebuilds the paper key from them and sets this computer up to open the vault again.").wrap());
    ui.add_space(theme::GAP / 2.0);
    let label = ui.label("Heir shares");
    let edit = ui
        .add(
            egui::TextEdit::multiline(&mut *state.shares_input)
                .char_limit(8192)
                .password(!state.show_paper_input)
                .font(egui::TextStyle::Monospace)
                .desired_rows(5)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if ui.ctx().memory(|m| m.focused().is_none()) {
        edit.request_focus();
    }
    let shares = crate::keeper::heirs::shares_state(&state.shares_input);
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut state.show_paper_input, "Show the words as I type");
        let color = if !shares.problems.is_empty() {
            theme::error(dark)
        } else if shares.ready() {
            theme::good(dark)
        } else {
            ui.visuals().weak_text_color()
        };
        ui.colored_label(color, shares.describe());
    });
    (edit, !shares.ready())
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
