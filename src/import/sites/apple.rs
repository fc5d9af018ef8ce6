//! Apple: One recovery key of 28 upper-case characters in seven groups of four, shown on screen
//! only. Fixture: `apple_recovery_key`.

use super::{Alnum, Family, alone};

/// Apple.
pub const FAMILY: Family = Family {
    name: "Apple",
    words: &["apple", "icloud"],
    codes: &[alone(&[4, 4, 4, 4, 4, 4, 4], Alnum)],
    files: &[],
};
