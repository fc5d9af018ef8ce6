//! What the window draws and the user edits: the screen, the one open dialog
//! ([`Modal`]), the search and selection, and the text fields. The views read and
//! edit this and push [`crate::action::Action`]s; [`crate::app`] owns it and applies
//! the actions. Everything that held a secret is dropped by [`UiState::lock`].

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use age::secrecy::SecretString;
use zeroize::Zeroizing;

use crate::settings::{PaperSize, Settings};

/// Which screen the window shows.
pub enum Screen {
    /// No vault yet.
    Welcome,
    /// A paper key is shown; the user must confirm they kept it.
    PaperKey {
        /// `AGE-SECRET-KEY-1…`.
        key: SecretString,
        /// What the user typed to confirm.
        confirm: String,
        /// Once the user says they kept the key: it is hidden and they type this
        /// group (1-based, a group of four chosen at random).
        asked_group: Option<usize>,
        /// What went wrong with the last confirmation, shown at the field.
        confirm_error: Option<String>,
        /// Where the recovery kit PDF was saved, if it was.
        kit_saved: Option<PathBuf>,
        /// Whether this replaces an earlier paper key (a rotation).
        replaces_old: bool,
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

/// Where one found list goes, as the user edits it in the "Add codes" dialog.
#[derive(Default, Clone)]
pub struct ListTarget {
    /// Site name.
    pub service: String,
    /// Account label.
    pub account: String,
}

/// The "Add codes" dialog.
#[derive(Default)]
pub struct AddDialog {
    /// Pasted or loaded text.
    pub text: Zeroizing<String>,
    /// Site and account for each list found, in order (filled from the guesses).
    pub targets: Vec<ListTarget>,
    /// The file the text came from, if any.
    pub file: Option<PathBuf>,
    /// Replace existing active sets.
    pub replace: bool,
    /// The legacy encoding the file was read in, when it was not Unicode.
    pub encoding: Option<&'static str>,
}

impl AddDialog {
    /// The importer's view of the text (`None` while it is empty).
    pub fn preview(&self) -> Option<Result<crate::import::Preview, crate::import::ImportError>> {
        if self.text.trim().is_empty() {
            return None;
        }
        let name = self
            .file
            .as_ref()
            .and_then(|f| f.file_name())
            .and_then(|n| n.to_str());
        Some(crate::import::preview_text(&self.text, name))
    }
}

/// What to print.
pub struct PrintOptions {
    /// Account indices; empty means all.
    pub scope: Vec<usize>,
    /// Paper size.
    pub paper: PaperSize,
    /// Leave account labels off.
    pub anonymous: bool,
    /// Printer-blind: codes only inside the encrypted QR code.
    pub blind: bool,
}

/// The one dialog open over the window (they are mutually exclusive).
#[derive(Default)]
pub enum Modal {
    /// None open.
    #[default]
    None,
    /// The keyboard shortcuts.
    Shortcuts,
    /// The About box.
    About,
    /// Editing the note of code `index` (0-based) of the selected account.
    Note {
        /// Which code.
        index: usize,
        /// The note's text.
        text: Zeroizing<String>,
    },
    /// The settings, as edited.
    Settings(Settings),
    /// Print options.
    Print(PrintOptions),
    /// Adding codes.
    Add(AddDialog),
    /// Offer to delete the plaintext file the codes came from.
    DeleteSource(PathBuf),
    /// Offer to delete the PDF just printed.
    DeletePdf(PathBuf),
    /// Confirm making a new paper key.
    ConfirmRotate,
    /// Renaming the selected account.
    Rename(ListTarget),
    /// Merging the selected account into another.
    Merge {
        /// The account to merge into.
        into: Option<usize>,
    },
    /// Confirm deleting the selected (archived) account for good.
    ConfirmPurge,
    /// A code shown large, for typing on another device; masked again at `until`.
    ShowCode {
        /// Account index.
        account: usize,
        /// Code index (0-based) in the active set.
        index: usize,
        /// When it is hidden again.
        until: Instant,
    },
    /// The file dialog could not open: the path is typed instead.
    PathPrompt(PathPrompt),
    /// Typing the paper key back to prove it.
    Rehearse(KeyEntry),
    /// Making an heir kit.
    HeirKit(HeirKitDialog),
    /// What checking photos of printed sheets found.
    SheetChecks(Vec<CheckedPicture>),
}

/// One picture checked against the vault.
pub struct CheckedPicture {
    /// The file's name.
    pub name: String,
    /// One sentence per sheet found (or why none was), and whether it needs attention.
    pub lines: Vec<(String, bool)>,
}

/// A paper key being typed in a dialog.
#[derive(Default)]
pub struct KeyEntry {
    /// The key as typed.
    pub text: Zeroizing<String>,
    /// Show it as typed (masked otherwise).
    pub show: bool,
    /// What was wrong with the last try, shown at the field.
    pub error: Option<String>,
}

/// The heir kit dialog.
pub struct HeirKitDialog {
    /// The paper key to split.
    pub key: KeyEntry,
    /// Shares to make.
    pub shares: u32,
    /// Shares needed.
    pub threshold: u32,
}

impl Default for HeirKitDialog {
    fn default() -> Self {
        Self {
            key: KeyEntry::default(),
            shares: 3,
            threshold: 2,
        }
    }
}

/// What a typed path is for (when no native file dialog is available).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    /// A text file to import.
    OpenText,
    /// Where to save a sheet PDF.
    SavePdf,
    /// Where to save the recovery kit PDF.
    SaveKit,
    /// Where to save the heir kit PDF.
    SaveHeirKit,
    /// A folder for a copy of the vault.
    CopyFolder,
    /// The folder holding a copy to restore from.
    RestoreFolder,
    /// A photo or scan of a printed sheet.
    OpenPictures,
}

/// The path field shown when the native file dialog cannot open.
pub struct PathPrompt {
    /// What the path is for.
    pub purpose: PathPurpose,
    /// The path as typed.
    pub text: String,
    /// What the dialog was about to do with it (the print options, the import
    /// dialog's text), put back once the path is chosen.
    pub resume: Option<Box<Modal>>,
}

/// A short message at the bottom of the window.
pub struct Toast {
    /// The message.
    pub text: String,
    /// Whether "Undo" is offered.
    pub undo: bool,
    /// A file the user may open ("Open PDF").
    pub open: Option<PathBuf>,
    /// A code just used (account, code index), which *Show* displays large.
    pub show: Option<(usize, usize)>,
    /// When it disappears.
    pub until: Instant,
}

/// Everything the views draw and edit.
pub struct UiState {
    /// Current screen.
    pub screen: Screen,
    /// The open dialog.
    pub modal: Modal,
    /// A message to show over everything else.
    pub error: Option<String>,
    /// Settings in force.
    pub settings: Settings,
    /// Settings problems to show.
    pub settings_warnings: Vec<String>,
    /// Search text.
    pub search: String,
    /// Show archived accounts instead of the list.
    pub show_archived: bool,
    /// List order.
    pub sort: crate::keeper::accounts::Sort,
    /// Group the list by site.
    pub group_by_site: bool,
    /// Filter chip: only accounts low on codes.
    pub only_low: bool,
    /// Filter chip: only accounts never printed.
    pub only_unprinted: bool,
    /// Filter chip: only accounts whose sheet is out of date.
    pub only_stale: bool,
    /// Show the paper key as typed on the restore screen.
    pub show_paper_input: bool,
    /// The look last installed.
    pub look: super::theme::Applied,
    /// Selected account (always one the list shows).
    pub selected: Option<usize>,
    /// Accounts ticked for printing a selection.
    pub marked: BTreeSet<usize>,
    /// Revealed codes of the selected account, and until when.
    pub revealed: Vec<(usize, Instant)>,
    /// All codes revealed until.
    pub reveal_all_until: Option<Instant>,
    /// Paper key typed on the restore screen.
    pub paper_input: Zeroizing<String>,
    /// The restore screen takes heir shares instead of the paper key.
    pub restore_with_shares: bool,
    /// Heir shares typed on the restore screen.
    pub shares_input: Zeroizing<String>,
    /// Passphrase of the key file (unlock), or the new one (restore).
    pub passphrase: Zeroizing<String>,
    /// The new passphrase typed again (restore).
    pub passphrase_repeat: Zeroizing<String>,
    /// Restore into a passphrase-protected key file instead of the keyring.
    pub restore_to_key_file: bool,
    /// On a computer without the vault: the copy to restore from (folder or file).
    pub restore_copy: Option<PathBuf>,
    /// Bottom message.
    pub toast: Option<Toast>,
    /// Focus the search field on the next frame.
    pub focus_search: bool,
    /// Text pasted on the main window, for the "Add codes" dialog.
    pub pending_paste: Option<Zeroizing<String>>,
    /// The vault could not be saved; changes are only in memory.
    pub unsaved: bool,
    /// The recovery kit was not saved when the paper key was shown.
    pub kit_pending: bool,
}

impl UiState {
    /// The state at start.
    pub fn new(screen: Screen, settings: Settings, settings_warnings: Vec<String>) -> Self {
        Self {
            screen,
            modal: Modal::None,
            error: None,
            settings,
            settings_warnings,
            search: String::new(),
            show_archived: false,
            sort: crate::keeper::accounts::Sort::Name,
            group_by_site: false,
            only_low: false,
            only_unprinted: false,
            only_stale: false,
            show_paper_input: false,
            look: super::theme::Applied::default(),
            selected: None,
            marked: BTreeSet::new(),
            revealed: Vec::new(),
            reveal_all_until: None,
            paper_input: Zeroizing::new(String::new()),
            restore_with_shares: false,
            shares_input: Zeroizing::new(String::new()),
            passphrase: Zeroizing::new(String::new()),
            passphrase_repeat: Zeroizing::new(String::new()),
            restore_to_key_file: false,
            restore_copy: None,
            toast: None,
            focus_search: false,
            pending_paste: None,
            unsaved: false,
            kit_pending: false,
        }
    }

    /// Whether code `i` of the selected account is shown.
    pub fn is_revealed(&self, i: usize) -> bool {
        self.reveal_all_until.is_some() || self.revealed.iter().any(|(r, _)| *r == i)
    }

    /// Drops every dialog, selection and typed secret (one place, so locking never
    /// leaves a dialog or a decrypted value behind).
    pub fn lock(&mut self, screen: Screen) {
        self.screen = screen;
        self.modal = Modal::None;
        self.revealed.clear();
        self.reveal_all_until = None;
        self.selected = None;
        self.marked.clear();
        self.search.clear();
        self.toast = None;
        self.pending_paste = None;
        self.paper_input = Zeroizing::new(String::new());
        self.shares_input = Zeroizing::new(String::new());
        self.show_paper_input = false;
        self.passphrase = Zeroizing::new(String::new());
        self.passphrase_repeat = Zeroizing::new(String::new());
    }
}

/// What the views need to know about the app but do not edit.
pub struct Status<'a> {
    /// The vault's content, when open (or the copy on screen while saving).
    pub payload: Option<&'a crate::vault::Payload>,
    /// Accounts the list shows (search, chips and archive filter applied), in order.
    pub visible: &'a [usize],
    /// Counts for the list's summary line.
    pub counts: crate::keeper::accounts::ListCounts,
    /// A save is running.
    pub saving: bool,
    /// The last save finished a moment ago.
    pub saved_recently: bool,
    /// A PDF is being written.
    pub printing: bool,
    /// Photos of printed sheets are being read.
    pub checking: bool,
    /// The data directory.
    pub data_dir: &'a std::path::Path,
    /// Whether the data directory holds a vault.
    pub has_vault: bool,
}
