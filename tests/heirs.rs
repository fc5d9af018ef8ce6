//! Heir kits and paper key rehearsals end to end, through the real binary and a real
//! Secret Service: the printed shares are read back from the PDF with `pdftotext`,
//! recombined with the SLIP-0039 reference tool (`shamir recover` from the
//! `shamir-mnemonic` Python package) and turned into the paper key with the two-line
//! conversion printed on the page, which then opens the vault with the stock `age`;
//! shares made by the reference package restore the vault in Codekeeper; a key change
//! makes old shares stale and says so.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[macro_use]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use codekeeper::pdf::heirs::{STOCK_DECRYPT, STOCK_RECOVER, STOCK_TO_KEY};
use common::{Env, github_codes, printed_shares, write};

/// Set by the test script: the folder with `python` and `shamir` (shamir-mnemonic and
/// bech32 installed).
const TOOLS_ENV: &str = "CODEKEEPER_SLIP39_TOOLS";

/// The reference tools' folder, or `None` (skip) outside the test script.
fn tools(test: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(TOOLS_ENV) {
        return Some(PathBuf::from(dir));
    }
    assert!(
        std::env::var_os(common::REQUIRE_ENV).is_none(),
        "{test}: {TOOLS_ENV} must name the SLIP-0039 reference tools (run scripts/test.sh)"
    );
    eprintln!(
        "{test}: SKIPPED — the SLIP-0039 reference tools are not set up (scripts/test.sh does it)"
    );
    None
}

fn init(env: &Env) -> String {
    let out = env.run(&["init"], b"").ok();
    out.stdout.trim_end().to_owned()
}

fn import_github(env: &Env) {
    common::import_github(env).ok();
}

/// Runs `shamir recover` with `shares` typed in; returns the master secret's hex.
fn reference_recover(tools: &Path, shares: &[&str]) -> String {
    let mut cmd = Command::new(tools.join(STOCK_RECOVER.split(' ').next().unwrap()));
    cmd.args(STOCK_RECOVER.split(' ').skip(1))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let input = shares.join("\n") + "\n";
    let out = common::run_command(cmd, input.as_bytes());
    assert_eq!(out.code, 0, "{out:#?}");
    out.stdout
        .lines()
        .find_map(|l| l.strip_prefix("Your master secret is: "))
        .unwrap_or_else(|| panic!("no master secret in {out:#?}"))
        .trim()
        .to_owned()
}

/// The two-line conversion exactly as printed, with `hex` for HEX, run in `dir`.
fn printed_conversion(tools: &Path, dir: &Path, hex: &str) -> String {
    let script = STOCK_TO_KEY.join("\n").replace("HEX", hex);
    let path = format!(
        "{}:{}",
        tools.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    std::fs::read_to_string(dir.join("key.txt")).unwrap()
}

keyring_test!(
    heir_shares_open_the_vault_with_codekeeper_and_stock_tools,
    session,
    {
        let Some(tools) = tools("heir_shares_open_the_vault_with_codekeeper_and_stock_tools")
        else {
            return;
        };
        let env = Env::new(&session);
        let key = init(&env);
        import_github(&env);

        // Only the vault's own paper key is split.
        let stranger = codekeeper::vault::crypto::identity_secret(
            &codekeeper::vault::crypto::generate_identity(),
        );
        use age::secrecy::ExposeSecret;
        env.run(
            &[
                "heir-kit",
                "--shares",
                "3",
                "--threshold",
                "2",
                "-o",
                "heirs.pdf",
            ],
            format!("{}\n", stranger.expose_secret()).as_bytes(),
        )
        .fails(1, "not this vault's current one");
        assert!(!env.path("heirs.pdf").exists());
        env.run(
            &[
                "heir-kit",
                "--shares",
                "2",
                "--threshold",
                "3",
                "-o",
                "heirs.pdf",
            ],
            b"",
        )
        .fails(1, "a threshold of 3 of 2 shares is not possible");
        // The path too is checked before the key is asked for.
        let inside = env.data().join("heirs.pdf");
        env.run(&["heir-kit", "-o", inside.to_str().unwrap()], b"")
            .fails(1, "heirs.pdf");

        let out = env
            .run(
                &[
                    "heir-kit",
                    "--shares",
                    "3",
                    "--threshold",
                    "2",
                    "-o",
                    "heirs.pdf",
                ],
                format!("{key}\n").as_bytes(),
            )
            .ok();
        assert!(
            out.stderr
                .contains("3 pages, one share each; any 2 open the vault"),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains(
                "the holders also need a copy of the vault, and there is none elsewhere yet"
            ),
            "{}",
            out.stderr
        );
        let pdf = env.path("heirs.pdf");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let shares = printed_shares(&pdf);
        assert_eq!(shares.len(), 3);
        let first_two = |s: &String| s.split(' ').take(2).collect::<Vec<_>>().join(" ");
        assert!(shares.iter().all(|s| first_two(s) == first_two(&shares[0])));
        assert!(out.stderr.contains(&first_two(&shares[0])));
        // The page says what it is and prints the stock commands whole.
        let text = String::from_utf8(
            Command::new("pdftotext")
                .args([pdf.to_str().unwrap(), "-"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        for needed in [
            "Heir share 2 of 3",
            "Any 2 of these 3 shares open the vault",
            STOCK_TO_KEY[0],
            STOCK_TO_KEY[1],
            STOCK_DECRYPT,
            "codekeeper restore --shares",
        ] {
            assert!(
                text.contains(needed),
                "{needed:?} missing from the heir kit:\n{text}"
            );
        }
        assert!(!text.contains(&key), "the paper key itself is not printed");
        // Making the kit typed the whole key: it counts as proven.
        let list = env.run(&["list"], b"").ok();
        assert!(
            list.stderr.contains("your paper key was last proven on"),
            "{}",
            list.stderr
        );

        // Stock path, exactly as printed: shamir recover → conversion → age -d.
        let hex = reference_recover(&tools, &[&shares[2], &shares[0]]);
        let work = tempfile::tempdir().unwrap();
        let converted = printed_conversion(&tools, work.path(), &hex);
        assert_eq!(converted.trim(), key);
        std::fs::copy(env.data().join("vault.age"), work.path().join("vault.age")).unwrap();
        let decrypt: Vec<&str> = STOCK_DECRYPT.split(' ').collect();
        let out = Command::new(decrypt[0])
            .args(&decrypt[1..])
            .current_dir(work.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains(&github_codes()[5]));

        // Codekeeper: the keyring entry is gone; two shares restore this computer.
        session.delete_all_items();
        env.run(&["list"], b"").fails(5, "Run `codekeeper restore`");
        env.run(&["restore", "--shares", "-"], shares[0].as_bytes())
            .fails(5, "this set needs 2 shares (of a group) and 1 were given");
        let mut typo = shares[1].clone();
        typo.replace_range(typo.rfind(' ').unwrap() + 1.., "zzzz");
        env.run(
            &["restore", "--shares", "-"],
            format!("{}\n{typo}\n", shares[0]).as_bytes(),
        )
        .fails(5, "share 2: word 33 is not a share word");
        let out = env
            .run(
                &["restore", "--shares", "-"],
                format!("{}\n\n{}\n", shares[1], shares[2]).as_bytes(),
            )
            .ok();
        assert!(
            out.stderr.contains("Vault opened with the heir shares"),
            "{}",
            out.stderr
        );
        assert_eq!(
            env.run(&["list"], b"").ok().stdout,
            "GitHub\talice\t16/16\tunprinted\n"
        );

        // Shares made by the reference package restore it too.
        let py = format!(
            "import bech32, shamir_mnemonic as s\n\
         hrp, data = bech32.bech32_decode('{}')\n\
         secret = bytes(bech32.convertbits(data, 5, 8, False))\n\
         for m in s.generate_mnemonics(1, [(3, 5)], secret, b'', True, 0)[0]: print(m)\n",
            key.to_lowercase()
        );
        let out = Command::new(tools.join("python"))
            .args(["-c", &py])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let theirs: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(theirs.len(), 5);
        let file = write(
            env.dir.path(),
            "theirs.txt",
            &format!("{}\n{}\n{}\n", theirs[4], theirs[0], theirs[2]),
        );
        session.delete_all_items();
        env.run(&["restore", "--shares", file.to_str().unwrap()], b"")
            .ok();
        env.run(&["list"], b"").ok();

        // A new paper key makes the kit stale, and says so; old shares open nothing.
        let out = env.run(&["rotate-recovery-key"], b"").ok();
        assert!(
            out.stderr
                .contains("holds the old key, so its shares no longer open the vault"),
            "{}",
            out.stderr
        );
        let list = env.run(&["list"], b"").ok();
        assert!(
            list.stderr.contains("holds an earlier paper key"),
            "{}",
            list.stderr
        );
        assert!(
            list.stderr.contains("never typed back"),
            "the new key needs its own proof: {}",
            list.stderr
        );
        session.delete_all_items();
        env.run(
            &["restore", "--shares", "-"],
            format!("{}\n{}\n", shares[0], shares[1]).as_bytes(),
        )
        .fails(5, "the key these heir shares hold does not open this vault");
        // The old shares were destroyed: the warning can be stopped.
        let new_key = out.stdout.trim().to_owned();
        env.run(&["restore"], format!("{new_key}\n").as_bytes())
            .ok();
        env.run(&["heir-kit", "--dismiss-old"], b"").ok();
        let list = env.run(&["list"], b"").ok();
        assert!(!list.stderr.contains("heir kit"), "{}", list.stderr);
    }
);

keyring_test!(
    rehearsing_the_paper_key_proves_it_and_records_only_the_date,
    session,
    {
        let env = Env::new(&session);
        let key = init(&env);
        let list = env.run(&["list"], b"").ok();
        assert!(
            list.stderr.contains("your paper key was never typed back"),
            "{}",
            list.stderr
        );
        assert!(
            list.stderr.contains("run `codekeeper rehearse`"),
            "{}",
            list.stderr
        );
        let wrong = codekeeper::vault::crypto::identity_secret(
            &codekeeper::vault::crypto::generate_identity(),
        );
        use age::secrecy::ExposeSecret;
        env.run(
            &["rehearse"],
            format!("{}\n", wrong.expose_secret()).as_bytes(),
        )
        .fails(1, "not this vault's current one");
        env.run(&["rehearse"], b"AGE-SECRET-KEY-1QQQQ\n")
            .fails(1, "that is not a valid paper recovery key");
        // Typed off paper: lower case, in groups.
        let typed = key
            .to_lowercase()
            .replace("age-secret-key-1", "age-secret-key-1 ");
        let out = env.run(&["rehearse"], format!("{typed}\n").as_bytes()).ok();
        assert!(
            out.stderr.contains("That is this vault's paper key"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("next rehearsal"), "{}", out.stderr);
        let list = env.run(&["list"], b"").ok();
        assert!(
            list.stderr.contains("your paper key was last proven on"),
            "{}",
            list.stderr
        );
        // Nothing of the key is stored: the vault holds the date and the public recipient.
        let plain = Command::new("age")
            .args([
                "-d",
                "-i",
                write(env.dir.path(), "k.txt", &key).to_str().unwrap(),
            ])
            .arg(env.data().join("vault.age"))
            .output()
            .unwrap();
        let toml = String::from_utf8(plain.stdout).unwrap();
        assert!(toml.contains("[paper_key_proven]"), "{toml}");
        assert!(
            !toml.to_uppercase().contains(&key[16..30]),
            "no part of the key is stored"
        );
        // Turned off in the settings: nothing said.
        std::fs::create_dir_all(env.dir.path().join("config")).unwrap();
        write(
            &env.dir.path().join("config"),
            "settings.toml",
            "rehearse_months = 0\n",
        );
        let list = env.run(&["list"], b"").ok();
        assert!(!list.stderr.contains("paper key"), "{}", list.stderr);
    }
);
