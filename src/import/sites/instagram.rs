//! Instagram: 5 codes of 8 digits shown as `1234 5678`. Fixture: `instagram_codes`.

use super::{Family, exact};

/// Instagram.
pub const FAMILY: Family = Family {
    name: "Instagram",
    words: &["instagram"],
    files: &[exact("instagram")],
};
