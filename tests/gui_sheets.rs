//! Printed sheets in the window, through its accessibility tree: a printer-blind sheet
//! printed from the print dialog, rendered with `pdftoppm` as a scan would be, and
//! checked back with *Check sheets…*: the results name the code to tick, say what to
//! retake for a picture without a code, and the check date reaches the vault file.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::process::Command;
use std::sync::Arc;

use codekeeper::ui::state::{Modal, Screen};
use codekeeper::vault::keystore::MemoryKeyStore;
use common::window::*;
use egui_kittest::kittest::Queryable;

#[test]
fn print_a_blind_sheet_and_check_it_from_a_scan() {
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        assert!(
            std::env::var_os(common::REQUIRE_ENV).is_none(),
            "pdftoppm is required (scripts/test.sh installs it)"
        );
        eprintln!("SKIPPED: pdftoppm not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryKeyStore::default());
    let paths = codekeeper::vault::VaultPaths::new(dir.path().join("data"));
    vault_with_github_codes(&paths, store.as_ref());
    let mut h = harness(app(dir.path(), store.clone(), FakeClipboard::default()));
    h.run();
    assert!(matches!(h.state().state.screen, Screen::Main));

    // Print all, printer-blind.
    h.get_by_label("Print all…").click();
    h.run();
    h.get_by_label_contains("Each sheet carries an encrypted QR code");
    h.get_by_label("Printer-blind: codes only in the encrypted QR code")
        .click();
    h.run();
    h.get_by_label_contains("a shared printer keeps nothing usable");
    h.get_by_label("Save PDF…").click();
    h.run();
    let pdf = dir.path().join("codekeeper-sheets.pdf");
    assert!(pdf.exists(), "{:?}", h.state().state.error);
    let sheets = &h.state().vault.as_ref().unwrap().payload().sheets;
    assert!(sheets[0].blind && sheets[0].checked_at.is_none());
    let id = sheets[0].id.clone();

    // A scan of the page, and a picture without any code.
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(photos.join("scan"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    image::GrayImage::from_pixel(900, 700, image::Luma([250]))
        .save(photos.join("wall.png"))
        .unwrap();

    // A code used since printing.
    {
        let vault = h.state_mut().vault.as_mut().unwrap();
        vault.payload_mut().accounts[0]
            .active_set_mut()
            .unwrap()
            .codes[1]
            .state = codekeeper::vault::CodeState::Used;
        vault.save().unwrap();
    }
    h.run();

    h.get_by_label("Check sheets…").click();
    h.run();
    assert!(
        matches!(h.state().state.modal, Modal::SheetChecks(_)),
        "{:?}",
        h.state().state.error
    );
    h.get_by_label("Printed sheets checked");
    h.get_by_label(&format!(
        "Sheet {id} for GitHub matches the active set; 1 code was used since it was printed — tick 2 on the paper if not done yet."
    ));
    h.get_by_label("wall.png");
    h.get_by_label_contains(
        "No sheet read: no QR code was found in it. To fix: take the photo again",
    );
    h.get_by_label("Done").click();
    h.run();
    assert!(matches!(h.state().state.modal, Modal::None));
    for _ in 0..200 {
        if !h.state().is_saving() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    drop(h);

    // The check date was saved in the vault file.
    let vault = codekeeper::vault::Vault::open(&paths, store.as_ref()).unwrap();
    assert!(vault.payload().sheets[0].checked_at.is_some());
}
