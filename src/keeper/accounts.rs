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
    // One pass over the codes (this runs for every account of a list).
    let set = a.active_set();
    let (unused, total) = set.map_or((0, 0), |s| (s.unused_count(), s.codes.len()));
    Summary {
        service: &a.service,
        label: &a.label,
        unused,
        total,
        // As `Account::is_low`, from the count above.
        low: set.is_some() && crate::vault::model::is_low_count(unused),
        printed: payload.print_state(a),
        archived: a.archived_at.is_some(),
    }
}

/// Every account's summary, in the vault's order: one pass through memory as the
/// accounts lie (a list in name order would visit them at random), a large vault's
/// in two halves on two threads.
pub fn summaries(payload: &Payload) -> Vec<Summary<'_>> {
    fn all<'a>(payload: &Payload, accounts: &'a [Account]) -> Vec<Summary<'a>> {
        accounts.iter().map(|a| summary(payload, a)).collect()
    }
    let all = |accounts| all(payload, accounts);
    let accounts = payload.accounts.as_slice();
    if accounts.len() < 2_000 {
        return all(accounts);
    }
    let (first, second) = accounts.split_at(accounts.len() / 2);
    crate::parallel::each_at_once(&[first, second], |part| all(part))
        .into_iter()
        .flatten()
        .collect()
}

/// How a list of accounts is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Sort {
    /// By site, then account label (case-insensitive).
    #[default]
    Name,
    /// Fewest unused codes first (the ones to renew), then by name.
    CodesLeft,
}

/// Which accounts a list shows, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Words to find in the site, label or account notes (case-insensitive).
    pub text: String,
    /// Archived accounts instead of the listed ones.
    pub archived: bool,
    /// Only accounts with few codes left.
    pub low: bool,
    /// Only accounts whose codes are on no sheet.
    pub unprinted: bool,
    /// Only accounts whose sheet misses codes used since it was printed.
    pub stale: bool,
    /// The order.
    pub sort: Sort,
}

/// Counts for a list's summary line ("12 accounts · 3 never printed").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCounts {
    /// Accounts listed (not archived).
    pub listed: usize,
    /// Archived accounts.
    pub archived: usize,
    /// Listed accounts with few codes left.
    pub low: usize,
    /// Listed accounts never printed.
    pub unprinted: usize,
    /// Listed accounts whose sheet is out of date.
    pub stale: usize,
}

/// The accounts `q` selects, as indices into `payload.accounts`, in its order.
pub fn query(payload: &Payload, q: &ListQuery) -> Vec<usize> {
    let text = q.text.trim().to_lowercase();
    let mut found: Vec<usize> = payload
        .accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.archived_at.is_some() == q.archived)
        .filter(|(_, a)| !q.low || a.is_low())
        .filter(|(_, a)| {
            !(q.unprinted || q.stale) || {
                let state = payload.print_state(a);
                (q.unprinted && state == Some(PrintState::Unprinted))
                    || (q.stale && state == Some(PrintState::Stale))
            }
        })
        .filter(|(_, a)| {
            text.is_empty()
                || a.service.to_lowercase().contains(&text)
                || a.label.to_lowercase().contains(&text)
                || a.notes.to_lowercase().contains(&text)
        })
        .map(|(i, _)| i)
        .collect();
    match q.sort {
        Sort::Name => sort_by_name(payload, &mut found, |_| ()),
        Sort::CodesLeft => sort_by_name(payload, &mut found, |a| {
            a.active_set()
                .map_or(0, crate::vault::CodeSet::unused_count)
        }),
    }
    found
}

/// Sorts `found` by `first`, then by site and label (case-insensitive), keeping the
/// order of equal ones. The lower-cased names go into one buffer, not a string per
/// account.
fn sort_by_name<K: Ord>(payload: &Payload, found: &mut Vec<usize>, first: impl Fn(&Account) -> K) {
    fn lower(text: &mut String, s: &str) -> std::ops::Range<usize> {
        let start = text.len();
        if s.is_ascii() {
            text.push_str(s);
            text[start..].make_ascii_lowercase();
        } else {
            text.push_str(&s.to_lowercase());
        }
        start..text.len()
    }
    // The first bytes of the lower-cased site as a number settle most comparisons.
    fn prefix(s: &str) -> u64 {
        let mut head = [0u8; 8];
        for (to, from) in head.iter_mut().zip(s.bytes()) {
            *to = from;
        }
        u64::from_be_bytes(head)
    }
    let mut text = String::with_capacity(found.len() * 32);
    let mut keys: Vec<_> = found
        .iter()
        .map(|&i| {
            let a = &payload.accounts[i];
            let service = lower(&mut text, &a.service);
            let label = lower(&mut text, &a.label);
            let head = prefix(&text[service.clone()]);
            (first(a), head, service, label, i)
        })
        .collect();
    keys.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then_with(|| text[a.2.clone()].cmp(&text[b.2.clone()]))
            .then_with(|| text[a.3.clone()].cmp(&text[b.3.clone()]))
    });
    found.clear();
    found.extend(keys.into_iter().map(|k| k.4));
}

/// The counts for the summary line of the list.
pub fn counts(payload: &Payload) -> ListCounts {
    let mut c = ListCounts::default();
    for a in &payload.accounts {
        if a.archived_at.is_some() {
            c.archived += 1;
            continue;
        }
        c.listed += 1;
        c.low += usize::from(a.is_low());
        match payload.print_state(a) {
            Some(PrintState::Unprinted) => c.unprinted += 1,
            Some(PrintState::Stale) => c.stale += 1,
            _ => {}
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_filter_sort_and_count() {
        use crate::vault::Code;
        use crate::vault::model::Recipients;
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let mut p = Payload::new("id".into(), Recipients::new("a".into(), "b".into()));
        let codes = |n: usize| {
            (0..n)
                .map(|i| Code::unused(&format!("code-{i:04}")))
                .collect()
        };
        p.import_set("zulip", "", "x", codes(10), false, now)
            .unwrap();
        p.import_set("Acme", "bob", "x", codes(2), false, now)
            .unwrap();
        p.import_set("acme", "alice", "x", codes(5), false, now)
            .unwrap();
        p.accounts[0].notes = "work chat".into();
        let q = |f: fn(&mut ListQuery)| {
            let mut q = ListQuery::default();
            f(&mut q);
            query(&p, &q)
        };
        // By name, case-insensitive: acme:alice, Acme:bob, zulip.
        assert_eq!(q(|_| {}), [2, 1, 0]);
        assert_eq!(q(|q| q.sort = Sort::CodesLeft), [1, 2, 0]);
        assert_eq!(q(|q| q.low = true), [1]);
        assert_eq!(q(|q| q.text = "CHAT".into()), [0]);
        assert_eq!(q(|q| q.unprinted = true).len(), 3);
        assert!(q(|q| q.stale = true).is_empty());
        assert!(q(|q| q.archived = true).is_empty());
        let c = counts(&p);
        assert_eq!((c.listed, c.low, c.unprinted, c.archived), (3, 1, 3, 0));
    }

    #[test]
    fn the_name_order_is_that_of_the_lower_cased_names_and_keeps_ties() {
        use crate::vault::Code;
        use crate::vault::model::Recipients;
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let mut p = Payload::new("id".into(), Recipients::new("a".into(), "b".into()));
        let names = [
            ("Zebra", "b"),
            ("zebra", "A"),
            ("Ärzte", ""),
            ("arzte", "x"),
            ("ΣΊΣΥΦΟΣ", "Σ"),
            ("σίσυφος", ""),
            ("Éa", "1"),
            ("eb", ""),
            ("B", "ü"),
            ("b", "U"),
            ("a", "Z"),
            ("A-later", "z"),
            ("Mail", "Bob"),
            ("mail", "alice"),
            // Names alike in their first eight bytes, and shorter than eight.
            ("Site 1000", ""),
            ("site 100", "x"),
            ("Site 10001", ""),
            ("SITE 1000", "a"),
            ("site 1000-", ""),
            ("Site 1000Ä", ""),
            ("Site", ""),
            ("Sit", "z"),
        ];
        for (i, (service, label)) in names.iter().enumerate() {
            let codes = (0..=i % 4)
                .map(|j| Code::unused(&format!("c{i}-{j}")))
                .collect();
            p.import_set(service, label, "x", codes, false, now)
                .unwrap();
        }
        // Two accounts with the same name apart from case keep their order.
        p.accounts[11].service = "A".into();
        let lower = |i: usize| {
            let a = &p.accounts[i];
            (a.service.to_lowercase(), a.label.to_lowercase())
        };
        let mut expected: Vec<usize> = (0..p.accounts.len()).collect();
        expected.sort_by_cached_key(|&i| lower(i));
        assert_eq!(query(&p, &ListQuery::default()), expected);
        let mut expected: Vec<usize> = (0..p.accounts.len()).collect();
        expected.sort_by_cached_key(|&i| (p.accounts[i].code_sets[0].unused_count(), lower(i)));
        let q = ListQuery {
            sort: Sort::CodesLeft,
            ..ListQuery::default()
        };
        assert_eq!(query(&p, &q), expected);
    }

    #[test]
    fn names_split_at_the_first_colon() {
        assert_eq!(parse_name("GitHub"), ("GitHub", ""));
        assert_eq!(parse_name(" GitHub : alice "), ("GitHub", "alice"));
        assert_eq!(parse_name("Site:a:b"), ("Site", "a:b"));
    }
}
