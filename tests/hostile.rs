//! Defects a hostile review found, each pinned end to end with the real binary and
//! a real Secret Service: a read-only vault folder, a symlinked `vault.age`,
//! terminal escapes and bidi overrides in names; and a full disk (a small tmpfs).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[macro_use]
mod common;

use std::os::unix::fs::PermissionsExt;

use common::{BIN, Env, write};

fn init(env: &Env) {
    let out = env.run(&["init"], b"").ok();
    assert!(out.stdout.starts_with("AGE-SECRET-KEY-1"), "{out:#?}");
}

/// Whether this machine lets an unprivileged process make its own mount namespace.
fn user_namespaces() -> bool {
    std::process::Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `codekeeper ARGS` with the data folder bind-mounted read-only in a private
/// mount namespace (`unshare`), as on a write-protected stick. `None` when this
/// machine does not allow user namespaces.
fn run_read_only(env: &Env, args: &[&str]) -> Option<common::Out> {
    let data = env.data();
    if !user_namespaces() {
        return None;
    }
    let mut all = vec![
        "-rm",
        "sh",
        "-c",
        "mount --bind -o ro \"$0\" \"$0\" && exec \"$@\"",
        data.to_str().unwrap(),
        BIN,
    ];
    all.extend_from_slice(args);
    Some(common::run_command(env.command_of("unshare", &all), b""))
}

keyring_test!(
    a_read_only_vault_folder_can_be_read_but_not_changed,
    session,
    {
        let env = Env::new(&session);
        init(&env);
        common::import_github(&env);
        let Some(list) = run_read_only(&env, &["list"]) else {
            assert!(
                std::env::var_os("CODEKEEPER_REQUIRE_REAL_KEYRING").is_none(),
                "unshare is needed for the read-only test"
            );
            eprintln!("skipped: no user namespaces for a read-only mount");
            return;
        };
        let list = list.ok();
        assert!(list.stdout.contains("GitHub"), "{list:#?}");
        assert!(
            list.stderr.contains("is read-only") && list.stderr.contains("cannot be saved"),
            "{}",
            list.stderr
        );
        let show = run_read_only(&env, &["show", "github", "--reveal"])
            .unwrap()
            .ok();
        assert!(
            show.stdout.contains(&common::github_codes()[0]),
            "{show:#?}"
        );
        // Locked out with only a write-protected copy: the code is handed out, and the
        // user is told plainly that it could not be ticked off, and why.
        let used = run_read_only(&env, &["use", "github"]).unwrap();
        assert_ne!(used.code, 0);
        assert_eq!(used.stdout.trim(), common::github_codes()[0]);
        assert!(
            used.stderr.contains("NOT RECORDED AS USED") && used.stderr.contains("read-only"),
            "{}",
            used.stderr
        );
        assert!(!used.stderr.contains("could not open"), "{}", used.stderr);
        let import = run_read_only(&env, &["import", "x.txt", "--service", "X"]).unwrap();
        assert_ne!(import.code, 0);
        // Nothing changed; writable again, everything works.
        let list = env.run(&["list"], b"").ok();
        assert!(list.stdout.contains("16/16"), "{}", list.stdout);
        assert!(!list.stderr.contains("read-only"), "{}", list.stderr);
    }
);

/// Runs a shell script in a private mount namespace where the data folder is a
/// small tmpfs holding a copy of the vault, filled to the last byte. `$BIN` is the
/// binary; `None` when this machine does not allow user namespaces.
fn run_on_full_disk(env: &Env, script: &str) -> Option<common::Out> {
    if !user_namespaces() {
        return None;
    }
    let setup = "set -e; data=$CODEKEEPER_DATA_DIR; cp -a \"$data\" \"$data.saved\"; \
        mount -t tmpfs -o size=256k,mode=0700 tmpfs \"$data\"; \
        cp -a \"$data.saved\"/. \"$data\"/; \
        dd if=/dev/zero of=\"$data/filler\" bs=1k 2>/dev/null || true; set +e; ";
    let full = format!("{setup}{script}");
    let out = common::run_command(
        env.command_of(
            "unshare",
            &["-rm", "env", &format!("BIN={BIN}"), "sh", "-c", &full],
        ),
        b"",
    );
    Some(out)
}

keyring_test!(
    a_full_disk_refuses_the_change_and_keeps_every_code,
    session,
    {
        let env = Env::new(&session);
        init(&env);
        common::import_github(&env);
        write(
            env.dir.path(),
            "new.txt",
            "3f2a9c1d4e5b6a70\n8b7c6d5e4f3a2b10\n",
        );
        // On the full disk: an import and a `use` fail with the cause; listing still
        // works and shows every code; after room is made, the same import works.
        let script = "\
        \"$BIN\" import new.txt --service PyPI; echo \"import=$?\"; \
        \"$BIN\" use github; echo \"use=$?\"; \
        \"$BIN\" list; echo \"list=$?\"; \
        rm \"$CODEKEEPER_DATA_DIR/filler\"; \
        \"$BIN\" import new.txt --service PyPI; echo \"again=$?\"; \
        \"$BIN\" list";
        let Some(out) = run_on_full_disk(&env, script) else {
            assert!(
                std::env::var_os("CODEKEEPER_REQUIRE_REAL_KEYRING").is_none(),
                "unshare is needed for the full-disk test"
            );
            eprintln!("skipped: no user namespaces for a small tmpfs");
            return;
        };
        let stdout = &out.stdout;
        assert!(stdout.contains("import=1"), "{out:#?}");
        assert!(
            out.stderr.contains("No space left on device"),
            "the cause is named: {}",
            out.stderr
        );
        // `use` hands out the code but says it was not recorded (exit 3).
        assert!(stdout.contains("use=3"), "{out:#?}");
        assert!(
            out.stderr.contains("NOT RECORDED AS USED"),
            "{}",
            out.stderr
        );
        assert!(
            stdout.contains("list=0") && stdout.contains("GitHub\talice\t16/16"),
            "nothing was lost on the full disk: {stdout}"
        );
        assert!(stdout.contains("again=0"), "{out:#?}");
        assert!(stdout.contains("PyPI"), "{stdout}");
        // Outside the namespace the original folder is untouched.
        let list = env.run(&["list"], b"").ok();
        assert_eq!(list.stdout, "GitHub\talice\t16/16\tunprinted\n");
    }
);

keyring_test!(a_symlinked_vault_is_saved_through_the_link, session, {
    let env = Env::new(&session);
    init(&env);
    common::import_github(&env);
    // The vault moved into a synced folder and linked back.
    let synced = env.path("Sync");
    std::fs::create_dir(&synced).unwrap();
    let target = synced.join("vault.age");
    std::fs::rename(env.data().join("vault.age"), &target).unwrap();
    std::os::unix::fs::symlink(&target, env.data().join("vault.age")).unwrap();
    let used = env.run(&["use", "github"], b"").ok();
    assert_eq!(used.stdout.trim(), common::github_codes()[0]);
    let link = std::fs::symlink_metadata(env.data().join("vault.age")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let meta = std::fs::metadata(&target).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    // The target holds the change: it opens on its own with 15 codes left.
    std::fs::remove_file(env.data().join("vault.age")).unwrap();
    std::fs::copy(&target, env.data().join("vault.age")).unwrap();
    let list = env.run(&["list"], b"").ok();
    assert!(list.stdout.contains("15/16"), "{}", list.stdout);
    // No temp file was left next to the target.
    let names: Vec<_> = std::fs::read_dir(&synced)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["vault.age"]);
});

keyring_test!(names_lose_terminal_escapes_and_bidi_overrides, session, {
    let env = Env::new(&session);
    init(&env);
    let file = write(
        env.dir.path(),
        "codes.txt",
        &(common::github_codes().join("\n") + "\n"),
    );
    let site = "Git\u{1b}]0;owned\u{7}Hub\u{1b}[2J";
    let account = "ali\u{202e}ecil";
    env.run(
        &[
            "import",
            file.to_str().unwrap(),
            "--service",
            site,
            "--account",
            account,
        ],
        b"",
    )
    .ok();
    let list = env.run(&["list"], b"").ok();
    for out in [&list.stdout, &list.stderr] {
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(!out.contains('\u{7}'), "{out:?}");
        assert!(!out.contains('\u{202e}'), "{out:?}");
    }
    assert!(
        list.stdout.contains("Git ]0;owned Hub [2J"),
        "{}",
        list.stdout
    );
    assert!(list.stdout.contains("aliecil"), "{}", list.stdout);
    let json = env.run(&["list", "--json"], b"").ok();
    assert!(!json.stdout.contains("\\u001b"), "{}", json.stdout);
});

keyring_test!(
    init_with_a_locked_keyring_names_the_keyring_not_restore,
    session,
    {
        let env = Env::new(&session);
        session.lock_all();
        let out = env.run(&["init"], b"");
        let out = out.fails(4, "your system keyring is locked, so the new vault's key could not be stored there; nothing was created");
        assert!(
            out.stderr.contains("run `codekeeper init` again"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("restore"), "{}", out.stderr);
        assert_eq!(
            out.stdout, "",
            "no paper key for a vault that does not exist"
        );
        assert!(!env.data().join("vault.age").exists());
    }
);

/// A vault whose key is in the passphrase-protected file, with no keyring at all.
fn key_file_vault() -> Env {
    let mut env = Env::with_bus("unix:path=/nonexistent/codekeeper-test-bus");
    env.extra = vec![(
        "CODEKEEPER_PASSPHRASE".into(),
        "correct horse battery".into(),
    )];
    let out = env.run(&["init", "--passphrase-key-file"], b"").ok();
    assert!(out.stdout.starts_with("AGE-SECRET-KEY-1"));
    env
}

#[test]
fn a_deleted_key_file_is_named_not_the_session_bus() {
    let env = key_file_vault();
    std::fs::remove_file(env.data().join("key.age")).unwrap();
    let out = env
        .run(&["list"], b"")
        .fails(5, "key.age, which was deleted or moved");
    assert!(!out.stderr.contains("session bus"), "{}", out.stderr);
    assert!(out.stderr.contains("codekeeper restore"), "{}", out.stderr);
}

#[test]
fn a_garbage_vault_id_is_called_damaged() {
    let env = key_file_vault();
    std::fs::write(env.data().join("vault.id"), b"\xff\xfe\x00\x01garbage").unwrap();
    let out = env.run(&["list"], b"").fails(5, "vault.id is damaged");
    assert!(!out.stderr.contains("UTF-8"), "{}", out.stderr);
}

#[test]
fn restoring_with_a_wrong_key_does_not_say_run_restore() {
    let env = key_file_vault();
    let other = age::x25519::Identity::generate();
    let other = age::secrecy::ExposeSecret::expose_secret(&other.to_string()).to_owned();
    let wrong = write(env.dir.path(), "wrong.txt", &format!("{other}\n"));
    let out = env.run(
        &[
            "restore",
            "--recovery-key",
            wrong.to_str().unwrap(),
            "--passphrase-key-file",
        ],
        b"",
    );
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("does not open"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("run `codekeeper restore`"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_weak_passphrase_is_refused_with_the_reason() {
    let mut env = Env::with_bus("unix:path=/nonexistent/codekeeper-test-bus");
    env.extra = vec![("CODEKEEPER_PASSPHRASE".into(), "aaaaaaaa".into())];
    let out = env
        .run(&["init", "--passphrase-key-file"], b"")
        .fails(1, "the passphrase is too easy to guess");
    assert!(
        out.stderr.contains("four or more unrelated words"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
    assert!(!env.data().join("vault.age").exists());
}

keyring_test!(every_limit_is_refused_with_its_own_message, session, {
    let env = Env::new(&session);
    init(&env);
    common::import_github(&env);
    // More than 1 MiB of text to import.
    write(env.dir.path(), "huge.txt", &"abcde-12345\n".repeat(100_000));
    env.run(&["import", "huge.txt", "--service", "X"], b"")
        .fails(1, "file too large");
    // More codes in one set than any site gives.
    let many: String = (0..1_001)
        .map(|i| format!("{i:05x}-{:05x}\n", i * 7))
        .collect();
    write(env.dir.path(), "many.txt", &many);
    let out = env.run(&["import", "many.txt", "--service", "X"], b"");
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stderr.contains("1000"), "{}", out.stderr);
    // A site name longer than any site's.
    let long = "x".repeat(1_001);
    write(env.dir.path(), "few.txt", "abcde-12345\nfghij-67890\n");
    env.run(&["import", "few.txt", "--service", &long], b"")
        .fails(1, "limit 1000");
    // A vault file larger than any real vault is not read into memory.
    let vault = env.data().join("vault.age");
    let saved = std::fs::read(&vault).unwrap();
    let mut big = saved.clone();
    big.resize(17 * 1024 * 1024, b'x');
    std::fs::write(&vault, &big).unwrap();
    // It is kept aside as damaged and the newest backup that opens takes its place.
    let out = env.run(&["list"], b"").ok();
    assert!(
        out.stderr.contains("larger than any Codekeeper vault")
            && out.stderr.contains("the damaged file was kept"),
        "{}",
        out.stderr
    );
    std::fs::write(&vault, &saved).unwrap();
    // A settings file that never ends: defaults, with a warning.
    std::fs::create_dir_all(env.path("config")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", env.path("config/settings.toml")).unwrap();
    let out = env.run(&["list"], b"").ok();
    assert!(out.stderr.contains("larger than 64 KiB"), "{}", out.stderr);
    // Nothing stored was touched by any of it.
    assert_eq!(out.stdout, "GitHub\talice\t16/16\tunprinted\n");
});
