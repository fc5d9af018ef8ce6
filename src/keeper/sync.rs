//! One vault on several computers through a synced folder: merging the conflict
//! copies sync tools leave beside the vault, and copies the user names.
//!
//! Invariants:
//! - a copy is merged by the rules of [`crate::vault::merge`] (a used code stays
//!   used), saved through the vault's durable save, and only then moved to
//!   `backups/merged/`; a crash before the move merges it again at the next open,
//!   which changes nothing (merging is idempotent);
//! - a copy is never deleted; one that cannot be opened or merged stays where it is
//!   and the user is told why.

use std::path::{Path, PathBuf};

use crate::vault::file;
use crate::vault::merge::MergeReport;
use crate::vault::{FileError, Vault, VaultError};

use super::KeeperError;

/// A copy that was merged into the vault.
#[derive(Debug, Clone)]
pub struct MergedCopy {
    /// The copy's file name as the sync tool wrote it.
    pub name: String,
    /// What it changed.
    pub report: MergeReport,
    /// Where it was moved (`backups/merged/…`), when it was.
    pub moved_to: Option<PathBuf>,
}

/// A conflict copy left in place.
#[derive(Debug, Clone)]
pub struct SkippedCopy {
    /// The copy.
    pub path: PathBuf,
    /// Why it was not merged.
    pub reason: String,
}

/// What [`merge_conflict_copies`] did.
#[derive(Debug, Clone, Default)]
pub struct SyncOutcome {
    /// Copies merged.
    pub merged: Vec<MergedCopy>,
    /// Copies left as they were.
    pub skipped: Vec<SkippedCopy>,
}

impl SyncOutcome {
    /// Whether there was nothing to tell.
    pub fn is_empty(&self) -> bool {
        self.merged.is_empty() && self.skipped.is_empty()
    }
}

/// Finds the sync tools' conflict copies of the vault, merges each that opens with
/// the vault's key, saves once, then moves them to `backups/merged/`.
pub fn merge_conflict_copies(vault: &mut Vault) -> Result<SyncOutcome, KeeperError> {
    let mut outcome = SyncOutcome::default();
    let copies = vault.paths().conflict_copies()?;
    if copies.is_empty() {
        return Ok(outcome);
    }
    let before = vault.payload().clone();
    let mut merged_paths = Vec::new();
    for path in copies {
        match vault.merge_copy_file(&path) {
            Ok(report) => {
                outcome.merged.push(MergedCopy {
                    name: file_name(&path),
                    report,
                    moved_to: None,
                });
                merged_paths.push(path);
            }
            Err(e) => outcome.skipped.push(SkippedCopy {
                path,
                reason: reason(&e),
            }),
        }
    }
    // Nothing new in any copy: no save (two computers merging each other's copies
    // must not keep writing the vault); the copies are still moved aside.
    let anything_new = outcome.merged.iter().any(|m| !m.report.is_empty());
    if anything_new {
        if let Err(e) = vault.save() {
            *vault.payload_mut() = before;
            return Err(e.into());
        }
        for (copy, path) in outcome.merged.iter_mut().zip(&merged_paths) {
            match move_to_merged(vault, path) {
                Ok(to) => copy.moved_to = Some(to),
                Err(e) => tracing::warn!("merged copy not moved: {e}"),
            }
        }
    }
    Ok(outcome)
}

/// What [`refresh`] found.
#[derive(Debug, Clone, Default)]
pub struct Refreshed {
    /// What the vault file another program wrote brought (`None`: unchanged).
    pub from_disk: Option<MergeReport>,
    /// Conflict copies merged or left.
    pub copies: SyncOutcome,
}

impl Refreshed {
    /// Lines to tell the user (nothing when nothing new arrived).
    pub fn describe(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(r) = self.from_disk.as_ref().filter(|r| !r.is_empty()) {
            lines.push(format!("Changes from another computer: {}.", r.describe()));
        }
        for m in &self.copies.merged {
            lines.push(format!(
                "Merged changes from another computer: {}.",
                m.report.describe()
            ));
        }
        for s in &self.copies.skipped {
            lines.push(format!(
                "A conflict copy from another computer was left as it is ({}): {}.",
                s.path.display(),
                s.reason
            ));
        }
        lines
    }
}

/// For an open vault whose folder changed (a sync tool at work): takes in the vault
/// file if another program wrote it, then merges any conflict copies.
pub fn refresh(vault: &mut Vault) -> Result<Refreshed, KeeperError> {
    let from_disk = vault.reload_if_changed()?;
    let copies = if vault.read_only() {
        SyncOutcome::default()
    } else {
        merge_conflict_copies(vault)?
    };
    Ok(Refreshed { from_disk, copies })
}

/// Merges a copy the user names (a file from a USB stick, another computer's
/// `vault.age`) and saves. The file is left where it is.
pub fn merge_file(vault: &mut Vault, path: &Path) -> Result<MergeReport, KeeperError> {
    let before = vault.payload().clone();
    let report = vault.merge_copy_file(path)?;
    if report.is_empty() {
        return Ok(report);
    }
    if let Err(e) = vault.save() {
        *vault.payload_mut() = before;
        return Err(e.into());
    }
    Ok(report)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn reason(e: &VaultError) -> String {
    match e {
        VaultError::CopyUnreadable { reason, .. } => reason.clone(),
        VaultError::Merge { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// Moves a merged copy into `backups/merged/` under a name not taken yet.
fn move_to_merged(vault: &Vault, path: &Path) -> Result<PathBuf, FileError> {
    let dir = vault.paths().merged_dir();
    file::create_private_dir_all(&dir).map_err(|e| FileError::Io {
        action: "create",
        path: dir.clone(),
        source: e,
    })?;
    let name = file_name(path);
    let mut to = dir.join(&name);
    let mut n = 1;
    while to.exists() {
        n += 1;
        to = dir.join(format!("{n}-{name}"));
    }
    if file::move_aside(path, &to).is_err() {
        // Another file system (a vault linked into a synced folder elsewhere): a
        // durable copy first, then the original goes.
        let bytes = file::read_capped(path)?.unwrap_or_default();
        file::write_private(&to, &bytes)?;
        file::sync_dir(&dir)?;
        std::fs::remove_file(path).map_err(|e| FileError::Io {
            action: "remove",
            path: path.to_path_buf(),
            source: e,
        })?;
    }
    Ok(to)
}
