//! The window's *Check printed sheets…*: pick photos or scans, read their QR codes on a
//! thread ([`crate::keeper::sheets::read_pictures`]), then check them against the
//! vault ([`crate::keeper::sheets::check`]), record the date and list what each sheet
//! needs, in the engine's words.

use std::path::PathBuf;

use jiff::Timestamp;

use super::App;
use super::jobs::{self, Started};
use crate::keeper::{self, KeeperError, sheets::Finding};
use crate::ui::state::{CheckedPicture, Modal, PathPurpose};

/// What the reading thread hands back.
pub(super) type ReadResult = Result<Vec<keeper::sheets::Picture>, KeeperError>;

/// How long the window waits for pictures to be read.
pub(super) const GIVE_UP_AFTER: std::time::Duration = std::time::Duration::from_secs(120);

/// Said when it gives up.
pub(super) const TOO_SLOW: &str = "Searching the pictures for QR codes took over two minutes, so Codekeeper stopped waiting. Choose a photo or scan of one sheet at a time. Nothing was changed.";

impl App {
    /// Asks for pictures and starts reading them.
    pub(super) fn check_sheets(&mut self) {
        if self.check_job.is_some() || self.vault.is_none() {
            return;
        }
        let paths: Vec<PathBuf> = if let Some(path) = self.typed_path.take() {
            vec![path]
        } else if !self.services.dialogs.available() {
            // Asks for a typed path and comes back here with it.
            let _ = self.ask_path(PathPurpose::OpenPictures);
            return;
        } else {
            self.services.dialogs.open_pictures()
        };
        if paths.is_empty() {
            return;
        }
        self.state.modal = Modal::None;
        match jobs::start("read-sheets", self.services.inline_keyring, move || {
            keeper::sheets::read_pictures(&paths)
        }) {
            Started::Running(job) => self.check_job = Some((job, std::time::Instant::now())),
            Started::Done(result) => self.finish_check(result),
        }
    }

    /// Checks what was read against the vault, records it, and shows the results.
    pub(super) fn finish_check(&mut self, result: ReadResult) {
        let pictures = match result {
            Ok(p) => p,
            Err(e) => return self.fail(&e),
        };
        self.wait_for_save();
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        let checks = keeper::sheets::check(vault, pictures, None, Timestamp::now());
        let found = checks
            .iter()
            .filter_map(|c| c.findings.as_ref().ok())
            .flatten()
            .any(|f| matches!(f, Finding::Checked(_)));
        let shown = checks
            .into_iter()
            .map(|c| CheckedPicture {
                name: c.path.file_name().map_or_else(
                    || c.path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ),
                lines: match c.findings {
                    Ok(findings) => findings
                        .iter()
                        .map(|f| {
                            let attention = match f {
                                Finding::Checked(check) => check.needs_action(),
                                Finding::Locked | Finding::Foreign => true,
                            };
                            (f.summary(), attention)
                        })
                        .collect(),
                    Err(e) => vec![(
                        format!("{}: {e}. To fix: {}.", "No sheet read", e.advice()),
                        true,
                    )],
                },
            })
            .collect();
        if found {
            self.save();
        }
        self.state.modal = Modal::SheetChecks(shown);
    }
}
