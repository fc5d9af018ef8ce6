//! The merge rules, one by one, on small payloads.

use jiff::Timestamp;

use super::*;
use crate::vault::model::{Code, Recipients};

fn at(s: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + s).unwrap()
}

fn codes(prefix: &str, n: usize) -> Vec<Code> {
    (0..n)
        .map(|i| Code::unused(&format!("{prefix}-{i:05}")))
        .collect()
}

/// One vault with GitHub:alice (8 codes) and Google (4 codes), and a second copy of it.
fn two_copies() -> (Payload, Payload) {
    let mut p = Payload::new("v1".into(), Recipients::new("age1d".into(), "age1p".into()));
    p.import_set("GitHub", "alice", "f", codes("gh", 8), false, at(0))
        .unwrap();
    p.import_set("Google", "", "f", codes("go", 4), false, at(1))
        .unwrap();
    let copy = p.clone();
    (p, copy)
}

fn used(p: &Payload, account: usize) -> Vec<usize> {
    let set = p.accounts[account].active_set().unwrap();
    (0..set.codes.len())
        .filter(|&i| set.codes[i].is_used())
        .map(|i| i + 1)
        .collect()
}

#[test]
fn a_code_used_on_either_side_stays_used_with_the_earlier_time() {
    let (mut here, mut there) = two_copies();
    here.accounts[0].code_sets[0].codes[0].mark_used(at(50));
    there.accounts[0].code_sets[0].codes[0].mark_used(at(40));
    there.accounts[0].code_sets[0].codes[1].mark_used(at(60));
    here.accounts[1].code_sets[0].codes[3].mark_used(at(70));
    let report = here.merge_copy(there).unwrap();
    assert_eq!(used(&here, 0), [1, 2]);
    assert_eq!(used(&here, 1), [4]);
    assert_eq!(here.accounts[0].code_sets[0].codes[0].used_at, Some(at(40)));
    assert_eq!(report.marked_used, [("GitHub:alice".to_owned(), 1)]);
    assert_eq!(report.describe(), "1 code marked used on GitHub:alice");
}

#[test]
fn an_older_copy_never_brings_a_used_code_back() {
    let (mut here, there) = two_copies();
    here.accounts[0].code_sets[0].codes[2].mark_used(at(50));
    let report = here.merge_copy(there).unwrap();
    assert_eq!(used(&here, 0), [3]);
    assert!(report.is_empty(), "{report:?}");
}

#[test]
fn merging_twice_changes_nothing_the_second_time() {
    let (mut here, mut there) = two_copies();
    there.accounts[0].code_sets[0].codes[0].mark_used(at(40));
    there.accounts[0].code_sets[0].codes[0].note = Some("laptop".into());
    here.accounts[0].code_sets[0].codes[0].note = Some("desk".into());
    there.accounts[0].notes = "ask Bob".into();
    there
        .import_set("PyPI", "", "f", codes("py", 8), false, at(5))
        .unwrap();
    here.merge_copy(there.clone()).unwrap();
    let before = here.to_toml().unwrap();
    let again = here.merge_copy(there).unwrap();
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(*before, *here.to_toml().unwrap());
    assert_eq!(
        here.accounts[0].code_sets[0].codes[0].note.as_deref(),
        Some("desk / laptop")
    );
}

#[test]
fn accounts_and_sets_added_on_either_side_are_kept_and_the_newer_set_is_active() {
    let (mut here, mut there) = two_copies();
    here.import_set("Dropbox", "", "f", codes("db", 5), false, at(10))
        .unwrap();
    there
        .import_set("PyPI", "", "f", codes("py", 8), false, at(11))
        .unwrap();
    // The other computer replaced GitHub's codes; this one used an old one meanwhile.
    there
        .import_set("GitHub", "alice", "f", codes("gh2", 16), true, at(20))
        .unwrap();
    here.accounts[0].code_sets[0].codes[0].mark_used(at(15));
    let report = here.merge_copy(there).unwrap();
    let names: Vec<String> = here.accounts.iter().map(Account::display_name).collect();
    assert_eq!(names, ["GitHub:alice", "Google", "Dropbox", "PyPI"]);
    let gh = &here.accounts[0];
    assert_eq!(gh.code_sets.len(), 2);
    assert_eq!(gh.active_set().unwrap().codes.len(), 16);
    assert_eq!(gh.code_sets[0].status, SetStatus::Superseded);
    assert!(gh.code_sets[0].codes[0].is_used(), "history keeps the use");
    assert_eq!(report.accounts_added, ["PyPI"]);
    assert_eq!(report.sets_added, ["GitHub:alice"]);
}

#[test]
fn a_set_imported_on_both_sides_keeps_the_newest_active() {
    let (mut here, mut there) = two_copies();
    here.import_set("GitHub", "alice", "f", codes("a", 10), true, at(30))
        .unwrap();
    there
        .import_set("GitHub", "alice", "f", codes("b", 10), true, at(20))
        .unwrap();
    here.merge_copy(there).unwrap();
    let gh = &here.accounts[0];
    assert_eq!(gh.code_sets.len(), 3);
    let active: Vec<_> = gh
        .code_sets
        .iter()
        .filter(|s| s.status == SetStatus::Active)
        .collect();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].imported_at, at(30));
}

#[test]
fn renames_and_archives_follow_the_newer_change() {
    let (mut here, mut there) = two_copies();
    here.rename(0, "GitHub", "alice-old").unwrap();
    here.accounts[0].changed_at = Some(at(10));
    there.rename(0, "GitHub", "alice-new").unwrap();
    there.accounts[0].changed_at = Some(at(20));
    there.archive(1, at(5)).unwrap();
    here.merge_copy(there).unwrap();
    assert_eq!(here.accounts[0].display_name(), "GitHub:alice-new");
    assert!(here.accounts[1].archived_at.is_some());

    // The other way round: this copy's change is newer and stays.
    let (mut here, mut there) = two_copies();
    there.rename(0, "GitHub", "bob").unwrap();
    there.accounts[0].changed_at = Some(at(10));
    here.rename(0, "GitHub", "carol").unwrap();
    here.accounts[0].changed_at = Some(at(20));
    let report = here.merge_copy(there).unwrap();
    assert_eq!(here.accounts[0].display_name(), "GitHub:carol");
    assert!(report.accounts_changed.is_empty());
}

#[test]
fn differing_notes_are_both_kept() {
    let (mut here, mut there) = two_copies();
    here.accounts[0].notes = "phone: old Pixel".into();
    there.accounts[0].notes = "work account".into();
    let report = here.merge_copy(there).unwrap();
    assert_eq!(here.accounts[0].notes, "phone: old Pixel\nwork account");
    assert_eq!(report.notes_combined, ["GitHub:alice"]);
}

#[test]
fn purged_or_merged_accounts_do_not_come_back_but_their_uses_count() {
    let (mut here, mut there) = two_copies();
    // This computer archived and purged Google; the other used a Google code.
    here.archive(1, at(5)).unwrap();
    here.purge(1).unwrap();
    there.accounts[1].code_sets[0].codes[0].mark_used(at(6));
    here.merge_copy(there).unwrap();
    assert_eq!(here.accounts.len(), 1);

    // The other computer merged a duplicate into GitHub:alice; this one used a code
    // of the duplicate meanwhile.
    let (mut here, _) = two_copies();
    here.import_set("Gitub", "alice", "f", codes("dup", 4), false, at(7))
        .unwrap();
    let mut there = here.clone();
    here.accounts[2].code_sets[0].codes[1].mark_used(at(8));
    there.merge(2, 0, at(9)).unwrap();
    let report = here.merge_copy(there).unwrap();
    let names: Vec<String> = here.accounts.iter().map(Account::display_name).collect();
    assert_eq!(names, ["GitHub:alice", "Google"]);
    let dup = here.accounts[0]
        .code_sets
        .iter()
        .find(|s| s.codes.len() == 4)
        .unwrap();
    assert!(dup.codes[1].is_used());
    assert_eq!(report.accounts_removed, ["Gitub:alice"]);
}

#[test]
fn copies_migrated_apart_from_format_1_match_by_their_derived_ids() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/vault/format-1/rich/payload.toml"
    ))
    .unwrap();
    let mut here = Payload::from_toml(&text).unwrap();
    let mut there = Payload::from_toml(&text).unwrap();
    let ids: Vec<&str> = here.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        there
            .accounts
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
    );
    // A rename on the other computer is recognised as the same account.
    there.rename(1, "Google", "work").unwrap();
    let active = there.accounts[1].active_set_mut().unwrap();
    let n = active.next_unused().unwrap();
    active.codes[n].mark_used(at(100));
    let report = here.merge_copy(there).unwrap();
    assert_eq!(here.accounts.len(), 6);
    assert_eq!(here.accounts[1].display_name(), "Google:work");
    assert_eq!(report.marked_used, [("Google:work".to_owned(), 1)]);
}

#[test]
fn a_copy_of_another_vault_is_refused_and_nothing_changes() {
    let (mut here, _) = two_copies();
    let other = Payload::new("v2".into(), Recipients::new("age1d".into(), "age1p".into()));
    let before = here.to_toml().unwrap();
    assert!(matches!(
        here.merge_copy(other),
        Err(MergeError::OtherVault { .. })
    ));
    assert_eq!(*before, *here.to_toml().unwrap());
}

#[test]
fn two_different_accounts_under_one_name_are_both_kept() {
    let (mut here, mut there) = two_copies();
    here.import_set("Dropbox", "", "f", codes("x", 5), false, at(10))
        .unwrap();
    there
        .import_set("Dropbox", "", "f", codes("y", 5), false, at(11))
        .unwrap();
    here.merge_copy(there).unwrap();
    let dropbox: Vec<&Account> = here
        .accounts
        .iter()
        .filter(|a| a.service == "Dropbox")
        .collect();
    // Matched by name: one account, the newer set active, the other kept as history.
    assert_eq!(dropbox.len(), 1);
    assert_eq!(dropbox[0].code_sets.len(), 2);
    assert_eq!(dropbox[0].active_set().unwrap().imported_at, at(11));
}

#[test]
fn codes_imported_there_into_an_account_merged_or_purged_here_are_kept() {
    // Here: Gitub:alice merged into GitHub:alice. There: new codes for Gitub:alice.
    let (mut here, _) = two_copies();
    here.import_set("Gitub", "alice", "f", codes("dup", 4), false, at(7))
        .unwrap();
    let mut there = here.clone();
    here.merge(2, 0, at(8)).unwrap();
    there
        .import_set("Gitub", "alice", "f", codes("new", 4), true, at(9))
        .unwrap();
    let report = here.merge_copy(there).unwrap();
    let kept = here
        .accounts
        .iter()
        .find(|a| a.service == "Gitub")
        .expect("the account with new codes is back");
    assert_eq!(
        kept.active_set().unwrap().codes[0].value.expose(),
        "new-00000"
    );
    assert_eq!(report.accounts_kept, ["Gitub:alice"]);
    assert!(!report.is_empty());

    // Here: Google archived and purged. There: Google got new codes.
    let (mut here, mut there) = two_copies();
    here.archive(1, at(5)).unwrap();
    here.purge(1).unwrap();
    there
        .import_set("Google", "", "f", codes("g2", 4), true, at(6))
        .unwrap();
    here.merge_copy(there).unwrap();
    let google = here
        .accounts
        .iter()
        .find(|a| a.service == "Google")
        .unwrap();
    assert_eq!(
        google.active_set().unwrap().codes[0].value.expose(),
        "g2-00000"
    );
}

#[test]
fn other_computers_keys_are_kept_unless_retired() {
    let (mut here, mut there) = two_copies();
    there
        .recipients
        .other_devices
        .push(there.recipients.device.clone());
    there.recipients.device = "age1laptop".into();
    let report = here.merge_copy(there.clone()).unwrap();
    assert_eq!(here.recipients.other_devices, ["age1laptop"]);
    assert_eq!(report.computers_added, 1);
    assert!(here.recipients.all().any(|r| r == "age1laptop"));
    // A computer dropped by a restore here does not come back from an older copy.
    let (mut here, _) = two_copies();
    here.recipients.retired_devices.push("age1laptop".into());
    let report = here.merge_copy(there).unwrap();
    assert!(here.recipients.other_devices.is_empty());
    assert_eq!(report.computers_added, 0);
}

#[test]
fn a_copy_that_merged_two_accounts_never_files_one_sites_codes_under_another() {
    // Format-1 copies drifted apart: there, GitHub was merged into Google (older code),
    // so Google there holds GitHub's set too; ids are derived on both sides.
    let (mut here, _) = two_copies();
    let mut there = here.clone();
    there.merge(0, 1, at(5)).unwrap();
    for p in [&mut here, &mut there] {
        for a in &mut p.accounts {
            a.id.clear();
            for s in &mut a.code_sets {
                s.id.clear();
            }
        }
        p.removed_accounts.clear();
        *p = Payload::from_toml(&p.to_toml().unwrap()).unwrap();
    }
    there.accounts[0].code_sets[1].codes[2].mark_used(at(6));
    here.merge_copy(there).unwrap();
    let gh = &here.accounts[0];
    assert_eq!(gh.display_name(), "GitHub:alice");
    assert_eq!(gh.code_sets.len(), 1, "no Google codes under GitHub");
    assert!(
        gh.active_set().unwrap().codes[0]
            .value
            .expose()
            .starts_with("gh-")
    );
    let go = &here.accounts[1];
    assert_eq!(go.code_sets.len(), 1);
    assert!(go.active_set().unwrap().codes[2].is_used());
    assert!(
        go.active_set().unwrap().codes[0]
            .value
            .expose()
            .starts_with("go-")
    );
}

#[test]
fn notes_on_codes_and_record_details_count_as_changes() {
    let (mut here, mut there) = two_copies();
    there.accounts[0].code_sets[0].codes[1].note = Some("rejected by the site".into());
    let report = here.merge_copy(there).unwrap();
    assert!(!report.is_empty());
    assert_eq!(
        here.accounts[0].code_sets[0].codes[1].note.as_deref(),
        Some("rejected by the site")
    );
}

#[test]
fn fields_of_a_newer_codekeeper_are_kept() {
    let (mut here, mut there) = two_copies();
    there
        .extra
        .insert("future_top".into(), toml::Value::String("kept".into()));
    there.accounts[0]
        .extra
        .insert("future_account".into(), toml::Value::Integer(3));
    let report = here.merge_copy(there).unwrap();
    assert!(!report.is_empty());
    assert!(here.extra.contains_key("future_top"));
    assert!(here.accounts[0].extra.contains_key("future_account"));
}

#[test]
fn an_account_without_sets_is_not_removed_by_a_copy() {
    let (mut here, mut there) = two_copies();
    here.accounts[1].code_sets.clear();
    there.removed_accounts.push(here.accounts[1].id.clone());
    here.merge_copy(there).unwrap();
    assert_eq!(here.accounts.len(), 2);
}

#[test]
fn an_account_is_matched_by_its_id_before_another_takes_its_name() {
    let (mut here, _) = two_copies();
    here.import_set("Dropbox", "carol", "f", codes("rr", 4), false, at(3))
        .unwrap();
    let mut there = here.clone();
    there
        .import_set("Temp", "x", "f", codes("zz", 4), false, at(4))
        .unwrap();
    here.merge_copy(there.clone()).unwrap();
    // There: Dropbox:carol renamed to Dropbox:work, then Temp:x renamed to Dropbox:carol.
    there.rename(2, "Dropbox", "work").unwrap();
    there.accounts[2].changed_at = Some(at(10));
    there.rename(3, "Dropbox", "carol").unwrap();
    there.accounts[3].changed_at = Some(at(11));
    here.merge_copy(there.clone()).unwrap();
    let find = |p: &Payload, name: &str| {
        p.accounts
            .iter()
            .find(|a| a.display_name() == name)
            .map(|a| a.active_set().unwrap().codes[0].value.expose().to_owned())
    };
    assert_eq!(find(&here, "Dropbox:work").as_deref(), Some("rr-00000"));
    assert_eq!(find(&here, "Dropbox:carol").as_deref(), Some("zz-00000"));
    assert!(here.merge_copy(there).unwrap().is_empty(), "settled");
}

#[test]
fn a_set_moved_by_the_copys_merge_is_listed_under_one_site_only() {
    // There: GitHub merged into Google. Here: GitHub got new codes meanwhile.
    let (mut here, mut there) = two_copies();
    there.merge(0, 1, at(5)).unwrap();
    here.import_set("GitHub", "alice", "f", codes("new", 4), true, at(6))
        .unwrap();
    here.merge_copy(there).unwrap();
    let holders = |prefix: &str| {
        here.accounts
            .iter()
            .filter(|a| {
                a.code_sets
                    .iter()
                    .any(|s| s.codes[0].value.expose().starts_with(prefix))
            })
            .count()
    };
    assert_eq!(
        holders("gh-"),
        1,
        "GitHub's first codes under one site only"
    );
    assert_eq!(holders("new-"), 1);
}

#[test]
fn two_computers_merging_each_other_settle_and_notes_do_not_grow() {
    let (mut a, mut b) = two_copies();
    a.accounts[0].code_sets[0].codes[1].note = Some("a".into());
    b.accounts[0].code_sets[0].codes[1].note = Some("b".into());
    a.accounts[0].notes = "note a".into();
    b.accounts[0].notes = "note b".into();
    for round in 0..5 {
        let (a_then, b_then) = (a.clone(), b.clone());
        let ra = a.merge_copy(b_then).unwrap();
        let rb = b.merge_copy(a_then).unwrap();
        if round >= 1 {
            assert!(
                ra.is_empty() && rb.is_empty(),
                "round {round}: {ra:?} {rb:?}"
            );
        }
    }
    let note = a.accounts[0].code_sets[0].codes[1].note.clone().unwrap();
    assert_eq!(note, "a / b");
    assert_eq!(a.accounts[0].notes, "note a\nnote b");
}

#[test]
fn a_copy_with_a_long_removed_list_merges_quickly() {
    let (mut here, mut there) = two_copies();
    there.removed_sets = (0..90_000).map(|i| format!("{i:016x}")).collect();
    there.removed_accounts = (0..90_000).map(|i| format!("a{i:015x}")).collect();
    let start = std::time::Instant::now();
    let report = here.merge_copy(there).unwrap();
    assert!(!report.is_empty(), "new removed ids are saved");
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(here.accounts.len(), 2);
}
