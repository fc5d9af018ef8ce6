//! Every user command, one vocabulary for buttons, menus and keyboard shortcuts:
//! each carries its label, tooltip and shortcut.

use eframe::egui::{Key, KeyboardShortcut, Modifiers};

/// A command the window can carry out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Create a new vault (first run).
    CreateVault,
    /// The user says they kept the paper key: hide it and ask for one group.
    HidePaperKey,
    /// Show the paper key again (before it is confirmed).
    ShowPaperKeyAgain,
    /// The user typed the group asked for: confirm the paper key.
    ConfirmPaperKey,
    /// Open the recovery kit PDF just saved.
    OpenKit,
    /// Show the folder holding the recovery kit just saved.
    ShowKitFolder,
    /// Show the code just used, large, for typing on another device.
    ShowUsedCode,
    /// Use the path typed in the path field (no file dialog available).
    UsePath,
    /// Save the recovery kit as a PDF.
    SaveRecoveryKit,
    /// Try the keyring again.
    RetryUnlock,
    /// Show the screen for typing the paper key.
    ShowRestore,
    /// Same, then keep this computer's new key in a passphrase-protected file.
    ShowRestoreToKeyFile,
    /// Edit the note of one code.
    EditNote(usize),
    /// Save the note being edited.
    SaveNote,
    /// Open the vault with the paper key and re-enrol this computer.
    RestoreWithPaperKey,
    /// Show the restore screen for typing heir shares instead of the paper key.
    ShowRestoreWithShares,
    /// Open the dialog for typing the paper key back.
    OpenRehearse,
    /// Check the paper key typed in that dialog.
    Rehearse,
    /// Open the heir kit dialog.
    OpenHeirKit,
    /// Make the heir kit as set in its dialog.
    MakeHeirKit,
    /// Stop warning about heir kits of an earlier paper key.
    DismissStaleHeirKits,
    /// Lock: drop all decrypted data.
    Lock,
    /// Focus the search field.
    FocusSearch,
    /// Select an account (index into the vault's accounts).
    Select(usize),
    /// Copy the next unused code of the selected account and mark it used.
    UseNextCode,
    /// Undo the last "use next code".
    Undo,
    /// Copy one code.
    Copy(usize),
    /// Show or hide one code.
    ToggleReveal(usize),
    /// Show or hide every code.
    ToggleRevealAll,
    /// Mark one code used or unused.
    SetUsed(usize, bool),
    /// Open the "Add codes" dialog.
    OpenAdd,
    /// Pick a file for the "Add codes" dialog.
    AddOpenFile,
    /// Store what the "Add codes" dialog shows.
    AddSave,
    /// Close the "Add codes" dialog.
    AddCancel,
    /// Delete the imported plaintext file.
    DeleteSource,
    /// Open the settings window.
    OpenSettings,
    /// Save the settings window's values.
    SaveSettings,
    /// Ask to make a new paper recovery key.
    NewPaperKey,
    /// Make the new paper key (confirmed: the old one stops opening the vault once
    /// the new one is confirmed).
    ConfirmNewPaperKey,
    /// Open the folder holding the vault.
    OpenVaultFolder,
    /// Print every account's sheet.
    PrintAll,
    /// Check printed sheets from photos or scans.
    CheckSheets,
    /// Print the selected account's sheet, or the ticked accounts'.
    PrintSelected,
    /// Write the PDF with the options chosen.
    PrintNow,
    /// Tick or untick an account for printing a selection.
    ToggleMark(usize),
    /// Open the file named in the message (the PDF just written).
    OpenFile,
    /// Offer to delete the PDF just written (once printed).
    OfferDeletePdf,
    /// Save an encrypted copy of the vault in a folder.
    SaveCopy,
    /// Choose the copy of the vault to restore from (a computer without the vault).
    ChooseCopy,
    /// Open the rename dialog for the selected account.
    OpenRename,
    /// Rename the selected account as typed.
    Rename,
    /// Open the merge dialog for the selected account.
    OpenMerge,
    /// Merge the selected account into the one chosen.
    Merge,
    /// Archive the selected account.
    Archive,
    /// Put the selected archived account back in the list.
    Unarchive,
    /// Switch the list between accounts and archived accounts.
    ToggleArchived,
    /// Ask to delete the selected archived account for good.
    OpenPurge,
    /// Delete the selected archived account for good (confirmed).
    Purge,
    /// Show the keyboard shortcuts.
    ShowShortcuts,
    /// Show the About box.
    ShowAbout,
    /// Close a dialog or message.
    Dismiss,
}

impl Action {
    /// The keyboard shortcut, if it has one.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let ctrl = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            Self::Lock => ctrl(Key::L),
            Self::FocusSearch => ctrl(Key::F),
            Self::OpenAdd => ctrl(Key::N),
            Self::UseNextCode => ctrl(Key::Enter),
            Self::Undo => ctrl(Key::Z),
            Self::PrintSelected => ctrl(Key::P),
            Self::CheckSheets => ctrl(Key::K),
            Self::OpenSettings => ctrl(Key::Comma),
            Self::ShowShortcuts => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F1)),
            _ => None,
        }
    }

    /// The button or menu text.
    pub fn label(&self) -> &'static str {
        match self {
            Self::OpenAdd => "Add codes…",
            Self::PrintAll => "Print all…",
            Self::PrintSelected => "Print…",
            Self::CheckSheets => "Check sheets…",
            Self::Lock => "Lock",
            Self::OpenSettings => "Settings",
            Self::ShowAbout => "About",
            Self::ShowShortcuts => "Keyboard shortcuts",
            Self::SaveCopy => "Save a copy…",
            Self::UseNextCode => "Use next code",
            Self::Undo => "Undo",
            Self::FocusSearch => "Search",
            _ => "",
        }
    }

    /// The tooltip: what it does, and its shortcut.
    pub fn tooltip(&self) -> String {
        let what = match self {
            Self::OpenAdd => {
                "Store the codes a site gave you (paste with Ctrl+V, or drop the file)"
            }
            Self::PrintAll => "One sheet per account, as a PDF to print",
            Self::CheckSheets => {
                "Compare printed sheets with the vault from photos or scans: which codes to tick, which sheets to shred"
            }
            Self::Lock => "Clear everything decrypted from memory",
            Self::OpenSettings => "Paper size, timeouts, theme, recovery key",
            Self::ShowAbout => "Version and licences",
            Self::SaveCopy => {
                "Save an encrypted copy of the vault elsewhere (a USB stick), so your paper key has a vault to open"
            }
            _ => self.description(),
        };
        match self.shortcut() {
            Some(s) => format!("{what} ({})", shortcut_text(&s)),
            None => what.to_owned(),
        }
    }

    /// What the shortcut list says it does.
    pub fn description(&self) -> &'static str {
        match self {
            Self::Lock => "Lock the vault",
            Self::FocusSearch => "Search accounts",
            Self::OpenAdd => "Add codes (Ctrl+V on the main window pastes straight in)",
            Self::UseNextCode => "Use next code of the selected account",
            Self::Undo => "Undo the last use",
            Self::PrintSelected => "Print the selected account's sheet",
            Self::CheckSheets => "Check printed sheets from photos or scans",
            Self::OpenSettings => "Settings",
            Self::ShowShortcuts => "Show this list",
            _ => "",
        }
    }

    /// Actions that have shortcuts, for the Help window.
    pub fn with_shortcuts() -> [Self; 9] {
        [
            Self::UseNextCode,
            Self::Undo,
            Self::FocusSearch,
            Self::OpenAdd,
            Self::PrintSelected,
            Self::CheckSheets,
            Self::OpenSettings,
            Self::Lock,
            Self::ShowShortcuts,
        ]
    }
}

/// A shortcut as people write it ("Ctrl+L").
pub fn shortcut_text(s: &KeyboardShortcut) -> String {
    let mut out = String::new();
    if s.modifiers.command {
        out.push_str(if cfg!(target_os = "macos") {
            "Cmd+"
        } else {
            "Ctrl+"
        });
    }
    out.push_str(s.logical_key.symbol_or_name());
    out
}
