//! Nextcloud: 10 codes of 16 characters from `abcdefgijkmnopqrstwxyzABCDEFGHJKLMNPQRSTWXYZ23456789`
//! (nextcloud/server `BackupCodeStorage.php`; very old versions: 10 upper-case). The download
//! `<theme>-backup-codes.txt` is the codes, each followed by CRLF. Fixture: `nextcloud_download`.

use super::{Alnum, Family, exact, form};

/// Nextcloud.
pub const FAMILY: Family = Family {
    name: "Nextcloud",
    words: &["nextcloud"],
    codes: &[form(&[16], Alnum)],
    files: &[exact("nextcloud-backup-codes")],
};
