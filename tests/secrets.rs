//! Secrets stay where they belong: a whole scenario through the command line (init,
//! import canary codes, reveal, use, a note, print, rotate, restore, a copy) at
//! `RUST_LOG=trace`, with `HOME` and `TMPDIR` inside the test's folder. Afterwards:
//!
//! - no canary code, note, `AGE-SECRET-KEY` or 9-character piece of a paper key is in
//!   any message on stderr, nor in any file outside the encrypted vault files and the
//!   PDF asked for;
//! - the only files made are the vault, its id and lock, backups, the copy and its
//!   README, and that PDF; the temp folder is empty;
//! - every one of them is readable by its owner only (0600), every folder Codekeeper
//!   made is 0700.
//!
//! The window's memory is checked by `scripts/prove/secrets.sh` (core dumps).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{Env, Out, Session, real_keyring_available, write};

/// Codes nothing else on the machine holds (derived from the time and process).
fn canaries() -> Vec<String> {
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        ^ u64::from(std::process::id()).rotate_left(32);
    (0..16)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            format!("{:05x}-{:05x}", seed & 0xf_ffff, (seed >> 20) & 0xf_ffff)
        })
        .collect()
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            out.push(path);
        }
    }
    out.sort();
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

struct Secrets {
    texts: Vec<String>,
}

impl Secrets {
    /// The first secret found in `bytes`, if any: a known one, or any age secret
    /// key (the prefix followed by key characters; the prefix alone is in help texts).
    fn found_in(&self, bytes: &[u8]) -> Option<&str> {
        let hay = String::from_utf8_lossy(bytes);
        let upper = hay.to_uppercase();
        let prefix = "AGE-SECRET-KEY-1";
        if upper.match_indices(prefix).any(|(i, _)| {
            let rest = &upper[i + prefix.len()..];
            rest.len() >= 8 && rest[..8].chars().all(|c| c.is_ascii_alphanumeric())
        }) {
            return Some("an age secret key");
        }
        self.texts
            .iter()
            .find(|t| hay.contains(t.as_str()) || upper.contains(&t.to_uppercase()))
            .map(String::as_str)
    }

    fn add_key(&mut self, key: &str) {
        let key = key.trim();
        assert!(key.starts_with("AGE-SECRET-KEY-1"), "not a key: {key}");
        let body = &key["AGE-SECRET-KEY-1".len()..];
        let chars: Vec<char> = body.chars().collect();
        for piece in chars.windows(9) {
            self.texts.push(piece.iter().collect());
        }
    }
}

#[test]
fn no_secret_in_messages_logs_or_files_at_trace_level() {
    if !real_keyring_available("secrets") {
        return;
    }
    let session = Session::with_keyring();
    let mut env = Env::new(&session);
    let tmp = env.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    env.extra.push(("RUST_LOG".into(), "trace".into()));
    env.extra.push(("TMPDIR".into(), tmp.display().to_string()));
    env.extra.push(("RUST_BACKTRACE".into(), "1".into()));

    let codes = canaries();
    let note = format!("canary note {}", &codes[0][..5]);
    let mut secrets = Secrets {
        texts: codes.clone(),
    };
    secrets.texts.push(codes[3].replace('-', ""));
    secrets.texts.push(note.clone());

    let mut stderr = String::new();
    let mut run = |args: &[&str]| -> Out {
        let out = env.run(args, b"").ok();
        stderr.push_str(&out.stderr);
        out
    };
    let first_key = run(&["init"]).stdout;
    write(
        env.dir.path(),
        "github-recovery-codes.txt",
        &(codes.join("\n") + "\n"),
    );
    run(&[
        "import",
        "github-recovery-codes.txt",
        "--service",
        "GitHub",
        "--account",
        "canary",
    ]);
    std::fs::remove_file(env.path("github-recovery-codes.txt")).unwrap();
    let shown = run(&["show", "github", "--reveal"]).stdout;
    assert!(shown.contains(&codes[5]), "the reveal shows the codes");
    assert_eq!(run(&["use", "github"]).stdout.trim(), codes[0]);
    run(&["mark", "github", "2", "--used", "--note", &note]);
    run(&["print", "-o", "sheets.pdf"]);
    let second_key = run(&["rotate-recovery-key"]).stdout;
    write(env.dir.path(), "paper.txt", &second_key);
    run(&["restore", "--recovery-key", "paper.txt"]);
    std::fs::remove_file(env.path("paper.txt")).unwrap();
    run(&["backup", "copy"]);
    run(&["list"]);
    secrets.add_key(&first_key);
    secrets.add_key(&second_key);

    // Logging really was at trace level.
    assert!(
        stderr.contains("TRACE") || stderr.contains("DEBUG"),
        "no diagnostics at RUST_LOG=trace: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    if let Some(s) = secrets.found_in(stderr.as_bytes()) {
        panic!("a secret ({s}) is in the messages on stderr");
    }

    let root = env.dir.path();
    let made: Vec<String> = files_under(root)
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().display().to_string())
        .collect();
    for name in &made {
        let path = root.join(name);
        let expected = name == "data"
            || name == "data/backups"
            || name == "tmp"
            || name == "copy"
            || ["data/vault.age", "data/vault.id", "data/vault.lock"].contains(&name.as_str())
            || (name.starts_with("data/backups/") && name.ends_with(".age"))
            || name == "copy/vault.age"
            || name == "copy/README.txt"
            || name == "sheets.pdf";
        assert!(
            expected,
            "an unexpected file was made: {name} (all: {made:#?})"
        );
        if path.is_dir() {
            if name != "tmp" {
                assert_eq!(mode(&path), 0o700, "{name} is mode {:o}", mode(&path));
            }
            continue;
        }
        assert_eq!(mode(&path), 0o600, "{name} is mode {:o}", mode(&path));
        let bytes = std::fs::read(&path).unwrap();
        if name.ends_with(".age") {
            assert!(
                bytes.starts_with(b"age-encryption.org/v1\n"),
                "{name} is not an age file"
            );
        } else if name != "sheets.pdf"
            && let Some(s) = secrets.found_in(&bytes)
        {
            panic!("a secret ({s}) is in {name}");
        }
    }
    assert!(
        std::fs::read_dir(&tmp).unwrap().next().is_none(),
        "the temp folder is not empty"
    );
    // The PDF asked for holds the codes (it is the point of printing).
    assert!(made.iter().any(|n| n == "sheets.pdf"));
}
