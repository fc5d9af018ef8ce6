//! Printed sheets checked from pictures, end to end through the real binary and a real
//! Secret Service: sheets are printed, rendered to PNG with `pdftoppm` at 150 and 300
//! dpi, turned a few degrees, scaled down and saved as JPEG with `ImageMagick`, and
//! checked back (`check-sheet`); codes used since printing are named, a superseded
//! sheet and another vault's sheet say so, and a cut-off picture says what to retake.
//! Printer-blind sheets show no code, and their QR code is read with the paper key
//! alone (`read-sheet --recovery-key`, no vault) and with the stock `zbarimg` + `age`
//! steps printed on the sheet.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[macro_use]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use codekeeper::pdf::{BLIND_STOCK_DECRYPT, BLIND_STOCK_READ};
use common::{Env, github_codes, write};

fn tools_present(test: &str) -> bool {
    let ok = ["pdftoppm", "pdftotext", "convert", "zbarimg", "age"]
        .iter()
        .all(|t| Command::new(t).arg("--version").output().is_ok());
    assert!(
        ok || std::env::var_os(common::REQUIRE_ENV).is_none(),
        "{test}: poppler, ImageMagick, zbar and age are required (scripts/test.sh installs them)"
    );
    if !ok {
        eprintln!("{test}: SKIPPED — poppler, ImageMagick, zbar or age missing");
    }
    ok
}

fn init(env: &Env) -> String {
    env.run(&["init"], b"").ok().stdout.trim_end().to_owned()
}

/// Renders every page of `pdf` at `dpi`; returns the PNGs in page order.
fn render(pdf: &Path, dpi: u32, prefix: &str) -> Vec<PathBuf> {
    let dir = pdf.parent().unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-png"])
        .arg(pdf)
        .arg(dir.join(prefix))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with(&format!("{prefix}-"))
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty());
    pages
}

/// `convert IN ARGS… OUT` (`ImageMagick`).
fn magick(input: &Path, args: &[&str], output: &Path) -> PathBuf {
    let out = Command::new("convert")
        .arg(input)
        .args(args)
        .arg(output)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    output.to_path_buf()
}

/// The sheet ids printed in `pdf`, in order.
fn sheet_ids(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split("Sheet ")
        .skip(1)
        .map(|rest| rest.chars().take(9).collect())
        .collect()
}

fn import(env: &Env, name: &str, codes: &[String], service: &str, account: &str, replace: bool) {
    let file = write(env.dir.path(), name, &(codes.join("\n") + "\n"));
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--service",
        service,
        "--account",
        account,
    ];
    if replace {
        args.push("--replace");
    }
    env.run(&args, b"").ok();
}

fn google_codes() -> Vec<String> {
    (0..10u32)
        .map(|i| format!("{:04} {:04}", 1000 + i * 877 % 9000, 2000 + i * 1231 % 7000))
        .collect()
}

keyring_test!(
    sheets_are_checked_from_renders_turned_scaled_and_compressed,
    session,
    {
        if !tools_present("sheets_are_checked_from_renders_turned_scaled_and_compressed") {
            return;
        }
        let env = Env::new(&session);
        init(&env);
        import(&env, "gh.txt", &github_codes(), "GitHub", "alice", false);
        import(
            &env,
            "google.txt",
            &google_codes(),
            "Google",
            "bob@example.com",
            false,
        );
        let list = env.run(&["list"], b"").ok();
        assert!(
            !list.stderr.contains("never checked"),
            "nothing printed yet"
        );

        for paper in ["a4", "letter"] {
            let pdf = env.path(&format!("sheets-{paper}.pdf"));
            env.run(
                &["print", "--paper", paper, "-o", pdf.to_str().unwrap()],
                b"",
            )
            .ok();
            let ids = sheet_ids(&pdf);
            assert_eq!(ids.len(), 2, "{ids:?}");
            let list = env.run(&["list"], b"").ok();
            assert!(
                list.stderr.contains("never checked from a photo or scan")
                    && list.stderr.contains(&ids[0]),
                "{}",
                list.stderr
            );
            // Both sheets share the first page; every variant of it finds both.
            let mut pictures = Vec::new();
            for dpi in [150, 300] {
                let page = render(&pdf, dpi, &format!("{paper}-{dpi}"))[0].clone();
                pictures.push(page.clone());
                let turned = env.path(&format!("{paper}-{dpi}-turned.png"));
                pictures.push(magick(
                    &page,
                    &["-background", "white", "-rotate", "3"],
                    &turned,
                ));
                let small = env.path(&format!("{paper}-{dpi}-small.jpg"));
                let args: &[&str] = if dpi == 300 {
                    &[
                        "-background",
                        "white",
                        "-rotate",
                        "-4",
                        "-resize",
                        "50%",
                        "-quality",
                        "80",
                    ]
                } else {
                    &[
                        "-background",
                        "white",
                        "-rotate",
                        "2",
                        "-resize",
                        "80%",
                        "-quality",
                        "85",
                    ]
                };
                pictures.push(magick(&page, args, &small));
            }
            for picture in &pictures {
                let out = env
                    .run(&["check-sheet", picture.to_str().unwrap()], b"")
                    .ok();
                for (id, name) in ids.iter().zip(["GitHub:alice", "Google:bob@example.com"]) {
                    assert!(
                        out.stdout.contains(&format!(
                            "Sheet {id} for {name} matches the active set; no code was used since it was printed, so there is nothing to tick."
                        )),
                        "{}: {out:#?}",
                        picture.display()
                    );
                }
            }
            let list = env.run(&["list"], b"").ok();
            assert!(!list.stderr.contains("never checked"), "{}", list.stderr);
        }

        // Codes used since printing are named, in the check and in `list`.
        let pdf = env.path("sheets-a4.pdf");
        let ids = sheet_ids(&pdf);
        let photo = env.path("a4-150-turned.png");
        env.run(&["use", "GitHub"], b"").ok();
        env.run(&["use", "GitHub"], b"").ok();
        env.run(&["mark", "GitHub", "5", "--used"], b"").ok();
        let out = env.run(&["check-sheet", photo.to_str().unwrap()], b"").ok();
        assert!(
            out.stdout.contains(&format!(
                "Sheet {} for GitHub:alice matches the active set; 3 codes were used since it was printed — tick 1, 2 and 5 on the paper if not done yet.",
                ids[0]
            )),
            "{out:#?}"
        );
        let list = env.run(&["list"], b"").ok();
        assert!(
            list.stderr.contains("3 codes were used since sheet")
                && list.stderr.contains("tick 1, 2 and 5 on the paper"),
            "{}",
            list.stderr
        );

        // A newer set makes the paper superseded.
        let fresh: Vec<String> = (0..16u32)
            .map(|i| format!("{:05x}-{:05x}", 0x5e6f7 + i * 13, 0x31415 + i * 271))
            .collect();
        import(&env, "gh2.txt", &fresh, "GitHub", "alice", true);
        let out = env.run(&["check-sheet", photo.to_str().unwrap()], b"").ok();
        assert!(
            out.stdout.contains(&format!(
                "Sheet {} for GitHub:alice holds a superseded set: newer codes replaced these, so they no longer work — shred it.",
                ids[0]
            )),
            "{out:#?}"
        );

        // Another vault's sheet does not open with this vault's keys.
        let other = Env::new(&session);
        init(&other);
        import(&other, "gh.txt", &github_codes(), "GitHub", "alice", false);
        let out = other
            .run(&["check-sheet", photo.to_str().unwrap()], b"")
            .fails(1, "held no sheet of this vault");
        assert!(
            out.stdout
                .contains("A Codekeeper sheet of another vault: this vault's keys do not open it.")
                && out.stdout.contains("--recovery-key"),
            "{out:#?}"
        );

        // A picture with the QR code cut off, one without any, and a file that is no
        // picture each say what to do.
        let page = env.path("a4-300-1.png");
        let cut = magick(&page, &["-crop", "60%x20%+0+0"], &env.path("cut.png"));
        let out = env.run(&["check-sheet", cut.to_str().unwrap()], b"").fails(
            1,
            "take the photo again with the whole QR code in the frame",
        );
        assert!(out.stderr.contains("cut.png"), "{out:#?}");
        let text = write(env.dir.path(), "notes.png", "not a picture");
        env.run(&["check-sheet", text.to_str().unwrap()], b"")
            .fails(1, "not a PNG or JPEG picture");
        env.run(&["check-sheet", "missing.jpg"], b"")
            .fails(1, "missing.jpg: the file does not exist");
        std::os::unix::fs::symlink("/dev/zero", env.path("zero.png")).unwrap();
        env.run(&["check-sheet", "zero.png"], b"")
            .fails(1, "zero.png: it is not a picture file");
    }
);

keyring_test!(
    blind_sheets_show_no_code_and_read_back_with_the_paper_key_and_stock_tools,
    session,
    {
        if !tools_present(
            "blind_sheets_show_no_code_and_read_back_with_the_paper_key_and_stock_tools",
        ) {
            return;
        }
        let env = Env::new(&session);
        let key = init(&env);
        import(&env, "gh.txt", &github_codes(), "GitHub", "alice", false);
        env.run(&["mark", "GitHub", "4", "--used"], b"").ok();
        let pdf = env.path("blind.pdf");
        let out = env
            .run(&["print", "--blind", "-o", pdf.to_str().unwrap()], b"")
            .ok();
        assert!(out.stderr.contains("Printer-blind"), "{out:#?}");

        // The page holds no code, in any form a printer or its spool could keep.
        let bytes = std::fs::read(&pdf).unwrap();
        let text = String::from_utf8(
            Command::new("pdftotext")
                .args(["-layout"])
                .arg(&pdf)
                .arg("-")
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        for code in github_codes() {
            let halves: Vec<&str> = code.split('-').collect();
            for half in halves {
                assert!(!text.contains(half), "{half} printed:\n{text}");
                assert!(
                    !bytes.windows(half.len()).any(|w| w == half.as_bytes()),
                    "{half} in the PDF's bytes"
                );
            }
        }
        assert!(
            text.contains("PRINTER-BLIND SHEET") && text.contains("GitHub"),
            "{text}"
        );
        assert!(
            text.contains(BLIND_STOCK_READ) && text.contains(BLIND_STOCK_DECRYPT),
            "{text}"
        );
        let id = sheet_ids(&pdf)[0].clone();

        let photo = render(&pdf, 150, "blind")[0].clone();
        let turned = magick(
            &photo,
            &["-background", "white", "-rotate", "-3", "-quality", "85"],
            &env.path("blind.jpg"),
        );

        // The paper key alone reads it: a computer without any vault.
        let key_file = write(env.dir.path(), "key.txt", &format!("{key}\n"));
        let bare = Env::new(&session);
        let out = bare
            .run(
                &[
                    "read-sheet",
                    "--recovery-key",
                    key_file.to_str().unwrap(),
                    turned.to_str().unwrap(),
                ],
                b"",
            )
            .ok();
        assert!(
            out.stdout.contains(&format!("Sheet {id} · GitHub:alice")),
            "{out:#?}"
        );
        for (i, code) in github_codes().iter().enumerate() {
            let used = if i == 3 { "\tused when printed" } else { "" };
            assert!(
                out.stdout
                    .contains(&format!("{:>3}  {code}{used}\n", i + 1)),
                "{code}: {out:#?}"
            );
        }
        assert!(!bare.data().join("vault.age").exists());
        // This computer reads it too, also once enrolled again (the sheet key lives in
        // the vault), and a wrong paper key does not.
        let here = env.run(&["read-sheet", turned.to_str().unwrap()], b"").ok();
        assert_eq!(here.stdout, out.stdout);
        env.run(
            &["restore", "--recovery-key", key_file.to_str().unwrap()],
            b"",
        )
        .ok();
        let here = env.run(&["read-sheet", turned.to_str().unwrap()], b"").ok();
        assert_eq!(here.stdout, out.stdout);
        let checked = env
            .run(&["check-sheet", turned.to_str().unwrap()], b"")
            .ok();
        assert!(
            checked.stdout.contains("matches the active set"),
            "{checked:#?}"
        );
        let stranger = codekeeper::vault::crypto::identity_secret(
            &codekeeper::vault::crypto::generate_identity(),
        );
        let wrong = write(
            env.dir.path(),
            "wrong.txt",
            age::secrecy::ExposeSecret::expose_secret(&stranger),
        );
        let out = bare
            .run(
                &[
                    "read-sheet",
                    "--recovery-key",
                    wrong.to_str().unwrap(),
                    turned.to_str().unwrap(),
                ],
                b"",
            )
            .fails(1, "no sheet that could be read");
        assert!(
            out.stderr.contains("this paper key does not open"),
            "{out:#?}"
        );

        // The stock path printed on the sheet, word for word: zbarimg, then age.
        std::fs::copy(&photo, env.path("photo.png")).unwrap();
        let script = format!("{BLIND_STOCK_READ} && {BLIND_STOCK_DECRYPT}");
        let out = Command::new("bash")
            .args(["-c", &script])
            .current_dir(env.dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let plain = String::from_utf8(out.stdout).unwrap();
        let record: toml::Value = toml::from_str(&plain).unwrap();
        let codes: Vec<&str> = record["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(codes, github_codes());
        assert_eq!(record["sheet"].as_str(), Some(id.as_str()));
        assert_eq!(record["used"].as_array().unwrap().len(), 1);

        // A new paper key cannot read the blind sheet (Codekeeper still can): the change
        // says so, and `list` keeps saying so until it is printed again.
        let out = env.run(&["rotate-recovery-key"], b"").ok();
        assert!(
            out.stderr.contains(
                "1 printer-blind sheet(s) were printed before this change: the new paper key does not read their QR codes (Codekeeper still does)"
            ),
            "{out:#?}"
        );
        let new_key = write(env.dir.path(), "new-key.txt", out.stdout.trim());
        bare.run(
            &[
                "read-sheet",
                "--recovery-key",
                new_key.to_str().unwrap(),
                turned.to_str().unwrap(),
            ],
            b"",
        )
        .fails(1, "no sheet that could be read");
        let here = env.run(&["read-sheet", turned.to_str().unwrap()], b"").ok();
        assert!(here.stdout.contains(&github_codes()[0]));
        let list = env.run(&["list"], b"").ok();
        assert!(
            list.stderr.contains(&format!(
                "printer-blind sheet {id} (GitHub) was printed for an earlier paper key"
            )),
            "{}",
            list.stderr
        );
        env.run(&["print", "--blind", "-o", pdf.to_str().unwrap()], b"")
            .ok();
        let list = env.run(&["list"], b"").ok();
        assert!(
            !list.stderr.contains("earlier paper key"),
            "{}",
            list.stderr
        );
    }
);
