//! Changing the account list itself: rename, merge, archive, unarchive and purge.
//!
//! Invariants:
//! - nothing is deleted except by [`Payload::purge`], which only takes an account
//!   that was archived first;
//! - rename and merge keep every code set with its history and used marks; merging
//!   two copies of the same codes keeps a code used when either copy is used (with
//!   the earlier time of use);
//! - at most one listed (not archived) account carries a given service and label;
//! - printed-sheet records follow the account's name, so "unprinted / out of date"
//!   stays right after a rename or merge.

use jiff::Timestamp;

use super::model::{Account, CodeSet, ModelError, Payload, SetStatus, check_name};

/// Why an account change was refused. Nothing was changed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AccountError {
    /// Another listed account already has that name.
    #[error("there is already an account named {0}")]
    NameTaken(String),
    /// An account cannot be merged into itself.
    #[error("an account cannot be merged into itself")]
    SameAccount,
    /// Purge takes archived accounts only.
    #[error("{0} is not archived; archive it first")]
    NotArchived(String),
    /// The account is archived and must be restored first.
    #[error("{0} is archived")]
    Archived(String),
    /// No account at that position.
    #[error("that account no longer exists")]
    Missing,
    /// A name was empty or too long.
    #[error(transparent)]
    Invalid(#[from] ModelError),
}

impl Payload {
    fn listed(&self, i: usize) -> Result<&Account, AccountError> {
        let a = self.accounts.get(i).ok_or(AccountError::Missing)?;
        if a.archived_at.is_some() {
            return Err(AccountError::Archived(a.display_name()));
        }
        Ok(a)
    }

    fn name_taken_by_other(&self, i: usize, service: &str, label: &str) -> Option<String> {
        self.position(service, label)
            .filter(|&j| j != i)
            .map(|j| self.accounts[j].display_name())
    }

    fn move_sheet_records(&mut self, from: (&str, &str), to: (&str, &str)) {
        for sheet in &mut self.sheets {
            if sheet.service.eq_ignore_ascii_case(from.0)
                && sheet.label.to_lowercase() == from.1.to_lowercase()
            {
                to.0.clone_into(&mut sheet.service);
                to.1.clone_into(&mut sheet.label);
            }
        }
    }

    /// Gives account `i` a new service name and label. Refused when another listed
    /// account already has them (merge the two instead).
    pub fn rename(&mut self, i: usize, service: &str, label: &str) -> Result<(), AccountError> {
        let (service, label) = (
            super::model::clean_name(service),
            super::model::clean_name(label),
        );
        let (service, label) = (service.as_str(), label.as_str());
        if service.is_empty() {
            return Err(ModelError::EmptyService.into());
        }
        check_name("the service name", service)?;
        check_name("the account label", label)?;
        self.listed(i)?;
        if let Some(other) = self.name_taken_by_other(i, service, label) {
            return Err(AccountError::NameTaken(other));
        }
        let old = (
            self.accounts[i].service.clone(),
            self.accounts[i].label.clone(),
        );
        self.move_sheet_records((&old.0, &old.1), (service, label));
        let a = &mut self.accounts[i];
        service.clone_into(&mut a.service);
        label.clone_into(&mut a.label);
        a.changed_at = Some(Timestamp::now());
        Ok(())
    }

    /// Moves everything of account `from` into account `into` and removes `from`.
    /// Returns `into`'s position afterwards.
    pub fn merge(
        &mut self,
        from: usize,
        into: usize,
        now: Timestamp,
    ) -> Result<usize, AccountError> {
        if from == into {
            return Err(AccountError::SameAccount);
        }
        self.listed(from)?;
        self.listed(into)?;
        let source = self.accounts.remove(from);
        self.removed_accounts.push(source.id.clone());
        let into = if into > from { into - 1 } else { into };
        let (to_service, to_label) = {
            let t = &self.accounts[into];
            (t.service.clone(), t.label.clone())
        };
        self.move_sheet_records((&source.service, &source.label), (&to_service, &to_label));
        let target = &mut self.accounts[into];
        if !source.notes.trim().is_empty() && source.notes.trim() != target.notes.trim() {
            target.notes = if target.notes.trim().is_empty() {
                source.notes.clone()
            } else {
                format!("{}\n{}", target.notes.trim_end(), source.notes.trim())
            };
        }
        for mut set in source.code_sets {
            let active_same = set.status == SetStatus::Active
                && target.active_set().is_some_and(|t| same_codes(t, &set));
            if active_same {
                if let Some(t) = target.active_set_mut() {
                    let _ = combine_states(t, &set);
                }
                continue;
            }
            if set.status == SetStatus::Active
                && let Some(t) = target.active_set_mut()
            {
                // Two different working sets: the newer one is what the site accepts.
                if t.imported_at >= set.imported_at {
                    set.status = SetStatus::Superseded;
                    set.superseded_at = Some(now);
                } else {
                    t.status = SetStatus::Superseded;
                    t.superseded_at = Some(now);
                }
            }
            target.code_sets.push(set);
        }
        target.code_sets.sort_by_key(|s| s.imported_at);
        target.changed_at = Some(now);
        Ok(into)
    }

    /// Archives account `i`: hidden from the list and from printing, still in the
    /// vault, restorable with [`Payload::unarchive`].
    pub fn archive(&mut self, i: usize, now: Timestamp) -> Result<(), AccountError> {
        self.listed(i)?;
        self.accounts[i].archived_at = Some(now);
        self.accounts[i].changed_at = Some(now);
        Ok(())
    }

    /// Puts an archived account back in the list.
    pub fn unarchive(&mut self, i: usize) -> Result<(), AccountError> {
        let a = self.accounts.get(i).ok_or(AccountError::Missing)?;
        if a.archived_at.is_none() {
            return Err(AccountError::NotArchived(a.display_name()));
        }
        if let Some(other) = self.name_taken_by_other(i, &a.service, &a.label) {
            return Err(AccountError::NameTaken(other));
        }
        self.accounts[i].archived_at = None;
        self.accounts[i].changed_at = Some(Timestamp::now());
        Ok(())
    }

    /// Drops an archived account and its codes for good.
    pub fn purge(&mut self, i: usize) -> Result<Account, AccountError> {
        let a = self.accounts.get(i).ok_or(AccountError::Missing)?;
        if a.archived_at.is_none() {
            return Err(AccountError::NotArchived(a.display_name()));
        }
        let account = self.accounts.remove(i);
        self.removed_accounts.push(account.id.clone());
        self.removed_sets
            .extend(account.code_sets.iter().map(|s| s.id.clone()));
        self.sheets.retain(|s| {
            !(s.service.eq_ignore_ascii_case(&account.service)
                && s.label.to_lowercase() == account.label.to_lowercase())
        });
        Ok(account)
    }
}

/// Whether two sets hold the same codes in the same order (ignoring grouping and case).
pub(super) fn same_codes(a: &CodeSet, b: &CodeSet) -> bool {
    !a.codes.is_empty()
        && a.codes.len() == b.codes.len()
        && a.codes
            .iter()
            .zip(&b.codes)
            .all(|(x, y)| *x.value.normalized() == *y.value.normalized())
}

/// A code used in either copy is used, with the earlier time; differing notes are
/// both kept. Returns how many codes became used in `target`, and how many other
/// details (times of use, notes) changed.
pub(super) fn combine_states(target: &mut CodeSet, other: &CodeSet) -> (usize, usize) {
    let mut newly_used = 0;
    let mut details = 0;
    for (t, o) in target.codes.iter_mut().zip(&other.codes) {
        if o.is_used() {
            match (t.is_used(), t.used_at, o.used_at) {
                (true, Some(a), Some(b)) if b < a => {
                    t.used_at = Some(b);
                    details += 1;
                }
                (true, None, Some(b)) => {
                    t.used_at = Some(b);
                    details += 1;
                }
                (true, _, _) => {}
                (false, _, at) => {
                    t.state = o.state;
                    t.used_at = at;
                    newly_used += 1;
                }
            }
        }
        if let Some(o_note) = &o.note
            && let Some(note) =
                super::merge::combine_texts(t.note.as_deref().unwrap_or(""), o_note, " / ")
        {
            t.note = Some(note);
            details += 1;
        }
    }
    (newly_used, details)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::model::{Code, Recipients};

    fn now() -> Timestamp {
        Timestamp::from_second(1_800_000_000).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn later(s: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + s).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn codes(prefix: &str, n: usize) -> Vec<Code> {
        (0..n)
            .map(|i| Code::unused(&format!("{prefix}-{i:05}")))
            .collect()
    }

    fn payload() -> Payload {
        let mut p = Payload::new("id".into(), Recipients::new("a".into(), "b".into()));
        p.import_set("GitHub", "alice", "x", codes("aaaaa", 4), false, now())
            .unwrap();
        p.import_set("Githb", "alice", "x", codes("aaaaa", 4), false, later(5))
            .unwrap();
        p.import_set("Google", "", "x", codes("ggggg", 3), false, now())
            .unwrap();
        p
    }

    #[test]
    fn rename_refuses_a_taken_name_and_moves_sheet_records() {
        let mut p = payload();
        assert_eq!(
            p.rename(1, "github", "ALICE"),
            Err(AccountError::NameTaken("GitHub:alice".into()))
        );
        p.sheets.push(crate::vault::model::PrintedSheet {
            id: "X".into(),
            printed_at: now(),
            service: "Google".into(),
            label: String::new(),
            set_imported_at: now(),
            used_at_print: vec![false; 3],
            blind: false,
            checked_at: None,
            paper_keys: Vec::new(),
        });
        p.rename(2, "Google", "bob").unwrap();
        assert_eq!(p.accounts[2].display_name(), "Google:bob");
        assert_eq!(p.sheets[0].label, "bob");
        assert_eq!(
            p.print_state(&p.accounts[2]),
            Some(crate::vault::model::PrintState::Current)
        );
        assert!(matches!(
            p.rename(2, " ", ""),
            Err(AccountError::Invalid(_))
        ));
    }

    #[test]
    fn merge_of_duplicates_keeps_a_code_used_in_either() {
        let mut p = payload();
        p.accounts[0].code_sets[0].codes[0].mark_used(later(10));
        p.accounts[1].code_sets[0].codes[0].mark_used(later(3));
        p.accounts[1].code_sets[0].codes[2].mark_used(later(4));
        let into = p.merge(1, 0, later(20)).unwrap();
        assert_eq!(into, 0);
        assert_eq!(p.accounts.len(), 2);
        let set = p.accounts[0].active_set().unwrap();
        assert_eq!(p.accounts[0].code_sets.len(), 1, "duplicate set folded in");
        let used: Vec<bool> = set.codes.iter().map(Code::is_used).collect();
        assert_eq!(used, [true, false, true, false]);
        assert_eq!(set.codes[0].used_at, Some(later(3)), "earliest use kept");
        p.validate().unwrap();
    }

    #[test]
    fn merge_of_different_sets_keeps_the_newer_active_and_all_history() {
        let mut p = payload();
        let into = p.merge(0, 2, later(20)).unwrap();
        assert_eq!(into, 1);
        let g = &p.accounts[1];
        assert_eq!(g.code_sets.len(), 2);
        assert_eq!(
            g.code_sets
                .iter()
                .filter(|s| s.status == SetStatus::Active)
                .count(),
            1
        );
        assert_eq!(p.merge(1, 1, now()), Err(AccountError::SameAccount));
        p.validate().unwrap();
    }

    #[test]
    fn only_archived_accounts_can_be_purged() {
        let mut p = payload();
        assert!(matches!(p.purge(0), Err(AccountError::NotArchived(_))));
        p.archive(0, now()).unwrap();
        assert!(p.find("github").is_empty());
        assert_eq!(p.find_archived("github"), vec![0]);
        assert!(matches!(
            p.archive(0, now()),
            Err(AccountError::Archived(_))
        ));
        // A new GitHub:alice may exist while the old one is archived…
        p.import_set("GitHub", "alice", "x", codes("bbbbb", 2), false, now())
            .unwrap();
        // …and then the archived one cannot come back under the same name.
        assert!(matches!(p.unarchive(0), Err(AccountError::NameTaken(_))));
        let purged = p.purge(0).unwrap();
        assert_eq!(purged.display_name(), "GitHub:alice");
        assert_eq!(p.accounts.len(), 3);
    }
}
