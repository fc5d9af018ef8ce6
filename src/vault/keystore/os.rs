//! The operating system's keyring through keyring 4's crates: `keyring-core` for the
//! API and one store per platform (Secret Service over zbus on Linux, Keychain on
//! macOS, Credential Manager on Windows). Failures are sorted into the cases a
//! user can act on: no session bus, no keyring service, locked, other.
//!
//! Calls may block (a desktop may show an unlock prompt): callers with a UI run
//! them off the UI thread.

use std::sync::{Arc, Mutex};

use age::secrecy::{ExposeSecret, SecretString};
use keyring_core::api::CredentialPersistence;
use keyring_core::{CredentialStore, Error};

use super::{KeyStore, KeyStoreError};
use crate::APP_ID;

/// The system keyring; connects on first use and keeps the connection.
#[derive(Default)]
pub struct OsKeyring {
    store: Mutex<Option<Arc<CredentialStore>>>,
}

impl OsKeyring {
    /// A keyring handle; nothing is contacted until the first call.
    pub fn new() -> Self {
        Self::default()
    }

    fn store(&self) -> Result<Arc<CredentialStore>, KeyStoreError> {
        let mut guard = self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(store) = guard.as_ref() {
            return Ok(store.clone());
        }
        let store = platform::connect().map_err(map_error)?;
        if !matches!(store.persistence(), CredentialPersistence::UntilDelete) {
            return Err(KeyStoreError::NotPersistent(store.vendor()));
        }
        *guard = Some(store.clone());
        Ok(store)
    }

    fn entry(&self, vault_id: &str) -> Result<keyring_core::Entry, KeyStoreError> {
        self.store()?
            .build(APP_ID, vault_id, None)
            .map_err(map_error)
    }
}

impl KeyStore for OsKeyring {
    fn name(&self) -> &str {
        platform::NAME
    }

    fn get(&self, vault_id: &str) -> Result<Option<SecretString>, KeyStoreError> {
        match self.entry(vault_id)?.get_password() {
            Ok(secret) => Ok(Some(SecretString::from(secret))),
            // A locked collection hides its items without prompting: "no entry" may
            // only mean "locked", and must not send the user to recovery for nothing.
            Err(Error::NoEntry) if platform::default_collection_locked() => {
                Err(KeyStoreError::Locked)
            }
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn set(&self, vault_id: &str, secret: &SecretString) -> Result<(), KeyStoreError> {
        self.entry(vault_id)?
            .set_password(secret.expose_secret())
            .map_err(map_error)
    }

    fn delete(&self, vault_id: &str) -> Result<(), KeyStoreError> {
        match self.entry(vault_id)?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }
}

fn map_error(e: Error) -> KeyStoreError {
    match e {
        Error::NoStorageAccess(inner) => {
            platform::classify(inner.as_ref()).unwrap_or(KeyStoreError::Locked)
        }
        Error::PlatformFailure(inner) => platform::classify(inner.as_ref())
            .unwrap_or_else(|| KeyStoreError::Platform(inner.to_string())),
        Error::Ambiguous(entries) => KeyStoreError::Platform(format!(
            "{} entries match this vault; remove the extra ones in your keyring manager (service {APP_ID})",
            entries.len()
        )),
        // The secret itself is never part of these messages.
        Error::BadEncoding(_) | Error::BadDataFormat(..) => {
            KeyStoreError::Platform("the stored key is not valid text".into())
        }
        other => KeyStoreError::Platform(other.to_string()),
    }
}

#[cfg(target_os = "linux")]
mod platform {
    use std::sync::Arc;

    use keyring_core::CredentialStore;

    use super::KeyStoreError;

    pub const NAME: &str = "the system keyring (Secret Service)";

    pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
        let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
        Ok(store)
    }

    /// Whether the default collection is locked (reading the property never prompts).
    pub fn default_collection_locked() -> bool {
        use secret_service::{EncryptionType, blocking::SecretService};
        SecretService::connect(EncryptionType::Dh)
            .and_then(|ss| ss.get_default_collection().and_then(|c| c.is_locked()))
            .unwrap_or(false)
    }

    /// Sorts Secret Service failures into the cases the user can act on.
    pub fn classify(e: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyStoreError> {
        let e = e.downcast_ref::<secret_service::Error>()?;
        let detail = e.to_string();
        Some(match e {
            secret_service::Error::Locked
            | secret_service::Error::Prompt
            | secret_service::Error::PromptDisconnected => KeyStoreError::Locked,
            secret_service::Error::Unavailable
            | secret_service::Error::Zbus(zbus::Error::Address(_) | zbus::Error::Connection(..)) => {
                KeyStoreError::NoSessionBus { detail }
            }
            _ if detail.contains("ServiceUnknown") || detail.contains("NameHasNoOwner") => {
                KeyStoreError::NoService { detail }
            }
            _ => return None,
        })
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use std::sync::Arc;

    use keyring_core::CredentialStore;

    use super::KeyStoreError;

    pub const NAME: &str = "the macOS Keychain";

    pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
        let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
        Ok(store)
    }

    pub fn classify(_e: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyStoreError> {
        None
    }

    pub fn default_collection_locked() -> bool {
        false
    }
}

#[cfg(target_os = "windows")]
mod platform {
    use std::sync::Arc;

    use keyring_core::CredentialStore;

    use super::KeyStoreError;

    pub const NAME: &str = "the Windows Credential Manager";

    pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
        let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
        Ok(store)
    }

    pub fn classify(_e: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyStoreError> {
        None
    }

    pub fn default_collection_locked() -> bool {
        false
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod platform {
    use std::sync::Arc;

    use keyring_core::CredentialStore;

    use super::KeyStoreError;

    pub const NAME: &str = "the system keyring";

    pub fn connect() -> keyring_core::Result<Arc<CredentialStore>> {
        Err(keyring_core::Error::NotSupportedByStore(
            "no keyring store is built for this platform".into(),
        ))
    }

    pub fn classify(_e: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyStoreError> {
        None
    }

    pub fn default_collection_locked() -> bool {
        false
    }
}
