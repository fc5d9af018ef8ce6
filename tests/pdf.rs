//! Printed sheets and the recovery kit, read back from the real PDF with poppler
//! (`pdftotext`, `pdfinfo`, `pdftoppm`) and the QR code with `zbarimg`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::Command;

use codekeeper::pdf::{self, Paper, Sheet, SheetCode, SheetOptions};
use jiff::Timestamp;

fn tool(name: &str) -> bool {
    let ok = Command::new(name).arg("-v").output().is_ok();
    assert!(
        ok || std::env::var_os("CODEKEEPER_REQUIRE_REAL_KEYRING").is_none(),
        "{name} is required (scripts/test.sh installs it)"
    );
    if !ok {
        eprintln!("SKIPPED: {name} not installed");
    }
    ok
}

fn code_for(account: usize, i: usize) -> String {
    format!(
        "{:05x}-{:05x}",
        0x10000 + account * 37 + i,
        0xa0000 + account * 131 + i * 7
    )
}

fn sheets(n: usize, codes: usize) -> Vec<Sheet> {
    (0..n)
        .map(|a| Sheet {
            service: format!("Site{a:03}"),
            label: format!("user{a}@example.com"),
            imported_at: Timestamp::from_second(1_790_000_000).unwrap(),
            sheet_id: format!("ID{a:04}"),
            codes: (0..codes)
                .map(|i| SheetCode {
                    code: code_for(a, i).into(),
                    used: i == 0,
                })
                .collect(),
            parts: Vec::new(),
        })
        .collect()
}

fn opts(paper: Paper) -> SheetOptions {
    SheetOptions {
        paper,
        anonymous: false,
        printed_at: Timestamp::now(),
        blind: false,
    }
}

fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn pdfinfo(path: &Path) -> String {
    let out = Command::new("pdfinfo").arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "pdfinfo rejects the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn page_text(path: &Path, page: usize) -> String {
    let p = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &p, "-l", &p])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pages_of(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Every code appears exactly once in the document, on a page that names its account.
fn assert_codes_on_their_pages(path: &Path, sheets: &[Sheet]) {
    let pages = pages_of(&pdfinfo(path));
    let texts: Vec<String> = (1..=pages).map(|p| page_text(path, p)).collect();
    for sheet in sheets {
        for code in &sheet.codes {
            let hits: Vec<usize> = texts
                .iter()
                .enumerate()
                .filter(|(_, t)| t.contains(code.code.as_str()))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(
                hits.len(),
                1,
                "{} appears on pages {hits:?}",
                code.code.as_str()
            );
            let total: usize = texts
                .iter()
                .map(|t| t.matches(code.code.as_str()).count())
                .sum();
            assert_eq!(total, 1, "{} appears {total} times", code.code.as_str());
            assert!(
                texts[hits[0]].contains(&sheet.service),
                "{} is not on {}'s page",
                code.code.as_str(),
                sheet.service
            );
        }
    }
}

#[test]
fn sheets_for_1_10_and_100_accounts() {
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Two 16-code sheets fit on an A4 page.
    for (n, expected_pages) in [(1, 1), (10, 5), (100, 50)] {
        let s = sheets(n, 16);
        let r = pdf::render_sheets(&s, &opts(Paper::A4)).unwrap();
        let path = write_pdf(dir.path(), &format!("{n}.pdf"), &r.bytes);
        let info = pdfinfo(&path);
        assert_eq!(pages_of(&info), r.pages);
        assert_eq!(r.pages, expected_pages, "{n} accounts");
        assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
        assert_codes_on_their_pages(&path, &s);
    }
}

#[test]
fn letter_paper_and_long_sets_are_never_split_when_they_fit() {
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut s = sheets(3, 30);
    s.push(Sheet {
        service: "BigSet".into(),
        label: String::new(),
        imported_at: Timestamp::now(),
        sheet_id: "BIG".into(),
        codes: (0..200)
            .map(|i| SheetCode {
                code: code_for(500, i).into(),
                used: false,
            })
            .collect(),
        parts: Vec::new(),
    });
    let r = pdf::render_sheets(&s, &opts(Paper::Letter)).unwrap();
    let path = write_pdf(dir.path(), "letter.pdf", &r.bytes);
    let info = pdfinfo(&path);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    assert_codes_on_their_pages(&path, &s);
    // A 30-code set fits on a page, so each of them sits on one page whole.
    for sheet in &s[..3] {
        let pages: Vec<usize> = (1..=r.pages)
            .filter(|p| page_text(&path, *p).contains(&sheet.service))
            .collect();
        assert_eq!(pages.len(), 1, "{} split over {pages:?}", sheet.service);
    }
}

#[test]
fn metadata_holds_no_secrets() {
    if !tool("pdfinfo") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let s = sheets(2, 10);
    let r = pdf::render_sheets(&s, &opts(Paper::A4)).unwrap();
    let path = write_pdf(dir.path(), "meta.pdf", &r.bytes);
    let info = pdfinfo(&path);
    let meta = String::from_utf8(
        Command::new("pdfinfo")
            .arg("-meta")
            .arg(&path)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for secret in [
        s[0].service.as_str(),
        s[0].label.as_str(),
        s[0].codes[1].code.as_str(),
        "user1",
    ] {
        assert!(
            !info.contains(secret) && !meta.contains(secret),
            "{secret} in metadata:\n{info}\n{meta}"
        );
    }
    assert!(
        info.contains("Title:           Codekeeper recovery sheets"),
        "{info}"
    );
}

#[test]
fn hostile_names_print_safely() {
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hostile = [
        "x".repeat(10_000),
        "evil\u{202E}gnp.exe".to_owned(),
        "family 👨‍👩‍👧 emoji".to_owned(),
        "bell\u{7}tab\tnull\u{0}".to_owned(),
        "pdf ( ) \\ ) syntax".to_owned(),
        "漢字アカウント".to_owned(),
    ];
    let s: Vec<Sheet> = hostile
        .iter()
        .enumerate()
        .map(|(a, name)| Sheet {
            service: name.clone(),
            label: name.clone(),
            imported_at: Timestamp::now(),
            sheet_id: "X".into(),
            codes: (0..4)
                .map(|i| SheetCode {
                    code: code_for(a, i).into(),
                    used: false,
                })
                .collect(),
            parts: Vec::new(),
        })
        .collect();
    let r = pdf::render_sheets(&s, &opts(Paper::A4)).unwrap();
    assert!(
        r.warnings.iter().any(|w| w.contains("cannot draw")),
        "{:?}",
        r.warnings
    );
    let path = write_pdf(dir.path(), "hostile.pdf", &r.bytes);
    pdfinfo(&path);
    let all: String = (1..=r.pages).map(|p| page_text(&path, p)).collect();
    assert!(
        all.contains("evil<U+202E>gnp.exe"),
        "bidi override shown as an escape"
    );
    assert!(
        all.contains("bell<U+0007>tab<U+0009>null<U+0000>"),
        "controls shown as escapes"
    );
    assert!(all.contains("pdf ( ) \\ ) syntax"));
    assert!(all.contains('…'), "long name cut with an ellipsis");
    assert!(!all.contains(&"x".repeat(200)));
    for sheet in &s {
        for code in &sheet.codes {
            assert_eq!(
                all.matches(code.code.as_str()).count(),
                1,
                "{}",
                code.code.as_str()
            );
        }
    }
}

#[test]
fn recovery_kit_key_reads_back_as_text_and_qr() {
    if !tool("pdftotext") || !tool("zbarimg") {
        return;
    }
    use codekeeper::vault::keystore::MemoryKeyStore;
    use codekeeper::vault::{Vault, VaultPaths};
    let dir = tempfile::tempdir().unwrap();
    let paths = VaultPaths::new(dir.path().join("data"));
    let (vault, paper) = Vault::create(&paths, &MemoryKeyStore::default()).unwrap();
    let kit = pdf::RecoveryKit {
        paper_key: paper.expose(),
        vault_id: &vault.payload().vault_id,
        made_at: Timestamp::now(),
        vault_path: "/home/alice/.local/share/codekeeper/vault.age",
    };
    let r = pdf::render_recovery_kit(&kit, Paper::A4).unwrap();
    drop(vault);
    let path = write_pdf(dir.path(), "kit.pdf", &r.bytes);
    let text = page_text(&path, 1);
    assert!(text.contains("This key opens every code in your vault."));
    assert!(text.contains("codekeeper restore") && text.contains("age -d -i key.txt vault.age"));
    // The key as printed: the prefix line and the grouped lines below it.
    let start = text.find("AGE-SECRET-KEY-1").unwrap();
    let key_text: String = text[start..]
        .lines()
        .take(4)
        .flat_map(|l| l.split("The same"))
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    let key_chars: String = key_text
        .split_whitespace()
        .take_while(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .collect::<Vec<_>>()
        .join(" ");
    let reopened =
        Vault::open_with_paper_key(&paths, &key_chars).expect("the printed key opens the vault");
    drop(reopened);
    let png = dir.path().join("kit");
    assert!(
        Command::new("pdftoppm")
            .args(["-r", "150", "-png"])
            .arg(&path)
            .arg(&png)
            .status()
            .unwrap()
            .success()
    );
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(dir.path().join("kit-1.png"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), paper.expose());
    let info = pdfinfo(&path);
    assert!(
        !info.contains(&vault_id_of(&paths)),
        "no vault id in metadata"
    );
}

fn vault_id_of(paths: &codekeeper::vault::VaultPaths) -> String {
    std::fs::read_to_string(paths.id_file())
        .unwrap()
        .trim()
        .to_owned()
}

/// Text copied out of the PDF (what a viewer's copy gives, as `pdftotext` plain and
/// `-layout`): every sheet's codes and used marks.
fn document_text(path: &Path, layout: bool) -> String {
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd.arg(path).arg("-").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_printed_sheet_copied_out_of_the_pdf_imports_back_exactly() {
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Site, its code's shape (code number to code), how many codes.
    type Shape = (&'static str, fn(usize) -> String, usize);
    let shapes: [Shape; 5] = [
        ("GitHub", |i| code_for(1, i), 16),
        (
            "Google",
            |i| format!("{:04} {:04}", 1000 + i * 37, 9000 - i * 53),
            10,
        ),
        (
            "PyPI",
            |i| {
                format!(
                    "{:016x}",
                    0x1a2b_3c4d_5e6f_7a8b_u64 ^ (i as u64 * 0x9e37_79b9)
                )
            },
            8,
        ),
        (
            "Microsoft",
            |i| format!("Q{i}7RT-KX4MP-9WL2H-V8N3C-J6F5D").replace('Q', "A"),
            1,
        ),
        (
            "Discord",
            |i| format!("{:08x}", 0x3ac1_9f00_u32 + i as u32 * 7919),
            10,
        ),
    ];
    let sheets: Vec<Sheet> = shapes
        .iter()
        .enumerate()
        .map(|(a, (site, code, n))| Sheet {
            service: (*site).to_owned(),
            label: format!("user{a}@example.com"),
            imported_at: Timestamp::from_second(1_790_000_000).unwrap(),
            sheet_id: format!("ID{a:04}"),
            codes: (0..*n)
                .map(|i| SheetCode {
                    code: code(i).into(),
                    used: i % 3 == 1,
                })
                .collect(),
            // A QR code beside the codes, as on every printed sheet.
            parts: vec![pdf::SheetPart {
                first: 0,
                count: *n,
                qr: "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3Yx\n-----END AGE ENCRYPTED FILE-----\n".repeat(12),
            }],
        })
        .collect();
    for (paper, name) in [(Paper::A4, "a4"), (Paper::Letter, "letter")] {
        let r = pdf::render_sheets(&sheets, &opts(paper)).unwrap();
        let path = write_pdf(dir.path(), &format!("sheets-{name}.pdf"), &r.bytes);
        let expected: Vec<(String, bool)> = sheets
            .iter()
            .flat_map(|s| s.codes.iter().map(|c| (c.code.to_string(), c.used)))
            .collect();
        for layout in [false, true] {
            let text = document_text(&path, layout);
            let preview = codekeeper::import::preview(text.as_bytes(), None).unwrap();
            let found: Vec<(String, bool)> = preview
                .codes()
                .map(|c| (c.code.to_string(), c.used))
                .collect();
            assert_eq!(found, expected, "{name}, layout {layout}:\n{text}");
            let sites: Vec<Option<&str>> =
                preview.groups.iter().map(|g| g.site.as_deref()).collect();
            assert_eq!(
                sites,
                shapes.iter().map(|s| Some(s.0)).collect::<Vec<_>>(),
                "layout {layout}: one group per sheet, under its site"
            );
        }
    }
}
