//! The window's state and side effects. Views in [`crate::ui`] read [`App`] and push
//! [`Action`]s; [`App::apply`] carries them out after drawing. Keyring calls run on
//! a named thread and report back over a channel, so the window never freezes on a
//! keyring prompt. Dialogs and the clipboard sit behind small traits so tests can
//! drive the whole window without a display.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use age::secrecy::{ExposeSecret, SecretString};
use eframe::egui;
use jiff::Timestamp;
use zeroize::Zeroizing;

use crate::action::Action;
use crate::paths::AppDirs;
use crate::settings::Settings;
use crate::vault::model::{CodeState, PrintedSheet};
use crate::vault::{Code, KeyStore, Vault, VaultError, VaultPaths};
use crate::{import, pdf};

/// File dialogs (rfd in the app, a fake in tests).
pub trait Dialogs {
    /// Asks where to save a file; `None` when cancelled.
    fn save_pdf(&self, suggested: &str) -> Option<std::path::PathBuf>;
    /// Asks for a text file to import; `None` when cancelled.
    fn open_text(&self) -> Option<std::path::PathBuf>;
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
    /// Run keyring work inline instead of on a thread (tests).
    pub inline_keyring: bool,
}

/// Which screen the window shows.
pub enum Screen {
    /// No vault yet.
    Welcome,
    /// The paper key is shown once; the user must confirm they kept it.
    PaperKey {
        /// `AGE-SECRET-KEY-1…`.
        key: SecretString,
        /// What the user typed to confirm.
        confirm: String,
        /// Whether the recovery kit PDF was saved.
        kit_saved: bool,
    },
    /// The keyring is being asked.
    Unlocking,
    /// The key could not be had; what happened decides the explanation and the ways out.
    KeyProblem {
        /// Which problem.
        kind: KeyProblem,
        /// Plain-words explanation and way out.
        message: String,
    },
    /// Typing the paper key to open the vault.
    Restore,
    /// The vault is open.
    Main,
}

/// Why the vault is not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    /// The user (or the idle timer) locked it.
    Locked,
    /// The system keyring is locked.
    KeyringLocked,
    /// No keyring service or session bus.
    NoKeyring,
    /// This computer's key is missing or does not fit: recovery mode.
    KeyMissing,
    /// The key is in a passphrase-protected file.
    Passphrase,
    /// Anything else (damaged vault, disk error).
    Other,
}

impl KeyProblem {
    fn of(e: &VaultError) -> Self {
        use crate::vault::KeyStoreError as K;
        match e {
            VaultError::KeyStore(K::Locked) => Self::KeyringLocked,
            VaultError::KeyStore(
                K::NoSessionBus { .. } | K::NoService { .. } | K::NotPersistent(_),
            ) => Self::NoKeyring,
            VaultError::KeyStore(K::WrongPassphrase | K::PassphraseNeeded) => Self::Passphrase,
            VaultError::RecoveryNeeded(_) | VaultError::WrongKey(_) => Self::KeyMissing,
            _ => Self::Other,
        }
    }
}

/// The "Add codes" dialog.
#[derive(Default)]
pub struct AddDialog {
    /// Pasted or loaded text.
    pub text: Zeroizing<String>,
    /// Site name.
    pub service: String,
    /// Account label.
    pub account: String,
    /// The file the text came from, if any.
    pub file: Option<std::path::PathBuf>,
    /// Replace an existing active set.
    pub replace: bool,
    /// Offer to delete the file after saving.
    pub offer_delete: Option<std::path::PathBuf>,
}

/// What to print.
pub struct PrintOptions {
    /// Account indices; empty means all.
    pub scope: Vec<usize>,
    /// Paper size.
    pub paper: crate::settings::PaperSize,
    /// Leave account labels off.
    pub anonymous: bool,
}

/// A PDF being written: where the result arrives, and the sheets to record then.
type PrintJob = (Receiver<Result<PrintDone, String>>, Vec<PrintedSheet>);

/// A finished print job.
struct PrintDone {
    path: std::path::PathBuf,
    sheets: usize,
    pages: usize,
    warnings: Vec<String>,
}

/// A short message at the bottom of the window.
pub struct Toast {
    /// The message.
    pub text: String,
    /// Whether "Undo" is offered.
    pub undo: bool,
    /// A file the user may open ("Open PDF").
    pub open: Option<std::path::PathBuf>,
    /// When it disappears.
    pub until: Instant,
}

/// The whole window's state.
pub struct App {
    /// Outside world.
    pub services: Services,
    /// Current screen.
    pub screen: Screen,
    /// The open vault.
    pub vault: Option<Vault>,
    /// Settings.
    pub settings: Settings,
    /// Settings problems to show.
    pub settings_warnings: Vec<String>,
    /// Search text.
    pub search: String,
    /// Selected account.
    pub selected: Option<usize>,
    /// Revealed codes of the selected account, and until when.
    pub revealed: Vec<(usize, Instant)>,
    /// All codes revealed until.
    pub reveal_all_until: Option<Instant>,
    /// The "Add codes" dialog, when open.
    pub add: Option<AddDialog>,
    /// Paper key typed on the restore screen.
    pub paper_input: Zeroizing<String>,
    /// Passphrase of the key file (unlock), or the new one (restore).
    pub passphrase: Zeroizing<String>,
    /// The new passphrase typed again (restore).
    pub passphrase_repeat: Zeroizing<String>,
    /// Restore into a passphrase-protected key file instead of the keyring.
    pub restore_to_key_file: bool,
    /// The note being edited: code index and text.
    pub note_edit: Option<(usize, String)>,
    /// Bottom message.
    pub toast: Option<Toast>,
    /// The last code used, for Undo: (account, code).
    pub last_used: Option<(usize, usize)>,
    /// An error to show in a dialog.
    pub error: Option<String>,
    /// The vault could not be saved; changes are only in memory.
    pub unsaved: bool,
    /// The recovery kit was not saved yet this session.
    pub kit_pending: bool,
    /// The shortcuts window is open.
    pub show_shortcuts: bool,
    /// The About box is open.
    pub show_about: bool,
    /// Focus the search field on the next frame.
    pub focus_search: bool,
    /// What we put on the clipboard, and when to clear it.
    pub clipboard_owned: Option<(Zeroizing<String>, Instant)>,
    /// Last user input, for the idle lock.
    pub last_activity: Instant,
    /// Text pasted on the main window, for the "Add codes" dialog.
    pub pending_paste: Option<Zeroizing<String>>,
    /// The settings window's values while it is open.
    pub settings_draft: Option<Settings>,
    /// The print options window, when open.
    pub print_options: Option<PrintOptions>,
    /// Accounts ticked for printing a selection (Ctrl+click in the list).
    pub marked: std::collections::BTreeSet<usize>,
    print_job: Option<PrintJob>,
    saving: Option<Receiver<(Vault, Result<(), VaultError>)>>,
    saved_at: Option<Instant>,
    snapshot: Option<crate::vault::Payload>,
    unlock: Option<Receiver<Result<Vault, VaultError>>>,
}

impl App {
    /// A new window state; starts unlocking if a vault exists.
    pub fn new(services: Services) -> Self {
        let (settings, settings_warnings) = Settings::load(&services.dirs.settings_file());
        let paths = VaultPaths::new(&services.dirs.data_dir);
        let has_vault = paths.vault().exists() || paths.list_backups().is_ok_and(|b| !b.is_empty());
        let mut app = Self {
            services,
            screen: if has_vault {
                Screen::Unlocking
            } else {
                Screen::Welcome
            },
            vault: None,
            settings,
            settings_warnings,
            search: String::new(),
            selected: None,
            revealed: Vec::new(),
            reveal_all_until: None,
            add: None,
            paper_input: Zeroizing::new(String::new()),
            passphrase: Zeroizing::new(String::new()),
            passphrase_repeat: Zeroizing::new(String::new()),
            restore_to_key_file: false,
            note_edit: None,
            toast: None,
            last_used: None,
            error: None,
            unsaved: false,
            kit_pending: false,
            show_shortcuts: false,
            show_about: false,
            focus_search: false,
            clipboard_owned: None,
            last_activity: Instant::now(),
            pending_paste: None,
            settings_draft: None,
            print_options: None,
            marked: std::collections::BTreeSet::new(),
            print_job: None,
            saving: None,
            saved_at: None,
            snapshot: None,
            unlock: None,
        };
        if !app.settings_warnings.is_empty() {
            app.error = Some(format!(
                "Some settings could not be used and were reset to their defaults:\n{}",
                app.settings_warnings.join("\n")
            ));
        }
        if has_vault {
            if app.key_file_mode() {
                app.screen = Screen::KeyProblem {
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
        crate::vault::keystore::PassphraseKeyFile::exists(&self.paths())
    }

    /// The key store to unlock with: the keyring, or the key file with the typed passphrase.
    fn unlock_store(&mut self) -> Arc<dyn KeyStore + Send + Sync> {
        if self.key_file_mode() {
            let passphrase = SecretString::from(std::mem::take(&mut *self.passphrase));
            Arc::new(crate::vault::keystore::PassphraseKeyFile::new(
                &self.paths(),
                passphrase,
            ))
        } else {
            Arc::clone(&self.services.store)
        }
    }

    fn start_unlock(&mut self) {
        let store = self.unlock_store();
        self.screen = Screen::Unlocking;
        let paths = self.paths();
        if self.services.inline_keyring {
            let result = Vault::open(&paths, store.as_ref());
            self.finish_unlock(result);
            return;
        }
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("keyring-unlock".into())
            .spawn(move || {
                let _ = tx.send(Vault::open(&paths, store.as_ref()));
            });
        match spawned {
            Ok(_) => self.unlock = Some(rx),
            Err(e) => {
                self.screen = Screen::KeyProblem {
                    kind: KeyProblem::Other,
                    message: format!("could not start unlocking: {e}"),
                }
            }
        }
    }

    fn finish_unlock(&mut self, result: Result<Vault, VaultError>) {
        match result {
            Ok(vault) => {
                if let Some(r) = vault.restored_from_backup() {
                    self.error = Some(format!(
                        "The vault file could not be used ({}). The newest backup that opens (generation {}) was restored; changes made after it are missing. The damaged file was kept.",
                        r.reason, r.generation
                    ));
                }
                self.vault = Some(vault);
                self.screen = Screen::Main;
                self.selected = None;
                if self
                    .vault
                    .as_ref()
                    .is_some_and(|v| !v.payload().paper_key_confirmed)
                {
                    // The window closed before the paper key was confirmed: that key was
                    // shown but never stored, so make a new one now.
                    self.new_paper_key();
                }
            }
            Err(e) => {
                self.screen = Screen::KeyProblem {
                    kind: KeyProblem::of(&e),
                    message: e.to_string(),
                }
            }
        }
    }

    /// Work to do before drawing: finished keyring calls, timeouts, idle lock.
    pub fn tick(&mut self, ctx: &egui::Context) {
        if let Some(rx) = &self.unlock {
            match rx.try_recv() {
                Ok(result) => {
                    self.unlock = None;
                    self.finish_unlock(result);
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(Duration::from_millis(50));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.unlock = None;
                    self.screen = Screen::KeyProblem {
                        kind: KeyProblem::Other,
                        message: "the keyring call stopped unexpectedly; retry".into(),
                    };
                }
            }
        }
        if let Some(rx) = &self.saving {
            match rx.try_recv() {
                Ok((vault, result)) => {
                    self.saving = None;
                    self.snapshot = None;
                    self.vault = Some(vault);
                    self.saved(result);
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(Duration::from_millis(20));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.saving = None;
                    self.snapshot = None;
                    self.error = Some(
                        "Saving stopped unexpectedly. Lock and unlock to load the vault again."
                            .into(),
                    );
                }
            }
        }
        if let Some((rx, _)) = &self.print_job {
            match rx.try_recv() {
                Ok(result) => {
                    if let Some((_, records)) = self.print_job.take() {
                        self.finish_print(result, records);
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(Duration::from_millis(50));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.print_job = None;
                    self.error = Some(
                        "Writing the PDF stopped unexpectedly; nothing was recorded. Try again."
                            .into(),
                    );
                }
            }
        }
        let now = Instant::now();
        if ctx.input(|i| !i.events.is_empty() || i.pointer.is_moving()) {
            self.last_activity = now;
        }
        self.revealed.retain(|(_, until)| *until > now);
        if self.reveal_all_until.is_some_and(|u| u <= now) {
            self.reveal_all_until = None;
        }
        if self.toast.as_ref().is_some_and(|t| t.until <= now) {
            self.toast = None;
        }
        if let Some((_, until)) = &self.clipboard_owned
            && *until <= now
        {
            self.clear_clipboard();
        }
        let idle = self.settings.idle_lock_minutes;
        if idle > 0
            && self.payload().is_some()
            && now.duration_since(self.last_activity) > Duration::from_secs(u64::from(idle) * 60)
        {
            self.lock();
        }
        if self.payload().is_some() || self.toast.is_some() {
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

    /// Drops all decrypted data and returns to the lock screen.
    pub fn lock(&mut self) {
        self.wait_for_save();
        self.clear_clipboard();
        self.vault = None;
        self.add = None;
        self.revealed.clear();
        self.reveal_all_until = None;
        self.last_used = None;
        self.selected = None;
        self.search.clear();
        self.screen = Screen::KeyProblem {
            kind: if self.key_file_mode() {
                KeyProblem::Passphrase
            } else {
                KeyProblem::Locked
            },
            message: "Everything decrypted was cleared from memory.".into(),
        };
    }

    fn toast(&mut self, text: impl Into<String>, undo: bool) {
        self.toast = Some(Toast {
            text: text.into(),
            undo,
            open: None,
            until: Instant::now() + Duration::from_secs(8),
        });
    }

    /// Saves the vault. In the window the disk work (backup, fsync, read-back check)
    /// runs on a thread while a copy of the content stays on screen; `true` means the
    /// save started (or, inline, succeeded). A failure arrives later as an error.
    fn save(&mut self) -> bool {
        if self.services.inline_keyring {
            let Some(vault) = self.vault.as_mut() else {
                return false;
            };
            let result = vault.save();
            return self.saved(result);
        }
        let Some(mut vault) = self.vault.take() else {
            return false;
        };
        self.snapshot = Some(vault.payload().clone());
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("vault-save".into())
            .spawn(move || {
                let result = vault.save();
                let _ = tx.send((vault, result));
            });
        match spawned {
            Ok(_) => {
                self.saving = Some(rx);
                true
            }
            Err(e) => {
                self.snapshot = None;
                self.unsaved = true;
                self.error = Some(format!("Not saved: could not start saving ({e})."));
                false
            }
        }
    }

    fn saved(&mut self, result: Result<(), VaultError>) -> bool {
        match result {
            Ok(()) => {
                self.unsaved = false;
                self.saved_at = Some(Instant::now());
                true
            }
            Err(e) => {
                self.unsaved = true;
                self.error = Some(format!(
                    "Not saved: {e}. Your change is kept in this window until it can be saved."
                ));
                false
            }
        }
    }

    /// Waits for a save in progress to finish, so the next change applies to the vault.
    fn wait_for_save(&mut self) {
        if let Some(rx) = self.saving.take() {
            self.snapshot = None;
            match rx.recv() {
                Ok((vault, result)) => {
                    self.vault = Some(vault);
                    self.saved(result);
                }
                Err(_) => {
                    self.error = Some(
                        "Saving stopped unexpectedly. Lock and unlock to load the vault again."
                            .into(),
                    );
                }
            }
        }
    }

    /// Whether the last save finished in the last few seconds.
    pub fn saved_recently(&self) -> bool {
        self.saved_at
            .is_some_and(|t| t.elapsed() < Duration::from_secs(4))
    }

    /// Whether a save is running.
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// The vault's content: the open vault's, or while saving, the copy on screen.
    pub fn payload(&self) -> Option<&crate::vault::Payload> {
        self.vault
            .as_ref()
            .map(Vault::payload)
            .or(self.snapshot.as_ref())
    }

    /// Indices of accounts matching the search, in vault order.
    pub fn filtered(&self) -> Vec<usize> {
        let Some(payload) = self.payload() else {
            return Vec::new();
        };
        let q = self.search.trim().to_lowercase();
        payload
            .accounts
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                q.is_empty()
                    || a.service.to_lowercase().contains(&q)
                    || a.label.to_lowercase().contains(&q)
                    || a.notes.to_lowercase().contains(&q)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether code `i` of the selected account is shown.
    pub fn is_revealed(&self, i: usize) -> bool {
        self.reveal_all_until.is_some() || self.revealed.iter().any(|(r, _)| *r == i)
    }

    fn copy_code(&mut self, account: usize, index: usize) -> bool {
        let Some(code) = self
            .vault
            .as_ref()
            .and_then(|v| v.payload().accounts.get(account))
            .and_then(|a| a.active_set())
            .and_then(|s| s.codes.get(index))
            .map(|c| Zeroizing::new(c.value.expose().to_owned()))
        else {
            return false;
        };
        match self.services.clipboard.set_secret(&code) {
            Ok(()) => {
                let secs = self.settings.clipboard_clear_seconds;
                self.clipboard_owned =
                    Some((code, Instant::now() + Duration::from_secs(u64::from(secs))));
                true
            }
            Err(e) => {
                self.error = Some(format!("Could not copy to the clipboard: {e}"));
                false
            }
        }
    }

    /// Carries out one action.
    pub fn apply(&mut self, action: Action) {
        self.last_activity = Instant::now();
        self.wait_for_save();
        match action {
            Action::CreateVault => self.create_vault(),
            Action::ConfirmPaperKey => {
                if let Screen::PaperKey {
                    key,
                    confirm,
                    kit_saved,
                } = &self.screen
                {
                    let (_, groups) = crate::vault::paper_key_groups(key.expose_secret());
                    let last_group = groups.last().cloned().unwrap_or_default();
                    if confirm.trim().eq_ignore_ascii_case(&last_group) {
                        self.kit_pending = !kit_saved;
                        self.screen = Screen::Main;
                        if let Some(vault) = self.vault.as_mut() {
                            vault.payload_mut().paper_key_confirmed = true;
                        }
                        self.save();
                    } else {
                        self.error = Some("That is not the last group of your paper key. Look at what you wrote down and type its last group.".into());
                    }
                }
            }
            Action::SaveRecoveryKit => self.save_recovery_kit(),
            Action::RetryUnlock => self.start_unlock(),
            Action::ShowRestore => {
                self.restore_to_key_file = false;
                self.screen = Screen::Restore;
            }
            Action::ShowRestoreToKeyFile => {
                self.restore_to_key_file = true;
                self.screen = Screen::Restore;
            }
            Action::EditNote(i) => {
                let current = self
                    .selected
                    .and_then(|a| {
                        self.vault
                            .as_ref()?
                            .payload()
                            .accounts
                            .get(a)?
                            .active_set()?
                            .codes
                            .get(i)?
                            .note
                            .clone()
                    })
                    .unwrap_or_default();
                self.note_edit = Some((i, current));
            }
            Action::SaveNote => self.save_note(),
            Action::RestoreWithPaperKey => self.restore(),
            Action::Lock => self.lock(),
            Action::FocusSearch => self.focus_search = true,
            Action::Select(i) => {
                if self.selected != Some(i) {
                    self.revealed.clear();
                    self.reveal_all_until = None;
                }
                self.selected = Some(i);
            }
            Action::UseNextCode => self.use_next(),
            Action::Undo => self.undo(),
            Action::Copy(i) => {
                if let Some(a) = self.selected
                    && self.copy_code(a, i)
                {
                    let secs = self.settings.clipboard_clear_seconds;
                    self.toast(
                        format!(
                            "Copied code {}. The clipboard is cleared in {secs} s.",
                            i + 1
                        ),
                        false,
                    );
                }
            }
            Action::ToggleReveal(i) => {
                if self.revealed.iter().any(|(r, _)| *r == i) {
                    self.revealed.retain(|(r, _)| *r != i);
                } else {
                    let secs = u64::from(self.settings.reveal_seconds);
                    self.revealed
                        .push((i, Instant::now() + Duration::from_secs(secs)));
                }
            }
            Action::ToggleRevealAll => {
                self.reveal_all_until = match self.reveal_all_until {
                    Some(_) => None,
                    None => Some(
                        Instant::now()
                            + Duration::from_secs(u64::from(self.settings.reveal_seconds)),
                    ),
                };
            }
            Action::SetUsed(i, used) => self.set_used(i, used),
            Action::OpenAdd => {
                if self.vault.is_some() {
                    let text = self.pending_paste.take().unwrap_or_default();
                    self.add = Some(AddDialog {
                        text,
                        ..AddDialog::default()
                    });
                }
            }
            Action::AddOpenFile => self.add_open_file(),
            Action::AddSave => self.add_save(),
            Action::AddCancel => self.add = None,
            Action::DeleteSource => self.delete_source(),
            Action::OpenSettings => self.settings_draft = Some(self.settings.clone()),
            Action::SaveSettings => self.save_settings(),
            Action::NewPaperKey => self.new_paper_key(),
            Action::OpenVaultFolder => open_with_system(&self.services.dirs.data_dir),
            Action::PrintAll => self.open_print(Vec::new()),
            Action::PrintSelected => {
                let scope: Vec<usize> = if self.marked.is_empty() {
                    self.selected.into_iter().collect()
                } else {
                    self.marked.iter().copied().collect()
                };
                if !scope.is_empty() {
                    self.open_print(scope);
                }
            }
            Action::PrintNow => self.print_now(),
            Action::ToggleMark(i) => {
                if !self.marked.remove(&i) {
                    self.marked.insert(i);
                }
            }
            Action::OpenFile => {
                if let Some(path) = self.toast.as_ref().and_then(|t| t.open.clone()) {
                    open_with_system(&path);
                }
            }
            Action::ShowShortcuts => self.show_shortcuts = !self.show_shortcuts,
            Action::ShowAbout => self.show_about = true,
            Action::Dismiss => {
                self.error = None;
                self.show_shortcuts = false;
                self.show_about = false;
                self.note_edit = None;
                self.settings_draft = None;
                self.print_options = None;
            }
        }
    }

    fn create_vault(&mut self) {
        match Vault::create(&self.paths(), self.services.store.as_ref()) {
            Ok((mut vault, paper)) => {
                vault.payload_mut().paper_key_confirmed = false;
                if let Err(e) = vault.save() {
                    self.error = Some(e.to_string());
                }
                self.vault = Some(vault);
                self.screen = Screen::PaperKey {
                    key: SecretString::from(paper.expose().to_owned()),
                    confirm: String::new(),
                    kit_saved: false,
                };
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Makes a new paper key (re-encrypting vault and backups) and shows it.
    fn new_paper_key(&mut self) {
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        vault.payload_mut().paper_key_confirmed = false;
        match vault.rotate_recovery_key() {
            Ok((paper, _report)) => {
                self.settings_draft = None;
                self.screen = Screen::PaperKey {
                    key: SecretString::from(paper.expose().to_owned()),
                    confirm: String::new(),
                    kit_saved: false,
                };
            }
            Err(e) => {
                vault.payload_mut().paper_key_confirmed = true;
                self.error = Some(format!("No new paper key was made: {e}"));
            }
        }
    }

    fn save_recovery_kit(&mut self) {
        let Screen::PaperKey { key, kit_saved, .. } = &mut self.screen else {
            return;
        };
        let Some(vault) = &self.vault else { return };
        let Some(path) = self
            .services
            .dialogs
            .save_pdf("codekeeper-recovery-kit.pdf")
        else {
            return;
        };
        let kit = pdf::RecoveryKit {
            paper_key: key.expose_secret(),
            vault_id: &vault.payload().vault_id,
            made_at: Timestamp::now(),
            vault_path: &vault.paths().vault().display().to_string(),
        };
        let paper = paper_of(self.settings.paper);
        match pdf::render_recovery_kit(&kit, paper)
            .map_err(|e| e.to_string())
            .and_then(|r| {
                crate::vault::file::write_durably(&path, &r.bytes).map_err(|e| e.to_string())
            }) {
            Ok(()) => {
                *kit_saved = true;
                self.toast(
                    format!(
                        "Saved the recovery kit to {}. Print it, then delete the file.",
                        path.display()
                    ),
                    false,
                );
            }
            Err(e) => self.error = Some(format!("The recovery kit was not saved: {e}")),
        }
    }

    fn restore(&mut self) {
        let paths = self.paths();
        let store: Arc<dyn KeyStore + Send + Sync> = if self.restore_to_key_file {
            if self.passphrase.chars().count() < 8 || *self.passphrase != *self.passphrase_repeat {
                self.error = Some(
                    "Choose a passphrase of at least 8 characters and type it the same way twice."
                        .into(),
                );
                return;
            }
            let passphrase = SecretString::from(self.passphrase.to_string());
            Arc::new(crate::vault::keystore::PassphraseKeyFile::new(
                &paths, passphrase,
            ))
        } else {
            Arc::clone(&self.services.store)
        };
        let result = Vault::open_with_paper_key(&paths, &self.paper_input)
            .and_then(|mut vault| vault.reenroll(store.as_ref()).map(|_| vault));
        self.passphrase = Zeroizing::new(String::new());
        self.passphrase_repeat = Zeroizing::new(String::new());
        if result.is_ok() && !self.restore_to_key_file && self.key_file_mode() {
            // The old key file no longer opens anything; the keyring is used from now on.
            let _ = std::fs::remove_file(paths.key_file());
        }
        match result {
            Ok(vault) => {
                self.paper_input = Zeroizing::new(String::new());
                self.vault = Some(vault);
                self.screen = Screen::Main;
                self.toast("Opened with your paper key. This computer is enrolled again; the paper key stays valid.", false);
            }
            Err(VaultError::Crypto(_)) => {
                self.error = Some("That is not a valid paper key. It starts with AGE-SECRET-KEY-1; check every character.".into());
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn use_next(&mut self) {
        let Some(a) = self.selected else { return };
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        let Some(set) = vault
            .payload_mut()
            .accounts
            .get_mut(a)
            .and_then(|acc| acc.active_set_mut())
        else {
            return;
        };
        let Some(n) = set.next_unused() else {
            self.error = Some(
                "Every code of this account is used. Generate new codes on the site and add them."
                    .into(),
            );
            return;
        };
        set.codes[n].state = CodeState::Used;
        set.codes[n].used_at = Some(Timestamp::now());
        let left = set.unused_count();
        self.copy_code(a, n);
        self.last_used = Some((a, n));
        if self.save() {
            self.toast(
                format!("Code {} copied and marked used; {left} left.", n + 1),
                true,
            );
        }
    }

    /// Code `i` of account `a`'s active set.
    fn code_mut(&mut self, a: usize, i: usize) -> Option<&mut Code> {
        self.vault
            .as_mut()?
            .payload_mut()
            .accounts
            .get_mut(a)?
            .active_set_mut()?
            .codes
            .get_mut(i)
    }

    fn undo(&mut self) {
        let Some((a, n)) = self.last_used.take() else {
            return;
        };
        if let Some(code) = self.code_mut(a, n) {
            code.state = CodeState::Unused;
            code.used_at = None;
        }
        self.clear_clipboard();
        if self.save() {
            self.toast(format!("Code {} is unused again.", n + 1), false);
        }
    }

    fn set_used(&mut self, i: usize, used: bool) {
        let Some(a) = self.selected else { return };
        if let Some(code) = self.code_mut(a, i) {
            code.state = if used {
                CodeState::Used
            } else {
                CodeState::Unused
            };
            code.used_at = used.then(Timestamp::now);
        }
        self.save();
    }

    fn add_open_file(&mut self) {
        if let Some(path) = self.services.dialogs.open_text() {
            self.open_dropped(path);
        }
    }

    /// The importer's view of the dialog's text.
    pub fn add_preview(&self) -> Option<Result<import::Preview, import::ImportError>> {
        let dialog = self.add.as_ref()?;
        if dialog.text.trim().is_empty() {
            return None;
        }
        let name = dialog
            .file
            .as_ref()
            .and_then(|f| f.file_name())
            .and_then(|n| n.to_str());
        Some(import::preview_text(&dialog.text, name))
    }

    fn add_save(&mut self) {
        let Some(Ok(preview)) = self.add_preview() else {
            self.error = Some("No codes found in the text. Paste the list the site showed you, or open the file it downloaded.".into());
            return;
        };
        let Some(dialog) = self.add.as_ref() else {
            return;
        };
        let group = &preview.groups[0];
        let service = if dialog.service.trim().is_empty() {
            group.site.clone().unwrap_or_default()
        } else {
            dialog.service.trim().to_owned()
        };
        let account = if dialog.account.trim().is_empty() {
            group.account.clone().unwrap_or_default()
        } else {
            dialog.account.trim().to_owned()
        };
        if service.is_empty() {
            self.error = Some("Which site are these codes for? Type its name in Site.".into());
            return;
        }
        let codes: Vec<Code> = preview
            .codes()
            .map(|c| Code::imported(&c.code, c.used))
            .collect();
        let source = dialog
            .file
            .as_ref()
            .and_then(|f| f.file_name())
            .map_or_else(|| "pasted".to_owned(), |n| n.to_string_lossy().into_owned());
        let replace = dialog.replace;
        let file = dialog.file.clone();
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        let count = codes.len();
        match vault.payload_mut().import_set(
            &service,
            &account,
            &source,
            codes,
            replace,
            Timestamp::now(),
        ) {
            Ok(outcome) => {
                self.selected = Some(outcome.account);
                if self.save() {
                    self.add = None;
                    self.toast(format!("Saved {count} codes for {service}."), false);
                    if let Some(path) = file {
                        self.add = None;
                        self.error = None;
                        self.pending_delete(path);
                    }
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn pending_delete(&mut self, path: std::path::PathBuf) {
        self.add = Some(AddDialog {
            offer_delete: Some(path),
            ..AddDialog::default()
        });
    }

    fn save_note(&mut self) {
        let Some((i, text)) = self.note_edit.take() else {
            return;
        };
        let Some(a) = self.selected else { return };
        let text = text.trim().to_owned();
        if text.chars().count() > crate::vault::model::MAX_NAME_CHARS {
            self.error = Some("The note is too long (1,000 characters at most).".into());
            return;
        }
        if let Some(code) = self.code_mut(a, i) {
            code.note = (!text.is_empty()).then_some(text);
        }
        if self.save() {
            self.toast("Note saved.", false);
        }
    }

    fn save_settings(&mut self) {
        let Some(draft) = self.settings_draft.take() else {
            return;
        };
        match draft.save(&self.services.dirs.settings_file()) {
            Ok(()) => {
                self.settings = draft;
                self.toast("Settings saved.", false);
            }
            Err(e) => self.error = Some(format!("Settings were not saved: {e}")),
        }
    }

    /// Opens a dropped file in the "Add codes" dialog.
    pub fn open_dropped(&mut self, path: std::path::PathBuf) {
        if self.vault.is_none() {
            return;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.len() > import::MAX_IMPORT_BYTES as u64 => {
                self.error = Some(import::DecodeError::TooLarge(m.len()).to_string());
                return;
            }
            Err(e) => {
                self.error = Some(format!("Could not read {}: {e}", path.display()));
                return;
            }
            Ok(_) => {}
        }
        match std::fs::read(&path).map(Zeroizing::new) {
            Ok(bytes) => match import::decode(&bytes) {
                Ok(text) => {
                    self.add = Some(AddDialog {
                        text,
                        file: Some(path),
                        ..AddDialog::default()
                    });
                }
                Err(e) => self.error = Some(e.to_string()),
            },
            Err(e) => self.error = Some(format!("Could not read {}: {e}", path.display())),
        }
    }

    /// Deletes the imported plaintext file after the user agreed.
    fn delete_source(&mut self) {
        if let Some(path) = self.add.as_mut().and_then(|d| d.offer_delete.take()) {
            match std::fs::remove_file(&path) {
                Ok(()) => self.toast(format!("Deleted {}.", path.display()), false),
                Err(e) => self.error = Some(format!("Could not delete {}: {e}", path.display())),
            }
        }
        self.add = None;
    }

    /// Opens the print options for `scope` (account indices; empty = all).
    fn open_print(&mut self, scope: Vec<usize>) {
        self.print_options = Some(PrintOptions {
            scope,
            paper: self.settings.paper,
            anonymous: false,
        });
    }

    /// Renders and writes the PDF on a thread; the vault records the sheets when done.
    fn print_now(&mut self) {
        let Some(options) = self.print_options.take() else {
            return;
        };
        let Some(path) = self.services.dialogs.save_pdf("codekeeper-sheets.pdf") else {
            return;
        };
        let Some(vault) = self.vault.as_ref() else {
            return;
        };
        let now = Timestamp::now();
        let indices: Vec<usize> = if options.scope.is_empty() {
            (0..vault.payload().accounts.len()).collect()
        } else {
            options.scope.clone()
        };
        let (sheets, records) = pdf::sheets_for(vault.payload(), &indices, options.anonymous, now);
        let opts = pdf::SheetOptions {
            paper: paper_of(options.paper),
            anonymous: options.anonymous,
            printed_at: now,
        };
        let job = move || {
            let rendered = pdf::render_sheets(&sheets, &opts).map_err(|e| e.to_string())?;
            crate::vault::file::write_durably(&path, &rendered.bytes).map_err(|e| e.to_string())?;
            Ok(PrintDone {
                path,
                sheets: sheets.len(),
                pages: rendered.pages,
                warnings: rendered.warnings,
            })
        };
        if self.services.inline_keyring {
            self.finish_print(job(), records);
            return;
        }
        let (tx, rx) = channel();
        match std::thread::Builder::new()
            .name("print-pdf".into())
            .spawn(move || {
                let _ = tx.send(job());
            }) {
            Ok(_) => self.print_job = Some((rx, records)),
            Err(e) => self.error = Some(format!("Could not start printing: {e}")),
        }
    }

    fn finish_print(&mut self, result: Result<PrintDone, String>, records: Vec<PrintedSheet>) {
        match result {
            Ok(done) => {
                if let Some(vault) = self.vault.as_mut() {
                    vault.payload_mut().sheets.extend(records);
                }
                if !done.warnings.is_empty() {
                    self.error = Some(done.warnings.join("\n"));
                }
                if self.save() {
                    self.toast = Some(Toast {
                        text: format!(
                            "Saved {} sheet(s), {} page(s), to {}. Print it, then delete the file.",
                            done.sheets,
                            done.pages,
                            done.path.display()
                        ),
                        undo: false,
                        open: Some(done.path),
                        until: Instant::now() + Duration::from_secs(30),
                    });
                }
            }
            Err(e) => self.error = Some(format!("The sheets were not saved: {e}")),
        }
    }

    /// Called when the window closes: clears the clipboard if it still holds our code.
    pub fn on_exit(&mut self) {
        // A save under way must finish before the process ends.
        self.wait_for_save();
        self.clear_clipboard();
    }
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

fn paper_of(size: crate::settings::PaperSize) -> pdf::Paper {
    match size {
        crate::settings::PaperSize::A4 => pdf::Paper::A4,
        crate::settings::PaperSize::Letter => pdf::Paper::Letter,
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::ui::app_ui(ui, self);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        App::on_exit(self);
    }
}

impl App {
    /// Whether a PDF is being written.
    pub fn printing(&self) -> bool {
        self.print_job.is_some()
    }
}
