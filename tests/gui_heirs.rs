//! The paper key in the window beyond first run, through its accessibility tree:
//! rehearsing it from the status bar (a wrong key is said at the field, the right one
//! is recorded and the reminder goes), making an heir kit from Settings (the PDF's
//! shares read back with `pdftotext`), and restoring this computer with two of those
//! shares typed on the restore screen.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::sync::Arc;

use codekeeper::ui::state::{Modal, Screen};
use codekeeper::vault::keystore::MemoryKeyStore;
use common::printed_shares;
use common::window::*;
use egui_kittest::kittest::Queryable;

#[test]
fn rehearse_make_an_heir_kit_and_restore_with_its_shares() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    let paper = vault_with_github_codes(&paths, store.as_ref());
    let mut h = harness(app(dir.path(), store, FakeClipboard::default()));
    h.run();
    assert!(matches!(h.state().state.screen, Screen::Main));

    // The status bar asks for a rehearsal; a wrong key is said at the field.
    h.get_by_label("Your paper key was never typed back to prove it works.");
    h.get_by_label("Rehearse now…").click();
    h.run();
    let stranger =
        codekeeper::vault::crypto::identity_secret(&codekeeper::vault::crypto::generate_identity());
    type_into(
        &mut h,
        "Paper key",
        age::secrecy::ExposeSecret::expose_secret(&stranger),
    );
    h.get_by_label("Check the key").click();
    h.run();
    h.get_by_label_contains("That is a valid paper key, but not this vault's");
    assert!(
        h.state()
            .vault
            .as_ref()
            .unwrap()
            .payload()
            .paper_key_proven
            .is_none()
    );
    let Modal::Rehearse(entry) = &mut h.state_mut().state.modal else {
        panic!("the rehearsal dialog stays open");
    };
    entry.text = zeroize::Zeroizing::new(String::new());
    entry.error = None;
    h.run();
    type_into(&mut h, "Paper key", &paper.expose().to_lowercase());
    h.get_by_label("Check the key").click();
    h.run();
    assert!(matches!(h.state().state.modal, Modal::None));
    h.get_by_label_contains("That is this vault's paper key");
    assert!(
        h.state()
            .vault
            .as_ref()
            .unwrap()
            .payload()
            .paper_key_proven
            .is_some()
    );
    assert!(
        h.query_by_label("Rehearse now…").is_none(),
        "the reminder is gone"
    );

    // An heir kit from Settings: 3 shares, any 2.
    h.get_by_label("Settings").click();
    h.run();
    settle(&mut h);
    h.get_by_label_contains("Last proven");
    h.get_by_label("Make an heir kit…").click();
    h.run();
    h.get_by_label_contains("Any 2 of the 3 people can open the vault together");
    type_into(&mut h, "Paper key", paper.expose());
    settle(&mut h);
    h.get_by_label("Save the heir kit…").click();
    h.run();
    let pdf = dir.path().join("codekeeper-heir-kit.pdf");
    assert!(pdf.exists(), "{:?}", h.state().state.error);
    h.get_by_label_contains("Saved the heir kit to");
    let kits = &h.state().vault.as_ref().unwrap().payload().heir_kits;
    assert_eq!((kits.len(), kits[0].threshold, kits[0].shares), (1, 2, 3));
    let shares = printed_shares(&pdf);
    assert_eq!(shares.len(), 3);
    drop(h);

    // Another computer's keyring (empty): restore with two of the shares.
    let mut h = harness(app(
        dir.path(),
        Arc::new(MemoryKeyStore::default()),
        FakeClipboard::default(),
    ));
    h.run();
    assert!(matches!(h.state().state.screen, Screen::KeyProblem { .. }));
    h.get_by_label("Restore with heir shares…").click();
    h.run();
    type_into(&mut h, "Heir shares", &shares[2]);
    h.get_by_label_contains("1 of the 2 shares needed read correctly");
    h.key_press(eframe::egui::Key::Enter);
    h.run();
    assert!(
        matches!(h.state().state.screen, Screen::Restore),
        "Enter with too few shares does nothing"
    );
    h.get_by_label("Heir shares")
        .type_text(&shares[0].to_uppercase());
    h.run();
    h.get_by_label_contains("2 shares read correctly; 2 are needed. Ready.");
    h.get_by_label("Open vault with heir shares").click();
    h.run();
    assert!(
        matches!(h.state().state.screen, Screen::Main),
        "{:?}",
        h.state().state.error
    );
    h.get_by_label_contains("Opened with the heir shares");
    assert_eq!(
        h.state().vault.as_ref().unwrap().payload().accounts.len(),
        1
    );
}
