//! Tuta: One recovery code of 64 hex digits shown in groups of four. Fixture: `tuta_recovery_code`.

use super::{Family, exact};

/// Tuta.
pub const FAMILY: Family = Family {
    name: "Tuta",
    words: &["tuta", "tutanota"],
    files: &[exact("tuta")],
};
