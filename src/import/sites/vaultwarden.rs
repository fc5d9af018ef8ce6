//! Vaultwarden: Vaultwarden (Bitwarden-compatible server): same recovery code as Bitwarden.

use super::{Alnum, Family, alone, exact};

/// Vaultwarden.
pub const FAMILY: Family = Family {
    name: "Vaultwarden",
    words: &["vaultwarden"],
    codes: &[alone(&[32], Alnum)],
    files: &[exact("vaultwarden")],
};
