//! Amazon: Amazon uses backup sign-in methods rather than a code list; AWS root accounts may keep a
//! note. Only the name is recognised here.

use super::{Family, exact};

/// Amazon.
pub const FAMILY: Family = Family {
    name: "Amazon",
    words: &["amazon", "aws", "アマゾン", "亚马逊"],
    codes: &[],
    files: &[exact("amazon")],
};
