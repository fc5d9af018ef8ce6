//! Gitea: Same scratch token as Forgejo (Forgejo is a Gitea fork).

use super::{Family, exact};

/// Gitea.
pub const FAMILY: Family = Family {
    name: "Gitea",
    words: &["gitea"],
    files: &[exact("gitea")],
};
