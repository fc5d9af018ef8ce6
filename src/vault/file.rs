//! Files on disk: the vault, its backups, the session lock, and the durable
//! write used for every one of them (temp file in the same directory, `sync_all`,
//! rename, fsync of the directory).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Largest vault file we read (16 MiB); anything bigger is not ours.
pub const MAX_VAULT_BYTES: u64 = 16 * 1024 * 1024;
/// Backups kept in `backups/`.
pub const BACKUPS_KEPT: usize = 10;

/// File-level failures, each naming the path involved.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Any I/O error.
    #[error("could not {action} {path}: {source}")]
    Io {
        /// What we were doing ("write", "read", "rename").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// Another Codekeeper holds the lock.
    #[error(
        "the vault in {0} is already open elsewhere (another Codekeeper window or command); close it and try again"
    )]
    Busy(PathBuf),
    /// The data folder cannot be written (a read-only mount, a write-protected stick).
    #[error(
        "the vault folder {0} is read-only (a write-protected drive or a read-only mount): your codes can be read, but no change can be saved there"
    )]
    ReadOnly(PathBuf),
    /// The file is larger than any vault.
    #[error(
        "{path} is {size} bytes, larger than any Codekeeper vault ({MAX_VAULT_BYTES} bytes); it is not a vault"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
}

fn io_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> FileError + 'a {
    move |source| FileError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The entries of a folder; none when the folder does not exist.
fn dir_entries(dir: &Path) -> Result<Vec<fs::DirEntry>, FileError> {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .collect::<Result<_, _>>()
            .map_err(io_err("list", dir)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io_err("list", dir)(e)),
    }
}

/// Where a vault's files live inside the data directory.
#[derive(Debug, Clone)]
pub struct VaultPaths {
    /// The data directory.
    pub dir: PathBuf,
}

impl VaultPaths {
    /// Paths inside `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }
    /// `vault.age`.
    pub fn vault(&self) -> PathBuf {
        self.dir.join("vault.age")
    }
    /// `vault.id`: the vault id in plain text, so the keyring entry can be found
    /// before decryption. It decides nothing about who can decrypt.
    pub fn id_file(&self) -> PathBuf {
        self.dir.join("vault.id")
    }
    /// `vault.lock`.
    pub fn lock(&self) -> PathBuf {
        self.dir.join("vault.lock")
    }
    /// `key.age`: this computer's key wrapped with a passphrase (opt-in, only when no keyring).
    pub fn key_file(&self) -> PathBuf {
        self.dir.join("key.age")
    }
    /// `backups/`.
    pub fn backups_dir(&self) -> PathBuf {
        self.dir.join("backups")
    }
    /// The backup of one generation.
    pub fn backup(&self, generation: u64) -> PathBuf {
        self.backups_dir()
            .join(format!("vault-{generation:010}.age"))
    }

    /// `backups/merged/`: conflict copies of the vault after they were merged (kept,
    /// never deleted).
    pub fn merged_dir(&self) -> PathBuf {
        self.backups_dir().join("merged")
    }

    /// The copies in `backups/merged/` (regular files only).
    pub fn merged_copies(&self) -> Result<Vec<PathBuf>, FileError> {
        let mut out = Vec::new();
        for entry in dir_entries(&self.merged_dir())? {
            let path = entry.path();
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                out.push(path);
            }
        }
        out.sort();
        Ok(out)
    }

    /// Conflict copies of the vault file that sync tools left beside it (or beside
    /// the file `vault.age` links to), sorted by name (see [`is_conflict_copy`]).
    pub fn conflict_copies(&self) -> Result<Vec<PathBuf>, FileError> {
        let vault = self.vault();
        let target = link_target(&vault);
        let mut places = vec![(self.dir.clone(), "vault.age".to_owned())];
        if target != vault
            && let Some(name) = target.file_name().and_then(|n| n.to_str())
        {
            places.push((parent_dir(&target).to_path_buf(), name.to_owned()));
        }
        let mut out = Vec::new();
        for (dir, original) in places {
            for entry in dir_entries(&dir)? {
                let is_copy = entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| is_conflict_copy(n, &original));
                // Regular files only (through a link too): a FIFO or device named like a
                // copy would block or never end.
                let regular = || fs::metadata(entry.path()).is_ok_and(|m| m.is_file());
                if is_copy && regular() && !out.contains(&entry.path()) {
                    out.push(entry.path());
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Backups present, newest generation first.
    pub fn list_backups(&self) -> Result<Vec<(u64, PathBuf)>, FileError> {
        let mut out = Vec::new();
        for entry in dir_entries(&self.backups_dir())? {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(num) = name
                .strip_prefix("vault-")
                .and_then(|n| n.strip_suffix(".age"))
            else {
                continue;
            };
            // Regular files only: a FIFO or device named like a backup would block.
            let regular = || fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_file());
            if let Ok(generation) = num.parse::<u64>()
                && regular()
            {
                out.push((generation, entry.path()));
            }
        }
        out.sort_by_key(|b| std::cmp::Reverse(b.0));
        Ok(out)
    }

    /// A name for moving a damaged vault aside: `vault.corrupt-<time>`.
    pub fn corrupt_name(&self, now: jiff::Timestamp) -> PathBuf {
        let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
        let mut candidate = self.dir.join(format!("vault.corrupt-{stamp}"));
        let mut n = 1;
        while candidate.exists() {
            candidate = self.dir.join(format!("vault.corrupt-{stamp}-{n}"));
            n += 1;
        }
        candidate
    }
}

/// The session lock: held for as long as a vault is open, released by the OS
/// when the process ends (also on a crash). In a folder that cannot be written,
/// the vault is opened read-only instead: reading needs no lock, and every save is
/// refused ([`SessionLock::read_only`]).
#[derive(Debug)]
pub struct SessionLock {
    _file: Option<File>,
    read_only: bool,
}

impl SessionLock {
    /// Takes the lock or reports that the vault is open elsewhere; in a read-only
    /// folder that holds a vault, a read-only session.
    pub fn acquire(paths: &VaultPaths) -> Result<Self, FileError> {
        if let Err(e) = create_private_dir_all(&paths.dir) {
            return Err(io_err("create", &paths.dir)(e));
        }
        let path = paths.lock();
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let opened = options.open(&path);
        let file = match opened {
            Ok(f) => f,
            Err(e) if is_read_only(&e) && paths.vault().exists() => {
                return Ok(Self {
                    _file: None,
                    read_only: true,
                });
            }
            Err(e) => return Err(io_err("open", &path)(e)),
        };
        match file.try_lock() {
            Ok(()) => Ok(Self {
                _file: Some(file),
                read_only: false,
            }),
            Err(fs::TryLockError::WouldBlock) => Err(FileError::Busy(paths.dir.clone())),
            Err(fs::TryLockError::Error(e)) => Err(io_err("lock", &path)(e)),
        }
    }

    /// Whether this session can only read (the folder cannot be written).
    pub fn read_only(&self) -> bool {
        self.read_only
    }
}

/// A write refused because of where the file is, not because of a fault.
fn is_read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
    )
}

/// Where writing `path` lands: symbolic links followed (at most eight), relative
/// targets taken from the link's folder; `path` itself when it is no link.
pub fn link_target(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..8 {
        match fs::read_link(&p) {
            Ok(target) if target.is_absolute() => p = target,
            Ok(target) => p = parent_dir(&p).join(target),
            Err(_) => break,
        }
    }
    p
}

/// SHA-256 of bytes, used to notice that a file changed on disk.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A quick fingerprint of a file's bytes (length and a 64-bit `SipHash`), to notice
/// that another program wrote the vault since it was loaded. Not a security check:
/// the file is authenticated by age when read.
pub fn fingerprint(bytes: &[u8]) -> [u8; 16] {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
    out[8..].copy_from_slice(&h.finish().to_le_bytes());
    out
}

/// Reads a whole file, refusing files above [`MAX_VAULT_BYTES`] before reading them.
/// `Ok(None)` when it does not exist.
pub fn read_capped(path: &Path) -> Result<Option<Vec<u8>>, FileError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err("open", path)(e)),
    };
    let size = file.metadata().map_err(io_err("inspect", path))?.len();
    if size > MAX_VAULT_BYTES {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // take() guards against a file that grows while we read it.
    file.take(MAX_VAULT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err("read", path))?;
    if bytes.len() as u64 > MAX_VAULT_BYTES {
        return Err(FileError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    Ok(Some(bytes))
}

/// Whether `name` is a sync tool's conflict copy of the file `original` (`vault.age`):
/// - Syncthing: `vault.sync-conflict-20261126-101500-ABCDEFG.age`;
/// - Dropbox: `vault (Alice's conflicted copy 2026-11-26).age`;
/// - Nextcloud and ownCloud: `vault (conflicted copy 2026-11-26 101500).age`.
pub fn is_conflict_copy(name: &str, original: &str) -> bool {
    let (stem, ext) = original.rsplit_once('.').unwrap_or((original, ""));
    let Some(middle) = name
        .strip_prefix(stem)
        .and_then(|n| n.strip_suffix(ext))
        .and_then(|n| n.strip_suffix('.'))
    else {
        return false;
    };
    middle.starts_with(".sync-conflict-")
        || (middle.starts_with(" (") && middle.contains("conflicted copy"))
}

/// Writes `bytes` to `path` durably: a temp file in the same directory, written
/// and synced, renamed over `path`, then the directory synced. A crash at any
/// moment leaves either the old file or the new one, never a mix.
///
/// A symbolic link at `path` is saved *through*: the file it points to is replaced
/// (its temp file next to it), and the link stays. A vault kept in a synced folder
/// and linked into the data folder therefore stays linked and current.
pub fn write_durably(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let target = link_target(path);
    let path = target.as_path();
    let dir = parent_dir(path);
    create_private_dir_all(dir).map_err(io_err("create", dir))?;
    let tmp = temp_name(path);
    let result = (|| {
        let mut file = private_options()
            .open(&tmp)
            .map_err(io_err("create", &tmp))?;
        file.write_all(bytes).map_err(io_err("write", &tmp))?;
        file.sync_all().map_err(io_err("flush to disk", &tmp))?;
        drop(file);
        rename_with_retry(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The directory holding `path`; `.` for a bare file name (whose parent is "").
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `.<name>.tmp-<pid>-<n>` next to `path`: hidden, and recognisable as ours.
fn temp_name(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    parent_dir(path).join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        unique_suffix()
    ))
}

/// Creates `dir` and any missing parents, readable by their owner only (0700 on
/// Unix); folders that already exist keep their mode.
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// A new file, readable and writable by its owner only (0600 on Unix).
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Writes a file that holds secrets in plain text (a printed sheet, a recovery kit)
/// so that it is never visible incomplete and is readable by its owner only. On
/// Linux the bytes go to an unnamed `O_TMPFILE` that is linked into place only once
/// complete and synced, so a crash leaves nothing behind (replacing an existing file
/// goes through a hidden name and a rename, so the name always holds the old or the
/// new file); elsewhere (or on file systems without `O_TMPFILE`) a hidden temp file
/// is renamed into place. [`remove_stale_output_temps`] clears leftovers of either.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    remove_stale_output_temps(path);
    #[cfg(target_os = "linux")]
    if let Some(result) = linux::write_unnamed(path, bytes) {
        return result;
    }
    write_durably(path, bytes)
}

/// Removes temp files an interrupted [`write_private`] left next to `path`
/// (`.<name>.tmp-<pid>-<n>` of a process that is gone).
pub fn remove_stale_output_temps(path: &Path) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent_dir(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| pid != std::process::id() && !process_alive(pid)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // Without a cheap check, only files of this process are known to be live.
        false
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::path::Path;

    use rustix::fs::{AtFlags, CWD, Mode, OFlags};

    use super::{FileError, io_err, parent_dir, rename_with_retry, sync_dir, temp_name};

    /// `None` when the file system has no `O_TMPFILE` (the caller falls back).
    pub(super) fn write_unnamed(path: &Path, bytes: &[u8]) -> Option<Result<(), FileError>> {
        let dir = parent_dir(path);
        let fd = match rustix::fs::open(
            dir,
            OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        ) {
            Ok(fd) => fd,
            Err(e)
                if e == rustix::io::Errno::OPNOTSUPP
                    || e == rustix::io::Errno::ISDIR
                    || e == rustix::io::Errno::INVAL =>
            {
                return None;
            }
            Err(e) => return Some(Err(io_err("create a file in", dir)(e.into()))),
        };
        let mut file = std::fs::File::from(fd);
        Some((|| {
            file.write_all(bytes).map_err(io_err("write", path))?;
            file.sync_all().map_err(io_err("flush to disk", path))?;
            let me = format!("/proc/self/fd/{}", file.as_raw_fd());
            let link =
                |to: &Path| rustix::fs::linkat(CWD, me.as_str(), CWD, to, AtFlags::SYMLINK_FOLLOW);
            match link(path) {
                Err(e) if e == rustix::io::Errno::EXIST => {
                    // Replacing an older file: link under a hidden name, then rename
                    // over it, so the name always holds the old or the new file.
                    let tmp = temp_name(path);
                    link(&tmp).map_err(|e| io_err("create", &tmp)(e.into()))?;
                    if let Err(e) = rename_with_retry(&tmp, path) {
                        let _ = std::fs::remove_file(&tmp);
                        return Err(e);
                    }
                }
                other => other.map_err(|e| io_err("create", path)(e.into()))?,
            }
            sync_dir(dir)
        })())
    }
}

fn unique_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos().into());
    nanos ^ (COUNTER.fetch_add(1, Ordering::Relaxed) << 32)
}

fn rename_with_retry(from: &Path, to: &Path) -> Result<(), FileError> {
    // On Windows a virus scanner or indexer can hold the target briefly.
    let mut delay = std::time::Duration::from_millis(20);
    let mut attempts = 0;
    loop {
        match fs::rename(from, to) {
            Ok(()) => return Ok(()),
            Err(e)
                if cfg!(windows) && e.kind() == io::ErrorKind::PermissionDenied && attempts < 8 =>
            {
                attempts += 1;
                std::thread::sleep(delay);
                delay *= 2;
            }
            Err(e) => return Err(io_err("replace", to)(e)),
        }
    }
}

/// Makes a rename in `dir` durable (Unix); a no-op elsewhere.
pub fn sync_dir(dir: &Path) -> Result<(), FileError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err("flush to disk", dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Removes temp files a crashed save left behind (`.<name>.tmp-…`). Only call
/// while holding the [`SessionLock`], so no other writer can be using them.
pub fn remove_stale_temps(paths: &VaultPaths) {
    for dir in [paths.dir.clone(), paths.backups_dir()] {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name
                .to_str()
                .is_some_and(|n| n.starts_with('.') && n.contains(".tmp-"))
            {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Moves a file aside (rename), durably.
pub fn move_aside(from: &Path, to: &Path) -> Result<(), FileError> {
    fs::rename(from, to).map_err(io_err("move aside", from))?;
    sync_dir(to.parent().unwrap_or_else(|| Path::new(".")))
}

/// Deletes backups beyond [`BACKUPS_KEPT`], oldest first.
pub fn prune_backups(paths: &VaultPaths) -> Result<(), FileError> {
    for (_, path) in paths.list_backups()?.into_iter().skip(BACKUPS_KEPT) {
        fs::remove_file(&path).map_err(io_err("delete old backup", &path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_count_as_conflict_copies() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let fifo = dir
            .path()
            .join("vault.sync-conflict-20261127-000000-FIFO000.age");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()));
        std::fs::create_dir(
            dir.path()
                .join("vault (conflicted copy 2026-11-26 101500).age"),
        )
        .unwrap();
        let real = dir
            .path()
            .join("vault (Alice's conflicted copy 2026-11-26).age");
        std::fs::write(&real, b"x").unwrap();
        assert_eq!(paths.conflict_copies().unwrap(), [real]);
        // Backups too: a FIFO named like one would block a key change.
        std::fs::create_dir_all(paths.backups_dir()).unwrap();
        let fifo = paths.backups_dir().join("vault-0000000099.age");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()));
        assert!(paths.list_backups().unwrap().is_empty());
    }

    #[test]
    fn sync_tools_conflict_copies_are_recognised() {
        for name in [
            "vault.sync-conflict-20261126-101500-ABCDEFG.age",
            "vault (Alice's conflicted copy 2026-11-26).age",
            "vault (conflicted copy 2026-11-26 101500).age",
            "vault (Alice's conflicted copy 2026-11-26) (1).age",
        ] {
            assert!(is_conflict_copy(name, "vault.age"), "{name}");
        }
        for name in [
            "vault.age",
            "vault.id",
            "vault.corrupt-20261126T101500Z",
            "vault-0000000003.age",
            "vault (1).age",
            "vault.sync-conflict-20261126-101500-ABCDEFG.age.tmp",
            "other.sync-conflict-20261126-101500-ABCDEFG.age",
        ] {
            assert!(!is_conflict_copy(name, "vault.age"), "{name}");
        }
        assert!(is_conflict_copy(
            "codes.sync-conflict-20261126-101500-ABCDEFG.age",
            "codes.age"
        ));
    }

    #[test]
    fn durable_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.bin");
        write_durably(&p, b"one").unwrap();
        write_durably(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "temp files left: {names:?}");
    }

    #[test]
    fn second_lock_is_refused_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        let first = SessionLock::acquire(&paths).unwrap();
        assert!(matches!(
            SessionLock::acquire(&paths),
            Err(FileError::Busy(_))
        ));
        drop(first);
        SessionLock::acquire(&paths).unwrap();
    }

    #[test]
    fn oversized_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        let f = File::create(&p).unwrap();
        f.set_len(MAX_VAULT_BYTES + 1).unwrap();
        assert!(matches!(read_capped(&p), Err(FileError::TooLarge { .. })));
        assert!(read_capped(&dir.path().join("missing")).unwrap().is_none());
    }

    #[test]
    fn backups_are_listed_newest_first_and_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let paths = VaultPaths::new(dir.path());
        for g in 1..=13 {
            write_durably(&paths.backup(g), b"x").unwrap();
        }
        fs::write(paths.backups_dir().join("unrelated.txt"), b"keep").unwrap();
        prune_backups(&paths).unwrap();
        let gens: Vec<u64> = paths
            .list_backups()
            .unwrap()
            .into_iter()
            .map(|(g, _)| g)
            .collect();
        assert_eq!(gens, (4..=13).rev().collect::<Vec<_>>());
        assert!(paths.backups_dir().join("unrelated.txt").exists());
    }
}
