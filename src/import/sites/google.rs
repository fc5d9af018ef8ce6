//! Google: 10 codes of 8 digits shown as `1234 5678`, in two numbered columns (1–5, 6–10) under
//! "SAVE YOUR BACKUP CODES", with the address in parentheses and "These codes were generated
//! on: …". File `Backup-codes-<user>.txt`; the user name becomes the account unless the text
//! has the address. Codes come out in the site's numbering. Fixtures: `google_download`,
//! `google_single_spaced_columns`, `messy_google_codes_on_one_line`.

use super::{Digits, Family, FileName, exact, form};

/// Google.
pub const FAMILY: Family = Family {
    name: "Google",
    words: &["google", "gmail", "グーグル", "谷歌"],
    codes: &[form(&[4, 4], Digits)],
    files: &[
        FileName {
            prefix: "backup-codes-",
            suffix: "",
            rest_is_account: true,
        },
        exact("backup-codes"),
    ],
};
