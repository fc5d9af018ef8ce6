//! Mastodon: 10 codes of 16 hex digits (devise-two-factor with `otp_number_of_backup_codes: 10`),
//! listed on the settings page. Fixture: `mastodon_page`.

use super::{Family, Hex, exact, form};

/// Mastodon.
pub const FAMILY: Family = Family {
    name: "Mastodon",
    words: &["mastodon"],
    codes: &[form(&[16], Hex)],
    files: &[exact("mastodon")],
};
