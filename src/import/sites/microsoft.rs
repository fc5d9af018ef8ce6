//! Microsoft: One recovery code of 25 upper-case letters and digits in five groups
//! (`XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`), shown on screen only. Fixture: `microsoft_recovery_code`.

use super::{Alnum, Family, alone};

/// Microsoft.
pub const FAMILY: Family = Family {
    name: "Microsoft",
    words: &[
        "microsoft",
        "outlook.com",
        "hotmail",
        "xbox",
        "マイクロソフト",
        "微软",
    ],
    codes: &[alone(&[5, 5, 5, 5, 5], Alnum)],
    files: &[],
};
