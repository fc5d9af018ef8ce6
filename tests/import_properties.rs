//! Properties of the importer on arbitrary input: it never panics, and its running
//! time grows linearly with the input (checked as a ratio with a wide margin, not
//! against a clock budget). Also replays the fuzzing corpora in `fuzz/corpus/`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Instant;

use codekeeper::import;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
}

/// Pieces that exercise every branch: codes, markers, markup, numbering, odd characters.
const PIECES: &[&str] = &[
    "abcde-12345",
    "1234 5678",
    "XXXX-XXXX-XXXX",
    "a1b2c3d4",
    "~~",
    "(used)",
    "✓",
    "[x]",
    "[ ]",
    "1.",
    "#4",
    "(5)",
    "6:",
    "7 -",
    "•",
    "\t",
    "  ",
    "\n",
    "\r\n",
    "<li>",
    "</li>",
    "<br>",
    "&amp;",
    "&#x41;",
    "&",
    ";",
    "<",
    ">",
    "{\"a\": [\"",
    "\"]}",
    "\\n",
    "> ",
    "2026-11-24",
    "10:30",
    "v1.2.3",
    "https://x.y",
    "a@b.c",
    "+1 555",
    "GitHub",
    "Google (",
    ")",
    "account",
    "code:",
    "\u{00A0}",
    "\u{200B}",
    "\u{2013}",
    "\u{FF11}",
    "О",
    "é",
    "漢字",
    "😀",
    "|",
    ",",
    "yes",
    "used",
    "-",
    "--",
    "----",
    "0",
    "00000000",
    "zzzzzzzzzz",
];

fn random_text(rng: &mut Rng, pieces: usize) -> String {
    (0..pieces)
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect::<Vec<_>>()
        .join(if rng.below(3) == 0 { " " } else { "" })
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = Rng(0x5DEE_CE66_D1CE_5EED);
    for _ in 0..3_000 {
        let len = rng.below(400);
        let bytes: Vec<u8> = (0..len)
            .map(|_| u8::try_from(rng.next() & 0xFF).unwrap())
            .collect();
        let _ = import::preview(&bytes, Some("x.txt"));
    }
    for _ in 0..3_000 {
        let n = rng.below(80);
        let text = random_text(&mut rng, n);
        let _ = import::preview(text.as_bytes(), None);
    }
}

fn min_time(text: &str) -> f64 {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let _ = import::preview(text.as_bytes(), None);
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn time_grows_linearly_with_input() {
    let mut rng = Rng(42);
    let unit = random_text(&mut rng, 4_000);
    // Adversarial shapes too: one endless line, nested markup, runs of the same marker.
    let shapes = [
        unit.clone(),
        "&".repeat(unit.len()),
        "<".repeat(unit.len()),
        "1234 ".repeat(unit.len() / 5),
        "a".repeat(unit.len()),
        "~~x~~ ".repeat(unit.len() / 6),
    ];
    for small in shapes {
        let large = small.repeat(8);
        assert!(large.len() <= import::MAX_IMPORT_BYTES);
        let (t1, t8) = (min_time(&small), min_time(&large));
        // Linear means about 8x; quadratic would be 64x. Allow noise up to 24x.
        assert!(
            t8 < t1 * 24.0 + 0.005,
            "8x input took {:.1}x the time ({t1:.4}s -> {t8:.4}s)",
            t8 / t1
        );
    }
}

#[test]
fn fuzz_corpora_replay() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut replayed = 0;
    for target in ["import", "vault_load", "settings", "photo", "sheet_record"] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            match target {
                "import" => drop(import::preview(&bytes, None)),
                "vault_load" => codekeeper::vault::fuzz_load(&bytes),
                "photo" => drop(codekeeper::photo::qr_texts(&bytes)),
                "sheet_record" => codekeeper::keeper::sheets::fuzz_record(&bytes),
                _ => codekeeper::settings::fuzz_parse(&bytes),
            }
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no corpus found under {}", root.display());
}
