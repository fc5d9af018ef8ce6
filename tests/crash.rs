//! Crash safety: a child process saves in a loop and is killed with SIGKILL at
//! random moments. After every kill the vault must open directly (no backup
//! fallback) to a generation at least as new as before, with consistent content.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::process::{Command, Stdio};
use std::time::Duration;

use codekeeper::vault::keystore::MemoryKeyStore;
use codekeeper::vault::{Code, Vault, VaultPaths};

const CHILD_ENV: &str = "CODEKEEPER_CRASH_CHILD";
const KILLS: usize = 120;

/// Saves forever; only runs as the child of `sigkill_during_saves_never_corrupts`.
#[test]
fn crash_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (dir, paper) = spec.split_once('\n').unwrap();
    let paths = VaultPaths::new(dir);
    let mut vault = Vault::open_with_paper_key(&paths, paper).unwrap();
    loop {
        let next = vault.payload().generation + 1;
        let payload = vault.payload_mut();
        // The content encodes the generation it is saved as, so a reader can check both agree.
        payload.accounts[0].notes = next.to_string();
        let codes = (0..10)
            .map(|i| Code::unused(&format!("{next:08}-{i:02}")))
            .collect();
        payload
            .import_set("Site", "", "loop", codes, true, jiff::Timestamp::now())
            .unwrap();
        vault.save().unwrap();
    }
}

fn check_consistent(vault: &Vault) -> u64 {
    let p = vault.payload();
    assert!(
        vault.restored_from_backup().is_none(),
        "the vault itself must always open"
    );
    let g = p.generation;
    if g >= 3 {
        assert_eq!(
            p.accounts[0].notes,
            g.to_string(),
            "content belongs to generation {g}"
        );
        let active = p.accounts[0].active_set().unwrap();
        assert!(
            active.codes[0]
                .value
                .expose()
                .starts_with(&format!("{g:08}-"))
        );
    }
    g
}

#[test]
fn sigkill_during_saves_never_corrupts() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path().join("data"));
    let store = MemoryKeyStore::default();
    let (mut vault, paper) = Vault::create(&paths, &store).unwrap();
    vault
        .payload_mut()
        .import_set(
            "Site",
            "",
            "start",
            vec![Code::unused("0000")],
            false,
            jiff::Timestamp::now(),
        )
        .unwrap();
    vault.save().unwrap();
    drop(vault);

    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15 ^ u64::from(std::process::id());
    let mut last = 2;
    let mut advanced = 0;
    for _ in 0..KILLS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(
                CHILD_ENV,
                format!("{}\n{}", paths.dir.display(), paper.expose()),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(5_000 + seed % 60_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let vault = Vault::open_with_paper_key(&paths, paper.expose()).unwrap();
        let g = check_consistent(&vault);
        let leftovers = std::fs::read_dir(&paths.dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".tmp-")
            })
            .count();
        assert_eq!(
            leftovers, 0,
            "temp files of the killed save are cleaned up on open"
        );
        assert!(g >= last, "generation went back from {last} to {g}");
        if g > last {
            advanced += 1;
        }
        last = g;
    }
    // The kills must really have landed during saving, not only before the first one.
    assert!(
        advanced > KILLS / 4,
        "only {advanced} of {KILLS} runs saved anything"
    );
    // A kill between writing a backup and pruning can leave one extra; the next save tidies up.
    let mut vault = Vault::open_with_paper_key(&paths, paper.expose()).unwrap();
    vault.save().unwrap();
    let backups = paths.list_backups().unwrap();
    assert_eq!(
        backups.len(),
        10,
        "{:?}",
        backups.iter().map(|b| b.0).collect::<Vec<_>>()
    );
}
