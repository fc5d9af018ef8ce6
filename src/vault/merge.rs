//! Merging another copy of the same vault into this one: the conflict copy a sync
//! tool (Syncthing, Dropbox, Nextcloud) wrote when two computers changed the vault
//! at once, or a copy the user names.
//!
//! Rules (documented for users in `docs/vault-format.md`):
//! - **used wins**: a code used in either copy is used, with the earlier time of use;
//!   no merge ever turns a used code back to unused;
//! - sets are matched by id, else by their codes; a set only one copy has is kept, and
//!   when an account then has two working sets the newer one is active, as after an
//!   import with replace;
//! - accounts are matched by id, else by a set they share, else by name; accounts
//!   only one copy has are kept; renames, archiving and unarchiving follow the
//!   newer change (`changed_at`); differing notes are both kept;
//! - an account purged or merged away in one copy is not brought back by the other;
//!   its used marks still reach the account that took its codes;
//! - the paper key is this copy's: a copy saved with another paper key is not
//!   merged at all (either result would lock out a paper key the user has seen);
//!   other computers' keys the copy knows are kept, except keys a restore retired.
//!
//! Merging is idempotent: merging the same copy twice changes nothing the second time.

use std::collections::HashSet;

use jiff::Timestamp;

use super::accounts::{combine_states, same_codes};
use super::model::{Account, CodeSet, MAX_NAME_CHARS, Payload, SetStatus};

/// Why a copy was not merged. Nothing was changed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MergeError {
    /// The copy belongs to another vault.
    #[error("that file is a copy of another vault (id {theirs}, this vault is {ours})")]
    OtherVault {
        /// This vault's id.
        ours: String,
        /// The copy's vault id.
        theirs: String,
    },
    /// The copy opens with another paper key (one was changed on the other side):
    /// merging would keep only one of the two keys the user has seen.
    #[error(
        "that copy was saved with another paper key (the paper key was changed on one side), so it is not merged automatically"
    )]
    OtherPaperKey,
    /// The result would break an invariant (kept unmerged rather than guessed).
    #[error("merging would leave the vault inconsistent: {0}")]
    Inconsistent(String),
}

/// What a merge changed, for telling the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Codes that became used, per account (display name, count).
    pub marked_used: Vec<(String, usize)>,
    /// Accounts that only the copy had.
    pub accounts_added: Vec<String>,
    /// Code sets that only the copy had (account display name).
    pub sets_added: Vec<String>,
    /// Accounts renamed, archived or unarchived by the copy's newer change (new name).
    pub accounts_changed: Vec<String>,
    /// Accounts whose notes now hold both copies' text.
    pub notes_combined: Vec<String>,
    /// Accounts removed because the copy purged or merged them away (old name).
    pub accounts_removed: Vec<String>,
    /// Printed-sheet, heir-kit and copy records taken from the copy.
    pub records_added: usize,
    /// Accounts the copy gave new codes although this vault had purged them or merged
    /// them into another: kept, so no code is lost.
    pub accounts_kept: Vec<String>,
    /// Other computers' keys the copy knew of and this vault did not (kept, so those
    /// computers keep opening the vault).
    pub computers_added: usize,
    /// Smaller details: times of use, notes on codes, sheet checks, heir-kit states,
    /// the last rehearsal, fields of a newer Codekeeper.
    pub details: usize,
}

impl MergeReport {
    /// Whether the copy brought nothing new.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Codes newly marked used, over all accounts.
    pub fn codes_marked_used(&self) -> usize {
        self.marked_used.iter().map(|(_, n)| n).sum()
    }

    /// The changes in plain words, the same for both front ends:
    /// "2 codes marked used on GitHub:alice; account Dropbox added".
    pub fn describe(&self) -> String {
        if self.is_empty() {
            return "nothing new: every change in it was already in the vault".to_owned();
        }
        let mut parts = Vec::new();
        for (name, n) in &self.marked_used {
            let codes = if *n == 1 { "code" } else { "codes" };
            parts.push(format!("{n} {codes} marked used on {name}"));
        }
        let mut list = |what: &str, names: &[String]| {
            if !names.is_empty() {
                parts.push(format!("{what} {}", names.join(", ")));
            }
        };
        list("added account", &self.accounts_added);
        list("new codes for", &self.sets_added);
        list("renamed or archived", &self.accounts_changed);
        list("notes combined on", &self.notes_combined);
        list("removed (purged or merged there)", &self.accounts_removed);
        list(
            "kept (purged or merged here, but given new codes there)",
            &self.accounts_kept,
        );
        if self.computers_added > 0 {
            parts.push(format!(
                "{} more computer(s) sharing the vault",
                self.computers_added
            ));
        }
        if self.details > 0 && parts.is_empty() {
            parts.push(format!("{} detail(s) such as notes on codes", self.details));
        }
        if self.records_added > 0 {
            parts.push(format!(
                "{} record(s) of printed sheets, heir kits or copies",
                self.records_added
            ));
        }
        parts.join("; ")
    }
}

impl Payload {
    /// Merges `other`, another copy of this vault, into this one (see the module
    /// rules). On error nothing was changed.
    pub fn merge_copy(&mut self, other: Payload) -> Result<MergeReport, MergeError> {
        if other.vault_id != self.vault_id {
            return Err(MergeError::OtherVault {
                ours: self.vault_id.clone(),
                theirs: other.vault_id,
            });
        }
        let paper = |p: &Payload| (p.recipients.paper.clone(), p.recipients.new_paper.clone());
        if paper(&other) != paper(self) {
            return Err(MergeError::OtherPaperKey);
        }
        let mut merged = self.clone();
        let mut report = MergeReport {
            computers_added: merged.recipients.take_computers_from(&other.recipients),
            ..MergeReport::default()
        };
        merged.merge_into(other, &mut report);
        merged
            .validate()
            .map_err(|e| MergeError::Inconsistent(e.to_string()))?;
        *self = merged;
        Ok(report)
    }

    fn merge_into(&mut self, other: Payload, report: &mut MergeReport) {
        let Payload {
            accounts,
            sheets,
            heir_kits,
            last_copy,
            paper_key_proven,
            removed_accounts,
            removed_sets,
            sheet_key,
            generation,
            extra,
            ..
        } = other;
        let known: HashSet<String> = self.removed_sets.iter().cloned().collect();
        for id in removed_sets {
            if !known.contains(&id) {
                self.removed_sets.push(id);
                report.details += 1;
            }
        }
        let their_removed: HashSet<String> = removed_accounts.into_iter().collect();
        // Accounts of this vault that one of the copy's accounts names by id: no other
        // account of the copy may take them by name or by a shared set.
        let claimed: HashSet<String> = accounts
            .iter()
            .filter(|a| self.accounts.iter().any(|b| b.id == a.id))
            .map(|a| a.id.clone())
            .collect();
        for account in accounts {
            self.merge_account(account, &their_removed, &claimed, report);
        }
        self.apply_removals(&their_removed, report);
        // Accounts whose every set moved to the account the copy merged them into.
        let emptied: Vec<usize> = (0..self.accounts.len())
            .filter(|&i| {
                let a = &self.accounts[i];
                a.code_sets.is_empty() && their_removed.contains(&a.id)
            })
            .collect();
        for i in emptied.into_iter().rev() {
            let gone = self.accounts.remove(i);
            report.accounts_removed.push(gone.display_name());
            self.removed_accounts.push(gone.id);
        }
        let known: HashSet<String> = self
            .removed_accounts
            .iter()
            .chain(self.accounts.iter().map(|a| &a.id))
            .cloned()
            .collect();
        let mut new_ids: Vec<String> = their_removed
            .into_iter()
            .filter(|id| !known.contains(id))
            .collect();
        new_ids.sort();
        report.details += new_ids.len();
        self.removed_accounts.extend(new_ids);
        for sheet in sheets {
            match self.sheets.iter_mut().find(|s| s.id == sheet.id) {
                Some(s) => {
                    if sheet.checked_at > s.checked_at {
                        s.checked_at = sheet.checked_at;
                        report.details += 1;
                    }
                }
                None => {
                    self.sheets.push(sheet);
                    report.records_added += 1;
                }
            }
        }
        self.sheets.sort_by_key(|s| s.printed_at);
        for kit in heir_kits {
            match self
                .heir_kits
                .iter_mut()
                .find(|k| k.set_id == kit.set_id && k.made_at == kit.made_at)
            {
                Some(k) => {
                    if kit.retired && !k.retired {
                        k.retired = true;
                        report.details += 1;
                    }
                }
                None => {
                    self.heir_kits.push(kit);
                    report.records_added += 1;
                }
            }
        }
        self.heir_kits.sort_by_key(|k| k.made_at);
        if last_copy.as_ref().map(|c| c.at) > self.last_copy.as_ref().map(|c| c.at) {
            self.last_copy = last_copy;
            report.records_added += 1;
        }
        if paper_key_proven.as_ref().map(|p| p.at) > self.paper_key_proven.as_ref().map(|p| p.at) {
            self.paper_key_proven = paper_key_proven;
            report.details += 1;
        }
        if self.sheet_key.is_none() && sheet_key.is_some() {
            self.sheet_key = sheet_key;
            report.details += 1;
        }
        report.details += keep_unknown(&mut self.extra, extra);
        self.generation = self.generation.max(generation);
    }

    /// `their_removed`: the accounts the copy purged or merged into others;
    /// `claimed`: accounts here that a copy's account names by id.
    fn merge_account(
        &mut self,
        theirs: Account,
        their_removed: &HashSet<String>,
        claimed: &HashSet<String>,
        report: &mut MergeReport,
    ) {
        if self.removed_accounts.contains(&theirs.id) {
            self.merge_removed_here(theirs, report);
            return;
        }
        let Some((i, by_id)) = self.matching_account(&theirs, claimed) else {
            report.accounts_added.push(theirs.display_name());
            let name_taken = theirs.archived_at.is_none()
                && self.position(&theirs.service, &theirs.label).is_some();
            let mut theirs = theirs;
            if name_taken {
                // Two different accounts under one name: keep both, the copy's archived,
                // so nothing is lost and the list stays unambiguous.
                theirs.archived_at = Some(Timestamp::now());
            }
            self.accounts.push(theirs);
            return;
        };
        // Renames and archiving follow only the same account (by id), never one
        // that merely carries the same name.
        let newer = by_id && theirs.changed_at > self.accounts[i].changed_at;
        if newer {
            let a = &self.accounts[i];
            let renamed = !a.service.eq_ignore_ascii_case(&theirs.service)
                || a.label.to_lowercase() != theirs.label.to_lowercase();
            let name_free = self
                .position(&theirs.service, &theirs.label)
                .is_none_or(|j| j == i);
            let archive_changed = a.archived_at.is_some() != theirs.archived_at.is_some();
            if (renamed && name_free) || archive_changed {
                let old = (a.service.clone(), a.label.clone());
                let a = &mut self.accounts[i];
                if renamed && name_free {
                    a.service.clone_from(&theirs.service);
                    a.label.clone_from(&theirs.label);
                }
                let mut changed = renamed && name_free;
                if archive_changed && (theirs.archived_at.is_some() || name_free) {
                    a.archived_at = theirs.archived_at;
                    changed = true;
                }
                let new = (a.service.clone(), a.label.clone());
                if changed {
                    a.changed_at = theirs.changed_at;
                    report.accounts_changed.push(a.display_name());
                }
                if renamed && name_free {
                    self.move_sheets_by_name(&old, &new);
                }
            }
        }
        let a = &mut self.accounts[i];
        if let Some(notes) = combine_texts(&a.notes, &theirs.notes, "\n") {
            a.notes = notes;
            report.notes_combined.push(a.display_name());
        }
        report.details += keep_unknown(&mut a.extra, theirs.extra);
        let name = a.display_name();
        let mut used = 0;
        let mut new_sets = Vec::new();
        for set in theirs.code_sets {
            // Sets are the same set only when they hold the same codes.
            match a.code_sets.iter_mut().find(|s| same_codes(s, &set)) {
                Some(s) => {
                    let (n, details) = combine_states(s, &set);
                    used += n;
                    report.details += details;
                }
                None => new_sets.push(set),
            }
        }
        if used > 0 {
            report.marked_used.push((name.clone(), used));
        }
        let mut added = false;
        for set in new_sets {
            // A set another account here holds stays with that account (codes never
            // change site), unless the copy merged that account into this one.
            let holder = self
                .accounts
                .iter()
                .position(|b| b.code_sets.iter().any(|s| same_codes(s, &set)));
            match holder {
                Some(j) if j != i && their_removed.contains(&self.accounts[j].id) => {
                    self.combine_anywhere(&set, report);
                    // Moved, not copied: a code is listed under one site only.
                    if let Some(k) = self.accounts[j]
                        .code_sets
                        .iter()
                        .position(|s| same_codes(s, &set))
                    {
                        let moved = self.accounts[j].code_sets.remove(k);
                        self.accounts[i].code_sets.push(moved);
                        added = true;
                    }
                }
                Some(_) => {
                    self.combine_anywhere(&set, report);
                }
                None => {
                    self.accounts[i].code_sets.push(set);
                    added = true;
                }
            }
        }
        if added {
            settle_active(&mut self.accounts[i]);
            report.sets_added.push(name);
        }
    }

    /// The copy's account that this vault purged or merged into another: its used
    /// marks reach the sets that moved; sets held nowhere here (new codes imported
    /// there meanwhile) are kept, with the account put back in the list.
    fn merge_removed_here(&mut self, theirs: Account, report: &mut MergeReport) {
        let mut unheld = Vec::new();
        for set in &theirs.code_sets {
            if !self.combine_anywhere(set, report) && !self.removed_sets.contains(&set.id) {
                unheld.push(set.clone());
            }
        }
        if unheld.is_empty() {
            return;
        }
        let mut kept = theirs;
        kept.code_sets = unheld;
        settle_active(&mut kept);
        if self.position(&kept.service, &kept.label).is_some() {
            kept.archived_at = Some(Timestamp::now());
        } else {
            kept.archived_at = None;
        }
        self.removed_accounts.retain(|id| *id != kept.id);
        report.accounts_kept.push(kept.display_name());
        self.accounts.push(kept);
    }

    /// The account of this copy that `theirs` is (and whether by id): the same id,
    /// else — among accounts no copy's account names by id — the listed account of
    /// the same name, else one sharing a set.
    fn matching_account(
        &self,
        theirs: &Account,
        claimed: &HashSet<String>,
    ) -> Option<(usize, bool)> {
        if let Some(i) = self.accounts.iter().position(|a| a.id == theirs.id) {
            return Some((i, true));
        }
        let free = |a: &Account| !claimed.contains(&a.id);
        let shares_set = |a: &Account| {
            a.code_sets
                .iter()
                .any(|s| theirs.code_sets.iter().any(|t| same_codes(s, t)))
        };
        if theirs.archived_at.is_none()
            && let Some(i) = self
                .position(&theirs.service, &theirs.label)
                .filter(|&i| free(&self.accounts[i]))
        {
            return Some((i, false));
        }
        self.accounts
            .iter()
            .position(|a| free(a) && shares_set(a))
            .map(|i| (i, false))
    }

    /// Marks used, on whichever set of this copy holds the same codes, what `set`
    /// has used. Returns whether such a set was found.
    fn combine_anywhere(&mut self, set: &CodeSet, report: &mut MergeReport) -> bool {
        for a in &mut self.accounts {
            if let Some(s) = a.code_sets.iter_mut().find(|s| same_codes(s, set)) {
                let (n, details) = combine_states(s, set);
                report.details += details;
                if n > 0 {
                    report.marked_used.push((a.display_name(), n));
                }
                return true;
            }
        }
        false
    }

    /// Accounts the copy purged or merged away: removed here when archived here too
    /// (a purge) or when every set of theirs is held by another account (a merge). An
    /// account with no set at all is kept.
    fn apply_removals(&mut self, removed: &HashSet<String>, report: &mut MergeReport) {
        for id in removed {
            let Some(i) = self.accounts.iter().position(|a| &a.id == id) else {
                continue;
            };
            let a = &self.accounts[i];
            let held_elsewhere = !a.code_sets.is_empty()
                && a.code_sets.iter().all(|set| {
                    self.accounts
                        .iter()
                        .enumerate()
                        .any(|(j, b)| j != i && b.code_sets.iter().any(|s| same_codes(s, set)))
                });
            let purged_there = a.archived_at.is_some() && !a.code_sets.is_empty();
            if !held_elsewhere && !purged_there {
                continue;
            }
            let gone = self.accounts.remove(i);
            for set in &gone.code_sets {
                if !self.combine_anywhere(set, report) {
                    self.removed_sets.push(set.id.clone());
                }
            }
            report.accounts_removed.push(gone.display_name());
            self.removed_accounts.push(gone.id);
        }
    }

    fn move_sheets_by_name(&mut self, from: &(String, String), to: &(String, String)) {
        for sheet in &mut self.sheets {
            if sheet.service.eq_ignore_ascii_case(&from.0)
                && sheet.label.to_lowercase() == from.1.to_lowercase()
            {
                sheet.service.clone_from(&to.0);
                sheet.label.clone_from(&to.1);
            }
        }
    }
}

/// Both texts' parts (split at `sep`), each once, this copy's first; `None` when the
/// other text adds nothing. Capped at [`MAX_NAME_CHARS`] characters so that
/// merging never grows a note past what the vault accepts; two copies that merged
/// each other settle after one round.
pub(super) fn combine_texts(ours: &str, theirs: &str, sep: &str) -> Option<String> {
    let parts = |t: &str| -> Vec<String> {
        t.split(sep)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut all = parts(ours);
    let new: Vec<String> = parts(theirs)
        .into_iter()
        .filter(|p| !all.contains(p))
        .collect();
    if new.is_empty() {
        return None;
    }
    let mut out = all.join(sep);
    for p in new {
        let grown = if out.is_empty() {
            p.clone()
        } else {
            format!("{out}{sep}{p}")
        };
        if grown.chars().count() > MAX_NAME_CHARS {
            break;
        }
        out = grown;
        all.push(p);
    }
    (out != ours.trim()).then_some(out)
}

/// Keys of `theirs` this table lacks are added (fields of a newer Codekeeper); returns
/// how many.
fn keep_unknown(ours: &mut toml::Table, theirs: toml::Table) -> usize {
    let mut added = 0;
    for (k, v) in theirs {
        if !ours.contains_key(&k) {
            ours.insert(k, v);
            added += 1;
        }
    }
    added
}

/// After sets were added: the newest working set stays active, older ones are
/// superseded (at the newer set's import time), sets in import order.
fn settle_active(account: &mut Account) {
    account.code_sets.sort_by_key(|s| s.imported_at);
    let newest_active = account
        .code_sets
        .iter()
        .rposition(|s| s.status == SetStatus::Active);
    let Some(keep) = newest_active else {
        return;
    };
    let at = account.code_sets[keep].imported_at;
    for (j, s) in account.code_sets.iter_mut().enumerate() {
        if j != keep && s.status == SetStatus::Active {
            s.status = SetStatus::Superseded;
            s.superseded_at = Some(at);
        }
    }
}

#[cfg(test)]
mod tests;
