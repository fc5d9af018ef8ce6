//! Crash safety: a child process saves in a loop and is killed with SIGKILL at
//! random moments. After every kill the vault must open directly (no backup
//! fallback) to a generation at least as new as before, with consistent content.
//! A second child loops over the key operations (paper-key rotation, re-enrolment,
//! a copy of the vault elsewhere): after every kill this computer's key still opens
//! the vault, and a paper key the child had shown opens the vault and every backup.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use age::secrecy::{ExposeSecret, SecretString};
use codekeeper::vault::keystore::MemoryKeyStore;
use codekeeper::vault::{Code, KeyStore, KeyStoreError, Vault, VaultPaths};

const CHILD_ENV: &str = "CODEKEEPER_CRASH_CHILD";
const KEYS_CHILD_ENV: &str = "CODEKEEPER_CRASH_KEYS_CHILD";
/// Kills per loop in CI; `CODEKEEPER_CRASH_KILLS=N` (scripts/prove/crashes.sh) runs N
/// of each instead.
fn kills(ci: usize) -> usize {
    std::env::var("CODEKEEPER_CRASH_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(ci)
}

/// This computer's key in a plain file: a test stand-in for the keyring that both
/// the child and the parent process can see.
struct FileStore(std::path::PathBuf);

impl KeyStore for FileStore {
    fn name(&self) -> &str {
        "a test key file"
    }
    fn get(&self, _: &str) -> Result<Option<SecretString>, KeyStoreError> {
        Ok(std::fs::read_to_string(&self.0)
            .ok()
            .map(SecretString::from))
    }
    fn set(&self, _: &str, secret: &SecretString) -> Result<(), KeyStoreError> {
        codekeeper::vault::file::write_durably(&self.0, secret.expose_secret().as_bytes())?;
        Ok(())
    }
    fn delete(&self, _: &str) -> Result<(), KeyStoreError> {
        let _ = std::fs::remove_file(&self.0);
        Ok(())
    }
}

/// Rotates, re-enrols and copies forever; only runs as the child of
/// `sigkill_during_key_changes_keeps_a_shown_key`. Every new paper key is appended
/// (and synced) to the "shown" file before the rotation is committed, as the
/// command line writes it to stdout before committing.
#[test]
fn crash_keys_child() {
    let Ok(dir) = std::env::var(KEYS_CHILD_ENV) else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    let paths = VaultPaths::new(dir.join("data"));
    let store = FileStore(dir.join("device.key"));
    let mut vault = codekeeper::keeper::open(&paths, &store).unwrap().vault;
    ready();
    let mut n = 0u64;
    loop {
        let rotation = codekeeper::keeper::keys::begin_rotation(&mut vault).unwrap();
        let mut shown = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(dir.join("shown.txt"))
            .unwrap();
        // One write per key, starting on a fresh line: a kill between two writes
        // must not glue the next key onto a cut-short line.
        shown
            .write_all(format!("\n{}\n", rotation.paper.expose()).as_bytes())
            .unwrap();
        shown.sync_all().unwrap();
        rotation.shown(&mut vault).unwrap();
        vault.reenroll(&store, false, || Ok(())).unwrap();
        n += 1;
        if n.is_multiple_of(3) {
            codekeeper::keeper::backup::save_copy(
                &mut vault,
                &dir.join("copy"),
                jiff::Timestamp::now(),
            )
            .unwrap();
        }
    }
}

/// Saves forever; only runs as the child of `sigkill_during_saves_never_corrupts`.
#[test]
fn crash_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (dir, paper) = spec.split_once('\n').unwrap();
    let paths = VaultPaths::new(dir);
    let mut vault = Vault::open_with_paper_key(&paths, paper).unwrap();
    ready();
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

/// Tells the parent that the child opened the vault: the kill timing starts here, so a
/// busy machine (slow process start) does not make every kill land before any work.
fn ready() {
    // libtest has printed "test NAME ... " without a line end: start a line of our own.
    println!("\nchild-ready");
    std::io::stdout().flush().unwrap();
}

/// The two kill loops run at once in this process. A child that one of them starts
/// is a copy of this process until its program starts, and holds every file open
/// here at that moment: the other loop's vault, and so its lock, too. The other
/// loop's next child then found its vault busy and ended before it was ready.
/// Starting a child and having a vault open here take turns.
static TURNS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// This loop's turn to start a child or have a vault open ([`TURNS`]).
fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURNS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Starts a child test and waits until it says it is ready. Its error output goes to
/// the file `err`: a child that ends before it is ready is told with what it said.
fn start_child(
    exe: &std::path::Path,
    test: &str,
    env: (&str, String),
    err: &std::path::Path,
) -> std::process::Child {
    use std::io::BufRead;
    let mut child = {
        let _turn = turn();
        Command::new(exe)
            .args(["--exact", test, "--nocapture", "--test-threads=1"])
            .env(env.0, env.1)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(err).unwrap())
            .spawn()
            .unwrap()
    };
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout).lines();
    if !lines.any(|l| l.is_ok_and(|l| l == "child-ready")) {
        let status = child.wait();
        let said = std::fs::read_to_string(err).unwrap_or_default();
        panic!("the child {test} did not start ({status:?}); its error output:\n{said}");
    }
    // Keep reading (and dropping) its output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    child
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
    let setup = turn();
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
    drop(setup);

    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15 ^ u64::from(std::process::id());
    let mut last = 2;
    let mut advanced = 0;
    // Stretches the kill delays while kills keep landing before any save.
    let mut pace = 1.0_f64;
    let kills = kills(120);
    for _ in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = start_child(
            &exe,
            "crash_child",
            (
                CHILD_ENV,
                format!("{}\n{}", paths.dir.display(), paper.expose()),
            ),
            &dir.path().join("child.err"),
        );
        std::thread::sleep(Duration::from_micros(seed % 60_000).mul_f64(pace));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let _turn = turn();
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
            pace = (pace * 0.95).max(1.0);
        } else {
            // A busy machine: let the next child run longer before its kill.
            pace = (pace * 1.25).min(20.0);
        }
        last = g;
    }
    // The kills must really have landed during saving, not only before the first one.
    assert!(
        advanced > kills / 6,
        "only {advanced} of {kills} runs saved anything"
    );
    eprintln!("saves: {kills} kills, {advanced} landed after a save, nothing lost");
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

/// Whether `key` opens the file.
fn opens(path: &std::path::Path, key: &str) -> bool {
    let Ok(id) = codekeeper::vault::crypto::parse_identity(key) else {
        return false;
    };
    std::fs::read(path)
        .ok()
        .is_some_and(|bytes| codekeeper::vault::crypto::decrypt(&bytes, &id).is_ok())
}

/// A shown paper key that opens the vault and every backup, if there is one.
fn shown_key_opening_everything(paths: &VaultPaths, shown: &[String]) -> Option<String> {
    let mut files = vec![paths.vault()];
    files.extend(paths.list_backups().unwrap().into_iter().map(|(_, p)| p));
    shown
        .iter()
        .rev()
        .find(|k| files.iter().all(|f| opens(f, k)))
        .cloned()
}

#[test]
fn sigkill_during_key_changes_keeps_a_shown_key() {
    if std::env::var_os(KEYS_CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path().join("data"));
    let store = FileStore(dir.path().join("device.key"));
    let setup = turn();
    let created = codekeeper::keeper::keys::create(&paths, &store).unwrap();
    let first = created.paper.expose().to_owned();
    let mut vault = created.shown().unwrap();
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
    drop(setup);

    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D ^ u64::from(std::process::id());
    let mut rotations_seen = 0;
    let mut settled = 0;
    let mut pace = 1.0_f64;
    let kills = kills(100);
    for _ in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = {
            let _turn = turn();
            Command::new(&exe)
                .args([
                    "--exact",
                    "crash_keys_child",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(KEYS_CHILD_ENV, dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        };
        std::thread::sleep(Duration::from_micros(20_000 + seed % 150_000).mul_f64(pace));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let _turn = turn();
        let mut shown = vec![first.clone()];
        if let Ok(text) = std::fs::read_to_string(dir.path().join("shown.txt")) {
            shown.extend(text.lines().filter(|l| !l.is_empty()).map(str::to_owned));
        }
        if shown.len() - 1 > rotations_seen {
            pace = (pace * 0.95).max(1.0);
        } else {
            pace = (pace * 1.25).min(20.0);
        }
        rotations_seen = shown.len() - 1;
        // Right after the kill, before anything is settled…
        if shown_key_opening_everything(&paths, &shown).is_none() {
            let mut files = vec![paths.vault()];
            files.extend(paths.list_backups().unwrap().into_iter().map(|(_, p)| p));
            let report: Vec<String> = files
                .iter()
                .map(|f| {
                    let opened_by: Vec<usize> =
                        (0..shown.len()).filter(|&i| opens(f, &shown[i])).collect();
                    format!("{}: opened by shown keys {opened_by:?}", f.display())
                })
                .collect();
            let listing: Vec<String> = std::fs::read_dir(&paths.dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            panic!(
                "no shown paper key opens the vault and every backup after a kill ({} keys shown):\n{}\nfiles: {listing:?}",
                shown.len(),
                report.join("\n")
            );
        }
        // …this computer's key still opens the vault, and opening settles what was cut short.
        let opened = codekeeper::keeper::open(&paths, &store)
            .expect("this computer's key still opens the vault");
        settled += opened.notices.len();
        assert!(opened.vault.payload().recipients.new_paper.is_none());
        assert!(opened.vault.payload().recipients.old_devices.is_empty());
        drop(opened);
        let key = shown_key_opening_everything(&paths, &shown)
            .expect("a shown paper key opens everything after settling");
        let copy = dir.path().join("copy").join("vault.age");
        if copy.exists() {
            assert!(
                shown.iter().any(|k| opens(&copy, k)),
                "the copy elsewhere opens with a paper key that was shown"
            );
        }
        let vault = Vault::open_with_paper_key(&paths, &key).unwrap();
        assert_eq!(vault.payload().accounts.len(), 1);
        let leftovers: Vec<_> = std::fs::read_dir(&paths.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
    // Each run rotates at most a few times before its kill; a fifth of the runs
    // reaching a rotation shows the kills land in the middle of the work.
    assert!(
        rotations_seen > kills / 5,
        "only {rotations_seen} rotations in {kills} runs: the kills landed too early"
    );
    eprintln!(
        "key changes: {kills} kills, {rotations_seen} rotations shown, {settled} interrupted changes settled at open"
    );
}
