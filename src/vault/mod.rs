//! The encrypted vault: creating it, unlocking it with this computer's key or the
//! paper recovery key, the save protocol, backups, re-enrolment and key rotation.
//!
//! Invariants (see the security rules):
//! - the vault file is always encrypted to two recipients: this computer's key
//!   (kept in the OS keyring) and the paper recovery key (never stored by us);
//! - no key is ever generated over an existing vault except by [`Vault::reenroll`]
//!   after the vault was opened, and [`Vault::rotate_recovery_key`];
//! - [`Vault::save`] writes only text that reads back as the payload and ciphertext
//!   that decrypts to exactly that text, and reports success only after the file
//!   re-read from disk is that ciphertext and decrypts to that text again; on any
//!   failure the previous file and backups stay as they were;
//! - a vault file another program wrote since it was loaded (a sync tool) is merged
//!   into the save (a used code stays used), never overwritten; one that cannot be
//!   merged refuses the save.

pub mod accounts;
pub mod crypto;
pub mod file;
pub mod format;
pub mod keystore;
pub mod lite;
pub mod merge;
pub mod model;
mod writer;

use crate::parallel::{at_once, drop_beside, drop_large_beside};
use age::secrecy::{ExposeSecret, SecretString};
use jiff::Timestamp;

pub use accounts::AccountError;
pub use crypto::CryptoError;
pub use file::{FileError, VaultPaths};
pub use keystore::{KeyStore, KeyStoreError};
pub use merge::{MergeError, MergeReport};
pub use model::{Account, Code, CodeSet, CodeState, CodeValue, Payload, Recipients, SetStatus};

/// Everything that can go wrong with the vault, each with what to do next.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// `init` was asked for where a vault (or its backups) already exists.
    #[error(
        "a vault already exists in {0}; Codekeeper never creates a new key over an existing vault. Use it as it is, or run `codekeeper restore` with your paper key"
    )]
    AlreadyExists(std::path::PathBuf),
    /// No vault here yet.
    #[error("there is no vault in {0} yet; create one with `codekeeper init`")]
    NotInitialized(std::path::PathBuf),
    /// The vault exists but this computer has no key for it.
    #[error(
        "this computer's key for the vault is missing ({0}); the vault is safe. Run `codekeeper restore` with your paper recovery key to open it and re-enrol this computer"
    )]
    RecoveryNeeded(String),
    /// The key we have does not open the vault or any backup.
    #[error(
        "the key {0} does not open this vault or any of its backups; run `codekeeper restore` with your paper recovery key"
    )]
    WrongKey(&'static str),
    /// The vault and all backups are damaged.
    #[error(
        "the vault is damaged ({reason}) and no backup opens; nothing was changed or deleted. Keep the files in {dir} and try your paper key with `codekeeper restore`"
    )]
    Damaged {
        /// What was wrong with the vault file.
        reason: String,
        /// The data directory.
        dir: std::path::PathBuf,
    },
    /// The vault file was changed by something else since we loaded it.
    #[error(
        "the vault file changed on disk since it was opened (another program or a sync tool wrote it); nothing was saved. Reopen the vault and make your change again"
    )]
    ChangedOnDisk,
    /// Writing the vault could not be verified.
    #[error(
        "the vault was written but reading it back did not match; the previous version is kept in backups. Check the disk and try again"
    )]
    VerifyFailed,
    /// The keyring gave back a different key from the one just stored.
    #[error(
        "the key read back from {0} differs from the one just stored; the store is not reliable, so no vault was created"
    )]
    KeyReadBack(String),
    /// A keyring problem.
    #[error(transparent)]
    KeyStore(#[from] KeyStoreError),
    /// A file problem.
    #[error(transparent)]
    File(#[from] FileError),
    /// An encryption problem.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// The payload could not be serialised.
    #[error("could not serialise the vault: {0}")]
    Serialize(String),
    /// A copy of the vault to merge could not be read or opened.
    #[error("{path} could not be merged: {reason}")]
    CopyUnreadable {
        /// The copy.
        path: std::path::PathBuf,
        /// Why.
        reason: String,
    },
    /// A copy opened but could not be merged.
    #[error("{path} could not be merged: {source}")]
    Merge {
        /// The copy.
        path: std::path::PathBuf,
        /// Why.
        source: merge::MergeError,
    },
}

/// The paper recovery key's secret, shown once and never stored by Codekeeper.
pub struct PaperKey(SecretString);

/// How a paper key is written out for people: the `AGE-SECRET-KEY-1` prefix, then the
/// rest in groups of four (the last may be shorter). Typing it back in any grouping works.
pub fn paper_key_groups(key: &str) -> (&str, Vec<String>) {
    let key = key.trim();
    let (prefix, data) = key.split_at(key.len().min("AGE-SECRET-KEY-1".len()));
    let groups = data
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|g| g.iter().collect())
        .collect();
    (prefix, groups)
}

impl PaperKey {
    /// `AGE-SECRET-KEY-1…`, to show or print.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// Said after opening when the vault had to be restored from a backup.
#[derive(Debug, Clone)]
pub struct RestoredFromBackup {
    /// Why the vault file could not be used.
    pub reason: String,
    /// Generation of the backup now in use.
    pub generation: u64,
    /// Where the damaged file was moved (never deleted).
    pub damaged_moved_to: Option<std::path::PathBuf>,
}

/// Said after the first save of a vault written by an older Codekeeper.
#[derive(Debug, Clone)]
pub struct Migrated {
    /// The format it had.
    pub from: u32,
    /// The backup holding the file as it was.
    pub backup: std::path::PathBuf,
}

/// What re-encrypting the backups achieved.
#[derive(Debug, Clone, Default)]
pub struct BackupRewrite {
    /// Backups re-encrypted.
    pub rewritten: usize,
    /// Backups that could not be opened and were left as they were.
    pub skipped: Vec<std::path::PathBuf>,
}

/// An open vault: holds the session lock, the decrypted payload and the key that opened it.
pub struct Vault {
    paths: VaultPaths,
    _lock: file::SessionLock,
    payload: Payload,
    key: age::x25519::Identity,
    disk_digest: Option<[u8; 16]>,
    restored: Option<RestoredFromBackup>,
    /// The new paper key of a rotation under way, to verify saves with once the old
    /// paper key (if that opened the vault) is dropped.
    rotation_key: Option<age::x25519::Identity>,
    /// Set once a save converted an older format.
    migrated: Option<Migrated>,
    /// What the last save merged from a vault file another program wrote meanwhile.
    merged_on_save: Option<merge::MergeReport>,
}

impl Vault {
    /// Creates a new vault: a key for this computer (stored, then read back through a
    /// fresh lookup), a paper key (returned, never stored), and an empty vault.
    pub fn create(
        paths: &VaultPaths,
        store: &dyn KeyStore,
    ) -> Result<(Self, PaperKey), VaultError> {
        let lock = file::SessionLock::acquire(paths)?;
        if paths.vault().exists() || !paths.list_backups()?.is_empty() {
            return Err(VaultError::AlreadyExists(paths.dir.clone()));
        }
        // An earlier `init` may have been cut short.
        file::remove_stale_temps(paths);
        let vault_id = new_vault_id();
        let device = crypto::generate_identity();
        if let Err(e) = store_and_verify(store, &vault_id, &device) {
            let _ = store.delete(&vault_id);
            return Err(e);
        }
        let paper = crypto::generate_identity();
        let recipients =
            Recipients::new(crypto::recipient_of(&device), crypto::recipient_of(&paper));
        let mut payload = Payload::new(vault_id.clone(), recipients);
        // Nobody has seen the paper key yet: the front end confirms it once shown.
        payload.paper_key_confirmed = false;
        let mut vault = Self {
            paths: paths.clone(),
            _lock: lock,
            payload,
            key: device,
            disk_digest: None,
            restored: None,
            rotation_key: None,
            migrated: None,
            merged_on_save: None,
        };
        let created =
            file::write_durably(&paths.id_file(), id_file_text(&vault_id, store).as_bytes())
                .map_err(VaultError::from)
                .and_then(|()| vault.save());
        if let Err(e) = created {
            // Nothing was stored yet: leave no orphan key behind.
            let _ = store.delete(&vault_id);
            let _ = std::fs::remove_file(paths.id_file());
            return Err(e);
        }
        Ok((vault, PaperKey(crypto::identity_secret(&paper))))
    }

    /// Opens the vault with this computer's key from `store`.
    pub fn open(paths: &VaultPaths, store: &dyn KeyStore) -> Result<Self, VaultError> {
        let lock = file::SessionLock::acquire(paths)?;
        ensure_exists(paths)?;
        let (vault_id, key_file) = read_vault_id(paths)?.ok_or_else(|| {
            VaultError::RecoveryNeeded(format!("{} is missing", paths.id_file().display()))
        })?;
        if key_file && !store.is_key_file() && !paths.key_file().exists() {
            return Err(VaultError::RecoveryNeeded(format!(
                "it was kept in the passphrase-protected file {}, which was deleted or moved",
                paths.key_file().display()
            )));
        }
        // The keyring takes a while to answer (a D-Bus round trip and a key exchange):
        // the vault file is read meanwhile. The session lock is already held.
        let vault_path = paths.vault();
        let (secret, read) = at_once(
            || store.get(&vault_id),
            || {
                let read = file::read_capped(&vault_path);
                let digest = read
                    .as_ref()
                    .ok()
                    .and_then(Option::as_deref)
                    .map(file::fingerprint);
                (read, digest)
            },
        );
        let secret = secret?
            .ok_or_else(|| VaultError::RecoveryNeeded(format!("no entry in {}", store.name())))?;
        let key = crypto::parse_identity(secret.expose_secret()).map_err(|_| {
            VaultError::RecoveryNeeded(format!("the entry in {} is not a valid key", store.name()))
        })?;
        Self::load(paths, lock, key, "stored on this computer", read)
    }

    /// Opens the vault with the paper recovery key (recovery mode).
    pub fn open_with_paper_key(paths: &VaultPaths, paper: &str) -> Result<Self, VaultError> {
        let lock = file::SessionLock::acquire(paths)?;
        ensure_exists(paths)?;
        let key = crypto::parse_identity(paper)?;
        Self::load(paths, lock, key, PAPER_KEY_NAME, None)
    }

    /// Opens the vault file (read already, with its fingerprint, when `read` is
    /// given), or the newest backup that opens when it is damaged.
    fn load(
        paths: &VaultPaths,
        lock: file::SessionLock,
        key: age::x25519::Identity,
        key_name: &'static str,
        read: Option<(FileRead, Option<[u8; 16]>)>,
    ) -> Result<Self, VaultError> {
        file::remove_stale_temps(paths);
        let vault_path = paths.vault();
        let (read, digest) = read.unwrap_or_else(|| (file::read_capped(&vault_path), None));
        let problem = match attempt_vault(read, digest, &key) {
            Ok((payload, digest)) => {
                return Ok(Self {
                    paths: paths.clone(),
                    _lock: lock,
                    payload,
                    key,
                    disk_digest: Some(digest),
                    restored: None,
                    rotation_key: None,
                    migrated: None,
                    merged_on_save: None,
                });
            }
            // An intact vault that a paper key does not open: the key is an old one, not
            // the vault damaged. Falling back to an older backup that still opens with
            // it would bring back codes used since.
            Err(Problem::WrongKey) if key_name == PAPER_KEY_NAME => {
                return Err(VaultError::WrongKey(key_name));
            }
            Err(problem) => problem,
        };
        let mut only_wrong_key = problem == Problem::WrongKey;
        for (generation, path) in paths.list_backups()? {
            match attempt(&path, &key) {
                Attempt::Opened(payload, bytes) => {
                    let damaged_moved_to = if vault_path.exists() {
                        let to = paths.corrupt_name(Timestamp::now());
                        file::move_aside(&vault_path, &to)?;
                        Some(to)
                    } else {
                        None
                    };
                    file::write_durably(&vault_path, &bytes)?;
                    tracing::debug!(generation, "vault restored from backup");
                    let restored = RestoredFromBackup {
                        reason: problem.describe(),
                        generation,
                        damaged_moved_to,
                    };
                    let disk_digest = Some(file::fingerprint(&bytes));
                    return Ok(Self {
                        paths: paths.clone(),
                        _lock: lock,
                        payload: *payload,
                        key,
                        disk_digest,
                        restored: Some(restored),
                        rotation_key: None,
                        migrated: None,
                        merged_on_save: None,
                    });
                }
                Attempt::Failed(Problem::WrongKey) => {}
                Attempt::Failed(_) => only_wrong_key = false,
            }
        }
        if only_wrong_key {
            Err(VaultError::WrongKey(key_name))
        } else {
            Err(VaultError::Damaged {
                reason: problem.describe(),
                dir: paths.dir.clone(),
            })
        }
    }

    /// The decrypted content.
    pub fn payload(&self) -> &Payload {
        &self.payload
    }

    /// The decrypted content, for changes; call [`Vault::save`] afterwards.
    pub fn payload_mut(&mut self) -> &mut Payload {
        &mut self.payload
    }

    /// Set when opening had to fall back to a backup.
    pub fn restored_from_backup(&self) -> Option<&RestoredFromBackup> {
        self.restored.as_ref()
    }

    /// Set once a save converted a vault of an older format (once per session; take
    /// it to tell the user).
    pub fn take_migrated(&mut self) -> Option<Migrated> {
        self.migrated.take()
    }

    /// What the last save merged from a vault file that another program (a sync
    /// tool) wrote since it was loaded; taken once, to tell the user.
    pub fn take_merged_on_save(&mut self) -> Option<merge::MergeReport> {
        self.merged_on_save.take()
    }

    /// Whether the vault was opened from a folder that cannot be written: it can be
    /// read, every save is refused.
    pub fn read_only(&self) -> bool {
        self._lock.read_only()
    }

    /// The data directory's paths.
    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    /// Saves durably and verifiably (security rules §3). On error nothing on disk
    /// changed except possibly a new backup, and the in-memory state is kept.
    pub fn save(&mut self) -> Result<(), VaultError> {
        if self._lock.read_only() {
            return Err(file::FileError::ReadOnly(self.paths.dir.clone()).into());
        }
        let vault_path = self.paths.vault();
        let current = file::read_capped(&vault_path)?;
        let previous_generation = self.payload.generation;
        let previous_format = self.payload.format;
        self.payload.generation = previous_generation + 1;
        // An older format is written as this build's at the first save; the file as
        // it was becomes the backup of `previous_generation`.
        self.payload.format = model::FORMAT_VERSION;
        // Whether another program wrote the file is found while the new text is
        // sealed (thrown away if it did).
        let (on_disk, digest) = (current.as_deref(), self.disk_digest);
        let (sealed, changed) = at_once(
            || seal_text(&self.payload, &self.key),
            || on_disk.map(file::fingerprint) != digest,
        );
        if changed.unwrap_or_else(|| on_disk.map(file::fingerprint) != digest) {
            drop(sealed);
            self.payload.generation = previous_generation;
            self.payload.format = previous_format;
            // Another program wrote the vault since it was loaded (a sync tool bringing
            // another computer's changes): merge them in, a used code staying used.
            // Anything that cannot be merged is left alone and the save refused.
            let Some(bytes) = current.as_deref() else {
                return Err(VaultError::ChangedOnDisk);
            };
            let before = (self.payload.clone(), self.disk_digest);
            let report = open_bytes(bytes, &self.key)
                .ok()
                .and_then(|disk| self.payload.merge_copy(disk).ok())
                .ok_or(VaultError::ChangedOnDisk)?;
            self.disk_digest = Some(file::fingerprint(bytes));
            let result = self.save();
            match &result {
                Ok(()) => self.merged_on_save = Some(report),
                // Not written: back to what this session had, so the next save
                // merges the other program's file again instead of overwriting it.
                Err(_) if !self.disk_holds_this_generation() => {
                    (self.payload, self.disk_digest) = before;
                }
                Err(_) => {}
            }
            return result;
        }
        let result = sealed.and_then(|sealed| {
            self.write_generation(current.as_deref(), previous_generation, sealed)
        });
        if result.is_err() && !self.disk_holds_this_generation() {
            self.payload.generation = previous_generation;
            self.payload.format = previous_format;
        } else if previous_format < model::FORMAT_VERSION {
            self.migrated = Some(Migrated {
                from: previous_format,
                backup: self.paths.backup(previous_generation),
            });
        }
        result
    }

    /// After a failed save: whether the new file was put in place all the same (a
    /// check after the rename failed). Then memory stays as the disk is, and the
    /// error still reaches the user.
    fn disk_holds_this_generation(&mut self) -> bool {
        let Ok(Some(bytes)) = file::read_capped(&self.paths.vault()) else {
            return false;
        };
        match open_bytes(&bytes, &self.key) {
            Ok(p)
                if p.generation == self.payload.generation
                    && p.recipients == self.payload.recipients =>
            {
                self.disk_digest = Some(file::fingerprint(&bytes));
                true
            }
            _ => false,
        }
    }

    /// Writes what [`seal_text`] made of the payload: the file as it was becomes the
    /// backup of `previous_generation`, then the new file is put in place and read back.
    fn write_generation(
        &mut self,
        current: Option<&[u8]>,
        previous_generation: u64,
        (ciphertext, text): (Vec<u8>, zeroize::Zeroizing<String>),
    ) -> Result<(), VaultError> {
        if let Some(bytes) = current {
            file::write_durably(&self.paths.backup(previous_generation), bytes)?;
            // The new backup is durable: only now may the oldest beyond the limit go.
            if let Err(e) = file::prune_backups(&self.paths) {
                tracing::warn!("could not delete old backups: {e}");
            }
        }
        let vault_path = self.paths.vault();
        file::write_durably(&vault_path, &ciphertext)?;
        // Read back, decrypted and compared with the text `seal` checked.
        let on_disk = file::read_capped(&vault_path)?.ok_or(VaultError::VerifyFailed)?;
        // The new file's fingerprint is taken while it is decrypted.
        let on_disk = on_disk.as_slice();
        let (same, digest) = at_once(
            || {
                on_disk == ciphertext
                    && crypto::decrypt(on_disk, &self.key)
                        .is_ok_and(|plain| plain.as_slice() == text.as_bytes())
            },
            || file::fingerprint(on_disk),
        );
        if !same {
            return Err(VaultError::VerifyFailed);
        }
        self.disk_digest = Some(digest.unwrap_or_else(|| file::fingerprint(on_disk)));
        Ok(())
    }

    /// When another program (a sync tool) wrote the vault file since this session
    /// loaded or saved it: takes its content in. With nothing of this session's
    /// missing from the file, the file's content simply replaces the one in memory;
    /// otherwise both are merged (a used code staying used) and saved. Returns what
    /// the file brought, or `None` when it had not changed. A file that does not open
    /// with this session's key, or cannot be merged, gives [`VaultError::ChangedOnDisk`].
    pub fn reload_if_changed(&mut self) -> Result<Option<merge::MergeReport>, VaultError> {
        let Some(bytes) = file::read_capped(&self.paths.vault())? else {
            return Ok(None);
        };
        let digest = file::fingerprint(&bytes);
        if Some(digest) == self.disk_digest {
            return Ok(None);
        }
        let disk = open_bytes(&bytes, &self.key).map_err(|_| VaultError::ChangedOnDisk)?;
        let ours_adds = {
            let mut disk = disk.clone();
            disk.merge_copy(self.payload.clone())
                .map_err(|_| VaultError::ChangedOnDisk)?
        };
        if ours_adds.is_empty() {
            let brought = {
                let mut mine = self.payload.clone();
                mine.merge_copy(disk.clone())
                    .map_err(|_| VaultError::ChangedOnDisk)?
            };
            // Generations never go backwards (backups are named after them).
            let generation = self.payload.generation.max(disk.generation);
            self.payload = disk;
            self.payload.generation = generation;
            self.disk_digest = Some(digest);
            return Ok(Some(brought));
        }
        // This session holds something the file lacks: the save merges both.
        self.save()?;
        Ok(Some(self.merged_on_save.take().unwrap_or_default()))
    }

    /// Reads another copy of this vault (a sync tool's conflict copy, or one the user
    /// names), decrypted with the key that opened this one, and merges it into the
    /// payload in memory; [`Vault::save`] makes it durable. On error nothing changed.
    pub fn merge_copy_file(
        &mut self,
        path: &std::path::Path,
    ) -> Result<merge::MergeReport, VaultError> {
        let unreadable = |reason: String| VaultError::CopyUnreadable {
            path: path.to_path_buf(),
            reason,
        };
        if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            return Err(unreadable("it is not a regular file".to_owned()));
        }
        let bytes = file::read_capped(path)
            .map_err(|e| unreadable(e.to_string()))?
            .ok_or_else(|| unreadable("the file does not exist".to_owned()))?;
        let copy = open_bytes(&bytes, &self.key).map_err(|e| {
            unreadable(match e {
                CryptoOrParse::Crypto(CryptoError::WrongKey) => "the key that opened this vault does not open it (it is another vault, or it was saved before a change of keys)".to_owned(),
                other => other.to_string(),
            })
        })?;
        self.payload
            .merge_copy(copy)
            .map_err(|source| VaultError::Merge {
                path: path.to_path_buf(),
                source,
            })
    }

    /// The vault file's bytes exactly as saved, checked to be what this session last
    /// loaded or saved (still encrypted; for copies kept elsewhere).
    pub fn saved_file(&self) -> Result<Vec<u8>, VaultError> {
        let bytes = file::read_capped(&self.paths.vault())?.ok_or(VaultError::ChangedOnDisk)?;
        if Some(file::fingerprint(&bytes)) != self.disk_digest {
            return Err(VaultError::ChangedOnDisk);
        }
        Ok(bytes)
    }

    /// The public key (`age1…`) of the key this vault was opened with.
    pub fn opened_with(&self) -> String {
        crypto::recipient_of(&self.key)
    }

    /// Discards a vault that [`Vault::create`] just made and whose paper key could not
    /// be shown: removes the vault file, its id, its backups and this computer's key.
    /// Refused (nothing deleted) once the vault holds any account.
    pub fn discard_new(self, store: &dyn KeyStore) -> Result<(), VaultError> {
        if !self.payload.accounts.is_empty() || self.payload.paper_key_confirmed {
            return Err(VaultError::AlreadyExists(self.paths.dir.clone()));
        }
        for (_, path) in self.paths.list_backups()? {
            remove_if_present(&path)?;
        }
        remove_if_present(&self.paths.vault())?;
        remove_if_present(&self.paths.id_file())?;
        file::sync_dir(&self.paths.dir)?;
        store.delete(&self.payload.vault_id)?;
        Ok(())
    }

    /// Re-encrypts the vault and every backup after `change` edited the recipients
    /// (or the confirmation flag). The vault is saved first, marked as having backups
    /// still to re-encrypt, so a crash before they are done is finished at the next
    /// open. When the save fails before the new file is in place, the change is undone
    /// in memory; backups that could not be rewritten are listed.
    fn change_keys(
        &mut self,
        change: impl FnOnce(&mut Payload),
    ) -> Result<BackupRewrite, VaultError> {
        let old = (
            self.payload.recipients.clone(),
            self.payload.paper_key_confirmed,
            self.payload.rekey_backups,
        );
        let generation = self.payload.generation;
        change(&mut self.payload);
        self.payload.rekey_backups = true;
        if let Err(e) = self.save() {
            if self.payload.generation == generation {
                (
                    self.payload.recipients,
                    self.payload.paper_key_confirmed,
                    self.payload.rekey_backups,
                ) = old;
            }
            return Err(e);
        }
        Ok(self.rekey_backups())
    }

    /// Re-encrypts every backup to the vault's recipients, then clears the mark.
    fn rekey_backups(&mut self) -> BackupRewrite {
        let report = self.rewrite_backups();
        if report.skipped.is_empty() {
            self.payload.rekey_backups = false;
            if let Err(e) = self.save() {
                tracing::warn!("backups re-encrypted; the mark stays until the next save: {e}");
            }
        }
        report
    }

    /// Re-enrols this computer after opening with the paper key, in three durable
    /// steps so a working keyring entry is replaced only once the vault opens with
    /// its successor: (1) vault and backups encrypted to the new key *and* the old
    /// ones; (2) the new key stored in `store` and read back, then `after_stored` (e.g.
    /// removing a key file the keyring replaces); (3) the old keys dropped.
    /// A failure in (1) or (2) leaves this computer's old key working; an interruption
    /// after (2) is finished by [`Vault::finish_interrupted`] at the next open.
    ///
    /// With `keep_others`, the computer that was `device` until now stays a
    /// recipient (in `other_devices`): for a second computer sharing the vault
    /// through a synced folder. Without it, only this computer's new key remains (a
    /// lost or replaced computer's key stops opening the vault).
    pub fn reenroll(
        &mut self,
        store: &dyn KeyStore,
        keep_others: bool,
        after_stored: impl FnOnce() -> Result<(), VaultError>,
    ) -> Result<BackupRewrite, VaultError> {
        let device = crypto::generate_identity();
        let new_device = crypto::recipient_of(&device);
        let mut report = self.change_keys(|p| {
            let r = &mut p.recipients;
            if keep_others {
                if !r.other_devices.contains(&r.device) {
                    r.other_devices.push(r.device.clone());
                }
            } else {
                // Lost or replaced computers: their keys are retired for good, so an
                // older copy that still lists them does not bring them back.
                let dropped: Vec<String> = std::iter::once(r.device.clone())
                    .chain(r.other_devices.drain(..))
                    .collect();
                for d in dropped {
                    if !r.retired_devices.contains(&d) {
                        r.retired_devices.push(d);
                    }
                }
                let excess = r.retired_devices.len().saturating_sub(64);
                r.retired_devices.drain(..excess);
            }
            let old = std::mem::replace(&mut r.device, new_device);
            // Whatever the keyring holds now (this key, or one of an earlier attempt
            // that was cut short) keeps opening the vault until the new key is stored.
            if !r.old_devices.contains(&old) {
                r.old_devices.push(old);
            }
        })?;
        // If storing fails, what the keyring holds now is the old key or the new one,
        // and the vault opens with both: the next open settles it.
        store_and_verify(store, &self.payload.vault_id, &device)?;
        self.key = device;
        file::write_durably(
            &self.paths.id_file(),
            id_file_text(&self.payload.vault_id, store).as_bytes(),
        )?;
        after_stored()?;
        match self.change_keys(|p| p.recipients.old_devices.clear()) {
            Ok(last) => report = last,
            Err(e) => tracing::warn!("could not drop the previous device key yet: {e}"),
        }
        Ok(report)
    }

    /// First step of a paper-key rotation: makes a new paper key and re-encrypts the
    /// vault and every backup to it *in addition to* the current one. Show the key,
    /// then call [`Vault::commit_rotation`] (or [`Vault::abort_rotation`]).
    pub fn begin_rotation(&mut self) -> Result<(PaperKey, BackupRewrite), VaultError> {
        let paper = crypto::generate_identity();
        let recipient = crypto::recipient_of(&paper);
        let report = self.change_keys(|p| p.recipients.new_paper = Some(recipient))?;
        let secret = crypto::identity_secret(&paper);
        self.rotation_key = Some(paper);
        Ok((PaperKey(secret), report))
    }

    /// Whether this session began the rotation under way (its new key is on screen).
    pub fn rotation_begun_here(&self) -> bool {
        self.rotation_key.is_some()
    }

    /// Whether a rotation was begun and not yet committed or aborted.
    pub fn rotation_pending(&self) -> bool {
        self.payload.recipients.new_paper.is_some()
    }

    /// Second step, once the new key was shown (and, in the window, confirmed): the
    /// old paper key is dropped from the vault and every backup.
    pub fn commit_rotation(&mut self) -> Result<BackupRewrite, VaultError> {
        if !self.rotation_pending() {
            return Ok(BackupRewrite::default());
        }
        let old_paper = self.payload.recipients.paper.clone();
        let previous_key = if self.opened_with() == old_paper {
            // Opened with the old paper key, which is about to be dropped: verify
            // with the new one from now on.
            match self.rotation_key.take() {
                Some(new) => Some(std::mem::replace(&mut self.key, new)),
                None => return Err(CryptoError::WrongKey.into()),
            }
        } else {
            None
        };
        let result = self.change_keys(|p| {
            if let Some(new) = p.recipients.new_paper.take() {
                p.recipients.paper = new;
            }
            p.paper_key_confirmed = true;
        });
        match &result {
            Err(_) if self.rotation_pending() => {
                // Nothing changed on disk: back to the key that opened the vault.
                if let Some(old) = previous_key {
                    self.rotation_key = Some(std::mem::replace(&mut self.key, old));
                }
            }
            _ => self.rotation_key = None,
        }
        result
    }

    /// Undoes a begun rotation: the new key is dropped, the current one stays valid.
    pub fn abort_rotation(&mut self) -> Result<BackupRewrite, VaultError> {
        if !self.rotation_pending() {
            return Ok(BackupRewrite::default());
        }
        let result = self.change_keys(|p| p.recipients.new_paper = None);
        if result.is_ok() {
            self.rotation_key = None;
        }
        result
    }

    /// Marks the first paper key of a new vault as shown to the user.
    pub fn confirm_paper_key(&mut self) -> Result<(), VaultError> {
        if self.payload.paper_key_confirmed {
            return Ok(());
        }
        self.payload.paper_key_confirmed = true;
        let saved = self.save();
        if saved.is_err() {
            self.payload.paper_key_confirmed = false;
        }
        saved
    }

    /// Finishes or rolls back a key change that a crash or failure interrupted, so
    /// the vault is encrypted to exactly the keys the user knows about. Returns what
    /// was done, for the front end to tell the user.
    pub fn finish_interrupted(&mut self) -> Result<Vec<Interrupted>, VaultError> {
        let mut done = Vec::new();
        if let Some(new) = self.payload.recipients.new_paper.clone() {
            if self.opened_with() == new {
                // Opened with the new key itself: the user has it.
                self.commit_rotation()?;
                done.push(Interrupted::RotationFinished);
            } else if self.restored.is_some() {
                // A backup from the middle of a rotation: the rotation may have been
                // confirmed since, so neither key is dropped here.
                done.push(Interrupted::RotationUnsettled);
            } else {
                // The new key may never have been shown: the old one stays the valid one.
                self.abort_rotation()?;
                done.push(Interrupted::RotationRolledBack);
            }
        }
        let olds = self.payload.recipients.old_devices.clone();
        if !olds.is_empty() {
            let mine = self.opened_with();
            if olds.contains(&mine) {
                // Cut short before the keyring held the new key: keep using this one.
                self.change_keys(|p| {
                    p.recipients.device = mine;
                    p.recipients.old_devices.clear();
                })?;
                done.push(Interrupted::ReenrolmentRolledBack);
            } else if mine == self.payload.recipients.device {
                self.change_keys(|p| p.recipients.old_devices.clear())?;
                done.push(Interrupted::ReenrolmentFinished);
            }
        }
        if self.payload.rekey_backups {
            let report = self.rekey_backups();
            if report.skipped.is_empty() {
                done.push(Interrupted::BackupsRekeyed);
            }
        }
        Ok(done)
    }

    fn rewrite_backups(&self) -> BackupRewrite {
        let mut report = BackupRewrite::default();
        let backups = match self.paths.list_backups() {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!("could not list backups: {e}");
                report.skipped.push(self.paths.backups_dir());
                return report;
            }
        };
        // Conflict copies kept after merging are backups too: the keys of the vault
        // must open them.
        let merged = self.paths.merged_copies().unwrap_or_default();
        for path in backups.into_iter().map(|(_, p)| p).chain(merged) {
            let rewritten = file::read_capped(&path)
                .ok()
                .flatten()
                .and_then(|bytes| open_bytes(&bytes, &self.key).ok())
                .map(|mut payload| {
                    payload.format = model::FORMAT_VERSION;
                    payload.recipients = self.payload.recipients.clone();
                    payload.paper_key_confirmed = self.payload.paper_key_confirmed;
                    payload.rekey_backups = false;
                    payload
                })
                .and_then(|payload| seal(&payload, &self.key).ok())
                .and_then(|ciphertext| file::write_durably(&path, &ciphertext).ok());
            match rewritten {
                Some(()) => report.rewritten += 1,
                None => report.skipped.push(path),
            }
        }
        report
    }
}

/// A key change found unfinished when the vault was opened, and what was done about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interrupted {
    /// A new paper key was made but never confirmed: it was dropped; the previous
    /// paper key is the valid one.
    RotationRolledBack,
    /// The vault was opened with the new paper key of an unfinished rotation: it
    /// became the valid one.
    RotationFinished,
    /// This computer's new key never reached the keyring: the old key stays in use.
    ReenrolmentRolledBack,
    /// The new key reached the keyring: the old one was dropped.
    ReenrolmentFinished,
    /// The vault came back from a backup made in the middle of a rotation: both the
    /// previous and the new paper key open it until a new key is made.
    RotationUnsettled,
    /// Backups left encrypted to earlier keys by an interrupted key change were
    /// re-encrypted to the vault's keys.
    BackupsRekeyed,
}

fn remove_if_present(path: &std::path::Path) -> Result<(), VaultError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(FileError::Io {
            action: "delete",
            path: path.to_path_buf(),
            source,
        }
        .into()),
    }
}

/// How a paper key is named in messages (and told apart from this computer's key).
const PAPER_KEY_NAME: &str = "you gave";

/// Why a file did not open.
#[derive(Debug, PartialEq, Eq)]
enum Problem {
    /// Intact, but not encrypted to our key.
    WrongKey,
    /// Missing, unreadable, damaged or not a valid payload.
    Damaged(String),
}

impl Problem {
    /// A wrong key, or damage described.
    fn of(error: CryptoOrParse) -> Self {
        match error {
            CryptoOrParse::Crypto(CryptoError::WrongKey) => Self::WrongKey,
            e => Self::Damaged(e.to_string()),
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::WrongKey => "the key does not open it".to_owned(),
            Self::Damaged(reason) => reason.clone(),
        }
    }
}

enum Attempt {
    Opened(Box<Payload>, Vec<u8>),
    Failed(Problem),
}

/// A whole file as read: its bytes, or `None` when it is missing.
type FileRead = Result<Option<Vec<u8>>, file::FileError>;

/// Reads, decrypts and parses one backup file.
fn attempt(path: &std::path::Path, key: &age::x25519::Identity) -> Attempt {
    let bytes = match bytes_read(file::read_capped(path)) {
        Ok(bytes) => bytes,
        Err(problem) => return Attempt::Failed(problem),
    };
    match open_bytes(&bytes, key) {
        Ok(payload) => Attempt::Opened(Box::new(payload), bytes),
        Err(e) => Attempt::Failed(Problem::of(e)),
    }
}

/// Decrypts and parses the vault file already read, giving its fingerprint too.
fn attempt_vault(
    read: FileRead,
    digest: Option<[u8; 16]>,
    key: &age::x25519::Identity,
) -> Result<(Payload, [u8; 16]), Problem> {
    open_vault_bytes(bytes_read(read)?, digest, key).map_err(Problem::of)
}

/// A file's bytes, or what is wrong when it could not be read.
fn bytes_read(read: FileRead) -> Result<Vec<u8>, Problem> {
    match read {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(Problem::Damaged("the vault file is missing".into())),
        Err(e) => Err(Problem::Damaged(e.to_string())),
    }
}

#[derive(Debug, thiserror::Error)]
enum CryptoOrParse {
    #[error(transparent)]
    Crypto(CryptoError),
    #[error("{0}")]
    Parse(String),
}

fn open_bytes(bytes: &[u8], key: &age::x25519::Identity) -> Result<Payload, CryptoOrParse> {
    let plaintext = crypto::decrypt(bytes, key).map_err(CryptoOrParse::Crypto)?;
    read_plaintext(plaintext)
}

/// [`open_bytes`] for the vault file itself, giving its fingerprint (`digest`, when
/// it was taken already) with the payload. The file's bytes are let go as soon as
/// they are decrypted, so a large vault's ciphertext is not held beside its
/// plaintext and the model being read (the window's peak memory).
fn open_vault_bytes(
    bytes: Vec<u8>,
    digest: Option<[u8; 16]>,
    key: &age::x25519::Identity,
) -> Result<(Payload, [u8; 16]), CryptoOrParse> {
    let digest = digest.unwrap_or_else(|| file::fingerprint(&bytes));
    let plaintext = crypto::decrypt(&bytes, key).map_err(CryptoOrParse::Crypto)?;
    // The file's bytes are freed while the text is read.
    let size = bytes.len();
    let payload = drop_large_beside(bytes, size, || read_plaintext(plaintext))?;
    Ok((payload, digest))
}

/// Reads and checks a decrypted payload, then wipes the text.
fn read_plaintext(plaintext: zeroize::Zeroizing<Vec<u8>>) -> Result<Payload, CryptoOrParse> {
    let parse = |e: model::PayloadParseError| CryptoOrParse::Parse(e.to_string());
    let (mut payload, checked) = Payload::read_unchecked(&plaintext).map_err(parse)?;
    let size = plaintext.len();
    drop_large_beside(plaintext, size, || payload.check(checked)).map_err(parse)?;
    Ok(payload)
}

/// Serialises and encrypts to the payload's recipients, then decrypts the result with
/// `key` and compares, so nothing unreadable is ever written.
fn seal(payload: &Payload, key: &age::x25519::Identity) -> Result<Vec<u8>, VaultError> {
    seal_text(payload, key).map(|(ciphertext, _)| ciphertext)
}

/// [`seal`], also giving the text that was encrypted.
fn seal_text(
    payload: &Payload,
    key: &age::x25519::Identity,
) -> Result<(Vec<u8>, zeroize::Zeroizing<String>), VaultError> {
    let text = payload
        .to_toml()
        .map_err(|e| VaultError::Serialize(e.to_string()))?;
    let recipients = payload
        .recipients
        .all()
        .map(crypto::parse_recipient)
        .collect::<Result<Vec<_>, _>>()?;
    // Reading the text back (a whole parse) runs beside encrypting and decrypting it.
    let (sealed, read_back) = at_once(
        || {
            crypto::encrypt(text.as_bytes(), &recipients).and_then(|ciphertext| {
                let check = crypto::decrypt(&ciphertext, key)?;
                Ok((ciphertext, check.as_slice() == text.as_bytes()))
            })
        },
        || reads_back(&text, payload),
    );
    let (ciphertext, same) = sealed?;
    if read_back != Some(true) || !same {
        return Err(VaultError::VerifyFailed);
    }
    Ok((ciphertext, text))
}

/// Whether the text about to be written reads back as this payload's generation,
/// format and number of accounts: read as when opening, straight into the model
/// when the text has the writer's layout (the usual case), else by the fast reader's
/// tree (the writer's output is compared with the full reader by tests), else by the
/// full reader.
fn reads_back(text: &str, payload: &Payload) -> bool {
    if let Some(back) = Payload::read_direct(text.as_bytes()) {
        return back.generation == payload.generation
            && back.format == payload.format
            && back.accounts.len() == payload.accounts.len();
    }
    let int = |t: &lite::Table<'_>, key: &str| {
        t.entries.iter().find_map(|(k, v)| match v {
            lite::Value::Int(i) if k == key => Some(*i),
            _ => None,
        })
    };
    let head_is_right = |tree: &lite::Table<'_>| {
        int(tree, "generation") == i64::try_from(payload.generation).ok()
            && int(tree, "format") == Some(i64::from(payload.format))
    };
    // `accounts`, where present, made by `[[accounts]]` headers only: a static array
    // in one half and headers in the other would each read alone, but not together.
    let accounts_as_headers = |tree: &lite::Table<'_>| {
        tree.entries
            .iter()
            .all(|(k, v)| k != "accounts" || lite::is_header_array(v))
    };
    // `Some(answer)` when the fast reader takes the text, `None` when the full reader
    // must decide. A large text is read in two halves on two threads, as when opened:
    // the second half must hold `[[accounts]]` sections only.
    let fast = match Payload::halves(text) {
        Some((head, tail)) => {
            let (first, later) = at_once(
                || lite::parse(head).ok(),
                || {
                    lite::parse(tail).ok().filter(|t| {
                        matches!(&t.entries[..], [(k, v)] if k == "accounts" && lite::is_header_array(v))
                    }).is_some()
                },
            );
            match (first, later) {
                (Some(tree), Some(true)) if accounts_as_headers(&tree) => {
                    Some(head_is_right(&tree))
                }
                _ => None,
            }
        }
        None => lite::parse(text)
            .ok()
            .filter(|t| accounts_as_headers(t))
            .map(|t| head_is_right(&t)),
    };
    fast.unwrap_or_else(|| {
        Payload::from_toml(text).is_ok_and(|p| {
            p.generation == payload.generation
                && p.format == payload.format
                && p.recipients == payload.recipients
        })
    })
}

impl Drop for Vault {
    /// Every code is wiped as it is dropped: a large vault's accounts are dropped on
    /// two threads, which halves the wait when a command ends or a window closes.
    fn drop(&mut self) {
        const SPLIT_ABOVE: usize = 2_000;
        let mut accounts = std::mem::take(&mut self.payload.accounts);
        if accounts.len() < SPLIT_ABOVE {
            return;
        }
        let later = accounts.split_off(accounts.len() / 2);
        drop_beside(later, || drop(accounts));
    }
}

fn store_and_verify(
    store: &dyn KeyStore,
    vault_id: &str,
    device: &age::x25519::Identity,
) -> Result<(), VaultError> {
    let secret = crypto::identity_secret(device);
    store.set(vault_id, &secret)?;
    let back = store.get(vault_id)?;
    if !back.is_some_and(|b| keystore::same_secret(&b, &secret)) {
        return Err(VaultError::KeyReadBack(store.name().to_owned()));
    }
    Ok(())
}

fn ensure_exists(paths: &VaultPaths) -> Result<(), VaultError> {
    if !paths.vault().exists() && paths.list_backups()?.is_empty() {
        return Err(VaultError::NotInitialized(paths.dir.clone()));
    }
    Ok(())
}

/// What `vault.id` holds: the vault's id on the first line, and `key-file` on the
/// second when this computer's key is kept in the passphrase-protected key file.
fn id_file_text(vault_id: &str, store: &dyn KeyStore) -> String {
    if store.is_key_file() {
        format!("{vault_id}\n{KEY_FILE_MARK}\n")
    } else {
        format!("{vault_id}\n")
    }
}

const KEY_FILE_MARK: &str = "key-file";

/// The vault's id, and whether its key is kept in the key file; `None` when
/// `vault.id` does not exist.
fn read_vault_id(paths: &VaultPaths) -> Result<Option<(String, bool)>, VaultError> {
    let path = paths.id_file();
    // A few bytes at most; anything else is not ours.
    let Some(bytes) = file::read_capped(&path)? else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut lines = text.lines().map(str::trim);
    let id = lines.next().unwrap_or_default();
    let valid = !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_hexdigit());
    if !valid {
        return Err(VaultError::RecoveryNeeded(format!(
            "{} is damaged (it should hold the vault's id, which names this computer's key)",
            path.display()
        )));
    }
    let key_file = lines.any(|l| l == KEY_FILE_MARK);
    Ok(Some((id.to_owned(), key_file)))
}

fn new_vault_id() -> String {
    // The recipient of a fresh identity is 32 random bytes; hash it for an id.
    let seed = crypto::recipient_of(&crypto::generate_identity());
    file::digest(seed.as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs the loader's steps on untrusted bytes (age decryption with a throwaway key,
/// then the payload parser on the bytes as text). For fuzzing and corpus replay.
#[doc(hidden)]
pub fn fuzz_load(bytes: &[u8]) {
    static KEY: std::sync::OnceLock<age::x25519::Identity> = std::sync::OnceLock::new();
    let key = KEY.get_or_init(crypto::generate_identity);
    let _ = open_bytes(bytes, key);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = Payload::from_toml(text);
    }
}

#[cfg(test)]
mod tests;
