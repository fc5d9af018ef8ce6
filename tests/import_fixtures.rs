//! The import corpus: every folder in `tests/fixtures/import/` holds one input (named
//! as the site names its download) and `expected.txt`. Each is run through the real
//! binary as `codekeeper import --dry-run FILE`, the contract other tools rely on.
//! Folders starting with `fail_` must be refused with the expected message.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_codekeeper");

struct Expected {
    site: Option<String>,
    account: Option<String>,
    codes: Vec<(String, bool)>,
}

fn parse_expected(text: &str) -> Expected {
    let mut e = Expected {
        site: None,
        account: None,
        codes: Vec::new(),
    };
    for line in text.lines() {
        if let Some(site) = line.strip_prefix("# site: ") {
            e.site = Some(site.to_owned());
        } else if let Some(account) = line.strip_prefix("# account: ") {
            e.account = Some(account.to_owned());
        } else if let Some(code) = line.strip_suffix("\tused") {
            e.codes.push((code.to_owned(), true));
        } else if !line.is_empty() {
            e.codes.push((line.to_owned(), false));
        }
    }
    e
}

fn input_of(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap() != "expected.txt")
        .unwrap_or_else(|| panic!("{} has no input file", dir.display()))
}

fn dry_run(input: &Path, json: bool) -> std::process::Output {
    // A pasted case goes through stdin, like a paste would.
    let pasted = input.file_name().unwrap() == "pasted";
    let mut args = vec!["import", "--dry-run"];
    if json {
        args.push("--json");
    }
    args.push(if pasted { "-" } else { input.to_str().unwrap() });
    let mut child = Command::new(BIN)
        .args(&args)
        .env("CODEKEEPER_DATA_DIR", "/nonexistent/codekeeper-import-test")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    if pasted {
        std::io::Write::write_all(&mut stdin, &std::fs::read(input).unwrap()).unwrap();
    }
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn every_fixture_gives_exactly_the_expected_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 40, "the corpus is missing");
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let input = input_of(dir);
        let expected_text = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
        let out = dry_run(&input, false);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if name.starts_with("fail_") {
            let want = expected_text.trim();
            if out.status.code() != Some(1) || !stdout.is_empty() || !stderr.contains(want) {
                failures.push(format!("{name}: expected refusal containing {want:?}, got {:?}\nstdout: {stdout}\nstderr: {stderr}", out.status.code()));
            }
            continue;
        }
        let expected = parse_expected(&expected_text);
        let want: Vec<&str> = expected.codes.iter().map(|(c, _)| c.as_str()).collect();
        let got: Vec<&str> = stdout.lines().collect();
        if out.status.code() != Some(0) || got != want {
            failures.push(format!(
                "{name}: codes differ\n  want {want:?}\n  got  {got:?}\n  stderr: {stderr}"
            ));
            continue;
        }
        let json_out = dry_run(&input, true);
        let json: serde_json::Value = serde_json::from_slice(&json_out.stdout).unwrap();
        let codes: Vec<&serde_json::Value> = json["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["codes"].as_array().unwrap())
            .collect();
        let used: Vec<bool> = codes.iter().map(|c| c["used"].as_bool().unwrap()).collect();
        let want_used: Vec<bool> = expected.codes.iter().map(|(_, u)| *u).collect();
        if used != want_used {
            failures.push(format!(
                "{name}: used flags differ: want {want_used:?}, got {used:?}"
            ));
        }
        let first = &json["groups"][0];
        if let Some(site) = &expected.site
            && first["site"].as_str() != Some(site)
        {
            failures.push(format!("{name}: site: want {site}, got {}", first["site"]));
        }
        if let Some(account) = &expected.account
            && first["account"].as_str() != Some(account)
        {
            failures.push(format!(
                "{name}: account: want {account}, got {}",
                first["account"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}

#[test]
fn oversized_input_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(5_200_000).unwrap();
    let out = dry_run(&big, false);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("file too large (5.2 MB); recovery-code files are a few hundred bytes"),
        "{stderr}"
    );
}

#[test]
fn dry_run_prints_codes_only_on_stdout_and_guesses_on_stderr() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/google_download");
    let out = dry_run(&input_of(&root), false);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 10);
    assert!(
        stdout
            .lines()
            .all(|l| l.len() == 9 && l.as_bytes()[4] == b' '),
        "{stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "Found 10 codes for Google, account alice.smith@gmail.com.\n  how: codes on lines of their own; the site from the file name\n"
    );
}

#[test]
fn legacy_encodings_are_named_on_stderr() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for (folder, name) in [
        ("legacy_windows1252_german_note", "Windows-1252"),
        ("legacy_shift_jis_note", "Shift_JIS"),
        // ISO-8859-15 differs from Windows-1252 in eight letters (€ among them), which
        // no detector can tell apart from the bytes alone.
        ("legacy_iso8859_15_euro", "Windows-1252"),
    ] {
        let input = input_of(&root.join(folder));
        let out = Command::new(BIN)
            .args(["import", "--dry-run"])
            .arg(&input)
            .env("CODEKEEPER_DATA_DIR", root.join("no-such-vault"))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{folder}: {stderr}");
        assert!(
            stderr.contains(&format!("it was read as {name}")),
            "{folder}: {stderr}"
        );
    }
}

#[test]
fn exports_file_each_items_codes_under_its_name_and_user() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for (folder, want) in [
        (
            "export_bitwarden_json",
            &[("GitHub", None), ("PyPI", Some("carol"))][..],
        ),
        ("export_bitwarden_csv", &[("Google", Some("bob@gmail.com"))]),
        (
            "export_1password_1pif",
            &[("Google", Some("alice.smith@gmail.com")), ("GitLab", None)],
        ),
        ("export_1password_csv", &[("npm", Some("frank"))]),
        ("export_keepass_xml", &[("Discord", Some("dave#1234"))]),
        ("export_keepassxc_csv", &[("Sentry", Some("erin"))]),
    ] {
        let input = input_of(&root.join(folder));
        let out = Command::new(BIN)
            .args(["import", "--dry-run", "--json"])
            .arg(&input)
            .env("CODEKEEPER_DATA_DIR", root.join("no-such-vault"))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{folder}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let got: Vec<(String, Option<String>)> = json["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["site"].as_str().unwrap().to_owned(),
                    g["account"].as_str().map(str::to_owned),
                )
            })
            .collect();
        let want: Vec<(String, Option<String>)> = want
            .iter()
            .map(|(s, a)| ((*s).to_owned(), a.map(str::to_owned)))
            .collect();
        assert_eq!(got, want, "{folder}");
    }
}

/// Each list says how it was found, on stderr under its "Found" line and in the JSON
/// preview: the rule that took its codes, where its site's name came from, and what
/// was changed on its lines. One fixture of each family of inputs.
#[test]
fn each_family_says_how_its_lists_were_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for (folder, how, normalised) in [
        (
            "legacy_windows1252_german_note",
            "codes on lines of their own; the site from the file name",
            Some("read as Windows-1252 (Western European)"),
        ),
        (
            "ime_fullwidth_gitlab_list",
            "codes on lines of their own; the site from the file name",
            Some(
                "176 full-width characters replaced by their ASCII form; 5 ideographic commas and full stops replaced by ',' and '.'",
            ),
        ),
        (
            "pdf_copy_columns_one_after_the_other",
            "codes on lines of their own; no site named",
            Some("10 codes whose groups stood more than one space apart, joined with one space"),
        ),
        (
            "spreadsheet_columns_named_by_the_header",
            "codes in a table's columns, as its header names them; the site named on line 2",
            None,
        ),
        (
            "label_semicolon_list_one_line",
            "several codes on one line; no site named",
            None,
        ),
        (
            "label_lists_several_sites",
            "codes after a name and a colon, on one line; the site named on line 3",
            None,
        ),
        (
            "export_bitwarden_json",
            "an item of a Bitwarden JSON export: codes on lines of their own; the site from the item's name",
            None,
        ),
        (
            "better_auth_json",
            "strings of a JSON document; no site named",
            None,
        ),
        (
            "x_single_code_note",
            "a code after words that say what it is; the site named on line 1",
            None,
        ),
        (
            "notes_file_several_sites",
            "codes on lines of their own; the site named on line 3",
            None,
        ),
    ] {
        let out = dry_run(&input_of(&root.join(folder)), false);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{folder}: {stderr}");
        // The first list's lines.
        let mut lines = stderr.lines().skip_while(|l| !l.starts_with("Found "));
        lines.next();
        assert_eq!(
            lines.next(),
            Some(format!("  how: {how}").as_str()),
            "{folder}: {stderr}"
        );
        let told = lines.next().and_then(|l| l.strip_prefix("  normalised: "));
        assert_eq!(told, normalised, "{folder}: {stderr}");
    }
    // The same in the JSON preview, for the file read as Windows-1252.
    let out = dry_run(
        &input_of(&root.join("legacy_windows1252_german_note")),
        true,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["groups"][0]["found"],
        serde_json::json!({
            "rule": "code_lines",
            "export": null,
            "site_from": {"from": "file_name"},
            "encoding": "Windows-1252 (Western European)",
            "normalised": [],
        })
    );
    let out = dry_run(
        &input_of(&root.join("pdf_copy_columns_one_after_the_other")),
        true,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["groups"][0]["found"]["normalised"],
        serde_json::json!([{
            "what": "codes whose groups stood more than one space apart, joined with one space",
            "count": 10,
        }])
    );
}

/// A notes file whose headings are words of one length (site names, "Personal",
/// "Business") keeps each list under its own heading: the headings were taken for
/// a list of codes of their own, and every list was filed under the first site.
#[test]
fn headings_of_one_length_are_not_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let out = dry_run(
        &input_of(&root.join("notes_file_six_letter_site_headings")),
        true,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, usize)> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["site"].as_str().unwrap().to_owned(),
                g["codes"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("GitHub".to_owned(), 6),
            ("GitLab".to_owned(), 5),
            ("Sentry".to_owned(), 4)
        ]
    );
}
