//! X: One backup code of 12 lower-case letters and digits, usually kept in a note. Fixture:
//! `x_single_code_note`.

use super::{Alnum, Family, alone, exact};

/// X.
pub const FAMILY: Family = Family {
    name: "X",
    words: &["twitter", "x.com", "x (twitter)", "ツイッター"],
    codes: &[alone(&[12], Alnum)],
    files: &[exact("twitter"), exact("x-backup-code")],
};
