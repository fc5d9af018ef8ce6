//! Proton: Recovery codes of hex-like characters; read by the generic scanner, named by file or text.

use super::{Family, exact};

/// Proton.
pub const FAMILY: Family = Family {
    name: "Proton",
    words: &["proton", "protonmail", "proton mail"],
    codes: &[],
    files: &[exact("proton")],
};
