//! GitLab: 10 codes of 16 hex digits (devise-two-factor). Download `gitlab-recovery-codes.txt`, one per
//! line. `ssh git@gitlab.com 2fa_recovery_codes` (gitlab-shell) asks for `yes`, then prints
//! "Your two-factor authentication recovery codes are:", the codes, and advice; GitLab's own
//! documentation example contains a non-hex letter, so codes are not checked against hex.
//! Fixtures: `gitlab_download`, `gitlab_ssh_transcript`, `messy_terminal_colours`.

use super::{Family, Hex, exact, form};

/// GitLab.
pub const FAMILY: Family = Family {
    name: "GitLab",
    words: &["gitlab"],
    codes: &[form(&[16], Hex)],
    files: &[exact("gitlab-recovery-codes")],
};
