//! Keycloak: 12 codes of 12 characters from `ABCDEFGHIJKLMNPQRSTUVWXYZ123456789`, shown as
//! `1: ABCD-EFGH-IJKL` (keycloak `RecoveryAuthnCodesUtils`, `login-recovery-authn-code-config.ftl`).
//! The download `kc-download-recovery-codes.txt` starts "Keep these recovery codes somewhere
//! safe." and ends with the generation date. Fixture: `keycloak_download`.

use super::{Alnum, Family, exact, form};

/// Keycloak.
pub const FAMILY: Family = Family {
    name: "Keycloak",
    words: &["keycloak"],
    codes: &[form(&[4, 4, 4], Alnum)],
    files: &[exact("kc-download-recovery-codes")],
};
