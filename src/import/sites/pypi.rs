//! PyPI: 8 codes of 16 lower-case hex digits (`secrets.token_hex` in warehouse). The download is
//! `PyPI-Recovery-Codes-<user>-<timestamp>.txt`, codes only, no trailing newline; the user
//! name becomes the account. The copy button gives the same list. Fixtures: `pypi_download`,
//! `pypi_copy_button`.

use super::{Family, Hex, exact, form};

/// PyPI.
pub const FAMILY: Family = Family {
    name: "PyPI",
    words: &["pypi", "python package index"],
    codes: &[form(&[16], Hex)],
    files: &[exact("pypi-recovery-codes")],
};
