//! Vault format 2 and one vault on two computers, end to end with the real binary,
//! a real Secret Service and the stock `age` CLI:
//! - every format-1 vault in `tests/fixtures/vault/format-1/` opens, is converted,
//!   and reads back through `age -d` as format-2 TOML holding exactly the same codes,
//!   used marks, notes and records;
//! - conflict copies named as Syncthing, Dropbox and Nextcloud name them are merged
//!   when the vault is opened and moved to `backups/merged/`; a code used on either
//!   computer stays used;
//! - `merge FILE`, and a second computer enrolled with `restore --keep-other-computers`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[macro_use]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, Session, import_github, opens_everything};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vault/format-1");

/// Decrypts a vault file with the stock `age` CLI.
fn age_decrypt(file: &Path, key_file: &Path) -> String {
    let out = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(key_file)
        .arg(file)
        .output()
        .expect("the stock age CLI (scripts/test.sh installs it)");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Everything a payload holds that a migration must keep, in one comparable text:
/// per account its name, archive state and notes, per set its import time, status
/// and every code with its used mark, time and note; then the sheet, heir-kit, copy
/// and proof records. Reads format 1 and format 2 alike, from the TOML itself.
fn content(text: &str) -> String {
    let doc: toml::Table = toml::from_str(text).unwrap();
    let mut out = String::new();
    let empty = Vec::new();
    let str_of = |v: Option<&toml::Value>| v.and_then(toml::Value::as_str).unwrap_or("").to_owned();
    for account in doc
        .get("accounts")
        .and_then(|a| a.as_array())
        .unwrap_or(&empty)
    {
        out.push_str(&format!(
            "account {}:{} archived={} notes={:?}\n",
            str_of(account.get("service")),
            str_of(account.get("label")),
            str_of(account.get("archived_at")),
            str_of(account.get("notes")),
        ));
        for set in account["code_sets"].as_array().unwrap() {
            out.push_str(&format!(
                "  set {} {} superseded={}\n",
                str_of(set.get("imported_at")),
                str_of(set.get("status")),
                str_of(set.get("superseded_at"))
            ));
            let codes = set["codes"].as_array().unwrap();
            let used: Vec<i64> = set
                .get("used")
                .and_then(|u| u.as_array())
                .map(|u| u.iter().map(|n| n.as_integer().unwrap()).collect())
                .unwrap_or_default();
            let used_at = set
                .get("used_at")
                .and_then(|u| u.as_array())
                .cloned()
                .unwrap_or_default();
            let notes = set
                .get("notes")
                .and_then(|u| u.as_array())
                .cloned()
                .unwrap_or_default();
            for (i, code) in codes.iter().enumerate() {
                let n = i as i64 + 1;
                let line = match code {
                    // Format 1: a table per code.
                    toml::Value::Table(t) => format!(
                        "{} used={} at={} note={:?}",
                        str_of(t.get("value")),
                        str_of(t.get("state")) == "used",
                        str_of(t.get("used_at")),
                        str_of(t.get("note"))
                    ),
                    // Format 2: the value, and its entries in `used` and `notes`.
                    toml::Value::String(value) => {
                        let u = used.iter().position(|&k| k == n);
                        let note = notes
                            .iter()
                            .find(|e| e.get("n").and_then(toml::Value::as_integer) == Some(n))
                            .map(|e| str_of(e.get("text")))
                            .unwrap_or_default();
                        format!(
                            "{value} used={} at={} note={note:?}",
                            u.is_some(),
                            u.map(|k| str_of(used_at.get(k))).unwrap_or_default()
                        )
                    }
                    other => panic!("unexpected code entry {other:?}"),
                };
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    for key in [
        "sheets",
        "heir_kits",
        "last_copy",
        "paper_key_proven",
        "sheet_key",
        "recipients",
    ] {
        let mut v = doc
            .get(key)
            .filter(|v| v.as_array().is_none_or(|a| !a.is_empty()))
            .cloned();
        if key == "recipients"
            && let Some(toml::Value::Table(t)) = v.as_mut()
        {
            // Restoring enrols this computer with a new key: only the paper key stays.
            t.retain(|k, _| k == "paper");
        }
        out.push_str(&format!("{key} = {v:?}\n"));
    }
    out
}

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

keyring_test!(every_format_1_vault_migrates_without_loss, session, {
    for name in ["empty", "basic", "rich"] {
        let env = Env::new(&session);
        let key_file = fixture(name).join("paper-key.txt");
        let out = env
            .run(
                &[
                    "restore",
                    "--from",
                    fixture(name).join("vault.age").to_str().unwrap(),
                    "--recovery-key",
                    key_file.to_str().unwrap(),
                ],
                b"",
            )
            .ok();
        assert!(
            out.stderr.contains(
                "written by an older Codekeeper (format 1); it was converted to format 2"
            ),
            "{name}: {}",
            out.stderr
        );
        let before = std::fs::read_to_string(fixture(name).join("payload.toml")).unwrap();
        let after = age_decrypt(&env.data().join("vault.age"), &key_file);
        assert!(after.starts_with("format = 2\n"), "{name}: {after}");
        assert!(!after.contains("state = "), "{name}: written compactly");
        assert_eq!(content(&before), content(&after), "{name}");
        // Every account and set has an id, and the file is smaller.
        let doc: toml::Table = toml::from_str(&after).unwrap();
        for a in doc
            .get("accounts")
            .and_then(|a| a.as_array())
            .into_iter()
            .flatten()
        {
            assert_eq!(a["id"].as_str().unwrap().len(), 16);
            for s in a["code_sets"].as_array().unwrap() {
                assert_eq!(s["id"].as_str().unwrap().len(), 16);
            }
        }
        if name != "empty" {
            assert!(
                after.len() * 3 < before.len() * 2,
                "{name}: {} vs {}",
                after.len(),
                before.len()
            );
        }
        // The vault as it was is a backup, and the paper key opens everything.
        let key = std::fs::read_to_string(&key_file).unwrap();
        assert!(opens_everything(&env, key.trim()), "{name}");
        // A second open does not convert again.
        let again = env.run(&["list"], b"").ok();
        assert!(!again.stderr.contains("converted"), "{}", again.stderr);
    }
});

#[test]
fn hand_made_format_1_shapes_load_and_round_trip() {
    // The earliest format-1 layout (before sheets, heir kits and the confirmation
    // flag existed) and a vault saved in the middle of a change of paper key.
    for name in ["earliest.toml", "mid-rotation.toml", "rich/payload.toml"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let payload = codekeeper::vault::Payload::from_toml(&text).unwrap();
        let written = payload.to_toml().unwrap();
        let back = codekeeper::vault::Payload::from_toml(&written).unwrap();
        assert_eq!(*written, *back.to_toml().unwrap(), "{name}");
        let mut expected = content(&text);
        if name == "mid-rotation.toml" {
            assert_eq!(back.recipients.new_paper.as_deref().map(str::len), Some(62));
            assert_eq!(back.recipients.old_devices.len(), 1);
            assert!(back.rekey_backups && !back.paper_key_confirmed);
        }
        expected = expected.replace("format = 1", "format = 2");
        let mut w = written.to_string();
        w = w.replace("format = 2", "format = 1");
        assert_eq!(expected, content(&w), "{name}");
    }
}

#[test]
fn unknown_fields_of_a_newer_build_survive_a_round_trip() {
    let text = std::fs::read_to_string(fixture("rich/payload.toml")).unwrap();
    let text = text.replacen(
        "generation = ",
        "future_setting = \"kept\"\ngeneration = ",
        1,
    );
    let text = text.replacen(
        "label = \"alice\"\n",
        "label = \"alice\"\ncolour = \"blue\"\n",
        1,
    );
    let payload = codekeeper::vault::Payload::from_toml(&text).unwrap();
    let written = payload.to_toml().unwrap();
    assert!(
        written.contains("future_setting = \"kept\""),
        "{}",
        *written
    );
    assert!(written.contains("colour = \"blue\""), "{}", *written);
}

#[test]
fn a_vault_of_a_newer_format_is_refused_with_a_clear_message() {
    let text = std::fs::read_to_string(fixture("rich/payload.toml")).unwrap();
    let text = text.replacen("format = 1", "format = 3", 1);
    let err = codekeeper::vault::Payload::from_toml(&text).unwrap_err();
    assert!(
        err.to_string().contains(
            "this vault uses format 3, but this Codekeeper reads up to format 2; update Codekeeper"
        ),
        "{err}"
    );
}

/// A vault with GitHub:alice's 16 codes; returns the paper key.
fn prepared(env: &Env) -> String {
    let key = env.run(&["init"], b"").ok().stdout.trim().to_owned();
    import_github(env);
    key
}

/// The numbers of GitHub:alice's used codes and their times, from `show --json`.
fn used_codes(env: &Env) -> Vec<(u64, String)> {
    let json = env.run(&["show", "github", "--json"], b"").ok().stdout;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["code_sets"][0]["codes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["used"].as_bool().unwrap())
        .map(|c| {
            (
                c["number"].as_u64().unwrap(),
                c["used_at"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// Makes the vault as two computers left it: `ours` is used here, `theirs` in the
/// copy named `name` (in the data folder), both from the same starting point.
fn diverge(env: &Env, name: &str, ours: &[&str], theirs: &[&str]) {
    let vault = env.data().join("vault.age");
    let start = std::fs::read(&vault).unwrap();
    for n in theirs {
        env.run(&["mark", "github", n, "--used"], b"").ok();
    }
    let copy = std::fs::read(&vault).unwrap();
    std::fs::write(&vault, &start).unwrap();
    for n in ours {
        env.run(&["mark", "github", n, "--used"], b"").ok();
    }
    std::fs::write(env.data().join(name), copy).unwrap();
}

keyring_test!(
    conflict_copies_of_each_sync_tool_are_merged_on_open,
    session,
    {
        for name in [
            "vault.sync-conflict-20261126-101500-ABCDEFG.age",
            "vault (Alice's conflicted copy 2026-11-26).age",
            "vault (conflicted copy 2026-11-26 101500).age",
        ] {
            let env = Env::new(&session);
            let key = prepared(&env);
            diverge(&env, name, &["1"], &["2", "3"]);
            let out = env.run(&["list"], b"").ok();
            assert!(
            out.stderr.contains(&format!(
                "merged changes from another computer ({name}): 2 codes marked used on GitHub:alice"
            )),
            "{name}: {}",
            out.stderr
        );
            assert_eq!(out.stdout, "GitHub\talice\t13/16\tunprinted\n", "{name}");
            let used: Vec<u64> = used_codes(&env).into_iter().map(|(n, _)| n).collect();
            assert_eq!(used, [1, 2, 3], "{name}");
            assert!(!env.data().join(name).exists(), "{name}");
            assert!(
                env.data().join("backups/merged").join(name).exists(),
                "{name}"
            );
            assert!(opens_everything(&env, &key), "{name}");
            // Nothing more to merge the next time.
            let again = env.run(&["list"], b"").ok();
            assert!(!again.stderr.contains("merged"), "{}", again.stderr);
        }
    }
);

keyring_test!(
    a_code_used_on_both_computers_stays_used_with_the_earlier_time,
    session,
    {
        let env = Env::new(&session);
        prepared(&env);
        let vault = env.data().join("vault.age");
        let start = std::fs::read(&vault).unwrap();
        // The laptop uses code 1 first…
        env.run(&["use", "github"], b"").ok();
        let laptop = std::fs::read(&vault).unwrap();
        let laptop_time = used_codes(&env)[0].1.clone();
        std::fs::write(&vault, &start).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        // …and the desktop, not knowing, uses the same code 1 later.
        env.run(&["use", "github"], b"").ok();
        std::fs::write(
            env.data()
                .join("vault.sync-conflict-20261126-101500-LAPTOP1.age"),
            laptop,
        )
        .unwrap();
        env.run(&["list"], b"").ok();
        let used = used_codes(&env);
        assert_eq!(used.len(), 1, "{used:?}");
        assert_eq!(used[0], (1, laptop_time));
        // The next code offered is 2, on either computer.
        let next = env.run(&["use", "github"], b"").ok();
        assert_eq!(next.stdout.trim(), common::github_codes()[1]);
    }
);

keyring_test!(
    copies_that_cannot_be_merged_are_left_in_place_with_the_reason,
    session,
    {
        let env = Env::new(&session);
        prepared(&env);
        let other = Env::new(&session);
        prepared(&other);
        let stranger = env
            .data()
            .join("vault.sync-conflict-20261126-101500-OTHERVT.age");
        std::fs::copy(other.data().join("vault.age"), &stranger).unwrap();
        let garbage = env
            .data()
            .join("vault (conflicted copy 2026-11-26 101500).age");
        std::fs::write(&garbage, "not a vault").unwrap();
        let out = env.run(&["list"], b"").ok();
        assert!(
            out.stderr.contains("was not merged and was left in place")
                && out.stderr.contains("does not open it"),
            "{}",
            out.stderr
        );
        assert!(stranger.exists() && garbage.exists());
        assert_eq!(out.stdout, "GitHub\talice\t16/16\tunprinted\n");
    }
);

keyring_test!(merge_file_merges_a_copy_by_hand_and_leaves_it, session, {
    let env = Env::new(&session);
    prepared(&env);
    let vault = env.data().join("vault.age");
    let start = std::fs::read(&vault).unwrap();
    env.run(
        &["mark", "github", "5", "--used", "--note", "on the laptop"],
        b"",
    )
    .ok();
    let copy = env.path("laptop.age");
    std::fs::copy(&vault, &copy).unwrap();
    std::fs::write(&vault, &start).unwrap();
    let out = env.run(&["merge", "laptop.age"], b"").ok();
    assert!(
        out.stderr.contains("1 code marked used on GitHub:alice"),
        "{}",
        out.stderr
    );
    assert!(copy.exists());
    let json = env.run(&["show", "github", "--json"], b"").ok().stdout;
    assert!(json.contains("on the laptop"), "{json}");
    let again = env.run(&["merge", "laptop.age"], b"").ok();
    assert!(again.stderr.contains("nothing new"), "{}", again.stderr);
    // Another vault is refused; a missing file says how to merge accounts.
    let other = Env::new(&session);
    prepared(&other);
    env.run(
        &["merge", other.data().join("vault.age").to_str().unwrap()],
        b"",
    )
    .fails(1, "does not open it");
    env.run(&["merge", "nothing.age"], b"")
        .fails(1, "to merge two accounts, name both");
});

keyring_test!(
    a_second_computer_joins_without_locking_out_the_first,
    session,
    {
        let laptop = Env::new(&session);
        let key = prepared(&laptop);
        // The desktop has its own keyring (another session) and sees the same folder.
        let desktop_session = Session::with_keyring();
        let mut desktop = Env::new(&desktop_session);
        desktop.extra.push((
            "CODEKEEPER_DATA_DIR".into(),
            laptop.data().to_str().unwrap().into(),
        ));
        desktop.run(&["list"], b"").fails(5, "restore");
        let out = desktop
            .run(
                &["restore", "--keep-other-computers", "--recovery-key", "-"],
                key.as_bytes(),
            )
            .ok();
        assert!(
            out.stderr
                .contains("1 other computer(s) sharing this vault keep opening it"),
            "{}",
            out.stderr
        );
        desktop.run(&["use", "github"], b"").ok();
        let out = laptop.run(&["list"], b"").ok();
        assert_eq!(out.stdout, "GitHub\talice\t15/16\tunprinted\n");
        laptop.run(&["use", "github"], b"").ok();
        assert_eq!(
            desktop.run(&["list"], b"").ok().stdout,
            "GitHub\talice\t14/16\tunprinted\n"
        );
        assert!(opens_everything(&laptop, &key));
    }
);

keyring_test!(a_fifo_named_like_a_conflict_copy_is_ignored, session, {
    let env = Env::new(&session);
    prepared(&env);
    let fifo = env
        .data()
        .join("vault.sync-conflict-20261127-000000-FIFO000.age");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // A FIFO would block any reader: opening must not wait for it.
    let mut cmd = env.command(&["list"]);
    let mut child = cmd.spawn().unwrap();
    drop(child.stdin.take());
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "list hangs on a FIFO"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(fifo.exists());
});
