//! The window while a sync tool changes the vault's folder underneath it (real file
//! watching): another computer's vault file is taken in without a word lost, a save
//! that meets such a file merges it, and conflict copies are merged as they appear.
//! The selection stays on the account the user was looking at.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use codekeeper::action::Action;
use codekeeper::app::App;
use codekeeper::ui::state::Screen;
use codekeeper::vault::keystore::MemoryKeyStore;
use codekeeper::vault::{Payload, VaultPaths, crypto, file};
use common::window::*;
use egui_kittest::Harness;

/// What another computer writes: the vault as it is on disk, with `change` applied,
/// encrypted to the same keys (decrypted here with the paper key).
fn other_computer_writes(
    paths: &VaultPaths,
    paper: &str,
    to: &std::path::Path,
    change: impl FnOnce(&mut Payload),
) {
    let key = crypto::parse_identity(paper).unwrap();
    let plain = crypto::decrypt(&std::fs::read(paths.vault()).unwrap(), &key).unwrap();
    let mut payload = Payload::from_toml(std::str::from_utf8(&plain).unwrap()).unwrap();
    change(&mut payload);
    payload.generation += 1;
    let recipients: Vec<_> = payload
        .recipients
        .all()
        .map(|r| crypto::parse_recipient(r).unwrap())
        .collect();
    let text = payload.to_toml().unwrap();
    let bytes = crypto::encrypt(text.as_bytes(), &recipients).unwrap();
    file::write_durably(to, &bytes).unwrap();
}

fn use_github_code(n: usize) -> impl FnOnce(&mut Payload) {
    move |p: &mut Payload| {
        p.accounts[0].active_set_mut().unwrap().codes[n].mark_used(jiff::Timestamp::now());
    }
}

fn unused(app: &App, account: usize) -> usize {
    app.payload().unwrap().accounts[account]
        .active_set()
        .unwrap()
        .unused_count()
}

fn toast(app: &App) -> String {
    app.state
        .toast
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

/// Steps frames until `done`, giving the file watcher time to report.
fn step_until(h: &mut Harness<'static, App>, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out; toast {:?}, error {:?}",
            toast(h.state()),
            h.state().state.error
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
}

fn open_window(dir: &std::path::Path) -> (Harness<'static, App>, String, VaultPaths) {
    let store = Arc::new(MemoryKeyStore::default());
    let paths = VaultPaths::new(dir.join("data"));
    let paper = vault_with_two_accounts(&paths, store.as_ref());
    let mut h = harness(app(dir, store, FakeClipboard::default()));
    h.run();
    assert!(matches!(h.state().state.screen, Screen::Main));
    // The user looks at Google (the second account).
    h.state_mut().act(Action::Select(1));
    h.run();
    (h, paper.expose().to_owned(), paths)
}

#[test]
fn another_computers_vault_file_is_taken_in_while_the_window_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, paper, paths) = open_window(dir.path());
    other_computer_writes(&paths, &paper, &paths.vault(), use_github_code(0));
    step_until(&mut h, |app| {
        toast(app).contains("Changes from another computer")
    });
    assert_eq!(
        toast(h.state()),
        "Changes from another computer: 1 code marked used on GitHub."
    );
    assert_eq!(unused(h.state(), 0), 15);
    assert_eq!(h.state().state.selected, Some(1), "still on Google");
    assert!(
        h.state().state.error.is_none(),
        "{:?}",
        h.state().state.error
    );
    // Nothing of this window was missing from the file: it was not written again.
    let on_disk = std::fs::read(paths.vault()).unwrap();
    h.step();
    assert_eq!(std::fs::read(paths.vault()).unwrap(), on_disk);
    // A code used here now is saved on top of it.
    h.state_mut().act(Action::UseNextCode);
    h.run();
    assert!(
        h.state().state.error.is_none(),
        "{:?}",
        h.state().state.error
    );
    assert_eq!(unused(h.state(), 1), 9);
}

#[test]
fn a_save_that_meets_another_computers_file_merges_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, paper, paths) = open_window(dir.path());
    other_computer_writes(&paths, &paper, &paths.vault(), use_github_code(0));
    // Before the window noticed, the user uses Google's next code.
    h.state_mut().act(Action::UseNextCode);
    h.run();
    assert!(
        h.state().state.error.is_none(),
        "{:?}",
        h.state().state.error
    );
    assert!(
        toast(h.state()).contains(
            "Saved, together with changes from another computer: 1 code marked used on GitHub"
        ),
        "{}",
        toast(h.state())
    );
    assert_eq!((unused(h.state(), 0), unused(h.state(), 1)), (15, 9));
    assert_eq!(h.state().state.selected, Some(1));
    h.state_mut().act(Action::Lock);
    drop(h);
    let vault = codekeeper::vault::Vault::open_with_paper_key(&paths, &paper).unwrap();
    let used: Vec<usize> = vault
        .payload()
        .accounts
        .iter()
        .map(|a| a.active_set().unwrap().unused_count())
        .collect();
    assert_eq!(used, [15, 9], "both computers' codes are used on disk");
}

#[test]
fn a_conflict_copy_appearing_while_open_is_merged_and_moved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, paper, paths) = open_window(dir.path());
    let name = "vault.sync-conflict-20261126-101500-ABCDEFG.age";
    other_computer_writes(&paths, &paper, &paths.dir.join(name), use_github_code(3));
    step_until(&mut h, |app| toast(app).contains("Merged changes"));
    assert_eq!(
        toast(h.state()),
        "Merged changes from another computer: 1 code marked used on GitHub."
    );
    assert!(!paths.dir.join(name).exists());
    assert!(paths.merged_dir().join(name).exists());
    assert_eq!(unused(h.state(), 0), 15);
    assert_eq!(h.state().state.selected, Some(1));
}
