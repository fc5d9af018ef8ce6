//! The engine's invariants through the real command line and a real Secret Service:
//! a key that could not be shown never replaces one that was; a failed re-enrolment
//! keeps this computer's working key; printed files are private, complete and never
//! in the vault's folder; relative paths work; accounts are renamed, merged,
//! archived and purged without losing a code.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[macro_use]
mod common;

use common::{Env, github_codes, import_github, opens_everything, write};

fn init(env: &Env) -> String {
    let out = env.run(&["init"], b"").ok();
    out.stdout.trim_end().to_owned()
}

keyring_test!(
    rotation_whose_key_cannot_be_shown_keeps_the_old_key,
    session,
    {
        let env = Env::new(&session);
        let old = init(&env);
        import_github(&env);
        let out = env.run_to_full_disk(&["rotate-recovery-key"]);
        let out = out.fails(1, "could not write to stdout");
        assert!(
        out.stderr.contains("the new key could not be shown, so it was dropped. Your current paper key stays valid"),
        "{}",
        out.stderr
    );
        assert!(
            opens_everything(&env, &old),
            "the old key opens the vault and every backup"
        );
        // Nothing else changed: the keyring still opens it, and nothing is pending.
        assert_eq!(
            env.run(&["list"], b"").ok().stdout,
            "GitHub\talice\t16/16\tunprinted\n"
        );
        // With the keyring entry gone, the old paper key is the way back in.
        session.delete_all_items();
        let key_file = write(env.dir.path(), "old.txt", &old);
        env.run(
            &["restore", "--recovery-key", key_file.to_str().unwrap()],
            b"",
        )
        .ok();
        assert_eq!(
            env.run(&["list"], b"").ok().stdout,
            "GitHub\talice\t16/16\tunprinted\n"
        );
    }
);

keyring_test!(init_whose_key_cannot_be_shown_leaves_no_vault, session, {
    let env = Env::new(&session);
    env.run_to_full_disk(&["init"]).fails(
        1,
        "the paper key could not be shown, so no vault was created",
    );
    assert!(!env.data().join("vault.age").exists());
    assert!(!env.data().join("vault.id").exists());
    assert_eq!(session.item_count(), 0, "no orphan key in the keyring");
    env.run(&["list"], b"").fails(1, "there is no vault in");
    let key = init(&env);
    assert!(opens_everything(&env, &key));
});

keyring_test!(
    an_unconfirmed_vault_refuses_use_until_a_key_is_shown,
    session,
    {
        let env = Env::new(&session);
        let key = init(&env);
        // What a killed `init` leaves: a vault whose key was made but never shown.
        let paths = codekeeper::vault::VaultPaths::new(env.data());
        let mut vault = codekeeper::vault::Vault::open_with_paper_key(&paths, &key).unwrap();
        vault.payload_mut().paper_key_confirmed = false;
        vault.save().unwrap();
        drop(vault);
        env.run(&["list"], b"").fails(
        1,
        "the paper recovery key of this vault was never shown; run `codekeeper rotate-recovery-key`",
    );
        let out = env.run(&["rotate-recovery-key"], b"").ok();
        let new = out.stdout.trim_end();
        assert!(opens_everything(&env, new));
        assert!(!opens_everything(&env, &key));
        env.run(&["list"], b"").ok();
    }
);

keyring_test!(failed_restore_keeps_this_computers_working_key, session, {
    let env = Env::new(&session);
    let paper = init(&env);
    import_github(&env);
    let key_file = write(env.dir.path(), "paper.txt", &paper);
    // A file where the backups folder should be makes every save fail.
    let backups = env.data().join("backups");
    std::fs::rename(&backups, env.path("backups-aside")).unwrap();
    std::fs::write(&backups, b"in the way").unwrap();
    env.run(
        &["restore", "--recovery-key", key_file.to_str().unwrap()],
        b"",
    )
    .fails(1, "could not");
    std::fs::remove_file(&backups).unwrap();
    std::fs::rename(env.path("backups-aside"), &backups).unwrap();
    assert_eq!(
        env.run(&["list"], b"").ok().stdout,
        "GitHub\talice\t16/16\tunprinted\n",
        "the keyring entry still opens the vault"
    );
    // A wrong key says so, without sending the user back to `restore`.
    let foreign =
        codekeeper::vault::crypto::identity_secret(&codekeeper::vault::crypto::generate_identity());
    let stranger = write(
        env.dir.path(),
        "stranger.txt",
        age::secrecy::ExposeSecret::expose_secret(&foreign),
    );
    let out = env.run(
        &["restore", "--recovery-key", stranger.to_str().unwrap()],
        b"",
    );
    let out = out.fails(5, "the paper key you gave does not open this vault");
    assert!(
        !out.stderr.contains("run `codekeeper restore`"),
        "{}",
        out.stderr
    );
});

keyring_test!(
    relative_paths_private_files_and_the_data_folder_is_refused,
    session,
    {
        let env = Env::new(&session);
        // The README's own examples, run from the folder that receives the files.
        let out = env.run(&["init", "--recovery-kit", "kit.pdf"], b"").ok();
        assert!(
            out.stderr.contains("Wrote the recovery kit to "),
            "{}",
            out.stderr
        );
        import_github(&env);
        let out = env.run(&["print", "-o", "sheets.pdf"], b"").ok();
        assert!(out.stderr.contains("Wrote 1 sheet(s)"), "{}", out.stderr);
        use std::os::unix::fs::PermissionsExt;
        for name in ["kit.pdf", "sheets.pdf"] {
            let path = env.path(name);
            assert!(
                std::fs::read(&path).unwrap().starts_with(b"%PDF-"),
                "{name}"
            );
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name} is private");
        }
        assert_eq!(
            env.run(&["list"], b"").ok().stdout,
            "GitHub\talice\t16/16\n",
            "the printed sheet was recorded"
        );
        // Never inside the data folder, never over a vault file.
        let before = std::fs::read(env.data().join("vault.age")).unwrap();
        let vault = env.data().join("vault.age");
        env.run(&["print", "-o", vault.to_str().unwrap()], b"")
            .fails(
                1,
                "that name belongs to a Codekeeper vault, backup or key file",
            );
        let inside = env.data().join("sheets.pdf");
        env.run(&["print", "-o", inside.to_str().unwrap()], b"")
            .fails(1, "inside Codekeeper's data folder");
        env.run(&["init", "--recovery-kit", "x.pdf"], b"")
            .fails(1, "a vault already exists");
        assert_eq!(std::fs::read(&vault).unwrap(), before);
        assert!(!inside.exists());
        env.run(&["list"], b"").ok();
        let hidden: Vec<String> = std::fs::read_dir(env.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(hidden.is_empty(), "{hidden:?}");
    }
);

keyring_test!(accounts_are_renamed_merged_archived_and_purged, session, {
    let env = Env::new(&session);
    init(&env);
    import_github(&env);
    // A typo made a second account holding the same codes; one code was used there.
    let codes = github_codes().join("\n") + "\n";
    env.run(&["import", "-", "--service", "Githb"], codes.as_bytes())
        .ok();
    env.run(&["use", "githb"], b"").ok();
    env.run(&["rename", "githb", "GitHub:alice"], b"")
        .fails(1, "there is already an account named GitHub:alice; to combine the two accounts, use `codekeeper merge`");
    env.run(&["rename", "githb", "GitHub:typo"], b"").ok();
    let out = env.run(&["merge", "github:typo", "github:alice"], b"").ok();
    assert!(
        out.stderr
            .starts_with("Merged GitHub:typo into GitHub:alice"),
        "{}",
        out.stderr
    );
    assert_eq!(
        env.run(&["list"], b"").ok().stdout,
        "GitHub\talice\t15/16\tunprinted\n",
        "the code used under the typo stays used"
    );
    // Deleting is two steps: archive (restorable), then purge (confirmed).
    env.run(&["purge", "github"], b"")
        .fails(1, "is not archived; archive it first");
    env.run(&["archive", "github"], b"").ok();
    assert_eq!(env.run(&["list"], b"").ok().stdout, "");
    assert_eq!(
        env.run(&["list", "--archived"], b"").ok().stdout,
        "GitHub\talice\t15/16\tunprinted\n"
    );
    env.run(&["use", "github"], b"")
        .fails(1, "no account matches `github`");
    env.run(&["unarchive", "github"], b"").ok();
    env.run(&["archive", "github"], b"").ok();
    env.run(&["purge", "github"], b"")
        .fails(1, "add --yes to confirm");
    env.run(&["purge", "github", "--yes"], b"").ok();
    assert_eq!(env.run(&["list", "--archived"], b"").ok().stdout, "");
});

keyring_test!(
    use_names_the_account_and_hostile_names_stay_inert,
    session,
    {
        let env = Env::new(&session);
        init(&env);
        env.run(
            &[
                "import",
                "-",
                "--service",
                "Evil\u{1b}]0;pwned\u{7}\u{202e}Site",
            ],
            b"9f86d081884c7d65\n2c26b46b68ffc68f\n",
        )
        .ok();
        let out = env.run(&["list"], b"").ok();
        assert!(
            !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{202e}'),
            "{:?}",
            out.stdout
        );
        let out = env
            .run(&["use", "Evil\u{1b}]0;pwned\u{7}\u{202e}Site"], b"")
            .ok();
        assert!(
            out.stderr
                .starts_with("Code 1 of Evil ]0;pwned Site is now marked used"),
            "{:?}",
            out.stderr
        );
    }
);

keyring_test!(a_copy_restores_the_vault_on_a_new_computer, session, {
    let env = Env::new(&session);
    let paper = init(&env);
    import_github(&env);
    let stick = env.path("stick");
    env.run(&["backup", stick.to_str().unwrap()], b"").ok();
    // A new computer: empty data folder, the same person's keyring session.
    let new = Env::new(&session);
    let key_file = write(new.dir.path(), "paper.txt", &paper);
    let wrong = write(
        new.dir.path(),
        "wrong.txt",
        age::secrecy::ExposeSecret::expose_secret(&codekeeper::vault::crypto::identity_secret(
            &codekeeper::vault::crypto::generate_identity(),
        )),
    );
    new.run(
        &[
            "restore",
            "--from",
            stick.to_str().unwrap(),
            "--recovery-key",
            wrong.to_str().unwrap(),
        ],
        b"",
    )
    .fails(5, "does not open");
    assert!(
        !new.data().join("vault.age").exists(),
        "nothing adopted without the right key"
    );
    new.run(
        &[
            "restore",
            "--from",
            stick.to_str().unwrap(),
            "--recovery-key",
            key_file.to_str().unwrap(),
        ],
        b"",
    )
    .ok();
    assert_eq!(
        new.run(&["list"], b"").ok().stdout,
        "GitHub\talice\t16/16\tunprinted\n"
    );
    // A vault already here is never replaced by a copy.
    new.run(
        &[
            "restore",
            "--from",
            stick.to_str().unwrap(),
            "--recovery-key",
            key_file.to_str().unwrap(),
        ],
        b"",
    )
    .fails(1, "a vault already exists");
});

keyring_test!(list_filters_and_sorts_like_the_window, session, {
    let env = Env::new(&session);
    init(&env);
    import_github(&env);
    env.run(
        &["import", "-", "--service", "acme"],
        b"1111-2222\n3333-4444\n",
    )
    .ok();
    env.run(
        &["import", "-", "--service", "Zulip"],
        b"aaaa-bbbb\ncccc-dddd\ndddd-eeee\n",
    )
    .ok();
    let list = |args: &[&str]| {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        env.run(&all, b"").ok().stdout
    };
    let names = |out: String| -> Vec<String> {
        out.lines()
            .map(|l| l.split('\t').next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(list(&[])), ["acme", "GitHub", "Zulip"]);
    assert_eq!(
        names(list(&["--sort", "left"])),
        ["acme", "Zulip", "GitHub"]
    );
    assert_eq!(names(list(&["--low"])), ["acme"]);
    env.run(&["print", "github", "-o", "s.pdf"], b"").ok();
    assert_eq!(names(list(&["--unprinted"])), ["acme", "Zulip"]);
    env.run(&["use", "github"], b"").ok();
    assert_eq!(names(list(&["--stale"])), ["GitHub"]);
    let none = env.run(&["list", "--stale", "--low"], b"").ok();
    assert_eq!(none.stdout, "");
});
