//! Instagram: 5 codes of 8 digits shown as `1234 5678`. Fixture: `instagram_codes`.

use super::{Digits, Family, exact, form};

/// Instagram.
pub const FAMILY: Family = Family {
    name: "Instagram",
    words: &["instagram", "インスタグラム"],
    codes: &[form(&[4, 4], Digits)],
    files: &[exact("instagram")],
};
