//! Where this computer's vault key lives: the OS keyring (Secret Service, macOS
//! Keychain, Windows Credential Manager) or, by explicit opt-in where no keyring
//! exists, a passphrase-protected key file. Never a plaintext key file.
//!
//! Entries are stored with service = [`crate::APP_ID`] and user = the vault id.

use std::collections::HashMap;
use std::sync::Mutex;

use age::secrecy::{ExposeSecret, SecretString};

use super::crypto::{self, CryptoError};
use super::file::{self, FileError, VaultPaths};

mod os;

pub use os::OsKeyring;

/// Key store failures, each saying what the user can do.
#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
    /// No D-Bus session bus (headless login, SSH without a session, some sandboxes).
    #[error(
        "no desktop session bus was found, so the system keyring cannot be reached ({detail}). Run Codekeeper inside your desktop session, or keep this computer's key in a passphrase-protected file instead (`--passphrase-key-file` with `init`, or with `restore` and your paper key)"
    )]
    NoSessionBus {
        /// What the platform said.
        detail: String,
    },
    /// A session bus exists but no keyring service answers on it.
    #[error(
        "no system keyring service is running ({detail}). Start your keyring (for example GNOME Keyring or KWallet), or keep this computer's key in a passphrase-protected file instead (`--passphrase-key-file` with `init`, or with `restore` and your paper key)"
    )]
    NoService {
        /// What the platform said.
        detail: String,
    },
    /// The keyring is locked and could not be unlocked (prompt dismissed or impossible).
    #[error(
        "your system keyring is locked. Unlock it and retry, or use your paper key (`codekeeper restore`)"
    )]
    Locked,
    /// The store forgets its content (mock store, kernel keyring that dies at reboot).
    #[error(
        "{0} does not keep secrets across restarts, so Codekeeper will not rely on it; use a real keyring or a passphrase-protected key file"
    )]
    NotPersistent(String),
    /// The key file's passphrase is wrong.
    #[error(
        "the passphrase does not open the key file; try again, or use your paper key (`codekeeper restore`)"
    )]
    WrongPassphrase,
    /// A passphrase is needed but none can be asked for.
    #[error(
        "the vault key is protected by a passphrase; run in a terminal or set CODEKEEPER_PASSPHRASE"
    )]
    PassphraseNeeded,
    /// The key file could not be read or written.
    #[error(transparent)]
    File(#[from] FileError),
    /// The key file is damaged.
    #[error(
        "the key file is damaged ({0}); use your paper key (`codekeeper restore`) to re-enrol this computer"
    )]
    KeyFileDamaged(String),
    /// Any other keyring failure.
    #[error("the system keyring failed: {0}. Retry, or use your paper key (`codekeeper restore`)")]
    Platform(String),
}

/// A place that keeps this computer's vault key.
pub trait KeyStore {
    /// Names the store for messages ("the Secret Service keyring").
    fn name(&self) -> &str;
    /// The key for `vault_id`, or `None` when there is no entry.
    fn get(&self, vault_id: &str) -> Result<Option<SecretString>, KeyStoreError>;
    /// Stores (or replaces) the key for `vault_id`.
    fn set(&self, vault_id: &str, secret: &SecretString) -> Result<(), KeyStoreError>;
    /// Deletes the key for `vault_id`; no entry is not an error.
    fn delete(&self, vault_id: &str) -> Result<(), KeyStoreError>;
    /// Whether the key lives in the data folder's passphrase-protected key file
    /// (recorded in `vault.id`, so a deleted key file is named as such).
    fn is_key_file(&self) -> bool {
        false
    }
}

/// An in-memory store for unit tests. It forgets everything when dropped, so the
/// application never uses it for a real vault.
#[derive(Default)]
pub struct MemoryKeyStore {
    entries: Mutex<HashMap<String, SecretString>>,
}

impl MemoryKeyStore {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretString>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries().len()
    }
    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Forgets every entry (simulates a lost keyring).
    pub fn clear(&self) {
        self.entries().clear();
    }
}

impl KeyStore for MemoryKeyStore {
    fn name(&self) -> &str {
        "the in-memory test store"
    }
    fn get(&self, vault_id: &str) -> Result<Option<SecretString>, KeyStoreError> {
        Ok(self.entries().get(vault_id).cloned())
    }
    fn set(&self, vault_id: &str, secret: &SecretString) -> Result<(), KeyStoreError> {
        self.entries().insert(vault_id.to_owned(), secret.clone());
        Ok(())
    }
    fn delete(&self, vault_id: &str) -> Result<(), KeyStoreError> {
        self.entries().remove(vault_id);
        Ok(())
    }
}

/// This computer's key in `key.age`, encrypted with a passphrase (age scrypt,
/// bounded work factor). Opt-in, for machines without a keyring service.
pub struct PassphraseKeyFile {
    paths: VaultPaths,
    passphrase: SecretString,
}

impl PassphraseKeyFile {
    /// A key file in the data directory, opened with `passphrase`.
    pub fn new(paths: &VaultPaths, passphrase: SecretString) -> Self {
        Self {
            paths: paths.clone(),
            passphrase,
        }
    }

    /// Whether the data directory uses a key file instead of the keyring.
    pub fn exists(paths: &VaultPaths) -> bool {
        paths.key_file().exists()
    }
}

impl KeyStore for PassphraseKeyFile {
    fn name(&self) -> &str {
        "the passphrase-protected key file"
    }
    fn is_key_file(&self) -> bool {
        true
    }
    fn get(&self, _vault_id: &str) -> Result<Option<SecretString>, KeyStoreError> {
        let Some(bytes) = file::read_capped(&self.paths.key_file())? else {
            return Ok(None);
        };
        match crypto::decrypt_with_passphrase(&bytes, &self.passphrase) {
            Ok(secret) => Ok(Some(secret)),
            Err(CryptoError::WrongPassphrase) => Err(KeyStoreError::WrongPassphrase),
            Err(e) => Err(KeyStoreError::KeyFileDamaged(e.to_string())),
        }
    }
    fn set(&self, _vault_id: &str, secret: &SecretString) -> Result<(), KeyStoreError> {
        let bytes = crypto::encrypt_with_passphrase(secret, &self.passphrase)
            .map_err(|e| KeyStoreError::KeyFileDamaged(e.to_string()))?;
        file::write_durably(&self.paths.key_file(), &bytes)?;
        Ok(())
    }
    fn delete(&self, _vault_id: &str) -> Result<(), KeyStoreError> {
        match std::fs::remove_file(self.paths.key_file()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(FileError::Io {
                action: "delete",
                path: self.paths.key_file(),
                source,
            }
            .into()),
        }
    }
}

/// Compares a secret with what a store returns, without printing either.
pub fn same_secret(a: &SecretString, b: &SecretString) -> bool {
    a.expose_secret() == b.expose_secret()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_round_trip_and_wrong_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let store = PassphraseKeyFile::new(&paths, SecretString::from("pass phrase".to_owned()));
        assert!(store.get("v").unwrap().is_none());
        let secret = SecretString::from("AGE-SECRET-KEY-1ABC".to_owned());
        store.set("v", &secret).unwrap();
        assert!(PassphraseKeyFile::exists(&paths));
        assert!(same_secret(&store.get("v").unwrap().unwrap(), &secret));
        let raw = std::fs::read(paths.key_file()).unwrap();
        assert!(!String::from_utf8_lossy(&raw).contains("AGE-SECRET-KEY"));
        let wrong = PassphraseKeyFile::new(&paths, SecretString::from("nope".to_owned()));
        assert!(matches!(
            wrong.get("v"),
            Err(KeyStoreError::WrongPassphrase)
        ));
        store.delete("v").unwrap();
        assert!(!PassphraseKeyFile::exists(&paths));
    }
}
