//! Paper: recovery sheets and the recovery kit, written as PDF files.
//!
//! Invariants: a PDF holds codes or the paper key in plain text, so it is created
//! readable by its owner only, is never visible under any name before it is
//! complete ([`crate::vault::file::write_private`]), may be named by a relative path,
//! and is never written inside the data directory or over a vault, backup, id, lock
//! or key file ([`check_output`]). The vault records a printed sheet only after the
//! PDF was written.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::KeeperError;
use crate::pdf;
use crate::settings::PaperSize;
use crate::vault::model::PrintedSheet;
use crate::vault::{Payload, Vault, VaultPaths};

impl From<PaperSize> for pdf::Paper {
    fn from(size: PaperSize) -> Self {
        match size {
            PaperSize::A4 => Self::A4,
            PaperSize::Letter => Self::Letter,
        }
    }
}

/// Checks where a PDF may go and returns the path to write (made absolute, so a
/// later change of directory cannot move it). Refused: a folder that does not exist,
/// anything inside the data directory, and names of vault-related files anywhere.
pub fn check_output(paths: &VaultPaths, output: &Path) -> Result<PathBuf, KeeperError> {
    let refuse = |reason| KeeperError::OutputPath {
        path: output.to_path_buf(),
        reason,
    };
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| refuse("this is not a file name"))?;
    let lower = name.to_lowercase();
    if lower.ends_with(".age")
        || ["vault.id", "vault.lock"].contains(&lower.as_str())
        || lower.starts_with("vault.corrupt-")
    {
        return Err(refuse(
            "that name belongs to a Codekeeper vault, backup or key file; a PDF must not replace it",
        ));
    }
    let absolute = std::path::absolute(output).map_err(|_| refuse("this path cannot be used"))?;
    let dir = crate::vault::file::parent_dir(&absolute);
    let dir = dir
        .canonicalize()
        .map_err(|_| refuse("the folder does not exist"))?;
    if let Ok(data) = paths.dir.canonicalize()
        && dir.starts_with(&data)
    {
        return Err(refuse(
            "this is inside Codekeeper's data folder, which holds the vault; save the PDF somewhere else",
        ));
    }
    let target = dir.join(name);
    if target.is_dir() {
        return Err(refuse("this is a folder"));
    }
    // A link named like a PDF may point into the data folder.
    if let Ok(real) = target.canonicalize()
        && let Ok(data) = paths.dir.canonicalize()
        && real.starts_with(&data)
    {
        return Err(refuse("this links into Codekeeper's data folder"));
    }
    Ok(target)
}

/// Accounts printed by "print all": every listed account with working codes.
pub fn printable(payload: &Payload) -> Vec<usize> {
    payload
        .accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.archived_at.is_none() && a.active_set().is_some())
        .map(|(i, _)| i)
        .collect()
}

/// Sheets ready to render (no vault access needed any more, so this can move to a
/// thread) and the records to add once the file is written.
pub struct PrintJob {
    sheets: Vec<pdf::Sheet>,
    options: pdf::SheetOptions,
    records: Vec<PrintedSheet>,
    output: PathBuf,
}

/// A written PDF of sheets.
pub struct Printed {
    /// Where it is.
    pub path: PathBuf,
    /// Sheets in it.
    pub sheets: usize,
    /// Pages in it.
    pub pages: usize,
    /// Characters that could not be drawn, and the like.
    pub warnings: Vec<String>,
    records: Vec<PrintedSheet>,
}

/// Prepares sheets for the accounts at `indices` (an empty list means every
/// printable account), to be written to `output`: each with its encrypted QR code,
/// and printer-blind (codes only inside the QR code) when `blind`.
pub fn prepare_print(
    vault: &mut Vault,
    indices: &[usize],
    paper: PaperSize,
    anonymous: bool,
    blind: bool,
    output: &Path,
    now: Timestamp,
) -> Result<PrintJob, KeeperError> {
    let output = check_output(vault.paths(), output)?;
    let indices = if indices.is_empty() {
        printable(vault.payload())
    } else {
        indices.to_vec()
    };
    let (mut sheets, mut records) = pdf::sheets_for(vault.payload(), &indices, anonymous, now);
    if sheets.is_empty() {
        return Err(KeeperError::Pdf(pdf::PdfError::Empty.to_string()));
    }
    let recipients = &vault.payload().recipients;
    for record in &mut records {
        record.blind = blind;
        record.paper_keys = std::iter::once(&recipients.paper)
            .chain(&recipients.new_paper)
            .cloned()
            .collect();
    }
    super::sheets::seal(vault, &mut sheets, &records, anonymous, blind)?;
    Ok(PrintJob {
        sheets,
        options: pdf::SheetOptions {
            paper: paper.into(),
            anonymous,
            printed_at: now,
            blind,
        },
        records,
        output,
    })
}

impl PrintJob {
    /// Renders and writes the PDF (slow: run it off the UI thread).
    pub fn write(self) -> Result<Printed, KeeperError> {
        let rendered = pdf::render_sheets(&self.sheets, &self.options)
            .map_err(|e| KeeperError::Pdf(e.to_string()))?;
        crate::vault::file::write_private(&self.output, &rendered.bytes)?;
        Ok(Printed {
            path: self.output,
            sheets: self.sheets.len(),
            pages: rendered.pages,
            warnings: rendered.warnings,
            records: self.records,
        })
    }
}

impl Printed {
    /// Records the sheets in the vault's content (save afterwards).
    pub fn record(&mut self, payload: &mut Payload) {
        payload.sheets.append(&mut self.records);
    }
}

/// Writes the recovery kit for `paper_key` to `output` (checked as for sheets).
pub fn write_recovery_kit(
    vault: &Vault,
    paper_key: &str,
    paper: PaperSize,
    output: &Path,
) -> Result<PathBuf, KeeperError> {
    let output = check_output(vault.paths(), output)?;
    let kit = pdf::RecoveryKit {
        paper_key,
        vault_id: &vault.payload().vault_id,
        made_at: Timestamp::now(),
        vault_path: &vault.paths().vault().display().to_string(),
    };
    let rendered = pdf::render_recovery_kit(&kit, paper.into())
        .map_err(|e| KeeperError::Pdf(e.to_string()))?;
    crate::vault::file::write_private(&output, &rendered.bytes)?;
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_inside_the_data_folder_or_named_like_vault_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("backups")).unwrap();
        let paths = VaultPaths::new(&data);
        for bad in [
            data.join("vault.age"),
            data.join("sheets.pdf"),
            data.join("backups/x.pdf"),
            dir.path().join("vault.age"),
            dir.path().join("VAULT.LOCK"),
            dir.path().join("missing/x.pdf"),
            dir.path().to_path_buf(),
        ] {
            assert!(check_output(&paths, &bad).is_err(), "{}", bad.display());
        }
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(data.join("vault.pdf"), &link).unwrap();
        std::fs::write(data.join("vault.pdf"), b"x").unwrap();
        assert!(check_output(&paths, &link).is_err());
        let ok = check_output(&paths, &dir.path().join("sheets.pdf")).unwrap();
        assert!(ok.is_absolute());
    }

    #[test]
    fn private_files_are_owner_only_and_relative_names_work() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sheet.pdf");
        crate::vault::file::write_private(&path, b"one").unwrap();
        crate::vault::file::write_private(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temp files left");
        // A bare file name has the empty path as parent; it means the current folder.
        assert_eq!(
            crate::vault::file::parent_dir(Path::new("x.pdf")),
            Path::new(".")
        );
    }
}
