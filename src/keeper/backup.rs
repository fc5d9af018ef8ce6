//! Copies of the vault kept elsewhere (a USB stick, another disk): the paper key is
//! useless without a vault to open.
//!
//! A copy is the saved vault file, still encrypted (it opens with the paper key, with
//! this computer's key, or with the stock `age` CLI), written as `vault.age` in the
//! chosen folder beside a short `README.txt` on how to restore. The vault records
//! when and where, so the front ends can remind when it changed since.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::KeeperError;
use crate::vault::Vault;
use crate::vault::model::VaultCopy;

/// The name of the copy inside the chosen folder: the same as in a data folder, so
/// `codekeeper --data-dir FOLDER restore` opens it directly.
pub const COPY_NAME: &str = "vault.age";

const README: &str = "\
This folder holds an encrypted copy of a Codekeeper vault (vault.age).

It opens with your paper recovery key (AGE-SECRET-KEY-1...), printed when the
vault was created or when the key was last changed.

With Codekeeper:
    codekeeper --data-dir THIS-FOLDER restore
  or copy vault.age into Codekeeper's data folder and run `codekeeper restore`.

Without Codekeeper, with the stock age tool (https://age-encryption.org):
    echo \"AGE-SECRET-KEY-1...\" > paper-key.txt    (one line, upper case, no spaces)
    age -d -i paper-key.txt vault.age              (prints the vault as readable text)

Keep this copy somewhere other than the computer it came from.
";

/// What [`save_copy`] wrote.
pub struct CopySaved {
    /// The copy.
    pub path: PathBuf,
    /// Whether the copy replaced an older one in that folder.
    pub replaced: bool,
}

/// Writes a copy of the saved vault into `folder` and records it (the vault is saved).
pub fn save_copy(
    vault: &mut Vault,
    folder: &Path,
    now: Timestamp,
) -> Result<CopySaved, KeeperError> {
    let refuse = |reason| KeeperError::OutputPath {
        path: folder.to_path_buf(),
        reason,
    };
    crate::vault::file::create_private_dir_all(folder)
        .map_err(|_| refuse("this folder cannot be created"))?;
    let folder = folder
        .canonicalize()
        .map_err(|_| refuse("this folder cannot be used"))?;
    if let Ok(data) = vault.paths().dir.canonicalize()
        && (folder.starts_with(&data) || data.starts_with(&folder))
    {
        return Err(refuse(
            "a copy must be kept outside Codekeeper's data folder (and not around it)",
        ));
    }
    let bytes = vault.saved_file()?;
    let path = folder.join(COPY_NAME);
    let replaced = path.exists();
    // Unnamed temp files linked into place: a copy is complete or absent, and a
    // crash leaves nothing behind in the user's folder.
    crate::vault::file::write_private(&path, &bytes)?;
    crate::vault::file::write_private(&folder.join("README.txt"), README.as_bytes())?;
    let before = vault.payload().last_copy.clone();
    let generation = vault.payload().generation + 1;
    let paper = Some(vault.payload().recipients.paper.clone());
    vault.payload_mut().last_copy = Some(VaultCopy {
        at: now,
        path: path.display().to_string(),
        generation,
        paper,
    });
    if let Err(e) = vault.save() {
        vault.payload_mut().last_copy = before;
        return Err(e.into());
    }
    Ok(CopySaved { path, replaced })
}

/// Takes a copy saved elsewhere (its folder, or the file itself) as this computer's
/// vault, for restoring on a new computer: refused when a vault is already here, and
/// unless `paper` opens the copy. Nothing is written otherwise.
pub fn adopt_copy(
    paths: &crate::vault::VaultPaths,
    copy: &Path,
    paper: &str,
) -> Result<(), KeeperError> {
    let copy = if copy.is_dir() {
        copy.join(COPY_NAME)
    } else {
        copy.to_path_buf()
    };
    let _lock = crate::vault::file::SessionLock::acquire(paths)?;
    if paths.vault().exists() || !paths.list_backups()?.is_empty() {
        return Err(crate::vault::VaultError::AlreadyExists(paths.dir.clone()).into());
    }
    let bytes = crate::vault::file::read_capped(&copy)?.ok_or(KeeperError::OutputPath {
        path: copy.clone(),
        reason: "there is no vault copy (vault.age) here",
    })?;
    let key = super::keys::clean_paper_key(paper);
    let identity =
        crate::vault::crypto::parse_identity(&key).map_err(|_| KeeperError::InvalidPaperKey)?;
    crate::vault::crypto::decrypt(&bytes, &identity).map_err(|e| match e {
        crate::vault::CryptoError::WrongKey => {
            KeeperError::Vault(crate::vault::VaultError::WrongKey("you gave"))
        }
        other => KeeperError::Vault(other.into()),
    })?;
    crate::vault::file::write_durably(&paths.vault(), &bytes)?;
    Ok(())
}

/// Whether the vault changed since its last copy (or was never copied while it holds
/// codes): the front ends remind unless the user turned the reminder off.
pub fn copy_outdated(payload: &crate::vault::Payload) -> bool {
    if payload.accounts.is_empty() {
        return false;
    }
    payload
        .last_copy
        .as_ref()
        .is_none_or(|c| payload.generation > c.generation)
}
