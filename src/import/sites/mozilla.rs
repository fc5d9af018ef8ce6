//! Mozilla account: 8 codes of 10 lower-case characters. The download `<email> Backup authentication
//! codes.txt` (mozilla/fxa) is the codes joined by CRLF, no header; the address becomes the
//! account. Fixture: `mozilla_download`.

use super::{Alnum, Family, FileName, form};

/// Mozilla account.
pub const FAMILY: Family = Family {
    name: "Mozilla account",
    words: &["mozilla", "firefox"],
    codes: &[form(&[10], Alnum)],
    files: &[FileName {
        prefix: "",
        suffix: " backup authentication codes",
        rest_is_account: true,
    }],
};
