//! The window driven through its accessibility tree with `egui_kittest`, the way a
//! screen reader sees it: first run, paste a GitHub list, use a code, undo, search,
//! print, lock and unlock. File dialogs and the clipboard are in-memory fakes;
//! the key store is the in-memory one (the real keyring is covered by `tests/cli.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use codekeeper::app::{App, Clipboard, Dialogs, Services};
use codekeeper::paths::AppDirs;
use codekeeper::ui::state::Screen;
use codekeeper::vault::keystore::MemoryKeyStore;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct FakeDialogs(PathBuf);
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
}

#[derive(Clone, Default)]
struct FakeClipboard(Arc<Mutex<Option<String>>>);
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
fn vault_with_github_codes(
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

fn github_codes() -> Vec<String> {
    (0..16u32)
        .map(|i| format!("{:05x}-{:05x}", 0x1a2b3 + i * 4099, 0x9c8d7 ^ (i * 7919)))
        .collect()
}

fn app(dir: &std::path::Path, store: Arc<MemoryKeyStore>, clipboard: FakeClipboard) -> App {
    App::new(Services {
        store,
        dialogs: Box::new(FakeDialogs(dir.to_path_buf())),
        clipboard: Box::new(clipboard),
        dirs: AppDirs {
            data_dir: dir.join("data"),
            config_dir: dir.join("config"),
        },
        inline_keyring: true,
    })
}

fn harness(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(eframe::egui::vec2(1100.0, 900.0))
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app)
}

/// Focuses the field labelled `label` and types `text` into it.
fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

#[test]
fn first_run_paste_use_undo_search_print_lock_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let clipboard = FakeClipboard::default();
    let mut h = harness(app(dir.path(), Arc::clone(&store), clipboard.clone()));
    h.run();

    // First run: create the vault, see the paper key once, confirm it.
    h.get_by_label("Create my vault").click();
    h.run();
    let key = match &h.state().state.screen {
        Screen::PaperKey { key, .. } => age::secrecy::ExposeSecret::expose_secret(key).to_owned(),
        _ => panic!("the paper key is shown after creating the vault"),
    };
    h.get_by_label("I have written it down").click();
    h.run();
    assert!(
        h.state()
            .state
            .error
            .as_deref()
            .is_some_and(|e| e.contains("last group")),
        "a wrong confirmation is refused"
    );
    h.get_by_label("OK").click();
    h.run();
    let last_group = codekeeper::vault::paper_key_groups(&key)
        .1
        .last()
        .cloned()
        .unwrap();
    type_into(&mut h, "Last group", &last_group);
    h.get_by_label("I have written it down").click();
    h.run();
    assert!(matches!(h.state().state.screen, Screen::Main));
    assert!(
        h.state().state.kit_pending,
        "the banner says the kit was not saved"
    );

    // Paste a GitHub list into "Add codes".
    h.get_by_label("Add codes…").click();
    h.run();
    let pasted = format!("Recovery codes for GitHub\n{}\n", github_codes().join("\n"));
    type_into(&mut h, "Codes", &pasted);
    h.get_by_label("Save codes").click();
    h.run();
    assert!(
        h.state().state.error.is_none(),
        "{:?}",
        h.state().state.error
    );
    let payload = h.state().vault.as_ref().unwrap().payload();
    assert_eq!(payload.accounts[0].service, "GitHub");
    assert_eq!(payload.accounts[0].active_set().unwrap().codes.len(), 16);
    // 16 codes are shown, masked in the accessibility tree too.
    for n in 1..=16 {
        h.get_by_label(&format!("Copy code {n} of GitHub"));
    }
    assert!(
        h.query_by_label(&github_codes()[0]).is_none(),
        "codes are masked until revealed"
    );

    // Use next code: copied, marked used, undo offered.
    h.get_by_label("Use next code").click();
    h.run();
    assert_eq!(
        clipboard.0.lock().unwrap().as_deref(),
        Some(github_codes()[0].as_str())
    );
    assert_eq!(
        h.state().vault.as_ref().unwrap().payload().accounts[0]
            .active_set()
            .unwrap()
            .unused_count(),
        15
    );
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(
        h.state().vault.as_ref().unwrap().payload().accounts[0]
            .active_set()
            .unwrap()
            .unused_count(),
        16
    );
    assert!(
        clipboard.0.lock().unwrap().is_none(),
        "undo clears the clipboard it filled"
    );

    // Reveal one code.
    h.get_by_label("Reveal code 2 of GitHub").click();
    h.run();
    h.get_by_label(&github_codes()[1]);

    // Search filters the list.
    type_into(&mut h, "Search", "gitlab");
    assert!(h.state().filtered().is_empty());

    // Print: the fake dialog answers with a path; a real PDF is written there.
    h.get_by_label("Print all…").click();
    h.run();
    h.get_by_label("Anonymous: leave account names off the sheets")
        .click();
    h.run();
    h.get_by_label("Save PDF…").click();
    h.run();
    let pdf = dir.path().join("codekeeper-sheets.pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert_eq!(h.state().vault.as_ref().unwrap().payload().sheets.len(), 1);

    // Lock drops everything; unlocking goes through the key store again.
    h.get_by_label("Lock").click();
    h.run();
    assert!(h.state().vault.is_none());
    h.get_by_label("Unlock with system keyring").click();
    h.run();
    assert!(matches!(h.state().state.screen, Screen::Main));
    assert_eq!(
        h.state().vault.as_ref().unwrap().payload().accounts.len(),
        1
    );
}

#[test]
fn lost_keyring_entry_offers_the_paper_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    let (mut vault, paper) = codekeeper::vault::Vault::create(&paths, store.as_ref()).unwrap();
    vault.confirm_paper_key().unwrap();
    drop(vault);
    store.clear();
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    match &h.state().state.screen {
        Screen::KeyProblem { message, .. } => {
            assert!(message.contains("codekeeper restore"), "{message}");
        }
        _ => panic!("a missing key shows the key problem screen"),
    }
    h.get_by_label("Use my paper key instead…").click();
    h.run();
    type_into(&mut h, "Paper key", paper.expose());
    h.get_by_label("Open vault with paper key").click();
    h.run();
    assert!(
        matches!(h.state().state.screen, Screen::Main),
        "{:?}",
        h.state().state.error
    );
    assert_eq!(store.len(), 1, "this computer is enrolled again");
}

#[test]
fn settings_round_trip_and_replacing_a_set() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    let _paper = vault_with_github_codes(&paths, store.as_ref());
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    assert!(matches!(h.state().state.screen, Screen::Main));

    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("US Letter").click();
    h.get_by_label("Dark").click();
    h.run();
    h.get_by_label("Save settings").click();
    h.run();
    let saved = std::fs::read_to_string(dir.path().join("config/settings.toml")).unwrap();
    assert!(
        saved.contains("paper = \"letter\"") && saved.contains("theme = \"dark\""),
        "{saved}"
    );

    // New codes for an account that has some: saving waits for "Replace".
    h.get_by_label("Add codes…").click();
    h.run();
    type_into(&mut h, "Codes", "GitHub\n0a1b2-3c4d5\n6e7f8-9a0b1\n");
    h.get_by_label("Save codes").click();
    h.run();
    assert_eq!(
        h.state().vault.as_ref().unwrap().payload().accounts[0]
            .code_sets
            .len(),
        1,
        "saving waits for the replace choice"
    );
    h.get_by_label("Replace — I generated new codes (the old ones stop working)")
        .click();
    h.run();
    h.get_by_label("Save codes").click();
    h.run();
    let account = &h.state().vault.as_ref().unwrap().payload().accounts[0];
    assert_eq!(account.code_sets.len(), 2, "the old set is kept as history");
    assert_eq!(account.active_set().unwrap().codes.len(), 2);
}

#[test]
fn closing_before_the_paper_key_is_confirmed_makes_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    h.get_by_label("Create my vault").click();
    h.run();
    let first = match &h.state().state.screen {
        Screen::PaperKey { key, .. } => age::secrecy::ExposeSecret::expose_secret(key).to_owned(),
        _ => panic!("paper key screen"),
    };
    drop(h); // the window closes without confirmation

    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    let second = match &h.state().state.screen {
        Screen::PaperKey { key, .. } => age::secrecy::ExposeSecret::expose_secret(key).to_owned(),
        _ => panic!("the paper key screen returns with a new key"),
    };
    assert_ne!(first, second);
    let last_group = codekeeper::vault::paper_key_groups(&second)
        .1
        .last()
        .cloned()
        .unwrap();
    type_into(&mut h, "Last group", &last_group);
    h.get_by_label("I have written it down").click();
    h.run();
    assert!(matches!(h.state().state.screen, Screen::Main));
    h.state_mut().act(codekeeper::action::Action::Lock);
    drop(h);
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    assert!(
        codekeeper::vault::Vault::open_with_paper_key(&paths, &first).is_err(),
        "the unconfirmed key is retired once the new one is confirmed"
    );
    codekeeper::vault::Vault::open_with_paper_key(&paths, &second).unwrap();
}

/// A key store that is not there, as on a machine without a keyring service.
struct NoKeyring;
impl codekeeper::vault::KeyStore for NoKeyring {
    fn name(&self) -> &str {
        "no keyring"
    }
    fn get(
        &self,
        _: &str,
    ) -> Result<Option<age::secrecy::SecretString>, codekeeper::vault::KeyStoreError> {
        Err(codekeeper::vault::KeyStoreError::NoService {
            detail: "ServiceUnknown".into(),
        })
    }
    fn set(
        &self,
        _: &str,
        _: &age::secrecy::SecretString,
    ) -> Result<(), codekeeper::vault::KeyStoreError> {
        Err(codekeeper::vault::KeyStoreError::NoService {
            detail: "ServiceUnknown".into(),
        })
    }
    fn delete(&self, _: &str) -> Result<(), codekeeper::vault::KeyStoreError> {
        Ok(())
    }
}

#[test]
fn no_keyring_offers_a_passphrase_key_file_and_notes_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    let (mut vault, paper) =
        codekeeper::vault::Vault::create(&paths, &MemoryKeyStore::default()).unwrap();
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
    drop(vault);
    let services = |dir: &std::path::Path| Services {
        store: Arc::new(NoKeyring),
        dialogs: Box::new(FakeDialogs(dir.to_path_buf())),
        clipboard: Box::new(FakeClipboard::default()),
        dirs: AppDirs {
            data_dir: dir.join("data"),
            config_dir: dir.join("config"),
        },
        inline_keyring: true,
    };
    let mut h = harness(App::new(services(dir.path())));
    h.run();
    assert!(matches!(
        h.state().state.screen,
        Screen::KeyProblem {
            kind: codekeeper::ui::state::KeyProblem::NoKeyring,
            ..
        }
    ));
    h.get_by_label("No system keyring is available");
    h.get_by_label("Keep the key in a passphrase-protected file…")
        .click();
    h.run();
    type_into(&mut h, "Paper key", paper.expose());
    type_into(&mut h, "New passphrase", "correct horse battery");
    type_into(&mut h, "New passphrase again", "correct horse battery");
    h.get_by_label("Open vault with paper key").click();
    h.run();
    assert!(
        matches!(h.state().state.screen, Screen::Main),
        "{:?}",
        h.state().state.error
    );
    assert!(
        paths.key_file().exists(),
        "the key now lives in the passphrase-protected file"
    );

    // Notes on codes.
    h.get_by_label("GitHub\n16 of 16 left · never printed")
        .click();
    h.run();
    h.get_by_label("Note for code 3 of GitHub").click();
    h.run();
    type_into(&mut h, "Note", "printed copy in the safe");
    h.get_by_label("Save note").click();
    h.run();
    let note = h.state().vault.as_ref().unwrap().payload().accounts[0]
        .active_set()
        .unwrap()
        .codes[2]
        .note
        .clone();
    assert_eq!(note.as_deref(), Some("printed copy in the safe"));
    drop(h);

    // Next start: the passphrase opens it; a wrong one is refused.
    let mut h = harness(App::new(services(dir.path())));
    h.run();
    type_into(&mut h, "Passphrase", "wrong passphrase");
    h.get_by_label("Unlock").click();
    h.run();
    match &h.state().state.screen {
        Screen::KeyProblem { kind, message } => {
            assert_eq!(*kind, codekeeper::ui::state::KeyProblem::Passphrase);
            assert!(message.contains("passphrase does not open"), "{message}");
        }
        _ => panic!("a wrong passphrase keeps the vault closed"),
    }
    type_into(&mut h, "Passphrase", "correct horse battery");
    h.get_by_label("Unlock").click();
    h.run();
    assert!(matches!(h.state().state.screen, Screen::Main));
}

/// Steps the window until `done` holds (work on threads reports back between frames).
fn step_until(h: &mut Harness<'static, App>, done: impl Fn(&App) -> bool) {
    let start = std::time::Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "timed out waiting for background work"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.step();
}

#[test]
fn keyring_and_saves_run_off_the_ui_thread() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    let paper = vault_with_github_codes(&paths, store.as_ref());
    let mut h = harness(App::new(Services {
        store,
        dialogs: Box::new(FakeDialogs(dir.path().to_path_buf())),
        clipboard: Box::new(FakeClipboard::default()),
        dirs: AppDirs {
            data_dir: dir.path().join("data"),
            config_dir: dir.path().join("config"),
        },
        inline_keyring: false,
    }));
    h.step();
    step_until(&mut h, |app| matches!(app.state.screen, Screen::Main));
    h.state_mut().act(codekeeper::action::Action::Select(0));
    h.state_mut().act(codekeeper::action::Action::UseNextCode);
    assert!(h.state().is_saving(), "the save runs on its thread");
    assert_eq!(
        h.state().payload().unwrap().accounts[0]
            .active_set()
            .unwrap()
            .unused_count(),
        15,
        "the window shows the change at once"
    );
    step_until(&mut h, |app| !app.is_saving());
    assert!(
        !h.state().state.unsaved && h.state().state.error.is_none(),
        "{:?}",
        h.state().state.error
    );
    h.state_mut().act(codekeeper::action::Action::Lock);
    drop(h);
    let vault = codekeeper::vault::Vault::open_with_paper_key(&paths, paper.expose()).unwrap();
    assert_eq!(
        vault.payload().accounts[0]
            .active_set()
            .unwrap()
            .unused_count(),
        15,
        "the save reached the disk"
    );
}
