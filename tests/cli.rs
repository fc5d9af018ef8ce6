//! End-to-end tests of the command line against a real Secret Service
//! (gnome-keyring-daemon in a private D-Bus session), pinning stdout, stderr
//! and exit codes, plus interop with the stock `age` CLI.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[macro_use]
mod common;

use common::{Env, Session, github_codes, real_keyring_available, write};

const PAPER_KEY_PREFIX: &str = "AGE-SECRET-KEY-1";

fn init(env: &Env) -> String {
    let out = env.run(&["init"], b"").ok();
    let key = out.stdout.trim_end().to_owned();
    assert!(key.starts_with(PAPER_KEY_PREFIX), "{out:#?}");
    assert_eq!(
        out.stdout,
        format!("{key}\n"),
        "stdout holds the key and nothing else"
    );
    assert!(
        out.stderr.contains("it opens every code in the vault"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("It is shown only now"),
        "{}",
        out.stderr
    );
    key
}

fn import_github(env: &Env) {
    let out = common::import_github(env);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "Stored 16 codes for GitHub:alice.\n");
}

keyring_test!(init_import_list_show_use_mark_round_trip, session, {
    let env = Env::new(&session);
    let paper = init(&env);
    assert_eq!(
        session.item_count(),
        1,
        "one keyring entry for the vault key"
    );
    import_github(&env);
    let codes = github_codes();

    let out = env.run(&["list"], b"").ok();
    assert_eq!(out.stdout, "GitHub\talice\t16/16\tunprinted\n");
    assert_eq!(
        out.stderr,
        "note: there is no copy of the vault anywhere else; run `codekeeper backup FOLDER` (a USB stick, another disk) so your paper key has a vault to open.\n\
         note: your paper key was never typed back to prove it works; run `codekeeper rehearse`.\n"
    );

    env.run(&["rehearse"], format!("{paper}\n").as_bytes()).ok();
    // A copy elsewhere: encrypted, opens with the paper key and the stock age CLI.
    let stick = env.path("usb stick");
    let out = env.run(&["backup", stick.to_str().unwrap()], b"").ok();
    assert!(
        out.stderr
            .starts_with("Saved an encrypted copy of the vault to "),
        "{}",
        out.stderr
    );
    let copy = stick.join("vault.age");
    let key_file = write(env.dir.path(), "paper.txt", &format!("{paper}\n"));
    let age = std::process::Command::new("age")
        .args([
            "-d",
            "-i",
            key_file.to_str().unwrap(),
            copy.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(age.status.success());
    assert!(String::from_utf8_lossy(&age.stdout).contains(&github_codes()[0]));
    assert!(
        std::fs::read_to_string(stick.join("README.txt"))
            .unwrap()
            .contains("age -d -i paper-key.txt vault.age")
    );
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let stderr = env.run(&["list"], b"").ok().stderr;
    assert!(
        stderr.starts_with(&format!(
            "note: your paper key was last proven on {today} (next rehearsal "
        )) && stderr.lines().count() == 1,
        "no copy reminder right after a copy, nor a rehearsal one right after rehearsing: {stderr}"
    );
    env.run(
        &["backup", env.data().join("backups").to_str().unwrap()],
        b"",
    )
    .fails(1, "a copy must be kept outside Codekeeper's data folder");

    let out = env.run(&["show", "github"], b"").ok();
    let first = out.stdout.lines().next().unwrap();
    assert_eq!(first, " 1  •••••-•••••  unused");
    assert!(!out.stdout.contains(&codes[0]), "masked by default");
    assert!(
        out.stderr
            .starts_with("GitHub:alice: 16 of 16 codes unused (imported "),
        "{}",
        out.stderr
    );

    let out = env.run(&["show", "GitHub:Alice", "--reveal"], b"").ok();
    let expected: String = codes
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{:>2}  {c}  unused\n", i + 1))
        .collect();
    assert_eq!(out.stdout, expected);

    let out = env.run(&["use", "github"], b"").ok();
    assert_eq!(out.stdout, format!("{}\n", codes[0]));
    assert_eq!(
        out.stderr,
        "Code 1 of GitHub:alice is now marked used; 15 left.\n"
    );
    let out = env.run(&["use", "github"], b"").ok();
    assert_eq!(out.stdout, format!("{}\n", codes[1]));

    let out = env.run(&["list"], b"").ok();
    assert_eq!(out.stdout, "GitHub\talice\t14/16\tunprinted\n");
    assert!(
        out.stderr
            .starts_with("note: the vault changed since its last copy ("),
        "{}",
        out.stderr
    );

    let out = env
        .run(
            &[
                "mark",
                "github",
                "1",
                "--unused",
                "--note",
                "never typed it",
            ],
            b"",
        )
        .ok();
    assert_eq!(out.stderr, "Code 1 of GitHub:alice is now marked unused.\n");
    let out = env.run(&["show", "github", "--reveal"], b"").ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!(" 1  {}  unused  (never typed it)", codes[0])
    );
    assert!(
        lines[1].starts_with(&format!(" 2  {}  used 20", codes[1])),
        "{}",
        lines[1]
    );

    let out = env.run(&["list", "--json"], b"").ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{"service": "GitHub", "label": "alice", "unused": 15, "total": 16, "low": false, "printed": "unprinted", "archived": false}])
    );

    let out = env.run(&["show", "github", "--json"], b"").ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["code_sets"][0]["codes"][1]["used"], true);
    assert_eq!(json["code_sets"][0]["codes"][1]["code"], "•••••-•••••");
    assert_eq!(json["code_sets"][0]["source"], "github-recovery-codes.txt");
});

keyring_test!(replace_supersedes_and_refusal_explains, session, {
    let env = Env::new(&session);
    init(&env);
    import_github(&env);
    let out = env.run(
        &["import", "-", "--service", "github", "--account", "ALICE"],
        b"3e1f0-9ab2c\n7c4d2-01f9e\n",
    );
    out.fails(1, "GitHub:alice already has an active code set (16 unused codes); if you generated new codes on the site, the old ones stopped working: import again with --replace");
    let out = env
        .run(
            &[
                "import",
                "-",
                "--service",
                "github",
                "--account",
                "alice",
                "--replace",
            ],
            b"3e1f0-9ab2c\n\n7c4d2-01f9e\n",
        )
        .ok();
    assert_eq!(
        out.stderr,
        "Stored 2 codes for GitHub:alice.\nThe previous set is kept as history and marked superseded; its codes no longer work at the site.\n"
    );
    assert_eq!(
        env.run(&["list"], b"").ok().stdout,
        "GitHub\talice\t2/2\tlow\tunprinted\n"
    );
    let out = env.run(&["show", "github", "--json", "--reveal"], b"").ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["code_sets"][0]["status"], "superseded");
    assert_eq!(json["code_sets"][0]["codes"].as_array().unwrap().len(), 16);
    assert_eq!(json["code_sets"][1]["status"], "active");
    assert_eq!(json["code_sets"][1]["source"], "pasted");
    assert_eq!(json["code_sets"][1]["codes"][1]["code"], "7c4d2-01f9e");
});

keyring_test!(use_until_empty_and_ambiguous_names, session, {
    let env = Env::new(&session);
    init(&env);
    env.run(
        &["import", "-", "--service", "PyPI", "--account", "a"],
        b"9f86d081884c7d65\n2c26b46b68ffc68f\n",
    )
    .ok();
    env.run(
        &["import", "-", "--service", "PyPI", "--account", "b"],
        b"fcde2b2edba56bf4\n",
    )
    .ok();
    env.run(&["use", "pypi"], b"").fails(
        1,
        "`pypi` matches several accounts: PyPI:a, PyPI:b; name one as service:label",
    );
    env.run(&["use", "gitlab"], b"")
        .fails(1, "no account matches `gitlab` (accounts: PyPI:a, PyPI:b)");
    let out = env.run(&["use", "pypi:b"], b"").ok();
    assert_eq!(out.stdout, "fcde2b2edba56bf4\n");
    assert!(
        out.stderr.contains("0 left") && out.stderr.contains("generate new codes on the site soon"),
        "{}",
        out.stderr
    );
    env.run(&["use", "pypi:b"], b"").fails(
        1,
        "every code of PyPI:b is used; generate new codes on the site",
    );
    env.run(&["mark", "pypi:a", "3", "--used"], b"")
        .fails(1, "PyPI:a has codes 1 to 2; there is no code 3");
});

keyring_test!(stock_age_cli_decrypts_with_the_paper_key, session, {
    let env = Env::new(&session);
    let key = init(&env);
    import_github(&env);
    env.run(&["use", "github"], b"").ok();
    let key_file = write(
        env.dir.path(),
        "paper-key.txt",
        &format!("# my paper key\n{key}\n"),
    );
    let out = std::process::Command::new("age")
        .args([
            "-d",
            "-i",
            key_file.to_str().unwrap(),
            env.data().join("vault.age").to_str().unwrap(),
        ])
        .output()
        .expect("the `age` CLI is installed (scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let toml_text = String::from_utf8(out.stdout).unwrap();
    let value: toml::Table = toml::from_str(&toml_text).unwrap();
    assert_eq!(value["format"].as_integer(), Some(2));
    let set = &value["accounts"][0]["code_sets"][0];
    let codes = set["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 16);
    assert_eq!(codes[0].as_str(), Some(github_codes()[0].as_str()));
    // Code 1 is used, with its time; the others are not listed as used.
    assert_eq!(set["used"].as_array().unwrap(), &[toml::Value::Integer(1)]);
    let at = set["used_at"][0].as_str().unwrap();
    assert!(at.parse::<jiff::Timestamp>().is_ok(), "{at}");
});

keyring_test!(
    lost_keyring_entry_means_recovery_mode_then_restore,
    session,
    {
        let env = Env::new(&session);
        let key = init(&env);
        import_github(&env);
        session.delete_all_items();
        let out = env.run(&["list"], b"");
        out.fails(5, "this computer's key for the vault is missing (no entry in the system keyring (Secret Service)); the vault is safe. Run `codekeeper restore`");
        assert_eq!(
            session.item_count(),
            0,
            "no new key may be made over an existing vault"
        );

        env.run(&["restore"], b"AGE-SECRET-KEY-1NOTAKEY\n")
            .fails(5, "that is not a valid paper recovery key");
        // Typed in groups and lower case, as read off paper.
        let typed: String = key
            .to_lowercase()
            .chars()
            .collect::<Vec<_>>()
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        let out = env.run(&["restore"], format!("{typed}\n").as_bytes()).ok();
        assert_eq!(out.stdout, "");
        assert!(
            out.stderr.contains("This computer is enrolled again"),
            "{}",
            out.stderr
        );
        assert_eq!(session.item_count(), 1);
        assert_eq!(
            env.run(&["list"], b"").ok().stdout,
            "GitHub\talice\t16/16\tunprinted\n"
        );

        // The unchanged paper key still opens it with the stock CLI.
        let key_file = write(env.dir.path(), "paper-key.txt", &format!("{key}\n"));
        let out = std::process::Command::new("age")
            .args([
                "-d",
                "-i",
                key_file.to_str().unwrap(),
                env.data().join("vault.age").to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
    }
);

keyring_test!(rotate_recovery_key_retires_the_old_paper_key, session, {
    let env = Env::new(&session);
    let old = init(&env);
    import_github(&env);
    let out = env.run(&["rotate-recovery-key"], b"").ok();
    let new = out.stdout.trim_end().to_owned();
    assert!(new.starts_with(PAPER_KEY_PREFIX) && new != old);
    assert!(
        out.stderr
            .contains("still opens any copy of the vault made before now"),
        "{}",
        out.stderr
    );
    let age_with = |key: &str, file: &std::path::Path| {
        let key_file = write(env.dir.path(), "k.txt", &format!("{key}\n"));
        std::process::Command::new("age")
            .args([
                "-d",
                "-i",
                key_file.to_str().unwrap(),
                file.to_str().unwrap(),
            ])
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(age_with(&new, &env.data().join("vault.age")));
    assert!(!age_with(&old, &env.data().join("vault.age")));
    let backups: Vec<_> = std::fs::read_dir(env.data().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // init (create, key shown), import, rotation (both keys, then the new one only).
    assert!(backups.len() >= 4, "{backups:?}");
    for b in backups {
        assert!(age_with(&new, &b), "{} re-encrypted", b.display());
        assert!(!age_with(&old, &b));
    }
    env.run(&["restore"], format!("{old}\n").as_bytes())
        .fails(5, "does not open this vault or any of its backups");
    assert_eq!(
        env.run(&["list"], b"").ok().stdout,
        "GitHub\talice\t16/16\tunprinted\n"
    );
});

keyring_test!(locked_keyring_is_reported_with_the_way_out, session, {
    let env = Env::new(&session);
    init(&env);
    session.lock_all();
    let out = env.run(&["list"], b"");
    out.fails(4, "your system keyring is locked. Unlock it and retry, or use your paper key (`codekeeper restore`)");
});

keyring_test!(
    locked_keyring_with_a_missing_entry_is_locked_not_lost,
    session,
    {
        let env = Env::new(&session);
        init(&env);
        session.delete_all_items();
        session.lock_all();
        env.run(&["list"], b"")
            .fails(4, "your system keyring is locked");
    }
);

keyring_test!(
    damaged_vault_restores_backup_and_keeps_damaged_file,
    session,
    {
        let env = Env::new(&session);
        init(&env);
        import_github(&env);
        env.run(&["use", "github"], b"").ok();
        let vault = env.data().join("vault.age");
        let mut bytes = std::fs::read(&vault).unwrap();
        bytes.truncate(bytes.len() - 30);
        std::fs::write(&vault, &bytes).unwrap();
        let out = env.run(&["list"], b"").ok();
        assert_eq!(
            out.stdout, "GitHub\talice\t16/16\tunprinted\n",
            "generation 3 (before `use`) restored"
        );
        assert!(
            out.stderr
                .starts_with("warning: the vault file could not be used (the file is damaged"),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr
                .contains("Restored the newest backup that opens (generation 3)"),
            "{}",
            out.stderr
        );
        let kept: Vec<_> = std::fs::read_dir(env.data())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("vault.corrupt-")
            })
            .collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(std::fs::read(&kept[0]).unwrap(), bytes);
    }
);

keyring_test!(
    use_prints_the_code_even_when_it_cannot_be_recorded,
    session,
    {
        let env = Env::new(&session);
        init(&env);
        import_github(&env);
        // A file where the backups folder should be makes the save fail.
        let backups = env.data().join("backups");
        std::fs::remove_dir_all(&backups).unwrap();
        std::fs::write(&backups, b"in the way").unwrap();
        let out = env.run(&["use", "github"], b"");
        assert_eq!(
            out.stdout,
            format!("{}\n", github_codes()[0]),
            "the user still gets the code"
        );
        out.fails(3, "THE CODE ABOVE WAS NOT RECORDED AS USED");
        std::fs::remove_file(&backups).unwrap();
        assert_eq!(
            env.run(&["list"], b"").ok().stdout,
            "GitHub\talice\t16/16\tunprinted\n",
            "nothing half-saved"
        );
    }
);

keyring_test!(second_instance_is_refused, session, {
    let env = Env::new(&session);
    init(&env);
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(env.data().join("vault.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    env.run(&["list"], b"").fails(
        6,
        "is already open elsewhere (another Codekeeper window or command); close it and try again",
    );
    drop(lock);
    env.run(&["list"], b"").ok();
});

keyring_test!(init_twice_is_refused_and_keeps_the_key, session, {
    let env = Env::new(&session);
    init(&env);
    env.run(&["init"], b"")
        .fails(1, "a vault already exists in");
    assert_eq!(session.item_count(), 1);
    env.run(&["list"], b"").ok();
});

#[test]
fn no_session_bus_is_reported() {
    let env = Env::with_bus("unix:path=/nonexistent/codekeeper-test-bus");
    let out = env.run(&["init"], b"");
    let out = out.fails(
        4,
        "no desktop session bus was found, so the system keyring cannot be reached",
    );
    assert_eq!(out.stdout, "");
    assert!(
        !env.data().join("vault.age").exists(),
        "no vault without a stored key"
    );
}

#[test]
fn no_secret_service_is_reported() {
    if !real_keyring_available("no_secret_service_is_reported") {
        return;
    }
    let session = Session::bus_only();
    let env = Env::new(&session);
    let out = env.run(&["init"], b"");
    let out = out.fails(4, "no system keyring service is running");
    assert!(
        out.stderr.contains("--passphrase-key-file"),
        "{}",
        out.stderr
    );
    assert!(!env.data().join("vault.age").exists());
}

#[test]
fn passphrase_key_file_when_there_is_no_keyring() {
    let mut env = Env::with_bus("unix:path=/nonexistent/codekeeper-test-bus");
    env.run(&["init", "--passphrase-key-file"], b"")
        .fails(4, "set CODEKEEPER_PASSPHRASE");
    env.extra
        .push(("CODEKEEPER_PASSPHRASE".into(), "short".into()));
    env.run(&["init", "--passphrase-key-file"], b"")
        .fails(1, "shorter than 8 characters");
    env.extra = vec![(
        "CODEKEEPER_PASSPHRASE".into(),
        "correct horse battery".into(),
    )];
    let out = env.run(&["init", "--passphrase-key-file"], b"").ok();
    assert!(out.stdout.starts_with(PAPER_KEY_PREFIX));
    assert!(
        out.stderr
            .contains("kept in the passphrase-protected key file"),
        "{}",
        out.stderr
    );
    let raw = std::fs::read(env.data().join("key.age")).unwrap();
    assert!(
        !String::from_utf8_lossy(&raw).contains("AGE-SECRET-KEY"),
        "never a plaintext key file"
    );
    env.run(&["import", "-", "--service", "Discord"], b"k3x9-q7m2\n")
        .ok();
    assert_eq!(
        env.run(&["list"], b"").ok().stdout,
        "Discord\t\t1/1\tlow\tunprinted\n"
    );
    env.extra = vec![("CODEKEEPER_PASSPHRASE".into(), "wrong passphrase".into())];
    env.run(&["list"], b"")
        .fails(4, "the passphrase does not open the key file");
}

#[test]
fn not_initialized_and_help() {
    let env = Env::with_bus("unix:path=/nonexistent/codekeeper-test-bus");
    env.run(&["list"], b"").fails(1, "there is no vault in");
    let out = env.run(&["--help"], b"").ok();
    assert!(
        out.stdout.contains("Exit codes:") && out.stdout.contains("restore"),
        "{}",
        out.stdout
    );
    let out = env.run(&["--version"], b"").ok();
    assert_eq!(
        out.stdout,
        format!(
            "codekeeper {} (vault format 2)\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    env.run(&["mark", "x", "1"], b"").fails(2, "--used");
}

fn fixture(case: &str, file: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(case)
        .join(file)
}

keyring_test!(
    import_guesses_site_and_removes_the_plaintext_file,
    session,
    {
        let env = Env::new(&session);
        init(&env);
        // A copy of the site's download, which --remove-source deletes after the verified save.
        let download = env.path("github-recovery-codes.txt");
        std::fs::copy(
            fixture("github_download", "github-recovery-codes.txt"),
            &download,
        )
        .unwrap();
        let out = env
            .run(
                &["import", download.to_str().unwrap(), "--remove-source"],
                b"",
            )
            .ok();
        assert_eq!(
            out.stderr,
            format!(
                "Stored 16 codes for GitHub.\nDeleted {}: the codes are safe in the vault now.\n",
                download.display()
            )
        );
        assert!(!download.exists());
        assert_eq!(
            env.run(&["list"], b"").ok().stdout,
            "GitHub\t\t16/16\tunprinted\n"
        );

        let google = fixture("google_download", "Backup-codes-alice.smith.txt");
        env.run(&["import", google.to_str().unwrap()], b"").ok();
        assert!(google.exists(), "never deleted without --remove-source");
        let out = env.run(&["list"], b"").ok();
        assert_eq!(
            out.stdout,
            "GitHub\t\t16/16\tunprinted\nGoogle\talice.smith@gmail.com\t10/10\tunprinted\n"
        );

        // Codes marked used in the source arrive used.
        let used = fixture("messy_used_markers", "pasted");
        env.run(
            &["import", "-", "--service", "Sentry"],
            &std::fs::read(used).unwrap(),
        )
        .ok();
        assert_eq!(
            env.run(&["list"], b"").ok().stdout.lines().last().unwrap(),
            "Sentry\t\t2/7\tlow\tunprinted"
        );

        // Without a site in the text or the name, the user is asked for one.
        env.run(&["import", "-"], b"9f86d081884c7d65\n2c26b46b68ffc68f\n").fails(1, "could not tell which site 2 codes for an unknown site are for; pass --service NAME");
        env.run(&["import", "-"], b"Hello, no codes here.\n")
            .fails(1, "no recovery codes found in this text");
    }
);

keyring_test!(notes_file_with_several_sites_stores_each, session, {
    let env = Env::new(&session);
    init(&env);
    let notes = fixture("notes_file_several_sites", "my-2fa-notes.md");
    env.run(&["import", notes.to_str().unwrap(), "--service", "GitHub"], b"")
        .fails(1, "this text holds several lists (4 codes for GitHub, account alice; 4 codes for Google; 3 codes for PyPI)");
    let out = env.run(&["import", notes.to_str().unwrap()], b"").ok();
    assert_eq!(
        out.stderr,
        "Stored 4 codes for GitHub:alice.\nStored 4 codes for Google.\nStored 3 codes for PyPI.\n"
    );
    // All or nothing: a second run is refused for the first account and stores nothing.
    env.run(&["import", notes.to_str().unwrap()], b"")
        .fails(1, "GitHub:alice already has an active code set");
    assert_eq!(
        env.run(&["list"], b"").ok().stdout,
        "GitHub\talice\t4/4\tunprinted\nGoogle\t\t4/4\tunprinted\nPyPI\t\t3/3\tunprinted\n"
    );
});

keyring_test!(
    print_records_sheets_and_kits_are_written_where_asked,
    session,
    {
        let env = Env::new(&session);
        let kit = env.path("kit.pdf");
        let out = env
            .run(&["init", "--recovery-kit", kit.to_str().unwrap()], b"")
            .ok();
        assert!(
            out.stderr
                .contains(&format!("Wrote the recovery kit to {}", kit.display())),
            "{}",
            out.stderr
        );
        assert!(std::fs::read(&kit).unwrap().starts_with(b"%PDF-"));
        import_github(&env);
        let pdf = env.path("sheets.pdf");
        let out = env
            .run(
                &[
                    "print",
                    "-o",
                    pdf.to_str().unwrap(),
                    "--paper",
                    "letter",
                    "--anonymous",
                ],
                b"",
            )
            .ok();
        assert!(
            out.stderr.starts_with(&format!(
                "Wrote 1 sheet(s) on 1 page(s) to {}.",
                pdf.display()
            )),
            "{}",
            out.stderr
        );
        assert_eq!(out.stdout, "");
        assert_eq!(
            env.run(&["list"], b"").ok().stdout,
            "GitHub\talice\t16/16\n",
            "printed and current"
        );
        env.run(&["use", "github"], b"").ok();
        assert_eq!(
            env.run(&["list"], b"").ok().stdout,
            "GitHub\talice\t15/16\tstale\n"
        );
        let text = std::process::Command::new("pdftotext")
            .args(["-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed by scripts/test.sh");
        let text = String::from_utf8(text.stdout).unwrap();
        for code in github_codes() {
            assert_eq!(text.matches(&code).count(), 1, "{code}");
        }
        assert!(
            !text.contains("alice"),
            "anonymous sheet leaves the label out"
        );
        // Only where asked: no stray temp files next to it.
        let names: Vec<String> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
        env.run(&["print", "gitlab", "-o", pdf.to_str().unwrap()], b"")
            .fails(1, "no account matches `gitlab`");
    }
);
