//! Printing speed and size: renders booklets of 1, 10 and 100 accounts (16 codes
//! each, as GitHub gives, each sheet with its QR code of the size a real one has)
//! and prints a table. Run with `cargo bench --bench pdf`.
//! Aims: a 100-account booklet under 0.5 s; under 60 KB per page after the first.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::print_stdout
)]

use std::time::Instant;

use codekeeper::pdf::{self, Paper, Sheet, SheetCode, SheetOptions};
use jiff::Timestamp;

fn sheets(n: usize) -> Vec<Sheet> {
    (0..n)
        .map(|a| Sheet {
            service: format!("Site {a}"),
            label: format!("user{a}@example.com"),
            imported_at: Timestamp::now(),
            sheet_id: format!("{a:04X}-0000"),
            codes: (0..16)
                .map(|i| SheetCode {
                    code: format!("{:05x}-{:05x}", a * 16 + i, i * 977).into(),
                    used: i < 2,
                })
                .collect(),
            parts: vec![pdf::SheetPart {
                first: 0,
                count: 16,
                qr: qr_text(a),
            }],
        })
        .collect()
}

/// Text shaped like a sheet's armored age record (about 1,150 characters, base64).
fn qr_text(seed: usize) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut state = seed as u64 * 6_364_136_223_846_793_005 + 1;
    let body: Vec<u8> = (0..1_050)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            alphabet[(state >> 58) as usize]
        })
        .collect();
    let lines: Vec<&str> = body
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN AGE ENCRYPTED FILE-----\n{}\n-----END AGE ENCRYPTED FILE-----\n",
        lines.join("\n")
    )
}

fn main() {
    let opts = SheetOptions {
        paper: Paper::A4,
        anonymous: false,
        printed_at: Timestamp::now(),
        blind: false,
    };
    // Fonts are parsed once per process; warm that up so the table shows rendering.
    let _ = pdf::render_sheets(&sheets(1), &opts).unwrap();
    println!("| accounts | pages | median time | file size | size per page after the first |");
    println!("|---:|---:|---:|---:|---:|");
    let one_page = pdf::render_sheets(&sheets(1), &opts).unwrap().bytes.len();
    for n in [1, 10, 100] {
        let input = sheets(n);
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..7 {
            let start = Instant::now();
            let r = pdf::render_sheets(&input, &opts).unwrap();
            times.push(start.elapsed());
            last = Some(r);
        }
        times.sort();
        let r = last.unwrap();
        let per_page = if r.pages > 1 {
            format!(
                "{:.1} KB",
                (r.bytes.len() - one_page) as f64 / (r.pages - 1) as f64 / 1000.0
            )
        } else {
            "—".into()
        };
        println!(
            "| {n} | {} | {:.1} ms | {:.1} KB | {per_page} |",
            r.pages,
            times[3].as_secs_f64() * 1e3,
            r.bytes.len() as f64 / 1000.0
        );
        if n == 100 {
            // One line for scripts/bench.sh's table.
            println!(
                "summary: PDF sheets for 100 accounts ({} pages) | {:.0} ms, {:.0} KB | — |",
                r.pages,
                times[3].as_secs_f64() * 1e3,
                r.bytes.len() as f64 / 1000.0
            );
        }
    }
}
