//! Noticing, while the window is open, that something else changed the vault's
//! folder: a sync tool (Syncthing, Nextcloud, Dropbox) bringing another computer's
//! vault file or a conflict copy. The watcher only raises a flag and asks for a
//! frame; the app then lets the engine ([`crate::keeper::sync::refresh`]) take the
//! changes in, between frames.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use notify::{RecursiveMode, Watcher};

/// A running watch of the vault's folder (and of the folder `vault.age` links to).
pub struct FolderWatch {
    _watcher: notify::RecommendedWatcher,
    changed: Arc<AtomicBool>,
}

impl FolderWatch {
    /// Starts watching `dirs` (not their subfolders). `None` when the system offers no
    /// watching (then changes are still merged at the next save or unlock).
    pub fn start(dirs: &[PathBuf], ctx: eframe::egui::Context) -> Option<Self> {
        let changed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&changed);
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let relevant = event.is_ok_and(|e| {
                    !e.kind.is_access()
                        && e.paths.iter().any(|p| {
                            p.file_name()
                                .and_then(|n| n.to_str())
                                .is_some_and(|n| n.ends_with(".age"))
                        })
                });
                if relevant {
                    flag.store(true, Ordering::SeqCst);
                    ctx.request_repaint();
                }
            })
            .map_err(|e| tracing::warn!("cannot watch the vault folder: {e}"))
            .ok()?;
        for dir in dirs {
            if let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive) {
                tracing::warn!("cannot watch {}: {e}", dir.display());
            }
        }
        Some(Self {
            _watcher: watcher,
            changed,
        })
    }

    /// Whether the folder changed since the last call.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::SeqCst)
    }
}
