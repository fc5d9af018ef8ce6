//! Dropbox: 10 backup codes of 8 characters; the generic scanner reads them. Named by file or text.

use super::{Family, exact};

/// Dropbox.
pub const FAMILY: Family = Family {
    name: "Dropbox",
    words: &["dropbox"],
    files: &[exact("dropbox")],
};
