//! Facebook: 10 codes of 8 digits shown as `1234 5678`. Fixture: `facebook_page_paste`.

use super::{Digits, Family, exact, form};

/// Facebook.
pub const FAMILY: Family = Family {
    name: "Facebook",
    words: &["facebook", "meta", "フェイスブック"],
    codes: &[form(&[4, 4], Digits)],
    files: &[exact("facebook")],
};
