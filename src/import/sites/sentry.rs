//! Sentry: 10 codes of 8 upper-case base32 characters (sentry `recovery_code.py`). The download
//! `sentry-recovery-codes.txt` joins them with `" \n"`, so lines end in a space. Fixtures:
//! `sentry_download`, `sentry_page_paste`.

use super::{Alnum, Family, exact, form};

/// Sentry.
pub const FAMILY: Family = Family {
    name: "Sentry",
    words: &["sentry"],
    codes: &[form(&[8], Alnum)],
    files: &[exact("sentry")],
};
