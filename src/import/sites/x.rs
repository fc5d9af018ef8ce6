//! X: One backup code of 12 lower-case letters and digits, usually kept in a note. Fixture:
//! `x_single_code_note`.

use super::{Family, exact};

/// X.
pub const FAMILY: Family = Family {
    name: "X",
    words: &["twitter", "x.com", "x (twitter)"],
    files: &[exact("twitter"), exact("x-backup-code")],
};
