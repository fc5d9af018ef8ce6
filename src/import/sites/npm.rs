//! npm: `npm profile enable-2fa` prints "2FA successfully enabled. Below are your recovery codes,
//! please print these out." and the codes, each after a tab (npm/cli `profile.js`). The TOTP
//! secret and one-time password typed earlier in the transcript are not codes. Fixture:
//! `npm_cli_output`.

use super::{Family, exact};

/// npm.
pub const FAMILY: Family = Family {
    name: "npm",
    words: &["npm", "npmjs"],
    codes: &[],
    files: &[exact("npm")],
};
