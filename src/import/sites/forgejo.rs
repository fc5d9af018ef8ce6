//! Forgejo: One scratch token, now 10 base32 characters (`models/auth/twofactor.go`), shown in a
//! sentence: "Your single-use recovery key is now …". Fixture: `gitea_scratch_token`.

use super::{Alnum, Family, alone, exact};

/// Forgejo.
pub const FAMILY: Family = Family {
    name: "Forgejo",
    words: &["forgejo", "codeberg"],
    codes: &[alone(&[10], Alnum)],
    files: &[exact("forgejo")],
};
