//! The window's keyboard and layout promises, through its accessibility tree:
//! search keys (Enter, ↑/↓, Esc), nothing moves when a toast or the save status
//! appears, every control has its own name, the used code shown large, list filters
//! and print tick boxes, live paper-key checking, spin boxes within the settings
//! file's ranges, and a path field when no file dialog can open.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use codekeeper::action::Action;
use codekeeper::app::{App, Services};
use codekeeper::paths::AppDirs;
use codekeeper::ui::state::{Modal, Screen};
use codekeeper::vault::keystore::MemoryKeyStore;
use common::window::*;
use eframe::egui::accesskit::Role;
use eframe::egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// A window on a vault with GitHub (16 codes) and Google (10 codes).
fn two_accounts() -> (tempfile::TempDir, Harness<'static, App>, FakeClipboard) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    vault_with_two_accounts(&paths, store.as_ref());
    let clipboard = FakeClipboard::default();
    let mut h = harness(app(dir.path(), store, clipboard.clone()));
    h.run();
    (dir, h, clipboard)
}

fn selected(h: &Harness<'static, App>) -> Option<String> {
    let app = h.state();
    let i = app.state.selected?;
    Some(app.vault.as_ref()?.payload().accounts[i].service.clone())
}

#[test]
fn search_enter_opens_the_first_match_arrows_move_and_escape_clears() {
    let (_dir, mut h, _) = two_accounts();
    // The list is sorted by name: GitHub, then Google.
    type_into(&mut h, "Search", "g");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(selected(&h).as_deref(), Some("GitHub"));
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(selected(&h).as_deref(), Some("Google"));
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(selected(&h).as_deref(), Some("Google"), "stops at the end");
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(selected(&h).as_deref(), Some("GitHub"));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().state.search, "");
    // Ctrl+Enter uses the next code of the account the arrows chose.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    let payload = h.state().vault.as_ref().unwrap().payload();
    assert_eq!(payload.accounts[0].active_set().unwrap().unused_count(), 15);
    assert_eq!(payload.accounts[1].active_set().unwrap().unused_count(), 10);
}

#[test]
fn escape_in_a_dialog_closes_the_dialog_and_leaves_the_search() {
    let (_dir, mut h, _) = two_accounts();
    type_into(&mut h, "Search", "goo");
    h.get_by_label("Add codes…").click();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(matches!(h.state().state.modal, Modal::None));
    assert_eq!(h.state().state.search, "goo");
}

#[test]
fn nothing_moves_when_a_toast_or_the_save_status_appears() {
    let (_dir, mut h, _) = two_accounts();
    h.get_by_label("GitHub, 16 of 16 left").click();
    h.run();
    let before = h.get_by_label("Copy code 5 of GitHub").rect();
    let list_before = h.get_by_label("Google, 10 of 10 left").rect();
    h.get_by_label("Use code 1 of GitHub").click();
    h.run();
    assert!(h.state().state.toast.is_some(), "a toast is shown");
    assert!(h.state().saved_recently(), "the save status is shown");
    assert_eq!(h.get_by_label("Copy code 5 of GitHub").rect(), before);
    assert_eq!(h.get_by_label("Google, 10 of 10 left").rect(), list_before);
    // Revealing a code swaps its icon, not the row's layout.
    h.get_by_label("Reveal code 5 of GitHub").click();
    h.run();
    assert_eq!(h.get_by_label("Copy code 5 of GitHub").rect(), before);
    h.get_by_label("Hide code 5 of GitHub");
}

#[test]
fn every_control_has_its_own_name() {
    let (_dir, mut h, _) = two_accounts();
    h.get_by_label("GitHub, 16 of 16 left").click();
    h.run();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut unnamed = 0;
    for node in h.root().query_all(egui_kittest::kittest::by()) {
        let role = node.accesskit_node().role();
        let interactive = matches!(
            role,
            Role::Button
                | Role::CheckBox
                | Role::TextInput
                | Role::MultilineTextInput
                | Role::SpinButton
                | Role::ComboBox
                | Role::RadioButton
        );
        if !interactive {
            continue;
        }
        match node.accesskit_node().label() {
            Some(label) if !label.trim().is_empty() => *seen.entry(label).or_default() += 1,
            _ => unnamed += 1,
        }
    }
    let repeated: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "names used twice: {repeated:?}");
    assert_eq!(unnamed, 0, "controls without a name");
    assert!(seen.len() > 60, "{} controls", seen.len());
}

#[test]
fn the_used_code_is_shown_large_and_hidden_again_on_lock() {
    let (_dir, mut h, clipboard) = two_accounts();
    h.get_by_label("GitHub, 16 of 16 left").click();
    h.run();
    h.get_by_label("Use code 1 of GitHub").click();
    h.run();
    let code = github_codes()[0].clone();
    assert_eq!(clipboard.0.lock().unwrap().as_deref(), Some(code.as_str()));
    let toast = h.state().state.toast.as_ref().unwrap().text.clone();
    assert!(toast.starts_with("Code 1 of GitHub copied"), "{toast}");
    assert!(h.query_by_label(&code).is_none(), "masked until asked");
    h.get_by_label("Show").click();
    h.run();
    h.get_by_label(&code);
    h.get_by_label("Code 1 of GitHub");
    h.state_mut().act(Action::Lock);
    h.run();
    assert!(h.query_by_label(&code).is_none(), "lock hides it");
    assert!(matches!(h.state().state.modal, Modal::None));
}

#[test]
fn chips_filter_the_list_and_tick_boxes_choose_what_to_print() {
    let (dir, mut h, _) = two_accounts();
    // Use GitHub down to 2 codes: it becomes "low".
    h.get_by_label("GitHub, 16 of 16 left").click();
    h.run();
    for _ in 0..14 {
        h.state_mut().act(Action::UseNextCode);
    }
    h.run();
    h.get_by_label("Low").click();
    h.run();
    assert_eq!(h.state().filtered().len(), 1);
    h.get_by_label("GitHub, 2 of 16 left");
    assert!(h.query_by_label("Google, 10 of 10 left").is_none());
    h.get_by_label("Low").click();
    h.run();
    assert_eq!(h.state().filtered().len(), 2);
    // Tick both for printing: one PDF with two sheets.
    h.get_by_label("Tick GitHub for printing").click();
    h.get_by_label("Tick Google for printing").click();
    h.run();
    assert_eq!(h.state().state.marked.len(), 2);
    h.get_by_label("Print 2 ticked…").click();
    h.run();
    h.get_by_label("Save PDF…").click();
    h.run();
    let pdf = dir.path().join("codekeeper-sheets.pdf");
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF-"));
    assert_eq!(h.state().vault.as_ref().unwrap().payload().sheets.len(), 2);
}

#[test]
fn the_restore_screen_checks_the_key_as_it_is_typed() {
    let (_dir, mut h, _) = two_accounts();
    h.state_mut().act(Action::Lock);
    h.run();
    h.get_by_label("Use my paper key instead…").click();
    h.run();
    type_into(&mut h, "Paper key", "AGE-SECRET-KEY-1QQQQ QQIQ");
    h.get_by_label_contains("Group 2: “I” is never in a paper key");
    h.get_by_label("Show the key as I type").click();
    h.run();
    assert!(h.state().state.show_paper_input);
    // Locking again hides it and forgets what was typed.
    h.state_mut().act(Action::Lock);
    assert!(!h.state().state.show_paper_input);
    assert!(h.state().state.paper_input.is_empty());
}

#[test]
fn spin_boxes_stay_within_the_ranges_the_settings_file_accepts() {
    let (_dir, mut h, _) = two_accounts();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Comma);
    h.run();
    let idle = |h: &Harness<'static, App>| match &h.state().state.modal {
        Modal::Settings(s) => s.idle_lock_minutes,
        _ => panic!("settings open"),
    };
    assert_eq!(idle(&h), 5);
    h.get_by_label("More: Lock when idle for").click();
    h.run();
    assert_eq!(idle(&h), 6);
    for _ in 0..10 {
        h.get_by_label("Less: Lock when idle for").click();
        h.run();
    }
    assert_eq!(idle(&h), *codekeeper::settings::IDLE_LOCK_MINUTES.start());
    h.get_by_label("Save settings").click();
    h.run();
    assert_eq!(h.state().state.settings.idle_lock_minutes, 0);
}

#[test]
fn without_a_file_dialog_a_typed_path_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    vault_with_github_codes(&paths, store.as_ref());
    let mut h = harness(App::new(Services {
        store,
        dialogs: Box::new(FakeDialogs(dir.path().to_path_buf(), true)),
        clipboard: Box::new(FakeClipboard::default()),
        dirs: AppDirs {
            data_dir: dir.path().join("data"),
            config_dir: dir.path().join("config"),
        },
        inline_keyring: true,
    }));
    h.run();
    h.get_by_label("Print all…").click();
    h.run();
    h.get_by_label("Save PDF…").click();
    h.run();
    h.get_by_label_contains("file chooser is not available");
    let target = dir.path().join("typed.pdf");
    type_into(&mut h, "Path of the PDF to write", target.to_str().unwrap());
    h.get_by_label("Use this path").click();
    h.run();
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF-"));
    assert!(matches!(h.state().state.screen, Screen::Main));
    // Saving a copy asks for a folder the same way.
    h.get_by_label("Save a copy…").click();
    h.run();
    let folder = dir.path().join("stick");
    type_into(&mut h, "Folder for the copy", folder.to_str().unwrap());
    h.key_press(Key::Enter);
    h.run();
    assert!(folder.join("vault.age").is_file());
}

#[test]
fn the_three_jobs_with_the_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    let (mut vault, _) = codekeeper::vault::Vault::create(&paths, store.as_ref()).unwrap();
    vault.confirm_paper_key().unwrap();
    vault.save().unwrap();
    drop(vault);
    let clipboard = FakeClipboard::default();
    let mut h = harness(app(dir.path(), store, clipboard.clone()));
    h.run();
    // 1. Paste a list on the window (Ctrl+V), Enter stores it.
    let pasted = format!("GitHub recovery codes\n{}\n", github_codes().join("\n"));
    h.event(eframe::egui::Event::Paste(pasted));
    h.run();
    settle(&mut h);
    h.key_press(Key::Enter);
    h.run();
    let payload = h.state().vault.as_ref().unwrap().payload();
    assert_eq!(payload.accounts[0].service, "GitHub");
    assert_eq!(payload.accounts[0].active_set().unwrap().codes.len(), 16);
    h.key_press(Key::Escape); // "delete the file?" is not asked for pasted text
    h.run();
    // 2. Locked out: Ctrl+F, the site, Enter, Ctrl+Enter.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_label("Search").type_text("git");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    assert_eq!(
        clipboard.0.lock().unwrap().as_deref(),
        Some(github_codes()[0].as_str())
    );
    // 3. Print: Ctrl+P, Enter.
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let pdf = dir.path().join("codekeeper-sheets.pdf");
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF-"));
}
