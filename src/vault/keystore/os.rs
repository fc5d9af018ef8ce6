//! The OS keyring (placeholder while wiring).
use age::secrecy::SecretString;
use super::{KeyStore, KeyStoreError};
/// The system keyring.
#[derive(Default)]
pub struct OsKeyring;
impl OsKeyring {
    /// Connects lazily.
    pub fn new() -> Self { Self }
}
impl KeyStore for OsKeyring {
    fn name(&self) -> &str { "the system keyring" }
    fn get(&self, _v: &str) -> Result<Option<SecretString>, KeyStoreError> { Err(KeyStoreError::Platform("x".into())) }
    fn set(&self, _v: &str, _s: &SecretString) -> Result<(), KeyStoreError> { Err(KeyStoreError::Platform("x".into())) }
    fn delete(&self, _v: &str) -> Result<(), KeyStoreError> { Ok(()) }
}
