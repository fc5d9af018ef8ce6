//! GitHub: 16 codes, 10 lower-case hex digits shown as `xxxxx-xxxxx`. The download is named
//! `github-recovery-codes.txt` (GitHub Docs, "Configuring two-factor authentication recovery
//! methods") and holds one code per line. The settings page lists the same codes with
//! Download / Print / Copy buttons. Fixtures: `github_download`, `github_settings_page_paste`.

use super::{Family, Hex, exact, form};

/// GitHub.
pub const FAMILY: Family = Family {
    name: "GitHub",
    words: &["github", "ギットハブ"],
    codes: &[form(&[5, 5], Hex)],
    files: &[exact("github-recovery-codes")],
};
