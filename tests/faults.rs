//! Fault injection on the key-lifecycle commands: `init`, `rotate-recovery-key`,
//! `restore`, `print`, `rehearse` and `heir-kit` run under `strace`, which kills them (SIGKILL) at the Nth
//! write, fsync, rename, link, unlink or keyring message (`sendmsg` on D-Bus), for
//! every N in turn. After each kill:
//!
//! - a paper key the user had seen (from `init`, or printed by the killed process)
//!   opens the vault and every backup;
//! - this computer's key still opens the vault (`list` works), or for `init` there is
//!   no vault, or one that refuses use until a new key is shown;
//! - no plaintext file is left: no temp file anywhere, and a PDF is complete or absent.
//!
//! The commands that change the vault through the ordinary save (`import`, `use`,
//! `mark` with a note, `rename`, `merge`, `archive`, `purge`, `backup`, `check-sheet`) are killed the
//! same way; after each kill the vault holds exactly the state before the command or
//! exactly the state after it, never a mix, and a copy made by `backup` is complete
//! or absent.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::collections::BTreeMap;

use common::{Env, Out, Session, opens_everything, real_keyring_available, run_command, write};

const SYSCALLS: &str =
    "write,writev,fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat,sendmsg";
/// At most this many kill points per system call (spread evenly; `ci` in CI), to
/// bound the CI run; `CODEKEEPER_FAULT_POINTS=all` (scripts/prove/crashes.sh) kills
/// at every one.
fn max_points(ci: usize) -> usize {
    match std::env::var("CODEKEEPER_FAULT_POINTS").as_deref() {
        Ok("all") => usize::MAX,
        Ok(n) => n.parse().unwrap_or(ci),
        Err(_) => ci,
    }
}

fn have_strace() -> bool {
    let ok = std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os(common::REQUIRE_ENV).is_none(),
            "strace is required (scripts/test.sh installs it)"
        );
        eprintln!("SKIPPED: strace is not installed");
    }
    ok
}

fn keys_in(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .map(str::to_owned)
        .collect()
}

/// Runs `codekeeper ARGS` under strace; `inject` kills it at that call.
fn traced(env: &Env, args: &[&str], inject: Option<(&str, usize)>, trace: &std::path::Path) -> Out {
    traced_with(
        env,
        args,
        inject.map(|(call, n)| (call, n, "signal=SIGKILL")),
        trace,
    )
}

/// Runs `codekeeper ARGS` under strace; `inject` = (call, N, what) makes the Nth
/// such call fail that way (`signal=SIGKILL`, `error=EIO`).
fn traced_with(
    env: &Env,
    args: &[&str],
    inject: Option<(&str, usize, &str)>,
    trace: &std::path::Path,
) -> Out {
    let mut strace_args = vec![
        "-f".to_owned(),
        "-qq".to_owned(),
        "-o".to_owned(),
        trace.display().to_string(),
    ];
    match inject {
        Some((call, n, what)) => {
            strace_args.push(format!("--trace={call}"));
            strace_args.push(format!("--inject={call}:{what}:when={n}"));
        }
        None => strace_args.push(format!("--trace={SYSCALLS}")),
    }
    strace_args.push(common::BIN.to_owned());
    strace_args.extend(args.iter().map(|a| (*a).to_owned()));
    // A command that hangs instead of failing is a defect too: stop it and say so.
    let mut all = vec!["--signal=KILL", "60", "strace"];
    all.extend(strace_args.iter().map(String::as_str));
    let out = run_command(env.command_of("timeout", &all), b"");
    assert!(
        !(out.code == 137
            && out.stderr.is_empty()
            && inject.is_some_and(|i| i.2 != "signal=SIGKILL")),
        "codekeeper {args:?} hung with {inject:?}"
    );
    out
}

/// How often each call happens in an uninterrupted run.
fn counts(trace: &std::path::Path) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for line in std::fs::read_to_string(trace).unwrap().lines() {
        let Some(call) = line
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.split('(').next())
        else {
            continue;
        };
        if !call.is_empty() && !call.starts_with('+') && !call.starts_with('<') {
            *counts.entry(call.to_owned()).or_insert(0) += 1;
        }
    }
    counts
}

fn points(count: usize, ci: usize) -> Vec<usize> {
    let max = max_points(ci).max(2);
    if count <= max {
        return (1..=count).collect();
    }
    let mut p: Vec<usize> = (0..max).map(|i| 1 + i * (count - 1) / (max - 1)).collect();
    p.dedup();
    p
}

/// No temp file anywhere under the test folder, and any PDF is complete. Right
/// after a kill, temp files of encrypted data in the data folder are allowed
/// (`in_data`): the next open removes them.
fn no_plaintext_left(env: &Env, in_data: bool) {
    let mut stack = vec![env.dir.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let allowed = in_data && path.starts_with(env.data());
            assert!(
                allowed || !name.contains(".tmp-"),
                "left behind: {}",
                path.display()
            );
            if name.ends_with(".pdf") {
                let bytes = std::fs::read(&path).unwrap();
                let tail = &bytes[bytes.len().saturating_sub(64)..];
                assert!(
                    bytes.starts_with(b"%PDF-") && String::from_utf8_lossy(tail).contains("%%EOF"),
                    "incomplete PDF visible: {}",
                    path.display()
                );
            }
        }
    }
}

/// A vault with GitHub codes; returns the paper key. The source file is removed.
fn prepared(env: &Env) -> String {
    let key = env.run(&["init"], b"").ok().stdout.trim().to_owned();
    common::import_github(env);
    std::fs::remove_file(env.path("github-recovery-codes.txt")).unwrap();
    key
}

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    /// Whether the vault exists before the command (everything but `init`).
    prepared: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "init",
        args: &["init"],
        prepared: false,
    },
    Case {
        name: "rotate",
        args: &["rotate-recovery-key"],
        prepared: true,
    },
    Case {
        name: "restore",
        args: &["restore", "--recovery-key", "paper.txt"],
        prepared: true,
    },
    Case {
        name: "print",
        args: &["print", "-o", "sheets.pdf"],
        prepared: true,
    },
    Case {
        name: "rehearse",
        args: &["rehearse", "--recovery-key", "paper.txt"],
        prepared: true,
    },
    Case {
        name: "heir-kit",
        args: &["heir-kit", "--recovery-key", "paper.txt", "-o", "heirs.pdf"],
        prepared: true,
    },
];

fn check_after_kill(env: &Env, case: &Case, mut seen: Vec<String>, out: &Out) {
    seen.extend(keys_in(&out.stdout));
    no_plaintext_left(env, true);
    let vault = env.data().join("vault.age");
    if !vault.exists() {
        assert!(!case.prepared, "{}: the vault disappeared", case.name);
        env.run(&["list"], b"").fails(1, "there is no vault in");
        let key = env.run(&["init"], b"").ok().stdout;
        assert!(opens_everything(env, key.trim()), "init works again");
        no_plaintext_left(env, false);
        return;
    }
    // (An init killed before printing showed no key: its vault must refuse use.)
    assert!(
        (!case.prepared && seen.is_empty()) || seen.iter().any(|k| opens_everything(env, k)),
        "{}: no paper key the user saw opens the vault and every backup: {out:#?}",
        case.name
    );
    let list = env.run(&["list"], b"");
    if case.prepared {
        assert_eq!(
            list.code, 0,
            "{}: this computer's key no longer opens the vault: {list:#?}",
            case.name
        );
    } else if seen.is_empty() || list.code != 0 {
        // An init killed before its key was shown: the vault refuses use until a
        // new key is shown, and that key opens everything.
        list.fails(1, "was never shown");
        let out = env.run(&["rotate-recovery-key"], b"").ok();
        let key = out.stdout.trim();
        assert!(
            opens_everything(env, key),
            "init: the new key opens everything"
        );
        env.run(&["list"], b"").ok();
    }
    no_plaintext_left(env, false);
}

#[test]
fn sigkill_at_every_write_fsync_rename_and_keyring_call() {
    if !real_keyring_available("faults") || !have_strace() {
        return;
    }
    let session = Session::with_keyring();
    let mut summary = Vec::new();
    for case in CASES {
        // An uninterrupted run tells how many of each call there are.
        let env = Env::new(&session);
        let key = if case.prepared {
            Some(prepared(&env))
        } else {
            None
        };
        if let Some(k) = &key {
            write(env.dir.path(), "paper.txt", k);
        }
        let trace = env.path("trace.txt");
        let out = traced(&env, case.args, None, &trace);
        assert_eq!(out.code, 0, "{}: {out:#?}", case.name);
        let counts = counts(&trace);
        let mut kills = 0;
        for (call, &count) in &counts {
            for n in points(count, 12) {
                let env = Env::new(&session);
                let mut seen = Vec::new();
                if case.prepared {
                    let k = prepared(&env);
                    write(env.dir.path(), "paper.txt", &k);
                    seen.push(k);
                }
                let out = traced(&env, case.args, Some((call, n)), &env.path("t.txt"));
                if out.code == 0 {
                    // The call was not reached this time (timing, fewer keyring messages).
                    continue;
                }
                kills += 1;
                check_after_kill(&env, case, seen, &out);
            }
        }
        assert!(kills > 10, "{}: only {kills} kills landed", case.name);
        summary.push(format!("{} {kills}", case.name));
    }
    eprintln!("faults: SIGKILL points per command: {}", summary.join(", "));
}

#[test]
fn commands_that_print_a_key_fail_cleanly_on_a_full_disk() {
    if !real_keyring_available("full disk") {
        return;
    }
    let session = Session::with_keyring();
    let env = Env::new(&session);
    env.run_to_full_disk(&["init"])
        .fails(1, "no vault was created");
    let key = prepared(&env);
    env.run_to_full_disk(&["rotate-recovery-key"])
        .fails(1, "Your current paper key stays valid");
    assert!(opens_everything(&env, &key));
    // Codes to a full disk: `use` does not mark a code it could not hand out.
    env.run_to_full_disk(&["use", "github"])
        .fails(1, "could not write to stdout");
    assert_eq!(
        env.run(&["list"], b"").ok().stdout,
        "GitHub\talice\t16/16\tunprinted\n"
    );
    env.run_to_full_disk(&["show", "github", "--reveal"])
        .fails(1, "could not write to stdout");
}

/// A command that changes the vault through the ordinary save.
struct SaveCase {
    name: &'static str,
    args: &'static [&'static str],
    /// Extra preparation after [`prepared`] (a second account, an archived one).
    setup: fn(&Env),
}

fn second_account(env: &Env) {
    write(
        env.dir.path(),
        "google.txt",
        "Backup codes\n1. 1234 5678\n2. 2345 6789\n3. 3456 7890\n",
    );
    env.run(
        &[
            "import",
            "google.txt",
            "--service",
            "Google",
            "--account",
            "bob",
        ],
        b"",
    )
    .ok();
}

fn typo_account(env: &Env) {
    write(env.dir.path(), "typo.txt", "aaaaa-11111\nbbbbb-22222\n");
    env.run(
        &[
            "import",
            "typo.txt",
            "--service",
            "Githbu",
            "--account",
            "alice",
        ],
        b"",
    )
    .ok();
}

/// Another computer's copy of the vault in which GitHub's first code was used,
/// saved as `name` in the data folder (a sync tool's conflict copy) or beside it.
fn diverged_copy(env: &Env, name: &str) {
    let vault = env.data().join("vault.age");
    let before = std::fs::read(&vault).unwrap();
    env.run(&["use", "github"], b"").ok();
    let used = std::fs::read(&vault).unwrap();
    std::fs::write(&vault, before).unwrap();
    let to = if name.starts_with("vault") {
        env.data().join(name)
    } else {
        env.path(name)
    };
    std::fs::write(to, used).unwrap();
}

fn archived_account(env: &Env) {
    second_account(env);
    env.run(&["archive", "google:bob"], b"").ok();
}

const CONFLICT_CASE: &str = "conflict copy merged on open";
const CONFLICT_NAME: &str = "vault.sync-conflict-20261126-101500-ABCDEFG.age";

const SAVE_CASES: &[SaveCase] = &[
    SaveCase {
        name: "import",
        args: &[
            "import",
            "new.txt",
            "--service",
            "PyPI",
            "--account",
            "carol",
        ],
        setup: |env| {
            write(
                env.dir.path(),
                "new.txt",
                "3f2a9c1d4e5b6a70\n8b7c6d5e4f3a2b10\n0a1b2c3d4e5f6a7b\n",
            );
        },
    },
    SaveCase {
        name: "use",
        args: &["use", "github"],
        setup: |_| {},
    },
    SaveCase {
        name: "mark",
        args: &[
            "mark",
            "github",
            "3",
            "--used",
            "--note",
            "typed on the laptop",
        ],
        setup: |_| {},
    },
    SaveCase {
        name: "rename",
        args: &["rename", "github:alice", "GitHub Enterprise:alice"],
        setup: |_| {},
    },
    SaveCase {
        name: "merge",
        args: &["merge", "githbu:alice", "github:alice"],
        setup: typo_account,
    },
    SaveCase {
        name: "archive",
        args: &["archive", "github"],
        setup: second_account,
    },
    SaveCase {
        name: "purge",
        args: &["purge", "google:bob", "--yes"],
        setup: archived_account,
    },
    SaveCase {
        name: "backup",
        args: &["backup", "copy"],
        setup: |_| {},
    },
    SaveCase {
        name: "merge a copy",
        args: &["merge", "other.age"],
        setup: |env| diverged_copy(env, "other.age"),
    },
    SaveCase {
        name: CONFLICT_CASE,
        args: &["list"],
        setup: |env| diverged_copy(env, CONFLICT_NAME),
    },
    SaveCase {
        name: "check-sheet",
        args: &["check-sheet", "sheet-1.png"],
        setup: printed_and_scanned,
    },
];

/// A printed sheet of GitHub's codes, rendered as a 150 dpi scan (`sheet-1.png`).
fn printed_and_scanned(env: &Env) {
    env.run(&["print", "-o", "sheet.pdf"], b"").ok();
    let out = std::process::Command::new("pdftoppm")
        .args([
            "-r",
            "150",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "sheet.pdf",
            "sheet",
        ])
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// What the vault holds, as the command line shows it: every account (archived
/// too) and every code set with its codes, states and notes. Times and sources are
/// left out, so two vaults prepared the same way compare equal.
fn state(env: &Env) -> String {
    let listed = env.run(&["list"], b"").ok();
    let list = listed.stdout;
    // Whether a printed sheet waits for its first check (the ids differ per vault).
    let unchecked = listed.stderr.contains("never checked");
    // Archived accounts are shown by their list line only.
    let mut state = list.clone() + &env.run(&["list", "--archived"], b"").ok().stdout;
    state.push_str(&format!("sheet never checked: {unchecked}\n"));
    for line in list.lines() {
        let mut fields = line.split('\t');
        let (site, label) = (fields.next().unwrap(), fields.next().unwrap_or(""));
        let name = format!("{site}:{label}");
        let json = env
            .run(&["show", &name, "--json", "--reveal"], b"")
            .ok()
            .stdout;
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        strip_times(&mut value);
        state.push_str(&value.to_string());
        state.push('\n');
    }
    state
}

fn strip_times(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|k, _| !k.ends_with("_at") && k != "source");
            map.values_mut().for_each(strip_times);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_times),
        _ => {}
    }
}

/// A copy made by `backup` is absent or complete (opens with the paper key), and
/// nothing half-written is visible in its folder once a later copy ran.
fn copy_complete_or_absent(env: &Env, key: &str) {
    let copy = env.path("copy").join("vault.age");
    if copy.exists() {
        let identity = codekeeper::vault::crypto::parse_identity(key).unwrap();
        let bytes = std::fs::read(&copy).unwrap();
        assert!(
            codekeeper::vault::crypto::decrypt(&bytes, &identity).is_ok(),
            "backup: a copy is visible that the paper key does not open"
        );
    }
}

#[test]
fn sigkill_at_every_save_step_of_every_command_that_writes() {
    if !real_keyring_available("faults") || !have_strace() {
        return;
    }
    let session = Session::with_keyring();
    let mut summary = Vec::new();
    let mut total = 0;
    for case in SAVE_CASES {
        let env = Env::new(&session);
        prepared(&env);
        (case.setup)(&env);
        let before = state(&env);
        let trace = env.path("trace.txt");
        let out = traced(&env, case.args, None, &trace);
        assert_eq!(out.code, 0, "{}: {out:#?}", case.name);
        let after = state(&env);
        // Reading the state opens the vault, which merges a conflict copy by itself.
        let merges_on_open = case.name == CONFLICT_CASE;
        assert!(
            case.name == "backup" || merges_on_open || before != after,
            "{}: the command changed nothing",
            case.name
        );
        let mut kills = 0;
        let (mut old, mut new) = (0, 0);
        for (call, &count) in &counts(&trace) {
            for n in points(count, 3) {
                let env = Env::new(&session);
                let key = prepared(&env);
                (case.setup)(&env);
                let out = traced(&env, case.args, Some((call, n)), &env.path("t.txt"));
                if out.code == 0 {
                    continue;
                }
                kills += 1;
                no_plaintext_left(&env, true);
                assert!(
                    opens_everything(&env, &key),
                    "{} killed at {call} #{n}: the paper key no longer opens everything",
                    case.name
                );
                copy_complete_or_absent(&env, &key);
                if merges_on_open {
                    // The copy is beside the vault (to merge again) or merged and
                    // moved, never lost.
                    let left = env.data().join(CONFLICT_NAME).exists();
                    let moved = env
                        .data()
                        .join("backups/merged")
                        .join(CONFLICT_NAME)
                        .exists();
                    assert!(
                        left != moved,
                        "killed at {call} #{n}: the conflict copy is left={left}, moved={moved}"
                    );
                }
                let now = state(&env);
                if now == before {
                    old += 1;
                } else if now == after {
                    new += 1;
                } else {
                    panic!(
                        "{} killed at {call} #{n}: the vault is neither before nor after:\n{now}\nbefore:\n{before}\nafter:\n{after}",
                        case.name
                    );
                }
                if case.name == "backup" {
                    // A later copy replaces whatever the killed one left.
                    env.run(&["backup", "copy"], b"").ok();
                    copy_complete_or_absent(&env, &key);
                }
                no_plaintext_left(&env, false);
            }
        }
        assert!(kills > 5, "{}: only {kills} kills landed", case.name);
        total += kills;
        summary.push(format!("{} {kills} ({old} before, {new} after)", case.name));
    }
    eprintln!(
        "faults: {total} SIGKILL points across saves: {}",
        summary.join(", ")
    );
}

/// Calls where a storage error surfaces: a write-back error is reported by fsync,
/// and a rename or link can fail on a failing disk. (`write` is left out: the
/// keyring client's async runtime writes to an eventfd, where EIO cannot happen
/// and would only stall it; a failing file write is covered by the full-disk tests.)
const IO_CALLS: &[&str] = &["fsync", "fdatasync", "rename", "renameat2", "linkat"];

#[test]
fn an_io_error_at_any_write_fsync_or_rename_is_reported_and_loses_nothing() {
    if !real_keyring_available("faults") || !have_strace() {
        return;
    }
    let session = Session::with_keyring();
    let mut failed = 0;
    let mut summary = Vec::new();
    for case in SAVE_CASES
        .iter()
        .filter(|c| ["import", "use", "mark", "backup"].contains(&c.name))
    {
        let env = Env::new(&session);
        prepared(&env);
        (case.setup)(&env);
        let before = state(&env);
        let trace = env.path("trace.txt");
        traced(&env, case.args, None, &trace);
        let after = state(&env);
        let counts = counts(&trace);
        let mut cases = 0;
        for call in IO_CALLS {
            let count = counts.get(*call).copied().unwrap_or(0);
            for n in points(count, 4) {
                let env = Env::new(&session);
                let key = prepared(&env);
                (case.setup)(&env);
                let out = traced_with(
                    &env,
                    case.args,
                    Some((call, n, "error=EIO")),
                    &env.path("t.txt"),
                );
                cases += 1;
                assert!(
                    !out.stderr.contains("panicked"),
                    "{} with EIO at {call} #{n} panicked: {out:#?}",
                    case.name
                );
                let now = state(&env);
                if out.code == 0 {
                    // The failed call did not matter (a stale temp file, a message).
                    assert_eq!(
                        now, after,
                        "{} reported success at EIO {call} #{n}",
                        case.name
                    );
                } else {
                    failed += 1;
                    assert!(
                        out.stderr.contains("error:")
                            && out.stderr.to_lowercase().contains("input/output error"),
                        "{} at EIO {call} #{n}: the message names the cause: {out:#?}",
                        case.name
                    );
                    assert!(
                        now == before || now == after,
                        "{} at EIO {call} #{n}: the vault is neither before nor after",
                        case.name
                    );
                }
                assert!(
                    opens_everything(&env, &key),
                    "{} at EIO {call} #{n}",
                    case.name
                );
                copy_complete_or_absent(&env, &key);
                no_plaintext_left(&env, false);
            }
        }
        summary.push(format!("{} {cases}", case.name));
    }
    eprintln!(
        "faults: EIO injected at {} fsync, rename and link calls, {failed} of them reported as failures: {}",
        summary
            .iter()
            .map(|s| s.rsplit(' ').next().unwrap().parse::<usize>().unwrap())
            .sum::<usize>(),
        summary.join(", ")
    );
}
