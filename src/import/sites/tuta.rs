//! Tuta: One recovery code of 64 hex digits shown in groups of four. Fixture: `tuta_recovery_code`.

use super::{Family, Hex, alone, exact};

/// Tuta.
pub const FAMILY: Family = Family {
    name: "Tuta",
    words: &["tuta", "tutanota"],
    codes: &[alone(&[4; 16], Hex)],
    files: &[exact("tuta")],
};
