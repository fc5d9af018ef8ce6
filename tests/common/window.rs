//! The window under `egui_kittest`: in-memory file dialogs and clipboard, a vault
//! with GitHub's codes, and helpers to type into a labelled field.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use codekeeper::app::{App, Clipboard, Dialogs, Services};
use codekeeper::paths::AppDirs;
use codekeeper::ui::state::Screen;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// File dialogs that answer with paths in the test's folder (or, when
/// `unavailable`, cannot open at all).
pub struct FakeDialogs(pub PathBuf, pub bool);
impl Dialogs for FakeDialogs {
    fn pick_folder(&self) -> Option<PathBuf> {
        Some(self.0.join("usb-stick"))
    }
    fn save_pdf(&self, suggested: &str) -> Option<PathBuf> {
        Some(self.0.join(suggested))
    }
    fn open_text(&self) -> Option<PathBuf> {
        Some(self.0.join("github-recovery-codes.txt"))
    }
    fn open_pictures(&self) -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(self.0.join("photos"))
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        found.sort();
        found
    }
    fn available(&self) -> bool {
        !self.1
    }
}

#[derive(Clone, Default)]
pub struct FakeClipboard(pub Arc<Mutex<Option<String>>>);
impl Clipboard for FakeClipboard {
    fn set_secret(&mut self, text: &str) -> Result<(), String> {
        *self.0.lock().unwrap() = Some(text.to_owned());
        Ok(())
    }
    fn get(&mut self) -> Option<String> {
        self.0.lock().unwrap().clone()
    }
    fn clear(&mut self) {
        *self.0.lock().unwrap() = None;
    }
}

/// A vault holding GitHub's 16 codes; returns its paper key.
pub fn vault_with_github_codes(
    paths: &codekeeper::vault::VaultPaths,
    store: &dyn codekeeper::vault::KeyStore,
) -> codekeeper::vault::PaperKey {
    let (mut vault, paper) = codekeeper::vault::Vault::create(paths, store).unwrap();
    vault.confirm_paper_key().unwrap();
    let codes = github_codes()
        .iter()
        .map(|c| codekeeper::vault::Code::unused(c))
        .collect();
    vault
        .payload_mut()
        .import_set("GitHub", "", "pasted", codes, false, jiff::Timestamp::now())
        .unwrap();
    vault.save().unwrap();
    paper
}

pub fn github_codes() -> Vec<String> {
    (0..16u32)
        .map(|i| format!("{:05x}-{:05x}", 0x1a2b3 + i * 4099, 0x9c8d7 ^ (i * 7919)))
        .collect()
}

pub fn app<S: codekeeper::vault::KeyStore + Send + Sync + 'static>(
    dir: &std::path::Path,
    store: Arc<S>,
    clipboard: FakeClipboard,
) -> App {
    App::new(Services {
        store,
        dialogs: Box::new(FakeDialogs(dir.to_path_buf(), false)),
        clipboard: Box::new(clipboard),
        dirs: AppDirs {
            data_dir: dir.join("data"),
            config_dir: dir.join("config"),
        },
        inline_keyring: true,
    })
}

pub fn harness(app: App) -> Harness<'static, App> {
    harness_sized(app, 1100.0, 900.0)
}

/// [`harness`] in a window of `width` × `height` points.
pub fn harness_sized(app: App, width: f32, height: f32) -> Harness<'static, App> {
    Harness::builder()
        .with_size(eframe::egui::vec2(width, height))
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app)
}

/// Focuses the field labelled `label` and types `text` into it.
pub fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Lets a dialog that grows smoothly to fit what was typed settle before a click.
pub fn settle(h: &mut Harness<'static, App>) {
    for _ in 0..20 {
        h.step();
    }
}

/// The paper key on screen, and the group asked for once it is hidden.
pub fn shown_key(h: &Harness<'static, App>) -> (String, Option<usize>) {
    match &h.state().state.screen {
        Screen::PaperKey {
            key, asked_group, ..
        } => (
            age::secrecy::ExposeSecret::expose_secret(key).to_owned(),
            *asked_group,
        ),
        _ => panic!("the paper key screen"),
    }
}

/// From the key problem screen: opens the vault with the paper key, which enrols
/// this computer again, and checks the vault is open.
pub fn open_with_paper_key(h: &mut Harness<'static, App>, key: &str) {
    h.get_by_label("Use my paper key instead…").click();
    h.run();
    type_into(h, "Paper key", key);
    h.get_by_label("Open vault with paper key").click();
    h.run();
    assert!(
        matches!(h.state().state.screen, Screen::Main),
        "{:?}",
        h.state().state.error
    );
}

/// Says the key was written down and types the group of four asked for.
pub fn confirm_key(h: &mut Harness<'static, App>) {
    h.get_by_label("I have written it down").click();
    h.run();
    let (key, group) = shown_key(h);
    let group = group.expect("a group is asked for once the key is hidden");
    let typed = codekeeper::vault::paper_key_groups(&key).1[group - 1].clone();
    type_into(h, &format!("Group {group} of the key"), &typed);
    h.get_by_label("Confirm").click();
    h.run();
}

/// A vault holding GitHub's and Google's codes (confirmed key).
pub fn vault_with_two_accounts(
    paths: &codekeeper::vault::VaultPaths,
    store: &dyn codekeeper::vault::KeyStore,
) -> codekeeper::vault::PaperKey {
    let paper = vault_with_github_codes(paths, store);
    let mut vault = codekeeper::vault::Vault::open(paths, store).unwrap();
    let codes = (0..10)
        .map(|i| codekeeper::vault::Code::unused(&format!("{:04} {:04}", 3318 + i, 9884 - i)))
        .collect();
    vault
        .payload_mut()
        .import_set("Google", "", "pasted", codes, false, jiff::Timestamp::now())
        .unwrap();
    vault.save().unwrap();
    paper
}
