//! Import speed: parses a 1 MiB messy file (every fixture layout, prose, markup,
//! used markers and decoys, repeated) and prints a table. Run with
//! `cargo bench --bench import`. Aims: under 20 ms for 1 MiB through the library,
//! and `codekeeper import --dry-run` of the same file within 10× a `grep -cE` pass
//! over it (both as whole processes, output to a file). The output goes to a file,
//! not `/dev/null`: GNU grep (since 2.26) stops at the first matching line when its
//! output is `/dev/null`, so it would read one block of the file instead of all of
//! it. grep runs in the C locale, where `[[:alnum:]]` is matched byte by byte: its
//! fastest pass (in a UTF-8 locale the same pass is many times slower).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::print_stdout
)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn corpus() -> Vec<u8> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut pieces = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| {
        !d.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("fail_")
    }) {
        for f in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()) {
            if f.file_name().unwrap() != "expected.txt"
                && let Ok(text) = String::from_utf8(std::fs::read(&f).unwrap())
            {
                pieces.push(text);
            }
        }
    }
    let mut out = String::new();
    let mut i = 0;
    while out.len() < 1024 * 1024 - 4096 {
        out.push_str(&pieces[i % pieces.len()]);
        out.push_str(
            "\nSome prose between lists, with a date 2026-11-24 and https://example.com/x.\n\n",
        );
        i += 1;
    }
    out.into_bytes()
}

fn measure(bytes: &[u8], runs: usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut codes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let preview = codekeeper::import::preview(bytes, None).unwrap();
        times.push(start.elapsed());
        codes = preview.codes().count();
    }
    times.sort();
    (times[0], times[runs / 2], codes)
}

fn main() {
    let full = corpus();
    let mut library = Duration::ZERO;
    println!("| input | bytes | codes found | min | median | MB/s (median) |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, len) in [
        ("64 KiB messy", 64 * 1024),
        ("256 KiB messy", 256 * 1024),
        ("1 MiB messy", full.len()),
    ] {
        let cut = full[..len.min(full.len())].to_vec();
        let cut = match std::str::from_utf8(&cut) {
            Ok(_) => cut,
            Err(e) => cut[..e.valid_up_to()].to_vec(),
        };
        let (min, median, codes) = measure(&cut, 15);
        #[allow(clippy::cast_precision_loss)]
        let mbps = cut.len() as f64 / 1e6 / median.as_secs_f64();
        println!(
            "| {name} | {} | {codes} | {:.2} ms | {:.2} ms | {mbps:.0} |",
            cut.len(),
            min.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3
        );
        library = median;
    }
    let (grep, dry_run) = command_line(&full);
    // One line each for scripts/bench.sh's table.
    println!(
        "summary: import of 1 MiB messy text, library | {:.1} ms | under 20 ms |",
        library.as_secs_f64() * 1e3
    );
    println!(
        "summary: `import --dry-run` of the same file, whole process | {:.0} ms = {:.0}× `grep -cE` ({:.1} ms) | at most 10× `grep -cE` |",
        dry_run.as_secs_f64() * 1e3,
        dry_run.as_secs_f64() / grep.as_secs_f64(),
        grep.as_secs_f64() * 1e3
    );
}

/// The 1 MiB file through the real binary beside `grep -cE` over the same bytes.
fn command_line(full: &[u8]) -> (Duration, Duration) {
    let dir = std::env::temp_dir().join(format!("codekeeper-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notes.txt");
    std::fs::write(&file, full).unwrap();
    let out = dir.join("out.txt");
    let run = |program: &str, args: &[&std::ffi::OsStr]| {
        let mut times = Vec::new();
        for _ in 0..15 {
            let start = Instant::now();
            let status = Command::new(program)
                .args(args)
                .env("HOME", &dir)
                .env("XDG_CONFIG_HOME", &dir)
                .env("XDG_DATA_HOME", &dir)
                .env("LC_ALL", "C")
                .stdin(Stdio::null())
                .stdout(std::fs::File::create(&out).unwrap())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            times.push(start.elapsed());
            // grep exits 1 when nothing matches; anything else is a failed run.
            assert!(status.code().is_some_and(|c| c <= 1), "{program}: {status}");
        }
        times.sort();
        times[times.len() / 2]
    };
    let dry_run = run(
        env!("CARGO_BIN_EXE_codekeeper"),
        &["import".as_ref(), "--dry-run".as_ref(), file.as_os_str()],
    );
    let grep = run(
        "grep",
        &[
            "-cE".as_ref(),
            "[[:alnum:]]{4,5}[- ]?[[:alnum:]]{4,5}".as_ref(),
            file.as_os_str(),
        ],
    );
    // The count is printed only after the last line is read: grep read the whole file.
    let count = std::fs::read_to_string(&out).unwrap();
    assert!(
        count.trim().parse::<u32>().is_ok_and(|n| n > 1000),
        "grep -cE printed {count:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
    println!();
    println!("| whole process, 1 MiB messy | median | × grep -cE |");
    println!("|---|---:|---:|");
    println!("| grep -cE | {:.2} ms | 1.0 |", grep.as_secs_f64() * 1e3);
    println!(
        "| codekeeper import --dry-run | {:.2} ms | {:.1} (aim ≤ 10) |",
        dry_run.as_secs_f64() * 1e3,
        dry_run.as_secs_f64() / grep.as_secs_f64()
    );
    (grep, dry_run)
}
