//! Shared helpers for integration tests: running the real `codekeeper` binary and
//! starting private D-Bus sessions with a real `gnome-keyring-daemon`.
//!
//! Real-keyring tests never touch the developer's own keyring: every child process
//! gets the address of a private bus made here, with no service activation, and
//! a fresh `XDG_DATA_HOME` for the keyring daemon.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, missing_docs)]

pub mod window;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A test against a real Secret Service in a private session, named `$session` in
/// the body; skipped (or, under the test script, failed) when the tools are missing.
#[allow(unused_macros)]
macro_rules! keyring_test {
    ($name:ident, $session:ident, $body:block) => {
        #[test]
        fn $name() {
            if !$crate::common::real_keyring_available(stringify!($name)) {
                return;
            }
            let $session = $crate::common::Session::with_keyring();
            $body
        }
    };
}

/// Set by the test script: fail instead of skipping when the keyring tools are missing.
pub const REQUIRE_ENV: &str = "CODEKEEPER_REQUIRE_REAL_KEYRING";

pub const BIN: &str = env!("CARGO_BIN_EXE_codekeeper");

fn have(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

/// Whether real-keyring tests can run; panics when they must but cannot.
pub fn real_keyring_available(test: &str) -> bool {
    let ok = have("dbus-daemon") && have("gnome-keyring-daemon") && have("dbus-send");
    if !ok {
        assert!(
            std::env::var_os(REQUIRE_ENV).is_none(),
            "{test}: dbus-daemon, dbus-send and gnome-keyring-daemon are required (run scripts/test.sh)"
        );
        eprintln!(
            "{test}: SKIPPED — dbus-daemon / gnome-keyring-daemon not installed (scripts/test.sh installs them)"
        );
    }
    ok
}

/// A private D-Bus session bus, optionally with an unlocked gnome-keyring.
pub struct Session {
    dir: tempfile::TempDir,
    bus: Child,
    keyring: Option<Child>,
    pub address: String,
}

impl Session {
    /// A bus with a running, unlocked Secret Service.
    pub fn with_keyring() -> Self {
        let mut s = Self::bus_only();
        let data = s.dir.path().join("xdg-data");
        let run = s.dir.path().join("xdg-run");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&run).unwrap();
        let mut child = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--components=secrets", "--unlock"])
            .env("DBUS_SESSION_BUS_ADDRESS", &s.address)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_RUNTIME_DIR", &run)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon");
        // The login keyring is created (and unlocked) with the password on stdin.
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"codekeeper-test").unwrap();
        drop(stdin);
        s.keyring = Some(child);
        // Ask the bus itself (no activation) until the daemon owns the name, then wait
        // until the default collection reports itself unlocked.
        s.wait_for(|| {
            s.dbus(&[
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .contains("boolean true")
        });
        s.wait_for(|| s.collection_locked() == Some(false));
        s
    }

    /// A bus on which no Secret Service runs (and none can be activated).
    pub fn bus_only() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("bus");
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                socket.display()
            ),
        )
        .unwrap();
        let bus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .arg("--nofork")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let address = format!("unix:path={}", socket.display());
        let s = Self {
            dir,
            bus,
            keyring: None,
            address,
        };
        s.wait_for(|| {
            socket.exists()
                && s.dbus(&[
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.GetId",
                ])
                .contains("string")
        });
        s
    }

    fn wait_for(&self, mut ready: impl FnMut() -> bool) {
        let start = Instant::now();
        while !ready() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "private D-Bus session did not come up"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// This session's bus, for the keyring calls below.
    pub fn bus(&self) -> Bus {
        Bus(self.address.clone())
    }

    pub fn dbus(&self, args: &[&str]) -> String {
        self.bus().dbus(args)
    }

    pub fn collection_locked(&self) -> Option<bool> {
        self.bus().collection_locked()
    }

    pub fn lock_all(&self) {
        self.bus().lock_all();
    }

    pub fn delete_all_items(&self) {
        self.bus().delete_all_items();
    }

    pub fn item_count(&self) -> usize {
        self.bus().item_count()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(k) = self.keyring.as_mut() {
            let _ = k.kill();
            let _ = k.wait();
        }
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// A session bus by address (also usable from a child process that was only given
/// the address): the Secret Service calls tests make behind Codekeeper's back.
pub struct Bus(pub String);

impl Bus {
    /// Runs `dbus-send --print-reply` on this bus and returns stdout.
    pub fn dbus(&self, args: &[&str]) -> String {
        let out = Command::new("dbus-send")
            .args(["--session", "--print-reply"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.0)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The default collection's `Locked` property.
    pub fn collection_locked(&self) -> Option<bool> {
        let out = self.dbus(&[
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets/aliases/default",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.freedesktop.Secret.Collection",
            "string:Locked",
        ]);
        if out.contains("boolean true") {
            Some(true)
        } else if out.contains("boolean false") {
            Some(false)
        } else {
            None
        }
    }

    /// Locks every collection, as the desktop does after a timeout.
    pub fn lock_all(&self) {
        self.dbus(&[
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ]);
        assert_eq!(self.collection_locked(), Some(true));
    }

    /// Object paths of the items in the default collection.
    fn items(&self) -> Vec<String> {
        let out = self.dbus(&[
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets/aliases/default",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.freedesktop.Secret.Collection",
            "string:Items",
        ]);
        out.split('"')
            .filter(|s| s.starts_with("/org/freedesktop/secrets/collection/"))
            .map(str::to_owned)
            .collect()
    }

    /// Deletes every item of the default collection (a lost keyring entry).
    pub fn delete_all_items(&self) {
        let items = self.items();
        assert!(!items.is_empty(), "no keyring items to delete");
        for item in &items {
            self.dbus(&[
                "--dest=org.freedesktop.secrets",
                item,
                "org.freedesktop.Secret.Item.Delete",
            ]);
        }
    }

    /// Number of items in the default collection.
    pub fn item_count(&self) -> usize {
        self.items().len()
    }
}

/// A data directory plus the environment the binary runs in.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub bus: String,
    pub extra: Vec<(String, String)>,
}

impl Env {
    pub fn new(session: &Session) -> Self {
        Self::with_bus(&session.address)
    }

    pub fn with_bus(address: &str) -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            bus: address.to_owned(),
            extra: Vec::new(),
        }
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `codekeeper ARGS` with this environment, run from the test's folder; stdio
    /// piped. Wrap it (strace) or redirect it (`/dev/full`) before running.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_of(BIN, args)
    }

    /// `program ARGS` with this environment (e.g. `strace … codekeeper …`).
    pub fn command_of(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("LANG", "C.UTF-8")
            .env("TZ", "UTC")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
            .env("CODEKEEPER_DATA_DIR", self.data())
            .env("CODEKEEPER_CONFIG_DIR", self.dir.path().join("config"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.extra {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs `codekeeper ARGS` with `stdin` and returns its output.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Out {
        run_command(self.command(args), stdin)
    }

    /// Runs `codekeeper ARGS` with stdout on `/dev/full` (every write to it fails).
    pub fn run_to_full_disk(&self, args: &[&str]) -> Out {
        let mut cmd = self.command(args);
        cmd.stdout(std::fs::File::create("/dev/full").unwrap());
        run_command(cmd, b"")
    }
}

/// Runs a prepared command with `stdin` and returns its output.
pub fn run_command(mut cmd: Command, stdin: &[u8]) -> Out {
    let mut child = cmd.spawn().unwrap();
    // A child killed early may not read its stdin.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    Out::from(child.wait_with_output().unwrap())
}

/// A finished command.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Out {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8(o.stdout).unwrap(),
            stderr: String::from_utf8(o.stderr).unwrap(),
        }
    }
}

impl Out {
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "expected success: {self:#?}");
        self
    }

    #[track_caller]
    pub fn fails(self, code: i32, stderr_part: &str) -> Self {
        assert_eq!(self.code, code, "exit code: {self:#?}");
        assert!(
            self.stderr.contains(stderr_part),
            "stderr should contain {stderr_part:?}: {self:#?}"
        );
        self
    }
}

/// Writes `name` in `dir` with `text`.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// 16 made-up GitHub-style codes (`xxxxx-xxxxx`, lower-case hex).
pub fn github_codes() -> Vec<String> {
    (0..16u32)
        .map(|i| format!("{:05x}-{:05x}", 0x1a2b3 + i * 4099, 0x9c8d7 ^ (i * 7919)))
        .collect()
}

/// Whether the paper key `key` opens the vault file in `env` and every backup.
pub fn opens_everything(env: &Env, key: &str) -> bool {
    let Ok(identity) = codekeeper::vault::crypto::parse_identity(key) else {
        return false;
    };
    let paths = codekeeper::vault::VaultPaths::new(env.data());
    let mut files = vec![paths.vault()];
    files.extend(paths.list_backups().unwrap().into_iter().map(|(_, p)| p));
    files.iter().all(|f| {
        std::fs::read(f)
            .ok()
            .is_some_and(|b| codekeeper::vault::crypto::decrypt(&b, &identity).is_ok())
    })
}

/// Imports the 16 made-up GitHub codes as GitHub:alice (the file is left in place).
pub fn import_github(env: &Env) -> Out {
    let file = write(
        env.dir.path(),
        "github-recovery-codes.txt",
        &(github_codes().join("\n") + "\n"),
    );
    env.run(
        &[
            "import",
            file.to_str().unwrap(),
            "--service",
            "GitHub",
            "--account",
            "alice",
        ],
        b"",
    )
    .ok()
}

/// The heir shares printed in `pdf`, one per page, read back with `pdftotext -layout`
/// (the page numbers its 33 words down three columns).
pub fn printed_shares(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\u{c}')
        .filter(|p| p.contains("Heir share"))
        .map(|page| {
            let tokens: Vec<&str> = page
                .lines()
                .skip_while(|l| !l.contains("words of share"))
                .skip(1)
                .take_while(|l| !l.contains("What this is"))
                .flat_map(str::split_whitespace)
                .collect();
            let mut numbered: Vec<(usize, &str)> = tokens
                .windows(2)
                .filter_map(|p| Some((p[0].strip_suffix('.')?.parse().ok()?, p[1])))
                .collect();
            numbered.sort_unstable();
            assert_eq!(numbered.len(), 33, "{page}");
            numbered
                .iter()
                .map(|(_, w)| *w)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}
