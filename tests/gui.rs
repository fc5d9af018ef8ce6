//! The window driven through its accessibility tree with `egui_kittest`, the way a
//! screen reader sees it: first run, paste a GitHub list, use a code, undo, search,
//! print, lock and unlock. File dialogs and the clipboard are in-memory fakes;
//! the key store is the in-memory one (the real keyring is covered by `tests/cli.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::sync::Arc;

use codekeeper::app::{App, Services};
use codekeeper::paths::AppDirs;
use codekeeper::ui::state::Screen;
use codekeeper::vault::keystore::MemoryKeyStore;
use common::window::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn first_run_paste_use_undo_search_print_lock_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let clipboard = FakeClipboard::default();
    let mut h = harness(app(dir.path(), Arc::clone(&store), clipboard.clone()));
    h.run();

    // First run: create the vault, see the paper key once, confirm it.
    h.get_by_label("Create a new vault").click();
    h.run();
    let key = match &h.state().state.screen {
        Screen::PaperKey { key, .. } => age::secrecy::ExposeSecret::expose_secret(key).to_owned(),
        _ => panic!("the paper key is shown after creating the vault"),
    };
    // Once the key is hidden, one random group of four is asked for; a wrong one
    // is said at the field, and the key can be shown again.
    h.get_by_label("I have written it down").click();
    h.run();
    let (_, group) = shown_key(&h);
    let group = group.unwrap();
    let groups = codekeeper::vault::paper_key_groups(&key).1;
    assert_eq!(groups[group - 1].len(), 4, "a full group is asked for");
    h.query_by_label(&groups[0])
        .is_none()
        .then_some(())
        .expect("the key is hidden while a group is asked for");
    let wrong = if groups[group - 1] == "QQQQ" {
        "PPPP"
    } else {
        "QQQQ"
    };
    type_into(&mut h, &format!("Group {group} of the key"), wrong);
    h.get_by_label("Confirm").click();
    h.run();
    assert!(h.state().state.error.is_none(), "no modal for a typo");
    h.get_by_label_contains(&format!("That is not group {group}"));
    assert!(matches!(h.state().state.screen, Screen::PaperKey { .. }));
    h.get_by_label("Show the key again").click();
    h.run();
    assert_eq!(shown_key(&h).1, None);
    confirm_key(&mut h);
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
    settle(&mut h);
    // The card says how the list was found and where its site's name came from.
    h.get_by_label("16 codes");
    h.get_by_label("How: codes on lines of their own; the site named on line 1.");
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
    h.get_by_label("Use code 1 of GitHub").click();
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
    open_with_paper_key(&mut h, paper.expose());
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
    h.get_by_label("Create a new vault").click();
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
    confirm_key(&mut h);
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
    // Made with a key store that is gone afterwards: this computer has no key.
    let paper = vault_with_github_codes(&paths, &MemoryKeyStore::default());
    let services = |dir: &std::path::Path| Services {
        store: Arc::new(NoKeyring),
        dialogs: Box::new(FakeDialogs(dir.to_path_buf(), false)),
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
    type_into(&mut h, "New passphrase", "aaaaaaaa");
    h.get_by_label_contains("Strength: too weak");
    h.state_mut().state.passphrase = zeroize::Zeroizing::new(String::new());
    h.run();
    type_into(&mut h, "New passphrase", "correct horse battery");
    assert!(
        h.query_by_label_contains("Strength: good").is_some()
            || h.query_by_label_contains("Strength: strong").is_some()
    );
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
    h.get_by_label("GitHub, 16 of 16 left").click();
    h.run();
    h.get_by_label("More for code 3 of GitHub").click();
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
        dialogs: Box::new(FakeDialogs(dir.path().to_path_buf(), false)),
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

/// A vault in `dir` whose paper key was shown, with its key in the store returned.
fn vault_made(dir: &std::path::Path) -> Arc<MemoryKeyStore> {
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.join("data"));
    let mut vault = codekeeper::keeper::keys::create(&paths, store.as_ref())
        .unwrap()
        .shown()
        .unwrap();
    vault.save().unwrap();
    store
}

/// Opens *Add codes* and pastes the import fixture at `path` (under
/// `tests/fixtures/import/`).
fn paste_fixture(h: &mut Harness<'static, App>, path: &str) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import")
            .join(path),
    )
    .unwrap();
    h.get_by_label("Add codes…").click();
    h.run();
    type_into(h, "Codes", &text);
}

/// Asserts that, with `fixture` pasted into the add dialog of a 640 × 480 window,
/// each of `labels` (and the dialog's buttons) is on screen; the window, and the
/// folder of its vault, for more checks.
fn add_dialog_stays_on_a_small_screen(
    fixture: &str,
    labels: &[&str],
) -> (Harness<'static, App>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = vault_made(dir.path());
    let mut h = harness_sized(
        app(dir.path(), Arc::clone(&store), FakeClipboard::default()),
        640.0,
        480.0,
    );
    h.run();
    paste_fixture(&mut h, fixture);
    settle(&mut h);
    for label in ["Save codes", "Cancel"].iter().chain(labels) {
        let rect = h.get_by_label(label).rect();
        assert!(
            rect.left() >= 0.0 && rect.right() <= 640.0 && rect.bottom() <= 480.0,
            "{fixture}: {label} at {rect:?}"
        );
    }
    (h, dir)
}

/// In a 640 × 480 window, the add dialog of a notes file with long codes (32 hex
/// digits) stays on screen: each card lays out only as many columns of codes as fit,
/// and says how its list was found. Three columns made the dialog wider than the
/// window, its left edge and buttons off screen.
#[test]
fn long_codes_keep_the_add_dialog_on_a_small_screen() {
    let (h, _dir) = add_dialog_stays_on_a_small_screen(
        "notes_file_six_letter_site_headings/2fa-notes.txt",
        &["How: codes on lines of their own; the site named on line 1."],
    );
    h.get_by_label("Site of list 3");
}

/// Tuta's code of 16 groups is wider than the dialog in a 640 × 480 window: it wraps
/// between its groups, and the dialog stays on screen. Laid out whole, it pushed the
/// dialog's left edge and its Save button off screen.
#[test]
fn a_code_wider_than_a_small_window_wraps_in_the_add_dialog() {
    for fixture in [
        "tuta_recovery_code/pasted",
        "pdf_copy_tuta_code_wrapped/notes.txt",
    ] {
        add_dialog_stays_on_a_small_screen(fixture, &["Add codes"]);
    }
}

#[test]
fn a_notes_file_with_several_sites_is_stored_as_several_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let store = vault_made(dir.path());
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    paste_fixture(&mut h, "notes_file_several_sites/my-2fa-notes.md");
    // One card per list, each with its own fields, filled from the guesses.
    h.get_by_label("Site of list 1");
    h.get_by_label("Account of list 3");
    settle(&mut h);
    let save = h.get_by_label("Save codes");
    assert!(save.rect().bottom() < 900.0, "the button stays on screen");
    save.click();
    h.run();
    assert!(
        h.state().state.error.is_none(),
        "{:?}",
        h.state().state.error
    );
    let names: Vec<String> = h
        .state()
        .vault
        .as_ref()
        .unwrap()
        .payload()
        .accounts
        .iter()
        .map(|a| {
            format!(
                "{} {}",
                a.display_name(),
                a.active_set().unwrap().codes.len()
            )
        })
        .collect();
    // The same as the command line stores for this file (tests/cli.rs).
    assert_eq!(names, ["GitHub:alice 4", "Google 4", "PyPI 3"]);
}

#[test]
fn the_selection_follows_the_search_so_a_hidden_account_is_never_used() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    vault_with_two_accounts(&paths, store.as_ref());
    let clipboard = FakeClipboard::default();
    let mut h = harness(app(dir.path(), Arc::clone(&store), clipboard.clone()));
    h.run();
    h.get_by_label("Google, 10 of 10 left").click();
    h.run();
    assert_eq!(h.state().state.selected, Some(1));
    // "git" hides Google: the one visible match, GitHub, is selected instead.
    type_into(&mut h, "Search", "git");
    assert_eq!(h.state().state.selected, Some(0));
    h.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::Enter);
    h.run();
    let payload = h.state().vault.as_ref().unwrap().payload();
    assert_eq!(
        payload.accounts[1].active_set().unwrap().unused_count(),
        10,
        "Google untouched"
    );
    assert_eq!(payload.accounts[0].active_set().unwrap().unused_count(), 15);
    assert_eq!(
        clipboard.0.lock().unwrap().as_deref(),
        Some(github_codes()[0].as_str())
    );
    let toast = &h.state().state.toast.as_ref().unwrap().text;
    assert!(
        toast.starts_with("Code 1 of GitHub copied and marked used"),
        "{toast}"
    );
    // No match: nothing is selected and "use next code" uses nothing.
    type_into(&mut h, "Search", "zzz");
    assert_eq!(h.state().state.selected, None);
    h.state_mut().act(codekeeper::action::Action::UseNextCode);
    let payload = h.state().vault.as_ref().unwrap().payload();
    assert_eq!(payload.accounts[0].active_set().unwrap().unused_count(), 15);
    assert_eq!(payload.accounts[1].active_set().unwrap().unused_count(), 10);
}

#[test]
fn locking_drops_every_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    vault_with_github_codes(&paths, store.as_ref());
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    use codekeeper::action::Action;
    for open in [Action::OpenSettings, Action::PrintAll, Action::EditNote(0)] {
        h.state_mut().act(Action::Select(0));
        h.state_mut().act(open);
        h.run();
        assert!(!matches!(
            h.state().state.modal,
            codekeeper::ui::state::Modal::None
        ));
        h.state_mut().act(Action::Lock);
        h.run();
        assert!(
            matches!(h.state().state.modal, codekeeper::ui::state::Modal::None),
            "{open:?}"
        );
        assert!(h.state().vault.is_none());
        h.get_by_label("Unlock with system keyring").click();
        h.run();
        assert!(matches!(
            h.state().state.modal,
            codekeeper::ui::state::Modal::None
        ));
    }
}

#[test]
fn a_new_paper_key_replaces_the_old_one_only_once_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    let old = vault_with_github_codes(&paths, store.as_ref());
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Make a new recovery key…").click();
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert!(
        matches!(h.state().state.screen, Screen::Main),
        "cancel changes nothing"
    );
    assert!(!h.state().vault.as_ref().unwrap().rotation_pending());
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label("Make a new recovery key…").click();
    h.run();
    h.get_by_label("Make a new key").click();
    h.run();
    let new = match &h.state().state.screen {
        Screen::PaperKey {
            key,
            replaces_old: true,
            ..
        } => age::secrecy::ExposeSecret::expose_secret(key).to_owned(),
        _ => panic!("the new key is shown as the NEW key"),
    };
    h.get_by_label("Your NEW paper recovery key");
    // Locked before confirming: the new key is dropped, the old one stays valid.
    h.state_mut().act(codekeeper::action::Action::Lock);
    drop(h);
    assert!(codekeeper::vault::Vault::open_with_paper_key(&paths, old.expose()).is_ok());
    assert!(codekeeper::vault::Vault::open_with_paper_key(&paths, &new).is_err());
    // Confirmed: the new key is the only paper key.
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    h.state_mut()
        .act(codekeeper::action::Action::ConfirmNewPaperKey);
    h.run();
    let new = match &h.state().state.screen {
        Screen::PaperKey { key, .. } => age::secrecy::ExposeSecret::expose_secret(key).to_owned(),
        _ => panic!("paper key screen"),
    };
    confirm_key(&mut h);
    assert!(matches!(h.state().state.screen, Screen::Main));
    h.state_mut().act(codekeeper::action::Action::Lock);
    drop(h);
    assert!(codekeeper::vault::Vault::open_with_paper_key(&paths, old.expose()).is_err());
    assert!(codekeeper::vault::Vault::open_with_paper_key(&paths, &new).is_ok());
}

#[test]
fn accounts_are_renamed_archived_and_the_vault_is_copied_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    let paper = vault_with_two_accounts(&paths, store.as_ref());
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    h.get_by_label("Google, 10 of 10 left").click();
    h.run();
    h.get_by_label("Account actions for Google").click();
    h.run();
    h.get_by_label("Rename Google…").click();
    h.run();
    type_into(&mut h, "New account name", "alice@example.com");
    h.get_by_label("Rename").click();
    h.run();
    let payload = h.state().vault.as_ref().unwrap().payload();
    assert_eq!(
        payload.accounts[1].display_name(),
        "Google:alice@example.com"
    );
    h.get_by_label("Account actions for Google:alice@example.com")
        .click();
    h.run();
    h.get_by_label("Archive Google:alice@example.com").click();
    h.run();
    assert_eq!(h.state().state.selected, None);
    assert_eq!(
        h.state().filtered(),
        vec![0],
        "archived accounts leave the list"
    );
    h.get_by_label("Archived").click();
    h.run();
    assert_eq!(h.state().filtered(), vec![1]);
    // The copy elsewhere: encrypted, opens with the paper key.
    h.get_by_label("Save a copy…").click();
    h.run();
    let copy = dir.path().join("usb-stick").join("vault.age");
    let id = codekeeper::vault::crypto::parse_identity(paper.expose()).unwrap();
    let text = codekeeper::vault::crypto::decrypt(&std::fs::read(copy).unwrap(), &id).unwrap();
    assert!(
        String::from_utf8(text.to_vec())
            .unwrap()
            .contains("alice@example.com")
    );
}

#[test]
fn a_new_computer_restores_from_a_copy_with_the_paper_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    // The old computer's vault, copied to the "USB stick" the fake dialog picks.
    let old = codekeeper::vault::VaultPaths::new(dir.path().join("old"));
    let paper = vault_with_github_codes(&old, store.as_ref());
    let mut vault = codekeeper::vault::Vault::open(&old, store.as_ref()).unwrap();
    codekeeper::keeper::backup::save_copy(
        &mut vault,
        &dir.path().join("usb-stick"),
        jiff::Timestamp::now(),
    )
    .unwrap();
    drop(vault);
    store.clear();
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    h.get_by_label("I have a vault — restore with my paper key…")
        .click();
    h.run();
    h.get_by_label("Choose the folder with your copy…").click();
    h.run();
    type_into(&mut h, "Paper key", paper.expose());
    h.get_by_label("Open vault with paper key").click();
    h.run();
    assert!(
        matches!(h.state().state.screen, Screen::Main),
        "{:?}",
        h.state().state.error
    );
    assert_eq!(h.state().payload().unwrap().accounts[0].service, "GitHub");
    assert_eq!(store.len(), 1, "this computer is enrolled");
}

#[test]
fn a_file_in_a_legacy_encoding_opens_and_says_how_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    vault_with_github_codes(&paths, store.as_ref());
    let file = dir.path().join("notizen.txt");
    // A German note saved as "ANSI" (Windows-1252): refused as "not text" before.
    std::fs::write(
        &file,
        b"PyPI Wiederherstellungscodes f\xFCr J\xFCrgen (Geb\xFChr 0 \x80)\r\n\
          1a2b3c4d5e6f7a8b\r\n2b3c4d5e6f7a8b9c\r\n3c4d5e6f7a8b9c0d\r\n",
    )
    .unwrap();
    let mut h = harness(app(
        dir.path(),
        Arc::clone(&store),
        FakeClipboard::default(),
    ));
    h.run();
    h.state_mut().open_dropped(file);
    h.run();
    h.get_by_label_contains("Read as Windows-1252");
    match &h.state().state.modal {
        codekeeper::ui::state::Modal::Add(add) => {
            assert!(add.text.contains("für Jürgen (Gebühr 0 €)"));
        }
        _ => panic!("the Add codes dialog is open"),
    }
    h.get_by_label_contains("3 codes");
}
