//! Facebook: 10 codes of 8 digits shown as `1234 5678`. Fixture: `facebook_page_paste`.

use super::{Family, exact};

/// Facebook.
pub const FAMILY: Family = Family {
    name: "Facebook",
    words: &["facebook", "meta"],
    files: &[exact("facebook")],
};
