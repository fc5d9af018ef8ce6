//! Vault speed and memory at 100, 1,000 and 10,000 accounts (16 codes each, two
//! used): opening and saving through the library, `codekeeper list` and
//! `codekeeper use` as whole processes against a real Secret Service (a private
//! D-Bus session with gnome-keyring-daemon), each beside the stock `age -d` of the
//! same vault file. Run with `cargo bench --bench vault` (needs `age`,
//! `gnome-keyring-daemon`, `dbus-daemon` and `/usr/bin/time`; `scripts/bench.sh`
//! installs them). Aims at 10,000 accounts: `list` at most 5× `age -d` and 64 MiB
//! peak, `use` at most 15× `age -d`. With `Xvfb` present, the real window's peak
//! memory is measured too (software GL): aim at 10,000 accounts, 150 MiB.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    clippy::print_stdout,
    dead_code,
    unused_macros
)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codekeeper::vault::{Code, Vault, VaultPaths};
use common::{Env, Session};

#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

const RUNS: usize = 9;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A made-up code: 10 lower-case letters and digits as `xxxxx-xxxxx`.
fn code(seed: &mut u64) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut s = String::with_capacity(11);
    for i in 0..10 {
        if i == 5 {
            s.push('-');
        }
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        s.push(char::from(ALPHABET[(*seed % 36) as usize]));
    }
    s
}

/// Fills the vault made by `init` with `n` accounts and saves it.
fn fill(paths: &VaultPaths, key: &str, n: usize) {
    let mut vault = Vault::open_with_paper_key(paths, key).unwrap();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let now = jiff::Timestamp::now();
    for i in 0..n {
        let mut codes: Vec<Code> = (0..16).map(|_| Code::unused(&code(&mut seed))).collect();
        codes[0].mark_used(now);
        codes[1].mark_used(now);
        vault
            .payload_mut()
            .import_set(
                &format!("Site {i}"),
                &format!("user{i}@example.com"),
                "pasted",
                codes,
                false,
                now,
            )
            .unwrap();
    }
    vault.save().unwrap();
}

/// Wall time (ms) and peak RSS (MiB) of one whole-process run.
fn timed(mut cmd: Command, rss_file: &Path) -> (f64, f64) {
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let ms = start.elapsed().as_secs_f64() * 1e3;
    assert!(out.status.success(), "{out:?}");
    let kb: f64 = std::fs::read_to_string(rss_file)
        .unwrap()
        .trim()
        .lines()
        .last()
        .unwrap()
        .parse()
        .unwrap();
    (ms, kb / 1024.0)
}

fn with_time(env: &Env, rss_file: &Path, program: &str, args: &[&str]) -> Command {
    let mut all = vec!["-f", "%M", "-o", rss_file.to_str().unwrap(), program];
    all.extend_from_slice(args);
    let mut cmd = env.command_of("/usr/bin/time", &all);
    cmd.stdout(std::process::Stdio::null());
    cmd
}

struct Row {
    accounts: usize,
    size_kib: f64,
    age_ms: f64,
    open_ms: f64,
    save_ms: f64,
    list: (f64, f64),
    use_: (f64, f64),
    window_mib: Option<f64>,
}

/// A child process killed (and waited for) on drop, even when a measurement panics.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A virtual screen for the window, closed on drop.
struct Xvfb {
    _child: Killed,
    display: String,
}

impl Xvfb {
    /// Starts `Xvfb` on a free display (it names the one it took, within 10 s);
    /// `None`, said on stderr, when it is not installed or does not start.
    fn start() -> Option<Self> {
        let spawned = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let mut child = match spawned {
            Ok(child) => Killed(child),
            Err(e) => {
                eprintln!("Xvfb did not start ({e}): the window's memory is not measured");
                return None;
            }
        };
        let stdout = child.0.stdout.take()?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(line) if !line.trim().is_empty() => Some(Self {
                display: format!(":{}", line.trim()),
                _child: child,
            }),
            _ => {
                eprintln!("Xvfb named no display: the window's memory is not measured");
                None
            }
        }
    }
}

/// The process's peak memory so far (kB), if it is still there.
fn peak_kb(pid: u32) -> Option<f64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Peak memory (MiB) of the real window showing this vault, the largest of three
/// starts. Each is read once the window has said its list is open and its peak
/// has then stayed the same for a second (its first frames drawn).
fn window_peak(env: &Env, screen: &Xvfb) -> f64 {
    (0..3)
        .map(|_| {
            let mut cmd = env.command_of(common::BIN, &[]);
            cmd.env("DISPLAY", &screen.display)
                .env("LIBGL_ALWAYS_SOFTWARE", "1")
                .env("RUST_LOG", "info")
                .stdin(Stdio::null())
                .stdout(Stdio::null());
            let mut child = Killed(cmd.spawn().unwrap());
            let (tx, rx) = std::sync::mpsc::channel();
            let stderr = BufReader::new(child.0.stderr.take().unwrap());
            // Drains the window's log for as long as it runs.
            std::thread::spawn(move || {
                for line in stderr.lines().map_while(Result::ok) {
                    if line.contains("vault open in the window") {
                        let _ = tx.send(());
                    }
                }
            });
            assert!(
                rx.recv_timeout(Duration::from_secs(60)).is_ok(),
                "the window did not open its vault within a minute"
            );
            let pid = child.0.id();
            let (mut peak, mut steady) = (0.0, 0);
            for _ in 0..100 {
                std::thread::sleep(Duration::from_millis(100));
                let now = peak_kb(pid).expect("the window closed after opening its vault");
                steady = if now > peak { 0 } else { steady + 1 };
                peak = f64::max(peak, now);
                if steady == 10 {
                    break;
                }
            }
            drop(child);
            peak / 1024.0
        })
        .fold(0.0, f64::max)
}

fn measure(session: &Session, screen: Option<&Xvfb>, n: usize) -> Row {
    let env = Env::new(session);
    let key = env.run(&["init"], b"").ok().stdout.trim().to_owned();
    let key_file = env.path("paper-key.txt");
    std::fs::write(&key_file, format!("{key}\n")).unwrap();
    let paths = VaultPaths::new(env.data());
    fill(&paths, &key, n);
    // A first run settles anything left to do at open.
    env.run(&["list"], b"").ok();
    let vault_file = paths.vault();
    let size_kib = std::fs::metadata(&vault_file).unwrap().len() as f64 / 1024.0;
    let rss = env.path("rss.txt");
    let age_args = [
        "-d",
        "-i",
        key_file.to_str().unwrap(),
        vault_file.to_str().unwrap(),
    ];
    let open_ms = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let vault = Vault::open_with_paper_key(&paths, &key).unwrap();
                let ms = start.elapsed().as_secs_f64() * 1e3;
                drop(vault);
                ms
            })
            .collect(),
    );
    let save_ms = {
        let mut vault = Vault::open_with_paper_key(&paths, &key).unwrap();
        median(
            (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    vault.save().unwrap();
                    start.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        )
    };
    // `age -d`, `list` and `use` take turns, so a machine that speeds up or slows
    // down during the run moves all three alike.
    let bin = common::BIN;
    let site = format!("Site {}", n / 2);
    let (mut age_all, mut list_all, mut use_all) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        age_all.push(timed(with_time(&env, &rss, "age", &age_args), &rss).0);
        list_all.push(timed(with_time(&env, &rss, bin, &["list"]), &rss));
        use_all.push(timed(with_time(&env, &rss, bin, &["use", &site]), &rss));
    }
    let age_ms = median(age_all);
    let summary = |all: Vec<(f64, f64)>| {
        (
            median(all.iter().map(|r| r.0).collect()),
            all.iter().map(|r| r.1).fold(0.0, f64::max),
        )
    };
    let list = summary(list_all);
    let use_ = summary(use_all);
    let window_mib = screen.map(|screen| window_peak(&env, screen));
    Row {
        accounts: n,
        size_kib,
        age_ms,
        open_ms,
        save_ms,
        list,
        use_,
        window_mib,
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let session = Session::with_keyring();
    let screen = Xvfb::start();
    let rows: Vec<Row> = [100, 1_000, 10_000]
        .into_iter()
        .map(|n| measure(&session, screen.as_ref(), n))
        .collect();
    let mib = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.0} MiB"));
    println!(
        "| accounts | vault file | `age -d` | open (library) | save (library) | `list` | `list` peak | `use` | `use` peak | window peak |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {:.0} KiB | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms ({:.1}×) | {:.0} MiB | {:.1} ms ({:.1}×) | {:.0} MiB | {} |",
            r.accounts,
            r.size_kib,
            r.age_ms,
            r.open_ms,
            r.save_ms,
            r.list.0,
            r.list.0 / r.age_ms,
            r.list.1,
            r.use_.0,
            r.use_.0 / r.age_ms,
            r.use_.1,
            mib(r.window_mib),
        );
    }
    let big = rows.last().unwrap();
    println!(
        "summary: `list` with 10,000 accounts | {:.0} ms = {:.1}× `age -d` ({:.1} ms), peak {:.0} MiB | at most 5× `age -d`, 64 MiB |",
        big.list.0,
        big.list.0 / big.age_ms,
        big.age_ms,
        big.list.1
    );
    println!(
        "summary: `use` with 10,000 accounts (open and durable save) | {:.0} ms = {:.1}× `age -d` | at most 15× `age -d` |",
        big.use_.0,
        big.use_.0 / big.age_ms
    );
    if let Some(window) = big.window_mib {
        println!(
            "summary: window with 10,000 accounts, peak memory (Xvfb, software GL) | {window:.0} MiB | at most 150 MiB |"
        );
    }
}
