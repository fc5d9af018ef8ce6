//! Gitea: Same scratch token as Forgejo (Forgejo is a Gitea fork).

use super::{Alnum, Family, alone, exact};

/// Gitea.
pub const FAMILY: Family = Family {
    name: "Gitea",
    words: &["gitea"],
    codes: &[alone(&[10], Alnum)],
    files: &[exact("gitea")],
};
