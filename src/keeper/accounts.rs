//! Accounts as the user names and lists them: `service` or `service:label`, listed
//! or archived, with how many codes are left and whether they are on paper. The
//! changes themselves (rename, merge, archive, unarchive, purge) are methods of the
//! vault's content ([`crate::vault::accounts`]); this module names them for users.

use serde::Serialize;

use crate::vault::model::PrintState;
use crate::vault::{Account, Payload};

/// Splits `service:label` (the label may be empty; a service alone has no colon).
pub fn parse_name(name: &str) -> (&str, &str) {
    match name.split_once(':') {
        Some((service, label)) => (service.trim(), label.trim()),
        None => (name.trim(), ""),
    }
}

/// One account as lists show it.
#[derive(Serialize)]
pub struct Summary<'a> {
    /// Site.
    pub service: &'a str,
    /// Account label.
    pub label: &'a str,
    /// Unused codes in the working set.
    pub unused: usize,
    /// Codes in the working set.
    pub total: usize,
    /// Whether few codes are left.
    pub low: bool,
    /// Whether the working set is on paper, and current.
    pub printed: Option<PrintState>,
    /// Whether it is archived.
    pub archived: bool,
}

/// The summary of one account.
pub fn summary<'a>(payload: &Payload, a: &'a Account) -> Summary<'a> {
    let (unused, total) = a
        .active_set()
        .map_or((0, 0), |s| (s.unused_count(), s.codes.len()));
    Summary {
        service: &a.service,
        label: &a.label,
        unused,
        total,
        low: a.is_low(),
        printed: payload.print_state(a),
        archived: a.archived_at.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_the_first_colon() {
        assert_eq!(parse_name("GitHub"), ("GitHub", ""));
        assert_eq!(parse_name(" GitHub : alice "), ("GitHub", "alice"));
        assert_eq!(parse_name("Site:a:b"), ("Site", "a:b"));
    }
}
