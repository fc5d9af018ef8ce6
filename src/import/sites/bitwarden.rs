//! Bitwarden: One two-step login recovery code of 32 upper-case base32 characters. Fixture:
//! `bitwarden_recovery_code`.

use super::{Alnum, Family, alone, exact};

/// Bitwarden.
pub const FAMILY: Family = Family {
    name: "Bitwarden",
    words: &["bitwarden"],
    codes: &[alone(&[32], Alnum)],
    files: &[exact("bitwarden")],
};
