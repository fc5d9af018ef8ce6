//! Discord: 10 codes of 8 lower-case letters and digits, shown as `xxxx-xxxx` in older files and
//! without the dash in current ones. File `discord_backup_codes.txt` beginning "These are your
//! Discord backup codes for account <name>", codes as ` * ` bullets. Fixtures:
//! `discord_current_file`, `discord_older_file`.

use super::{Alnum, Family, exact, form};

/// Discord.
pub const FAMILY: Family = Family {
    name: "Discord",
    words: &["discord", "ディスコード"],
    codes: &[form(&[4, 4], Alnum)],
    files: &[exact("discord_backup_codes"), exact("discord-backup-codes")],
};
