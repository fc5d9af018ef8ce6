//! The window's application: owns the open vault, the services (keyring, dialogs,
//! clipboard) and the jobs running on threads, and applies the [`Action`]s the views
//! in [`crate::ui`] push while drawing ([`apply`]). Every operation is a call into
//! [`crate::keeper`]; this module only turns results into screens, toasts and errors.
//!
//! Locking ([`App::lock`]) is one place: it waits for a save, drops the vault, the
//! dialog, the selection and every typed secret, and clears our clipboard content.

mod apply;
mod jobs;
mod paper_keys;
mod sheets;
mod watch;

use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use zeroize::Zeroizing;

use crate::action::Action;
use crate::keeper::{self, KeeperError, Notice};
use crate::paths::AppDirs;
use crate::settings::Settings;
use crate::ui::state::{KeyProblem, Screen, Status, UiState};
use crate::vault::keystore::PassphraseKeyFile;
use crate::vault::{KeyStore, Payload, Vault, VaultError, VaultPaths};

pub use jobs::{Job, Poll, Started};

/// File dialogs (rfd in the app, a fake in tests).
pub trait Dialogs {
    /// Asks where to save a file; `None` when cancelled.
    fn save_pdf(&self, suggested: &str) -> Option<std::path::PathBuf>;
    /// Asks for a text file to import; `None` when cancelled.
    fn open_text(&self) -> Option<std::path::PathBuf>;
    /// Asks for photos or scans of printed sheets (PNG, JPEG); empty when cancelled.
    fn open_pictures(&self) -> Vec<std::path::PathBuf>;
    /// Asks for a folder (for a copy of the vault); `None` when cancelled.
    fn pick_folder(&self) -> Option<std::path::PathBuf>;
    /// Whether a dialog can open at all (a desktop portal or zenity is there); when
    /// not, the window asks for a typed path instead.
    fn available(&self) -> bool {
        true
    }
}

/// The system clipboard (arboard in the app, memory in tests).
pub trait Clipboard {
    /// Puts a secret on the clipboard, asking clipboard managers not to record it.
    fn set_secret(&mut self, text: &str) -> Result<(), String>;
    /// The clipboard's text, if any.
    fn get(&mut self) -> Option<String>;
    /// Empties the clipboard.
    fn clear(&mut self);
}

/// What the app needs from the outside world.
pub struct Services {
    /// Where this computer's key lives.
    pub store: Arc<dyn KeyStore + Send + Sync>,
    /// File dialogs.
    pub dialogs: Box<dyn Dialogs>,
    /// The clipboard.
    pub clipboard: Box<dyn Clipboard>,
    /// Data and config directories.
    pub dirs: AppDirs,
    /// Run keyring work, saves and PDF writing inline instead of on threads (tests).
    pub inline_keyring: bool,
}

type SaveResult = (Vault, Result<(), VaultError>);

/// A PDF being written, and what to do when it is done.
type PrintResult = Result<keeper::paper::Printed, KeeperError>;

/// The whole window.
pub struct App {
    /// Outside world.
    pub services: Services,
    /// What the views draw and edit.
    pub state: UiState,
    /// The open vault (absent while locked, and while a save runs on its thread).
    pub vault: Option<Vault>,
    /// The last code used, for Undo: (account, 1-based number).
    last_used: Option<(usize, usize)>,
    /// What we put on the clipboard, and when to clear it.
    clipboard_owned: Option<(Zeroizing<String>, Instant)>,
    /// The window's own memory (text-field undo histories, widget state) is to be
    /// cleared on the next frame: set by [`App::lock`].
    wipe_ui_memory: bool,
    /// A path typed in the path field, for the action run again with it.
    typed_path: Option<std::path::PathBuf>,
    /// Last user input, for the idle lock.
    last_activity: Instant,
    /// Accounts the list shows ([`App::refresh_list`]).
    visible: Vec<usize>,
    /// The list's summary counts.
    counts: keeper::accounts::ListCounts,
    /// The query `visible` was computed for.
    list_key: Option<keeper::accounts::ListQuery>,
    /// The vault may have changed since `visible` was computed.
    list_dirty: bool,
    saved_at: Option<Instant>,
    /// A copy of the content shown while a save runs on its thread.
    snapshot: Option<Payload>,
    unlock: Option<Job<Result<keeper::Opened, KeeperError>>>,
    saving: Option<Job<SaveResult>>,
    print_job: Option<Job<PrintResult>>,
    /// Reading pictures of sheets, and since when.
    check_job: Option<(Job<sheets::ReadResult>, Instant)>,
    /// Watching the vault's folder for another computer's changes while unlocked.
    watch: Option<watch::FolderWatch>,
    /// The account selected when the last save started (a save may merge in another
    /// computer's changes, which can move positions).
    selected_before_save: Option<String>,
    /// What the last save merged from another computer, to add to the action's own
    /// message (Undo is withdrawn then, and the selection follows its account by id).
    merge_note: Option<String>,
}

impl App {
    /// A new window state; starts unlocking if a vault exists.
    pub fn new(services: Services) -> Self {
        let (settings, settings_warnings) = Settings::load(&services.dirs.settings_file());
        let paths = VaultPaths::new(&services.dirs.data_dir);
        let has_vault = paths.vault().exists() || paths.list_backups().is_ok_and(|b| !b.is_empty());
        let screen = if has_vault {
            Screen::Unlocking
        } else {
            Screen::Welcome
        };
        let mut app = Self {
            services,
            state: UiState::new(screen, settings, settings_warnings),
            vault: None,
            last_used: None,
            clipboard_owned: None,
            typed_path: None,
            wipe_ui_memory: false,
            last_activity: Instant::now(),
            visible: Vec::new(),
            counts: keeper::accounts::ListCounts::default(),
            list_key: None,
            list_dirty: true,
            saved_at: None,
            snapshot: None,
            unlock: None,
            saving: None,
            print_job: None,
            check_job: None,
            watch: None,
            selected_before_save: None,
            merge_note: None,
        };
        if !app.state.settings_warnings.is_empty() {
            app.state.error = Some(format!(
                "Some settings could not be used and were reset to their defaults:\n{}",
                app.state.settings_warnings.join("\n")
            ));
        }
        if has_vault {
            if app.key_file_mode() {
                app.state.screen = Screen::KeyProblem {
                    kind: KeyProblem::Passphrase,
                    message: String::new(),
                };
            } else {
                app.start_unlock();
            }
        }
        app
    }

    /// The vault's paths.
    pub fn paths(&self) -> VaultPaths {
        VaultPaths::new(&self.services.dirs.data_dir)
    }

    /// Whether this computer's key is in a passphrase-protected file (no keyring).
    pub fn key_file_mode(&self) -> bool {
        PassphraseKeyFile::exists(&self.paths())
    }

    /// The vault's content: the open vault's, or while saving, the copy on screen.
    pub fn payload(&self) -> Option<&Payload> {
        self.vault
            .as_ref()
            .map(Vault::payload)
            .or(self.snapshot.as_ref())
    }

    /// Whether a save is running.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Whether a PDF is being written.
    pub fn printing(&self) -> bool {
        self.print_job.is_some()
    }

    /// Accounts the list shows: listed or archived as chosen, matching the search
    /// and the filter chips, in the chosen order.
    pub fn filtered(&self) -> Vec<usize> {
        self.payload()
            .map(|p| keeper::accounts::query(p, &self.list_query()))
            .unwrap_or_default()
    }

    fn list_query(&self) -> keeper::accounts::ListQuery {
        let s = &self.state;
        keeper::accounts::ListQuery {
            text: s.search.clone(),
            archived: s.show_archived,
            low: s.only_low,
            unprinted: s.only_unprinted,
            stale: s.only_stale,
            sort: s.sort,
        }
    }

    /// Recomputes the list only when the query or the vault may have changed (an
    /// action ran or a job finished), so an idle frame costs nothing with ten
    /// thousand accounts.
    fn refresh_list(&mut self) {
        let query = self.list_query();
        if !self.list_dirty && self.list_key.as_ref() == Some(&query) {
            return;
        }
        self.visible = self.filtered();
        self.counts = self
            .payload()
            .map(keeper::accounts::counts)
            .unwrap_or_default();
        self.list_key = Some(query);
        self.list_dirty = false;
    }

    /// Keeps the selection on an account the list shows: a hidden account is never
    /// the target of an action; with one match, that one is selected.
    fn sync_selection(&mut self) {
        self.refresh_list();
        let keep = self
            .state
            .selected
            .is_some_and(|s| self.visible.contains(&s));
        if !keep {
            let new = match self.visible.as_slice() {
                [one] if !self.state.search.trim().is_empty() => Some(*one),
                _ => None,
            };
            if new != self.state.selected {
                self.state.revealed.clear();
                self.state.reveal_all_until = None;
            }
            self.state.selected = new;
        }
        self.state.marked.retain(|i| self.visible.contains(i));
    }

    /// Draws one frame and applies what the user did (the eframe entry point, and
    /// what tests drive).
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        self.tick(ui.ctx());
        if std::mem::take(&mut self.wipe_ui_memory) {
            // Text fields keep undo histories of what was typed (pasted codes, notes,
            // a paper key) in egui's memory; after a lock they go, and the freed
            // blocks are wiped by the allocator. Laid-out text not drawn on the lock
            // screen leaves egui's cache after one frame.
            ui.ctx().memory_mut(|m| m.data.clear());
        }
        self.sync_selection();
        let dropped = ui.ctx().input(|i| {
            i.raw.dropped_files.iter().find_map(|f| {
                let p = f.path();
                (!p.as_os_str().is_empty()).then(|| p.to_path_buf())
            })
        });
        if let Some(path) = dropped {
            self.open_dropped(path);
        }
        let mut actions = Vec::new();
        let saved_recently = self.saved_recently();
        // Only the restore screen asks (it offers a copy when there is no vault).
        let has_vault = !matches!(self.state.screen, Screen::Restore) || {
            let paths = self.paths();
            paths.vault().exists() || paths.list_backups().is_ok_and(|b| !b.is_empty())
        };
        let status = Status {
            payload: self
                .vault
                .as_ref()
                .map(Vault::payload)
                .or(self.snapshot.as_ref()),
            visible: &self.visible,
            counts: self.counts,
            saving: self.saving.is_some(),
            saved_recently,
            printing: self.print_job.is_some(),
            checking: self.check_job.is_some(),
            data_dir: &self.services.dirs.data_dir,
            has_vault,
        };
        crate::ui::app_ui(ui, &mut self.state, &status, &mut actions);
        for action in actions {
            self.apply(action);
        }
        self.sync_selection();
    }

    fn start_unlock(&mut self) {
        let paths = self.paths();
        if !paths.vault().exists() && paths.list_backups().is_ok_and(|b| b.is_empty()) {
            self.state.screen = Screen::Welcome;
            return;
        }
        let store: Arc<dyn KeyStore + Send + Sync> = if self.key_file_mode() {
            let passphrase =
                age::secrecy::SecretString::from(std::mem::take(&mut *self.state.passphrase));
            Arc::new(PassphraseKeyFile::new(&self.paths(), passphrase))
        } else {
            Arc::clone(&self.services.store)
        };
        self.state.screen = Screen::Unlocking;
        match jobs::start("keyring-unlock", self.services.inline_keyring, move || {
            keeper::open(&paths, store.as_ref())
        }) {
            Started::Running(job) => self.unlock = Some(job),
            Started::Done(result) => self.finish_unlock(result),
        }
    }

    fn finish_unlock(&mut self, result: Result<keeper::Opened, KeeperError>) {
        match result {
            Ok(opened) => {
                self.show_notices(&opened.notices);
                self.vault = Some(opened.vault);
                self.state.screen = Screen::Main;
                self.state.selected = None;
                self.show_key_if_never_shown();
                if let Some(vault) = &self.vault {
                    // `benches/vault.rs` measures the window's memory from this line on.
                    tracing::info!(
                        accounts = vault.payload().accounts.len(),
                        "vault open in the window"
                    );
                }
            }
            Err(e) => {
                self.state.screen = Screen::KeyProblem {
                    kind: key_problem_of(&e),
                    message: e.to_string(),
                }
            }
        }
    }

    /// A vault whose first paper key was never confirmed (the window closed, or an
    /// `init` was cut short) is not used until a new key is shown and confirmed.
    pub(super) fn show_key_if_never_shown(&mut self) {
        if self
            .vault
            .as_ref()
            .is_none_or(|v| v.payload().paper_key_confirmed)
        {
            return;
        }
        self.begin_rotation(false);
        if matches!(self.state.screen, Screen::Main) {
            // No new key could be made: nothing may be stored under an unseen key.
            self.vault = None;
            self.state.screen = Screen::KeyProblem {
                kind: KeyProblem::Other,
                message: "This vault's paper key was never shown, and a new one could not be made. Nothing was changed; try again.".into(),
            };
        }
    }

    fn show_notices(&mut self, notices: &[Notice]) {
        if !notices.is_empty() {
            let text: Vec<String> = notices.iter().map(Notice::describe).collect();
            self.state.error = Some(capitalise(&text.join("\n")));
        }
    }

    /// Work to do before drawing: finished jobs, timeouts, idle lock.
    pub fn tick(&mut self, ctx: &egui::Context) {
        self.flush_merge_note();
        let mut repaint_soon = false;
        if self.unlock.is_some() || self.saving.is_some() || self.print_job.is_some() {
            self.list_dirty = true;
        }
        if let Some(job) = &self.unlock {
            match job.poll() {
                Poll::Running => repaint_soon = true,
                Poll::Done(result) => {
                    self.unlock = None;
                    self.finish_unlock(result);
                }
                Poll::Lost => {
                    self.unlock = None;
                    self.state.screen = Screen::KeyProblem {
                        kind: KeyProblem::Other,
                        message: "the keyring call stopped unexpectedly; retry".into(),
                    };
                }
            }
        }
        if self.vault.is_some() && self.saving.is_none() {
            if self.watch.is_none() {
                self.watch = watch::FolderWatch::start(&self.watched_dirs(), ctx.clone());
            }
            if self
                .watch
                .as_ref()
                .is_some_and(watch::FolderWatch::take_changed)
            {
                self.take_in_changes_from_disk();
            }
        }
        if let Some(job) = &self.saving {
            match job.poll() {
                Poll::Running => repaint_soon = true,
                Poll::Done((vault, result)) => {
                    self.saving = None;
                    self.snapshot = None;
                    self.vault = Some(vault);
                    self.saved(result);
                }
                Poll::Lost => self.save_lost(),
            }
        }
        if let Some(job) = &self.print_job {
            match job.poll() {
                Poll::Running => repaint_soon = true,
                Poll::Done(result) => {
                    self.print_job = None;
                    self.finish_print(result);
                }
                Poll::Lost => {
                    self.print_job = None;
                    self.state.error = Some(
                        "Writing the PDF stopped unexpectedly; nothing was recorded. Try again."
                            .into(),
                    );
                }
            }
        }
        if let Some((job, since)) = &self.check_job {
            if since.elapsed() > sheets::GIVE_UP_AFTER {
                // A picture made to keep the search busy: stop waiting for it.
                self.check_job = None;
                self.state.error = Some(sheets::TOO_SLOW.into());
            } else {
                match job.poll() {
                    Poll::Running => repaint_soon = true,
                    Poll::Done(result) => {
                        self.check_job = None;
                        self.finish_check(result);
                    }
                    Poll::Lost => {
                        self.check_job = None;
                        self.state.error =
                            Some("Reading the pictures stopped unexpectedly. Try again.".into());
                    }
                }
            }
        }
        if repaint_soon {
            ctx.request_repaint_after(Duration::from_millis(30));
        }
        let now = Instant::now();
        if ctx.input(|i| !i.events.is_empty() || i.pointer.is_moving()) {
            self.last_activity = now;
        }
        self.state.revealed.retain(|(_, until)| *until > now);
        if self.state.reveal_all_until.is_some_and(|u| u <= now) {
            self.state.reveal_all_until = None;
        }
        if matches!(self.state.modal, crate::ui::state::Modal::ShowCode { until, .. } if until <= now)
        {
            self.state.modal = crate::ui::state::Modal::None;
        }
        if self.state.toast.as_ref().is_some_and(|t| t.until <= now) {
            self.state.toast = None;
        }
        if let Some((_, until)) = &self.clipboard_owned
            && *until <= now
        {
            self.clear_clipboard();
        }
        let idle = self.state.settings.idle_lock_minutes;
        if idle > 0
            && self.payload().is_some()
            && now.duration_since(self.last_activity) > Duration::from_secs(u64::from(idle) * 60)
        {
            self.lock();
        }
        if self.payload().is_some() || self.state.toast.is_some() {
            ctx.request_repaint_after(Duration::from_millis(500));
        }
    }

    /// Clears the clipboard, but only if it still holds what we put there.
    fn clear_clipboard(&mut self) {
        if let Some((ours, _)) = self.clipboard_owned.take()
            && self
                .services
                .clipboard
                .get()
                .is_some_and(|now| *now == *ours)
        {
            self.services.clipboard.clear();
        }
    }

    /// Drops all decrypted data and every dialog, and returns to the lock screen.
    pub fn lock(&mut self) {
        self.list_dirty = true;
        self.wipe_ui_memory = true;
        self.wait_for_save();
        if let Some(job) = self.print_job.take() {
            // A PDF under way is finished and recorded before everything is dropped.
            if let Some(result) = job.wait() {
                self.finish_print(result);
                self.wait_for_save();
            }
        }
        if let Some(vault) = self.vault.as_mut()
            && vault.rotation_begun_here()
            && let Err(e) = vault.abort_rotation()
        {
            tracing::warn!("the unconfirmed paper key stays until the next start: {e}");
        }
        if self.state.unsaved
            && let Some(vault) = self.vault.as_mut()
            && let Err(e) = vault.save()
        {
            self.state.error = Some(format!(
                "Your last changes could not be saved ({e}) and were dropped when the vault was locked. If you used a code since the last save, mark it used again after unlocking."
            ));
        }
        self.state.unsaved = false;
        self.clear_clipboard();
        self.watch = None;
        self.vault = None;
        self.snapshot = None;
        self.last_used = None;
        let kind = if self.key_file_mode() {
            KeyProblem::Passphrase
        } else {
            KeyProblem::Locked
        };
        self.state.lock(Screen::KeyProblem {
            kind,
            message: "Everything decrypted was cleared from memory: the vault, the codes you revealed or pasted, and open dialogs.".into(),
        });
    }

    /// Saves the vault. In the window the disk work (backup, fsync, read-back check)
    /// runs on a thread while a copy of the content stays on screen; `true` means the
    /// save started (or, inline, succeeded). A failure arrives later as an error.
    fn save(&mut self) -> bool {
        self.selected_before_save = self.selected_account_id();
        let Some(mut vault) = self.vault.take() else {
            return false;
        };
        if !self.services.inline_keyring {
            self.snapshot = Some(vault.payload().clone());
        }
        match jobs::start("vault-save", self.services.inline_keyring, move || {
            let result = vault.save();
            (vault, result)
        }) {
            Started::Running(job) => {
                self.saving = Some(job);
                true
            }
            Started::Done((vault, result)) => {
                self.snapshot = None;
                self.vault = Some(vault);
                self.saved(result)
            }
        }
    }

    fn saved(&mut self, result: Result<(), VaultError>) -> bool {
        match result {
            Ok(()) => {
                self.state.unsaved = false;
                self.saved_at = Some(Instant::now());
                let merged = self
                    .vault
                    .as_mut()
                    .and_then(Vault::take_merged_on_save)
                    .filter(|r| !r.is_empty());
                if let Some(report) = merged {
                    // Said once the action that saved has said its own part. Whatever
                    // arrived (a new set, accounts gone) may move what Undo points at.
                    self.merge_note = Some(format!(
                        "Saved, together with changes from another computer: {}.",
                        report.describe()
                    ));
                }
                true
            }
            Err(e) => {
                self.state.unsaved = true;
                self.state.error = Some(format!(
                    "Not saved: {e}. Your change is kept in this window until it can be saved."
                ));
                false
            }
        }
    }

    /// Adds what a save merged from another computer to the message on screen. When
    /// accounts moved, the selection follows its account and Undo is withdrawn.
    fn flush_merge_note(&mut self) {
        let Some(note) = self.merge_note.take() else {
            return;
        };
        // The action's own message stays, without Undo or Show: what arrived (a new
        // set, accounts gone) may have moved what they point at.
        let own = self.state.toast.take().map(|t| t.text);
        let selected = self.selected_before_save.take();
        self.after_outside_change(&[], selected);
        self.toast(
            match own {
                Some(text) => format!("{text} {note}"),
                None => note,
            },
            false,
        );
        if let Some(t) = self.state.toast.as_mut() {
            t.until = Instant::now() + Duration::from_secs(12);
        }
    }

    /// The id of the account selected now.
    fn selected_account_id(&self) -> Option<String> {
        let p = self.payload()?;
        self.state
            .selected
            .and_then(|i| p.accounts.get(i))
            .map(|a| a.id.clone())
    }

    /// The data folder and, when `vault.age` links elsewhere, the folder it links to.
    fn watched_dirs(&self) -> Vec<std::path::PathBuf> {
        let paths = VaultPaths::new(&self.services.dirs.data_dir);
        let mut dirs = vec![paths.dir.clone()];
        let target = crate::vault::file::link_target(&paths.vault());
        let parent = crate::vault::file::parent_dir(&target).to_path_buf();
        if !dirs.contains(&parent) {
            dirs.push(parent);
        }
        dirs
    }

    /// The folder changed: the engine takes in what another computer wrote (the vault
    /// file, conflict copies), and the window says what arrived.
    fn take_in_changes_from_disk(&mut self) {
        let selected_id = self.selected_account_id();
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        match keeper::sync::refresh(vault) {
            Ok(refreshed) => {
                let changed = refreshed.from_disk.is_some() || !refreshed.copies.merged.is_empty();
                let lines = refreshed.describe();
                if changed || !lines.is_empty() {
                    self.after_outside_change(&lines, selected_id);
                }
            }
            Err(e) => self.fail(&e),
        }
    }

    /// After content arrived from outside: positions may have moved, so the selection
    /// follows its account by id, and Undo of a code used before is withdrawn (it
    /// would name a position, not an account).
    fn after_outside_change(&mut self, lines: &[String], selected_id: Option<String>) {
        self.list_dirty = true;
        self.last_used = None;
        self.state.marked.clear();
        if let Some(p) = self.vault.as_ref().map(Vault::payload) {
            self.state.selected = selected_id.and_then(|id| {
                p.accounts
                    .iter()
                    .position(|a| a.id == id && a.archived_at.is_none())
            });
        }
        if self
            .state
            .toast
            .as_ref()
            .is_some_and(|t| t.undo || t.show.is_some())
        {
            self.state.toast = None;
        }
        if !lines.is_empty() {
            self.toast(lines.join(" "), false);
        }
        self.sync_selection();
    }

    fn save_lost(&mut self) {
        self.saving = None;
        self.snapshot = None;
        self.state.error =
            Some("Saving stopped unexpectedly. Lock and unlock to load the vault again.".into());
    }

    /// Waits for a save in progress to finish, so the next change applies to the vault.
    fn wait_for_save(&mut self) {
        if let Some(job) = self.saving.take() {
            self.snapshot = None;
            match job.wait() {
                Some((vault, result)) => {
                    self.vault = Some(vault);
                    self.saved(result);
                }
                None => self.save_lost(),
            }
        }
    }

    /// Whether the last save finished in the last few seconds.
    pub fn saved_recently(&self) -> bool {
        self.saved_at
            .is_some_and(|t| t.elapsed() < Duration::from_secs(4))
    }

    /// Called when the window closes: finishes a save, drops an unconfirmed new paper
    /// key and clears the clipboard if it still holds our code.
    pub fn on_exit(&mut self) {
        self.lock();
    }
}

fn key_problem_of(e: &KeeperError) -> KeyProblem {
    use crate::vault::KeyStoreError as K;
    match e {
        KeeperError::Vault(VaultError::KeyStore(K::Locked)) => KeyProblem::KeyringLocked,
        KeeperError::Vault(VaultError::KeyStore(
            K::NoSessionBus { .. } | K::NoService { .. } | K::NotPersistent(_),
        )) => KeyProblem::NoKeyring,
        KeeperError::Vault(VaultError::KeyStore(K::WrongPassphrase | K::PassphraseNeeded)) => {
            KeyProblem::Passphrase
        }
        KeeperError::Vault(VaultError::RecoveryNeeded(_) | VaultError::WrongKey(_)) => {
            KeyProblem::KeyMissing
        }
        _ => KeyProblem::Other,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Opens a file or folder with the desktop's default application.
pub fn open_with_system(path: &std::path::Path) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(path).spawn() {
        tracing::warn!("could not open {}: {e}", path.display());
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        App::on_exit(self);
    }
}

#[doc(hidden)]
impl App {
    /// Carries out `action` as if the user did it (benches and tests).
    pub fn act(&mut self, action: Action) {
        self.apply(action);
        self.sync_selection();
    }
}
