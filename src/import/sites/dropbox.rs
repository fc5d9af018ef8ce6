//! Dropbox: 10 backup codes of 8 characters; the generic scanner reads them. Named by file or text.

use super::{Alnum, Family, exact, form};

/// Dropbox.
pub const FAMILY: Family = Family {
    name: "Dropbox",
    words: &["dropbox", "ドロップボックス"],
    codes: &[form(&[4, 4], Alnum)],
    files: &[exact("dropbox")],
};
