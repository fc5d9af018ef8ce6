//! The core modules (vault, import, pdf, settings, paths) never depend on the GUI,
//! so they stay testable and usable from the command line alone.

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
    for dir in ["vault", "import", "pdf"] {
        rust_files(&src.join(dir), &mut files);
    }
    files.push(src.join("settings.rs"));
    files.push(src.join("paths.rs"));
    assert!(files.len() > 10);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["egui", "eframe", "rfd::", "arboard"] {
            assert!(
                !text.contains(forbidden),
                "{} mentions {forbidden}",
                file.display()
            );
        }
    }
}
