//! Codes: storing what the importer found, using the next code, marking codes and
//! keeping notes. These change the vault's content in memory; the front end saves
//! (the window on a thread, the command line at once).
//!
//! Invariants: every list found is stored under its own site and account, all or
//! nothing; "use next" works on exactly the account given and names it in its result.

use jiff::Timestamp;
use zeroize::Zeroizing;

use super::KeeperError;
use crate::import;
use crate::vault::model::ImportRefusal;
use crate::vault::{Account, Code, Payload};

/// Finds exactly one listed account by `service` or `service:label`.
pub fn resolve(payload: &Payload, query: &str) -> Result<usize, KeeperError> {
    resolve_in(payload, query, false)
}

/// Finds exactly one archived account by `service` or `service:label`.
pub fn resolve_archived(payload: &Payload, query: &str) -> Result<usize, KeeperError> {
    resolve_in(payload, query, true)
}

fn resolve_in(payload: &Payload, query: &str, archived: bool) -> Result<usize, KeeperError> {
    // Names are stored cleaned of controls and bidi marks: a query typed the same
    // raw way finds them, and error messages never echo raw escapes.
    let cleaned = crate::vault::model::clean_name(query);
    let query = cleaned.as_str();
    let matches = if archived {
        payload.find_archived(query)
    } else {
        payload.find(query)
    };
    let names = |idx: &mut dyn Iterator<Item = usize>| -> Vec<String> {
        idx.map(|i| payload.accounts[i].display_name()).collect()
    };
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(KeeperError::NoMatch {
            query: query.to_owned(),
            known: names(
                &mut (0..payload.accounts.len())
                    .filter(|&i| payload.accounts[i].archived_at.is_some() == archived),
            ),
        }),
        many => Err(KeeperError::Ambiguous {
            query: query.to_owned(),
            matches: names(&mut many.iter().copied()),
        }),
    }
}

/// One found list, with the site and account it will be stored under.
pub struct PlannedSet {
    /// Site.
    pub service: String,
    /// Account label (may be empty).
    pub account: String,
    /// The codes, in the site's order.
    pub codes: Vec<Code>,
}

/// What the user said about where the codes go; `None` means "use the guess".
#[derive(Default, Clone)]
pub struct Target {
    /// Site name for a single list.
    pub service: Option<String>,
    /// Account label for a single list.
    pub account: Option<String>,
}

/// A short description of a found list: "16 codes for GitHub, account alice".
pub fn describe_group(g: &import::Group) -> String {
    let site = g.site.as_deref().unwrap_or("an unknown site");
    let account = g
        .account
        .as_deref()
        .map(|a| format!(", account {a}"))
        .unwrap_or_default();
    let used = g.codes.iter().filter(|c| c.used).count();
    let used = if used > 0 {
        format!(" ({used} marked as used)")
    } else {
        String::new()
    };
    format!("{} for {site}{account}{used}", n_codes(g.codes.len()))
}

/// "1 code", "16 codes".
pub fn n_codes(n: usize) -> String {
    if n == 1 {
        "1 code".to_owned()
    } else {
        format!("{n} codes")
    }
}

/// Where codes of a found list are already stored (any set, current or older).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlreadyStored {
    /// The account holding them.
    pub account: usize,
    /// How many of the list's codes it holds.
    pub count: usize,
    /// Whether they are in its current (active) set.
    pub active: bool,
}

/// The account that already holds most of `g`'s codes, if any does (compared
/// without case, spaces or dashes). Adding them again would file the same codes
/// twice, perhaps under another name.
pub fn already_stored(payload: &crate::vault::Payload, g: &import::Group) -> Option<AlreadyStored> {
    let norm = |s: &str, out: &mut String| {
        out.clear();
        out.extend(
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase()),
        );
    };
    let mut wanted: Vec<zeroize::Zeroizing<String>> = g
        .codes
        .iter()
        .map(|c| {
            let mut out = zeroize::Zeroizing::new(String::new());
            norm(&c.code, &mut out);
            out
        })
        .collect();
    wanted.sort_unstable_by(|a, b| a.as_str().cmp(b.as_str()));
    // One buffer for every stored code: no allocation per code, wiped at the end.
    let mut buf = zeroize::Zeroizing::new(String::with_capacity(64));
    let mut best: Option<AlreadyStored> = None;
    for (i, a) in payload.accounts.iter().enumerate() {
        for set in &a.code_sets {
            let count = set
                .codes
                .iter()
                .filter(|c| {
                    norm(c.value.expose(), &mut buf);
                    wanted
                        .binary_search_by(|w| w.as_str().cmp(buf.as_str()))
                        .is_ok()
                })
                .count();
            let active = set.status == crate::vault::SetStatus::Active;
            if count > 0 && best.as_ref().is_none_or(|b| count > b.count) {
                best = Some(AlreadyStored {
                    account: i,
                    count,
                    active,
                });
            }
        }
    }
    best
}

/// Plans storing every list of `preview`, one per group, each under its own site
/// and account. `targets` gives per-list choices (the window's fields); a single
/// `Target` for a preview with several lists is refused when it names a site, since
/// that would file every list under one site.
pub fn plan_import(
    preview: &import::Preview,
    targets: &[Target],
) -> Result<Vec<PlannedSet>, KeeperError> {
    if preview.groups.len() > 1 && targets.len() == 1 && targets[0].service.is_some() {
        let lists: Vec<String> = preview.groups.iter().map(describe_group).collect();
        return Err(KeeperError::SeveralLists(lists.join("; ")));
    }
    let mut plan = Vec::with_capacity(preview.groups.len());
    for (i, g) in preview.groups.iter().enumerate() {
        let target = targets.get(i).cloned().unwrap_or_default();
        let given = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let Some(service) = given(target.service).or_else(|| g.site.clone()) else {
            return Err(KeeperError::UnknownSite(describe_group(g)));
        };
        let account = given(target.account)
            .or_else(|| g.account.clone())
            .unwrap_or_default();
        let codes = g
            .codes
            .iter()
            .map(|c| Code::imported(&c.code, c.used))
            .collect();
        plan.push(PlannedSet {
            service,
            account,
            codes,
        });
    }
    Ok(plan)
}

/// One stored list.
pub struct Stored {
    /// Position of the account that received it.
    pub account: usize,
    /// Its display name.
    pub name: String,
    /// Codes stored.
    pub count: usize,
    /// Whether an older working set was kept as history.
    pub superseded: bool,
}

/// Stores every planned list, all or nothing: on any refusal the content is as before.
pub fn store_import(
    payload: &mut Payload,
    plan: Vec<PlannedSet>,
    source: &str,
    replace: bool,
    now: Timestamp,
) -> Result<Vec<Stored>, KeeperError> {
    let before = payload.clone();
    let mut stored = Vec::with_capacity(plan.len());
    for set in plan {
        match payload.import_set(&set.service, &set.account, source, set.codes, replace, now) {
            Ok(outcome) => stored.push(Stored {
                account: outcome.account,
                name: payload.accounts[outcome.account].display_name(),
                count: outcome.count,
                superseded: outcome.superseded,
            }),
            Err(e) => {
                *payload = before;
                return Err(match e {
                    ImportRefusal::Invalid(inner) => inner.into(),
                    other => KeeperError::Import(other),
                });
            }
        }
    }
    Ok(stored)
}

/// A code handed out by [`use_next`].
pub struct UsedCode {
    /// The account's position.
    pub account: usize,
    /// The account's display name ("GitHub:alice").
    pub name: String,
    /// 1-based number of the code in its set.
    pub number: usize,
    /// The code.
    pub code: Zeroizing<String>,
    /// Unused codes left.
    pub left: usize,
}

impl UsedCode {
    /// Whether few enough codes are left to warn.
    pub fn low(&self) -> bool {
        self.left <= crate::vault::model::LOW_THRESHOLD
    }
}

fn active_account(payload: &mut Payload, account: usize) -> Result<&mut Account, KeeperError> {
    let a = payload
        .accounts
        .get_mut(account)
        .ok_or(KeeperError::Account(crate::vault::AccountError::Missing))?;
    if a.archived_at.is_some() {
        return Err(crate::vault::AccountError::Archived(a.display_name()).into());
    }
    Ok(a)
}

/// Takes the next unused code of `account` and marks it used.
pub fn use_next(
    payload: &mut Payload,
    account: usize,
    now: Timestamp,
) -> Result<UsedCode, KeeperError> {
    let a = active_account(payload, account)?;
    let name = a.display_name();
    let Some(set) = a.active_set_mut() else {
        return Err(KeeperError::NoActiveCodes(name));
    };
    let Some(n) = set.next_unused() else {
        return Err(KeeperError::AllUsed(name));
    };
    let code = Zeroizing::new(set.codes[n].value.expose().to_owned());
    set.codes[n].mark_used(now);
    Ok(UsedCode {
        account,
        name,
        number: n + 1,
        code,
        left: set.unused_count(),
    })
}

/// Code `number` (1-based) of the account's working set.
pub fn code_mut(
    payload: &mut Payload,
    account: usize,
    number: usize,
) -> Result<&mut Code, KeeperError> {
    let a = active_account(payload, account)?;
    let name = a.display_name();
    let Some(set) = a.active_set_mut() else {
        return Err(KeeperError::NoActiveCodes(name));
    };
    let total = set.codes.len();
    number
        .checked_sub(1)
        .and_then(|i| set.codes.get_mut(i))
        .ok_or(KeeperError::NoSuchCode {
            account: name,
            number,
            total,
        })
}

/// Marks code `number` used (keeping the first time of use) or unused.
pub fn mark(
    payload: &mut Payload,
    account: usize,
    number: usize,
    used: bool,
    now: Timestamp,
) -> Result<(), KeeperError> {
    let code = code_mut(payload, account, number)?;
    if used {
        code.mark_used(now);
    } else {
        code.mark_unused();
    }
    Ok(())
}

/// Sets (or with blank text removes) the note of code `number`.
pub fn set_note(
    payload: &mut Payload,
    account: usize,
    number: usize,
    text: &str,
) -> Result<(), KeeperError> {
    code_mut(payload, account, number)?.set_note(text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::model::Recipients;

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap()
    }

    const NOTES: &str = "GitHub\n\
        1a2b3-c4d5e\n2b3c4-d5e6f\n3c4d5-e6f7a\n4d5e6-f7a8b\n\n\
        Google\n\
        3318 9884\n4410 2231\n5521 3342\n6632 4453\n\n\
        PyPI\n\
        0a1b2c3d4e5f6a7b\n1b2c3d4e5f6a7b8c\n2c3d4e5f6a7b8c9d\n3d4e5f6a7b8c9d0e\n";

    #[test]
    fn each_list_is_stored_under_its_own_site() {
        let preview = import::preview_text(NOTES, None).unwrap();
        assert_eq!(
            preview.groups.len(),
            3,
            "{:?}",
            preview
                .groups
                .iter()
                .map(describe_group)
                .collect::<Vec<_>>()
        );
        let mut p = Payload::new("id".into(), Recipients::new("a".into(), "b".into()));
        // One site for three lists would file them all under it.
        let one = [Target {
            service: Some("GitHub".into()),
            account: None,
        }];
        assert!(matches!(
            plan_import(&preview, &one),
            Err(KeeperError::SeveralLists(_))
        ));
        let plan = plan_import(&preview, &[]).unwrap();
        let stored = store_import(&mut p, plan, "notes.txt", false, now()).unwrap();
        let names: Vec<&str> = stored.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["GitHub", "Google", "PyPI"]);
        assert_eq!(
            p.accounts[1].active_set().unwrap().codes[0].value.expose(),
            "3318 9884"
        );
        // All or nothing: a second import without --replace changes nothing.
        let plan = plan_import(&preview, &[]).unwrap();
        assert!(store_import(&mut p, plan, "notes.txt", false, now()).is_err());
        assert_eq!(p.accounts.len(), 3);
        assert_eq!(p.accounts[0].code_sets.len(), 1);
    }

    #[test]
    fn codes_already_stored_are_found_under_any_name_and_grouping() {
        let preview = import::preview_text(NOTES, None).unwrap();
        let mut p = Payload::new("id".into(), Recipients::new("a".into(), "b".into()));
        assert_eq!(already_stored(&p, &preview.groups[1]), None);
        // Google's codes filed under another name, typed without the space.
        let codes = ["33189884", "44102231"].map(Code::unused).to_vec();
        p.import_set("Gmail", "me", "x", codes, false, now())
            .unwrap();
        assert_eq!(
            already_stored(&p, &preview.groups[1]),
            Some(AlreadyStored {
                account: 0,
                count: 2,
                active: true
            })
        );
        assert_eq!(already_stored(&p, &preview.groups[0]), None);
    }

    #[test]
    fn use_next_names_the_account_and_keeps_first_use_time() {
        let mut p = Payload::new("id".into(), Recipients::new("a".into(), "b".into()));
        let codes = vec![Code::unused("aaaaa-11111"), Code::unused("bbbbb-22222")];
        p.import_set("GitHub", "alice", "x", codes, false, now())
            .unwrap();
        let used = use_next(&mut p, 0, now()).unwrap();
        assert_eq!(
            (used.name.as_str(), used.number, used.left),
            ("GitHub:alice", 1, 1)
        );
        let later = Timestamp::from_second(1_900_000_000).unwrap();
        mark(&mut p, 0, 1, true, later).unwrap();
        assert_eq!(p.accounts[0].code_sets[0].codes[0].used_at, Some(now()));
        assert!(matches!(
            mark(&mut p, 0, 3, true, now()),
            Err(KeeperError::NoSuchCode { total: 2, .. })
        ));
        use_next(&mut p, 0, now()).unwrap();
        assert!(matches!(
            use_next(&mut p, 0, now()),
            Err(KeeperError::AllUsed(_))
        ));
    }
}
