//! Fault injection on the key-lifecycle commands: `init`, `rotate-recovery-key`,
//! `restore` and `print` run under `strace`, which kills them (SIGKILL) at the Nth
//! write, fsync, rename, link, unlink or keyring message (`sendmsg` on D-Bus), for
//! every N in turn. After each kill:
//!
//! - a paper key the user had seen (from `init`, or printed by the killed process)
//!   opens the vault and every backup;
//! - this computer's key still opens the vault (`list` works), or for `init` there is
//!   no vault, or one that refuses use until a new key is shown;
//! - no plaintext file is left: no temp file anywhere, and a PDF is complete or absent.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::collections::BTreeMap;

use common::{Env, Out, Session, opens_everything, real_keyring_available, run_command, write};

const SYSCALLS: &str =
    "write,writev,fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat,sendmsg";
/// At most this many kill points per system call (spread evenly), to bound the CI
/// run; `CODEKEEPER_FAULT_POINTS=all` (scripts/prove-faults.sh) kills at every one.
fn max_points() -> usize {
    match std::env::var("CODEKEEPER_FAULT_POINTS").as_deref() {
        Ok("all") => usize::MAX,
        Ok(n) => n.parse().unwrap_or(12),
        Err(_) => 12,
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
    let mut strace_args = vec![
        "-f".to_owned(),
        "-qq".to_owned(),
        "-o".to_owned(),
        trace.display().to_string(),
    ];
    match inject {
        Some((call, n)) => {
            strace_args.push(format!("--trace={call}"));
            strace_args.push(format!("--inject={call}:signal=SIGKILL:when={n}"));
        }
        None => strace_args.push(format!("--trace={SYSCALLS}")),
    }
    strace_args.push(common::BIN.to_owned());
    strace_args.extend(args.iter().map(|a| (*a).to_owned()));
    let refs: Vec<&str> = strace_args.iter().map(String::as_str).collect();
    run_command(env.command_of("strace", &refs), b"")
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

fn points(count: usize) -> Vec<usize> {
    let max = max_points().max(2);
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
            for n in points(count) {
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
