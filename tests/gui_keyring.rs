//! The window with the real Secret Service changing under it: the keyring entry is
//! deleted while the vault is open, then the keyring is locked while it is open.
//! Each time the open vault keeps working, locking and unlocking says what
//! happened and what to do, the paper key gets back in, and nothing is lost.
//!
//! The window runs in a child process of this test (the same binary, re-run) whose
//! environment names a private D-Bus session with gnome-keyring-daemon.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::sync::Arc;

use codekeeper::action::Action;
use codekeeper::ui::state::Screen;
use codekeeper::vault::VaultPaths;
use codekeeper::vault::keystore::OsKeyring;
use common::window::*;
use common::{Bus, Session, real_keyring_available};
use egui_kittest::kittest::Queryable;

const CHILD: &str = "CODEKEEPER_GUI_KEYRING_CHILD";
const TEST: &str = "the_keyring_deleted_or_locked_while_the_window_runs";

#[test]
fn the_keyring_deleted_or_locked_while_the_window_runs() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    if !real_keyring_available(TEST) {
        return;
    }
    let session = Session::with_keyring();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("DBUS_SESSION_BUS_ADDRESS", &session.address)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "the window run failed:\n{stdout}\n{stderr}"
    );
}

fn key_problem(h: &egui_kittest::Harness<'static, codekeeper::app::App>) -> String {
    match &h.state().state.screen {
        Screen::KeyProblem { kind, .. } => format!("{kind:?}"),
        _ => panic!(
            "expected the key problem screen: {:?}",
            h.state().state.error
        ),
    }
}

/// Unused codes of the first account in the vault file, read with the paper key
/// (the window holds the vault's lock, so it is read as the stock `age` would).
fn unused_on_disk(paths: &VaultPaths, paper: &str) -> usize {
    let identity = codekeeper::vault::crypto::parse_identity(paper).unwrap();
    let bytes = std::fs::read(paths.vault()).unwrap();
    let plain = codekeeper::vault::crypto::decrypt(&bytes, &identity).unwrap();
    let payload =
        codekeeper::vault::Payload::from_toml(std::str::from_utf8(&plain).unwrap()).unwrap();
    payload.accounts[0].active_set().unwrap().unused_count()
}

fn child() {
    let bus = Bus(std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap());
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path().join("data"));
    let store = Arc::new(OsKeyring::new());
    let paper = vault_with_github_codes(&paths, store.as_ref());
    assert_eq!(bus.item_count(), 1);
    let clipboard = FakeClipboard::default();
    let mut h = harness(app(dir.path(), Arc::clone(&store), clipboard.clone()));
    h.run();
    assert!(matches!(h.state().state.screen, Screen::Main));
    h.get_by_label("GitHub, 16 of 16 left").click();
    h.run();

    // 1. The entry is deleted behind the window's back (another tool, a reset).
    bus.delete_all_items();
    // The open vault keeps working: a code is used and saved.
    h.state_mut().act(Action::UseNextCode);
    h.run();
    assert_eq!(
        clipboard.0.lock().unwrap().as_deref(),
        Some(github_codes()[0].as_str())
    );
    assert_eq!(unused_on_disk(&paths, paper.expose()), 15);
    // Lock, then unlock: the window says the key is missing and offers the paper key.
    h.get_by_label("Lock").click();
    h.run();
    h.get_by_label("Unlock with system keyring").click();
    h.run();
    assert_eq!(key_problem(&h), "KeyMissing");
    h.get_by_label("This computer's key for the vault is missing");
    open_with_paper_key(&mut h, paper.expose());
    assert_eq!(bus.item_count(), 1, "this computer is enrolled again");
    h.get_by_label("GitHub, 15 of 16 left").click();
    h.run();
    let payload = h.state().vault.as_ref().unwrap().payload();
    assert_eq!(
        payload.accounts[0].active_set().unwrap().unused_count(),
        15,
        "the code used before is still used"
    );

    // 2. The keyring is locked while the window runs (the desktop's timeout).
    bus.lock_all();
    h.state_mut().act(Action::UseNextCode);
    h.run();
    assert_eq!(
        clipboard.0.lock().unwrap().as_deref(),
        Some(github_codes()[1].as_str()),
        "the open vault keeps working with the keyring locked"
    );
    h.get_by_label("Lock").click();
    h.run();
    h.get_by_label("Unlock with system keyring").click();
    h.run();
    assert_eq!(key_problem(&h), "KeyringLocked");
    h.get_by_label("Your system keyring is locked");
    // Nothing was lost: the paper key opens the vault with both codes used.
    assert_eq!(unused_on_disk(&paths, paper.expose()), 14);
}
