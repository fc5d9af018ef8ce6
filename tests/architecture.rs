//! The direction of dependencies: the core modules (vault, import, pdf, settings,
//! paths) and the engine (keeper) never depend on a front end, so they stay testable
//! and usable from the command line alone; the views never reach into the app; the
//! front ends never change codes field by field (they call the engine).

#![allow(clippy::unwrap_used, missing_docs)]

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_modules_do_not_import_gui_crates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in ["vault", "import", "pdf", "keeper", "slip39"] {
        rust_files(&src.join(dir), &mut files);
    }
    files.push(src.join("settings.rs"));
    files.push(src.join("paths.rs"));
    files.push(src.join("photo.rs"));
    assert!(files.len() > 10);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["egui", "eframe", "rfd::", "arboard", "clap"] {
            assert!(
                !text.contains(forbidden),
                "{} mentions {forbidden}",
                file.display()
            );
        }
    }
}

#[test]
fn views_do_not_import_the_app_and_front_ends_do_not_edit_codes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut ui = Vec::new();
    rust_files(&src.join("ui"), &mut ui);
    for file in &ui {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            !text.contains("crate::app::") && !text.contains("use crate::app"),
            "{} imports the app (views take the state they draw)",
            file.display()
        );
    }
    let mut front = Vec::new();
    for dir in ["cli", "app", "ui"] {
        rust_files(&src.join(dir), &mut front);
    }
    assert!(front.len() > 8);
    for file in front {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in [
            "used_at =",
            "CodeState::",
            ".state =",
            "import_set(",
            "rotate_recovery_key",
            "reenroll(",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} changes the vault itself ({forbidden}); call crate::keeper instead",
                file.display()
            );
        }
    }
}
