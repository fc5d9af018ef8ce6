//! Vaultwarden: Vaultwarden (Bitwarden-compatible server): same recovery code as Bitwarden.

use super::{Family, exact};

/// Vaultwarden.
pub const FAMILY: Family = Family {
    name: "Vaultwarden",
    words: &["vaultwarden"],
    files: &[exact("vaultwarden")],
};
