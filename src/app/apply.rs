//! Applying the actions the views pushed: each one is a call into [`crate::keeper`]
//! (or a change of what is shown), with the result turned into a screen, toast or
//! error message in the window's words.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use age::secrecy::{ExposeSecret, SecretString};
use jiff::Timestamp;
use zeroize::Zeroizing;

use super::{App, Started, jobs, open_with_system};
use crate::action::Action;
use crate::import;
use crate::keeper::{self, Hint, KeeperError, PASTED_SOURCE, keys::NewKeyStore};
use crate::ui::state::{
    AddDialog, ListTarget, Modal, PathPrompt, PathPurpose, PrintOptions, Screen, Toast,
};

/// An error in the window's words: what happened, then what to do with the window's
/// own controls (never a terminal command).
pub fn describe(e: &KeeperError) -> String {
    let what = match e {
        KeeperError::Vault(v) => crate::ui::window_words(&v.to_string()),
        other => other.to_string(),
    };
    let hint = match e.hint() {
        Hint::NameTheSite => "Type the site's name in Site.",
        Hint::SeveralLists => "Each list is stored under its own site.",
        Hint::ReplaceIfNew => {
            "If you generated new codes on the site, tick Replace: the old set is kept as history."
        }
        Hint::GenerateNewCodes => "Generate new codes on the site and add them.",
        Hint::ChooseAnotherPath => "Choose another file or folder.",
        Hint::Merge => "To combine the two accounts, use Merge….",
        Hint::ArchiveFirst => "Archive it first.",
        Hint::CheckPaperKey => "Check every character and try again.",
        Hint::LongerPassphrase => {
            "Choose a longer one: four or more unrelated words, or a sentence only you would write."
        }
        Hint::UsePaperKey => "Open the vault with your paper key.",
        Hint::MakeNewRecoveryKey => "Make a new recovery key (Settings) to settle it.",
        Hint::UnlockKeyring => "Unlock your keyring and try again.",
        Hint::UnlockKeyringToCreate => {
            "Unlock it (your desktop may ask for your login password) and create the vault again."
        }
        Hint::CheckDisk => "Check that the disk has space and try again.",
        Hint::Reopen => "Lock and unlock to load the vault again, then make your change again.",
        _ => "",
    };
    let what = super::capitalise(&what);
    if hint.is_empty() {
        format!("{what}.")
    } else {
        format!("{what}. {hint}")
    }
}

impl App {
    pub(super) fn fail(&mut self, e: &KeeperError) {
        self.state.error = Some(describe(e));
    }

    /// An error after a sentence saying what did not happen.
    fn fail_with(&mut self, what: &str, e: &KeeperError) {
        self.state.error = Some(format!("{what} {}", describe(e)));
    }

    pub(super) fn toast(&mut self, text: impl Into<String>, undo: bool) {
        self.state.toast = Some(Toast {
            text: text.into(),
            undo,
            open: None,
            show: None,
            until: Instant::now() + Duration::from_secs(8),
        });
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
                let secs = self.state.settings.clipboard_clear_seconds;
                self.clipboard_owned =
                    Some((code, Instant::now() + Duration::from_secs(u64::from(secs))));
                true
            }
            Err(e) => {
                self.state.error = Some(format!("Could not copy to the clipboard: {e}"));
                false
            }
        }
    }

    /// Selects an account; codes revealed for another one are hidden again.
    fn select(&mut self, i: Option<usize>) {
        if self.state.selected != i {
            self.state.revealed.clear();
            self.state.reveal_all_until = None;
        }
        self.state.selected = i;
    }

    fn selected_name(&self) -> String {
        self.state
            .selected
            .and_then(|i| self.payload()?.accounts.get(i))
            .map(crate::vault::Account::display_name)
            .unwrap_or_default()
    }

    /// A path from the system's file dialog; when none can open, a path field is
    /// shown instead and the action runs again with what is typed there.
    pub(super) fn ask_path(&mut self, purpose: PathPurpose) -> Option<PathBuf> {
        if let Some(path) = self.typed_path.take() {
            return Some(path);
        }
        let dialogs = &self.services.dialogs;
        if !dialogs.available() {
            let resume = std::mem::take(&mut self.state.modal);
            self.state.modal = Modal::PathPrompt(PathPrompt {
                purpose,
                text: String::new(),
                resume: Some(Box::new(resume)),
            });
            return None;
        }
        match purpose {
            PathPurpose::OpenText => dialogs.open_text(),
            PathPurpose::SavePdf => dialogs.save_pdf("codekeeper-sheets.pdf"),
            PathPurpose::SaveKit => dialogs.save_pdf("codekeeper-recovery-kit.pdf"),
            PathPurpose::SaveHeirKit => dialogs.save_pdf("codekeeper-heir-kit.pdf"),
            PathPurpose::CopyFolder | PathPurpose::RestoreFolder => dialogs.pick_folder(),
            PathPurpose::OpenPictures => dialogs.open_pictures().into_iter().next(),
        }
    }

    /// The path typed in the path field: put back the dialog it interrupted and run
    /// its action again with the path.
    fn use_typed_path(&mut self) {
        let Modal::PathPrompt(prompt) = std::mem::take(&mut self.state.modal) else {
            return;
        };
        let typed = prompt.text.trim();
        let path = match typed.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME").map_or_else(
                || PathBuf::from(typed),
                |home| PathBuf::from(home).join(rest),
            ),
            None => PathBuf::from(typed),
        };
        if let Some(resume) = prompt.resume {
            self.state.modal = *resume;
        }
        self.typed_path = Some(path);
        let action = match prompt.purpose {
            PathPurpose::OpenText => Action::AddOpenFile,
            PathPurpose::SavePdf => Action::PrintNow,
            PathPurpose::SaveKit => Action::SaveRecoveryKit,
            PathPurpose::SaveHeirKit => Action::MakeHeirKit,
            PathPurpose::CopyFolder => Action::SaveCopy,
            PathPurpose::RestoreFolder => Action::ChooseCopy,
            PathPurpose::OpenPictures => Action::CheckSheets,
        };
        self.apply(action);
        self.typed_path = None;
    }

    /// Carries out one action.
    pub(super) fn apply(&mut self, action: Action) {
        self.last_activity = Instant::now();
        self.list_dirty = true;
        self.wait_for_save();
        match action {
            Action::CreateVault => self.create_vault(),
            Action::HidePaperKey | Action::ShowPaperKeyAgain => {
                if let Screen::PaperKey {
                    key,
                    asked_group,
                    confirm,
                    confirm_error,
                    ..
                } = &mut self.state.screen
                {
                    *asked_group = (action == Action::HidePaperKey)
                        .then(|| keeper::paper_key::pick_group(key.expose_secret()));
                    confirm.clear();
                    *confirm_error = None;
                }
            }
            Action::ConfirmPaperKey => self.confirm_paper_key(),
            Action::OpenKit | Action::ShowKitFolder => {
                if let Screen::PaperKey {
                    kit_saved: Some(path),
                    ..
                } = &self.state.screen
                {
                    if action == Action::OpenKit {
                        open_with_system(path);
                    } else if let Some(folder) = path.parent() {
                        open_with_system(folder);
                    }
                }
            }
            Action::ShowUsedCode => {
                if let Some((account, index)) = self.state.toast.as_ref().and_then(|t| t.show) {
                    let secs = u64::from(self.state.settings.reveal_seconds);
                    self.state.modal = Modal::ShowCode {
                        account,
                        index,
                        until: Instant::now() + Duration::from_secs(secs),
                    };
                }
            }
            Action::SaveRecoveryKit => self.save_recovery_kit(),
            Action::RetryUnlock => {
                // Leaving the restore screen: what was typed there goes.
                self.state.paper_input = Zeroizing::new(String::new());
                self.state.shares_input = Zeroizing::new(String::new());
                self.start_unlock();
            }
            Action::ShowRestore => {
                self.state.restore_to_key_file = false;
                self.state.restore_with_shares = false;
                self.state.screen = Screen::Restore;
            }
            Action::ShowRestoreToKeyFile => {
                self.state.restore_to_key_file = true;
                self.state.restore_with_shares = false;
                self.state.screen = Screen::Restore;
            }
            Action::ShowRestoreWithShares => {
                self.state.restore_to_key_file = false;
                self.state.restore_with_shares = true;
                self.state.screen = Screen::Restore;
            }
            Action::OpenRehearse => self.open_rehearse(),
            Action::Rehearse => self.rehearse(),
            Action::OpenHeirKit => self.open_heir_kit(),
            Action::MakeHeirKit => self.make_heir_kit(),
            Action::DismissStaleHeirKits => self.dismiss_stale_heir_kits(),
            Action::EditNote(i) => {
                let current = self
                    .state
                    .selected
                    .and_then(|a| {
                        self.payload()?
                            .accounts
                            .get(a)?
                            .active_set()?
                            .codes
                            .get(i)?
                            .note
                            .clone()
                    })
                    .unwrap_or_default();
                self.state.modal = Modal::Note {
                    index: i,
                    text: Zeroizing::new(current),
                };
            }
            Action::SaveNote => self.save_note(),
            Action::RestoreWithPaperKey => self.restore(),
            Action::Lock => self.lock(),
            Action::FocusSearch => self.state.focus_search = true,
            Action::Select(i) => self.select(Some(i)),
            Action::UseNextCode => self.use_next(),
            Action::Undo => self.undo(),
            Action::Copy(i) => {
                if let Some(a) = self.state.selected
                    && self.copy_code(a, i)
                {
                    let secs = self.state.settings.clipboard_clear_seconds;
                    let name = self.selected_name();
                    self.toast(
                        format!(
                            "Copied code {} of {name}. The clipboard is cleared in {secs} s.",
                            i + 1
                        ),
                        false,
                    );
                }
            }
            Action::ToggleReveal(i) => {
                if self.state.revealed.iter().any(|(r, _)| *r == i) {
                    self.state.revealed.retain(|(r, _)| *r != i);
                } else {
                    let secs = u64::from(self.state.settings.reveal_seconds);
                    self.state
                        .revealed
                        .push((i, Instant::now() + Duration::from_secs(secs)));
                }
            }
            Action::ToggleRevealAll => {
                self.state.reveal_all_until = match self.state.reveal_all_until {
                    Some(_) => None,
                    None => Some(
                        Instant::now()
                            + Duration::from_secs(u64::from(self.state.settings.reveal_seconds)),
                    ),
                };
            }
            Action::SetUsed(i, used) => self.set_used(i, used),
            Action::OpenAdd => {
                if self.vault.is_some() {
                    let text = self.state.pending_paste.take().unwrap_or_default();
                    self.state.modal = Modal::Add(AddDialog {
                        text,
                        ..AddDialog::default()
                    });
                }
            }
            Action::AddOpenFile => {
                if let Some(path) = self.ask_path(PathPurpose::OpenText) {
                    self.open_dropped(path);
                }
            }
            Action::UsePath => self.use_typed_path(),
            Action::AddSave => self.add_save(),
            Action::AddCancel => self.state.modal = Modal::None,
            Action::DeleteSource => self.delete_file(),
            Action::OpenSettings => {
                self.state.modal = Modal::Settings(self.state.settings.clone());
            }
            Action::SaveSettings => self.save_settings(),
            Action::NewPaperKey => self.state.modal = Modal::ConfirmRotate,
            Action::ConfirmNewPaperKey => {
                self.state.modal = Modal::None;
                self.begin_rotation(true);
            }
            Action::OpenVaultFolder => open_with_system(&self.services.dirs.data_dir),
            Action::PrintAll => self.open_print(Vec::new()),
            Action::CheckSheets => self.check_sheets(),
            Action::PrintSelected => {
                let scope: Vec<usize> = if self.state.marked.is_empty() {
                    self.state.selected.into_iter().collect()
                } else {
                    self.state.marked.iter().copied().collect()
                };
                if !scope.is_empty() {
                    self.open_print(scope);
                }
            }
            Action::PrintNow => self.print_now(),
            Action::ToggleMark(i) => {
                if !self.state.marked.remove(&i) {
                    self.state.marked.insert(i);
                }
            }
            Action::OpenFile => {
                if let Some(path) = self.state.toast.as_ref().and_then(|t| t.open.clone()) {
                    open_with_system(&path);
                }
            }
            Action::OfferDeletePdf => {
                if let Some(path) = self.state.toast.as_ref().and_then(|t| t.open.clone()) {
                    self.state.modal = Modal::DeletePdf(path);
                }
            }
            Action::SaveCopy => self.save_copy(),
            Action::ChooseCopy => {
                if let Some(folder) = self.ask_path(PathPurpose::RestoreFolder) {
                    self.state.restore_copy = Some(folder);
                }
            }
            Action::OpenRename => {
                if let Some(a) = self
                    .state
                    .selected
                    .and_then(|i| self.payload()?.accounts.get(i))
                {
                    self.state.modal = Modal::Rename(ListTarget {
                        service: a.service.clone(),
                        account: a.label.clone(),
                    });
                }
            }
            Action::Rename => self.rename(),
            Action::OpenMerge => {
                if self.state.selected.is_some() {
                    self.state.modal = Modal::Merge { into: None };
                }
            }
            Action::Merge => self.merge(),
            Action::Archive => self.archive(true),
            Action::Unarchive => self.archive(false),
            Action::ToggleArchived => {
                self.state.show_archived = !self.state.show_archived;
                self.state.selected = None;
                self.state.marked.clear();
            }
            Action::OpenPurge => {
                if self.state.selected.is_some() {
                    self.state.modal = Modal::ConfirmPurge;
                }
            }
            Action::Purge => self.purge(),
            Action::ShowShortcuts => {
                self.state.modal = match self.state.modal {
                    Modal::Shortcuts => Modal::None,
                    _ => Modal::Shortcuts,
                };
            }
            Action::ShowAbout => self.state.modal = Modal::About,
            Action::Dismiss => {
                if self.state.error.take().is_none() {
                    self.state.modal = Modal::None;
                }
            }
        }
    }

    fn create_vault(&mut self) {
        match keeper::keys::create(&self.paths(), self.services.store.as_ref()) {
            Ok(created) => {
                self.state.screen = Screen::PaperKey {
                    key: SecretString::from(created.paper.expose().to_owned()),
                    confirm: String::new(),
                    asked_group: None,
                    confirm_error: None,
                    kit_saved: None,
                    replaces_old: false,
                };
                self.vault = Some(created.vault);
            }
            Err(e) => self.fail(&e),
        }
    }

    /// Makes a new paper key (the vault then opens with the old and the new one) and
    /// shows it; the old one is dropped only once the new one is confirmed.
    pub(super) fn begin_rotation(&mut self, replaces_old: bool) {
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        match keeper::keys::begin_rotation(vault) {
            Ok(rotation) => {
                if !rotation.report.skipped.is_empty() {
                    self.state.error = Some(skipped_text(&rotation.report));
                }
                self.state.screen = Screen::PaperKey {
                    key: SecretString::from(rotation.paper.expose().to_owned()),
                    confirm: String::new(),
                    asked_group: None,
                    confirm_error: None,
                    kit_saved: None,
                    replaces_old,
                };
            }
            Err(e) => {
                self.fail_with("No new paper key was made.", &e);
            }
        }
    }

    fn confirm_paper_key(&mut self) {
        let Screen::PaperKey {
            key,
            confirm,
            asked_group,
            confirm_error,
            kit_saved,
            replaces_old,
        } = &mut self.state.screen
        else {
            return;
        };
        let Some(group) = *asked_group else {
            return;
        };
        if !keeper::paper_key::group_matches(key.expose_secret(), group, confirm) {
            *confirm_error = Some(format!(
                "That is not group {group} of your paper key. Count the groups on what you wrote down and type group {group}; or show the key again."
            ));
            return;
        }
        let kit_pending = kit_saved.is_none();
        let replaces_old = *replaces_old;
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        let confirmed = keeper::keys::key_shown(vault);
        let done = !vault.rotation_pending() && vault.payload().paper_key_confirmed;
        match confirmed {
            Err(e) if done => {
                // The vault holds the new key only, though a check after saving failed.
                self.state.kit_pending = kit_pending;
                self.state.screen = Screen::Main;
                self.fail_with(
                    "The new paper key is the valid one now, but saving reported a problem.",
                    &e,
                );
            }
            Ok(report) => {
                self.state.kit_pending = kit_pending;
                self.state.screen = Screen::Main;
                if !report.skipped.is_empty() {
                    self.state.error = Some(skipped_text(&report));
                }
                if replaces_old {
                    let heirs = if self
                        .payload()
                        .is_some_and(|p| !keeper::heirs::stale_kits(p).is_empty())
                    {
                        " Heir kits made before hold the old key too: make a new one (Settings) and ask the holders to destroy the old shares."
                    } else {
                        ""
                    };
                    self.toast(format!("The new paper key is the valid one now. Your old key and old printed kits no longer open this vault: destroy them.{heirs}"), false);
                }
            }
            Err(e) => {
                self.fail_with("The key was not confirmed.", &e);
            }
        }
    }

    fn save_recovery_kit(&mut self) {
        let Screen::PaperKey { key, .. } = &self.state.screen else {
            return;
        };
        let key = SecretString::from(key.expose_secret().to_owned());
        if self.vault.is_none() {
            return;
        }
        let Some(path) = self.ask_path(PathPurpose::SaveKit) else {
            return;
        };
        let Some(vault) = &self.vault else { return };
        match keeper::paper::write_recovery_kit(
            vault,
            key.expose_secret(),
            self.state.settings.paper,
            &path,
        ) {
            Ok(written) => {
                if let Screen::PaperKey { kit_saved, .. } = &mut self.state.screen {
                    *kit_saved = Some(written.clone());
                }
                self.toast(
                    format!(
                        "Saved the recovery kit to {}. Print it, then delete the file.",
                        written.display()
                    ),
                    false,
                );
            }
            Err(e) => {
                self.fail_with("The recovery kit was not saved.", &e);
            }
        }
    }

    fn restore(&mut self) {
        let Some(paper) = self.restore_key() else {
            return;
        };
        let paths = self.paths();
        let store = if self.state.restore_to_key_file {
            if *self.state.passphrase != *self.state.passphrase_repeat {
                self.state.error =
                    Some("The two passphrases differ. Type the same one twice.".into());
                return;
            }
            NewKeyStore::KeyFile(SecretString::from(self.state.passphrase.to_string()))
        } else {
            NewKeyStore::Keyring(self.services.store.as_ref())
        };
        let copy = self
            .state
            .restore_copy
            .clone()
            .filter(|_| !paths.vault().exists());
        let result = keeper::keys::restore_from(&paths, copy.as_deref(), &paper, store, false);
        self.state.passphrase = Zeroizing::new(String::new());
        self.state.passphrase_repeat = Zeroizing::new(String::new());
        match result {
            Ok(restored) => {
                self.state.paper_input = Zeroizing::new(String::new());
                self.state.shares_input = Zeroizing::new(String::new());
                self.show_notices(&restored.notices);
                if !restored.report.skipped.is_empty() {
                    self.state.error = Some(skipped_text(&restored.report));
                }
                self.vault = Some(restored.vault);
                self.state.screen = Screen::Main;
                self.toast(
                    format!(
                        "Opened with {}. This computer is enrolled again ({} re-encrypted backups); {}",
                        if self.state.restore_with_shares { "the heir shares" } else { "your paper key" },
                        restored.report.rewritten,
                        if self.state.restore_with_shares {
                            "the shares stay valid. Their holders together now know the paper key: when things are settled, make a new one in Settings."
                        } else {
                            "the paper key stays valid."
                        }
                    ),
                    false,
                );
                self.show_key_if_never_shown();
            }
            Err(KeeperError::Vault(crate::vault::VaultError::WrongKey(_)))
                if self.state.restore_with_shares =>
            {
                self.state.error = Some("The key these heir shares hold does not open this vault or any of its backups: they were made for another vault, or before its paper key was replaced by a new one, or this copy of the vault is older than the shares.".into());
            }
            Err(KeeperError::Vault(crate::vault::VaultError::WrongKey(_))) => {
                self.state.error = Some("That paper key does not open this vault or any of its backups. Check that it is the key printed for this vault: a key replaced by a newer one no longer opens it.".into());
            }
            Err(e) => self.fail(&e),
        }
    }

    fn use_next(&mut self) {
        let Some(a) = self.state.selected else { return };
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        match keeper::codes::use_next(vault.payload_mut(), a, Timestamp::now()) {
            Ok(used) => {
                self.copy_code(a, used.number - 1);
                self.last_used = Some((a, used.number));
                if self.save() {
                    let secs = self.state.settings.clipboard_clear_seconds;
                    self.toast(
                        format!(
                            "Code {} of {} copied and marked used; {} left. The clipboard is cleared in {secs} s.",
                            used.number, used.name, used.left
                        ),
                        true,
                    );
                    if let Some(t) = self.state.toast.as_mut() {
                        t.show = Some((a, used.number - 1));
                    }
                }
            }
            Err(e) => self.fail(&e),
        }
    }

    fn undo(&mut self) {
        let Some((a, n)) = self.last_used.take() else {
            return;
        };
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        if let Err(e) = keeper::codes::mark(vault.payload_mut(), a, n, false, Timestamp::now()) {
            self.fail(&e);
            return;
        }
        let name = vault.payload().accounts[a].display_name();
        self.clear_clipboard();
        if self.save() {
            self.toast(format!("Code {n} of {name} is unused again."), false);
        }
    }

    fn set_used(&mut self, i: usize, used: bool) {
        let Some(a) = self.state.selected else { return };
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        match keeper::codes::mark(vault.payload_mut(), a, i + 1, used, Timestamp::now()) {
            Ok(()) => {
                self.save();
            }
            Err(e) => self.fail(&e),
        }
    }

    fn save_note(&mut self) {
        let Modal::Note { index, text } = std::mem::take(&mut self.state.modal) else {
            return;
        };
        let Some(a) = self.state.selected else { return };
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        match keeper::codes::set_note(vault.payload_mut(), a, index + 1, &text) {
            Ok(()) => {
                if self.save() {
                    self.toast(format!("Note saved for code {}.", index + 1), false);
                }
            }
            Err(e) => {
                self.state.modal = Modal::Note { index, text };
                self.fail(&e);
            }
        }
    }

    /// The importer's view of the "Add codes" dialog's text.
    pub fn add_preview(&self) -> Option<Result<import::Preview, import::ImportError>> {
        let Modal::Add(dialog) = &self.state.modal else {
            return None;
        };
        dialog.preview()
    }

    fn add_save(&mut self) {
        let Modal::Add(dialog) = &self.state.modal else {
            return;
        };
        let Some(Ok(preview)) = dialog.preview() else {
            self.state.error = Some("No codes found in the text. Paste the list the site showed you, or open the file it downloaded.".into());
            return;
        };
        let targets: Vec<keeper::codes::Target> = dialog
            .targets
            .iter()
            .map(|t| keeper::codes::Target {
                service: Some(t.service.clone()),
                account: Some(t.account.clone()),
            })
            .collect();
        let source = dialog
            .file
            .as_ref()
            .and_then(|f| f.file_name())
            .map_or_else(
                || PASTED_SOURCE.to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
        let (replace, file) = (dialog.replace, dialog.file.clone());
        let plan = match keeper::codes::plan_import(&preview, &targets) {
            Ok(plan) => plan,
            Err(e) => return self.fail(&e),
        };
        drop(preview);
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        match keeper::codes::store_import(
            vault.payload_mut(),
            plan,
            &source,
            replace,
            Timestamp::now(),
        ) {
            Ok(stored) => {
                let text: Vec<String> = stored
                    .iter()
                    .map(|s| format!("{} codes for {}", s.count, s.name))
                    .collect();
                self.state.search.clear();
                self.state.show_archived = false;
                self.select(stored.first().map(|s| s.account));
                if self.save() {
                    self.state.modal = file.map_or(Modal::None, Modal::DeleteSource);
                    self.toast(format!("Saved {}.", text.join(", ")), false);
                }
            }
            Err(e) => self.fail(&e),
        }
    }

    pub(super) fn save_settings(&mut self) {
        let Modal::Settings(draft) = std::mem::take(&mut self.state.modal) else {
            return;
        };
        match draft.save(&self.services.dirs.settings_file()) {
            Ok(()) => {
                self.state.settings = draft;
                self.toast("Settings saved.", false);
            }
            Err(e) => {
                self.state.modal = Modal::Settings(draft);
                self.state.error = Some(format!("Settings were not saved: {e}"));
            }
        }
    }

    /// Opens a dropped file in the "Add codes" dialog.
    pub fn open_dropped(&mut self, path: PathBuf) {
        if self.vault.is_none() {
            return;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.len() > import::MAX_IMPORT_BYTES as u64 => {
                self.state.error = Some(import::DecodeError::TooLarge(m.len()).to_string());
                return;
            }
            Err(e) => {
                self.state.error = Some(format!("Could not read {}: {e}", path.display()));
                return;
            }
            Ok(_) => {}
        }
        match std::fs::read(&path).map(Zeroizing::new) {
            Ok(bytes) => match import::decode_any(&bytes) {
                Ok(decoded) => {
                    self.state.modal = Modal::Add(AddDialog {
                        text: decoded.text,
                        file: Some(path),
                        encoding: decoded.legacy,
                        ..AddDialog::default()
                    });
                }
                Err(e) => self.state.error = Some(e.to_string()),
            },
            Err(e) => self.state.error = Some(format!("Could not read {}: {e}", path.display())),
        }
    }

    /// Deletes the plaintext file (imported source or printed PDF) the user agreed to delete.
    fn delete_file(&mut self) {
        let (Modal::DeleteSource(path) | Modal::DeletePdf(path)) =
            std::mem::take(&mut self.state.modal)
        else {
            return;
        };
        match std::fs::remove_file(&path) {
            Ok(()) => self.toast(format!("Deleted {}.", path.display()), false),
            Err(e) => {
                self.state.error = Some(format!("Could not delete {}: {e}", path.display()));
            }
        }
    }

    fn open_print(&mut self, scope: Vec<usize>) {
        let nothing = self
            .payload()
            .is_none_or(|p| keeper::paper::printable(p).is_empty());
        if nothing {
            self.state.error = Some("There is nothing to print yet: add codes first.".into());
            return;
        }
        self.state.modal = Modal::Print(PrintOptions {
            scope,
            paper: self.state.settings.paper,
            anonymous: false,
            blind: false,
        });
    }

    /// Prepares the sheets and writes the PDF on a thread; the vault records the
    /// sheets when it is written.
    fn print_now(&mut self) {
        if !matches!(self.state.modal, Modal::Print(_)) {
            return;
        }
        let Some(path) = self.ask_path(PathPurpose::SavePdf) else {
            return;
        };
        let Modal::Print(options) = std::mem::take(&mut self.state.modal) else {
            return;
        };
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        let job = match keeper::paper::prepare_print(
            vault,
            &options.scope,
            options.paper,
            options.anonymous,
            options.blind,
            &path,
            Timestamp::now(),
        ) {
            Ok(job) => job,
            Err(e) => {
                self.state.modal = Modal::Print(options);
                return self.fail(&e);
            }
        };
        match jobs::start("print-pdf", self.services.inline_keyring, move || {
            job.write()
        }) {
            Started::Running(job) => self.print_job = Some(job),
            Started::Done(result) => self.finish_print(result),
        }
    }

    pub(super) fn finish_print(&mut self, result: Result<keeper::paper::Printed, KeeperError>) {
        let mut printed = match result {
            Ok(p) => p,
            Err(e) => {
                self.fail_with("The sheets were not saved.", &e);
                return;
            }
        };
        self.wait_for_save();
        if let Some(vault) = self.vault.as_mut() {
            printed.record(vault.payload_mut());
        }
        if !printed.warnings.is_empty() {
            self.state.error = Some(printed.warnings.join("\n"));
        }
        if self.save() {
            self.state.toast = Some(Toast {
                text: format!(
                    "Saved {} sheet(s), {} page(s), to {}. Print it, then delete the file.",
                    printed.sheets,
                    printed.pages,
                    printed.path.display()
                ),
                undo: false,
                show: None,
                open: Some(printed.path),
                until: Instant::now() + Duration::from_secs(60),
            });
        }
    }

    fn save_copy(&mut self) {
        let Some(folder) = self.ask_path(PathPurpose::CopyFolder) else {
            return;
        };
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        match keeper::backup::save_copy(vault, &folder, Timestamp::now()) {
            Ok(saved) => {
                self.saved_at = Some(Instant::now());
                self.toast(
                    format!(
                        "Saved an encrypted copy of the vault to {}. It opens with your paper key; keep it away from this computer.",
                        saved.path.display()
                    ),
                    false,
                );
            }
            Err(e) => self.fail_with("The copy was not saved.", &e),
        }
    }

    fn rename(&mut self) {
        let Modal::Rename(target) = std::mem::take(&mut self.state.modal) else {
            return;
        };
        let (Some(i), Some(vault)) = (self.state.selected, self.vault.as_mut()) else {
            return;
        };
        match vault
            .payload_mut()
            .rename(i, &target.service, &target.account)
        {
            Ok(()) => {
                let name = vault.payload().accounts[i].display_name();
                self.state.search.clear();
                if self.save() {
                    self.toast(format!("Renamed to {name}."), false);
                }
            }
            Err(e) => {
                self.state.modal = Modal::Rename(target);
                self.fail(&e.into());
            }
        }
    }

    fn merge(&mut self) {
        let Modal::Merge { into: Some(into) } = std::mem::take(&mut self.state.modal) else {
            return;
        };
        let (Some(from), Some(vault)) = (self.state.selected, self.vault.as_mut()) else {
            return;
        };
        let from_name = vault.payload().accounts[from].display_name();
        match vault.payload_mut().merge(from, into, Timestamp::now()) {
            Ok(target) => {
                let name = vault.payload().accounts[target].display_name();
                self.state.search.clear();
                self.select(Some(target));
                self.state.marked.clear();
                self.last_used = None;
                if self.save() {
                    self.toast(
                        format!("Merged {from_name} into {name}; every code set is kept."),
                        false,
                    );
                }
            }
            Err(e) => self.fail(&e.into()),
        }
    }

    fn archive(&mut self, archive: bool) {
        let (Some(i), Some(vault)) = (self.state.selected, self.vault.as_mut()) else {
            return;
        };
        let result = if archive {
            vault.payload_mut().archive(i, Timestamp::now())
        } else {
            vault.payload_mut().unarchive(i)
        };
        match result {
            Ok(()) => {
                let name = vault.payload().accounts[i].display_name();
                self.state.selected = None;
                self.last_used = None;
                if self.save() {
                    self.toast(
                        if archive {
                            format!("Archived {name}. It stays in the vault, encrypted: find it under Archived.")
                        } else {
                            format!("{name} is back in the list.")
                        },
                        false,
                    );
                }
            }
            Err(e) => self.fail(&e.into()),
        }
    }

    fn purge(&mut self) {
        self.state.modal = Modal::None;
        let (Some(i), Some(vault)) = (self.state.selected, self.vault.as_mut()) else {
            return;
        };
        match vault.payload_mut().purge(i) {
            Ok(account) => {
                self.state.selected = None;
                self.state.marked.clear();
                self.last_used = None;
                if self.save() {
                    self.toast(
                        format!("Deleted {} and its codes.", account.display_name()),
                        false,
                    );
                }
            }
            Err(e) => self.fail(&e.into()),
        }
    }
}

fn skipped_text(report: &crate::vault::BackupRewrite) -> String {
    let names: Vec<String> = report
        .skipped
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    format!(
        "These backups could not be opened or rewritten and were left as they were: {}",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_messages_never_name_a_terminal_command() {
        let errors = [
            KeeperError::Vault(crate::vault::VaultError::RecoveryNeeded("no entry".into())),
            KeeperError::Vault(crate::vault::VaultError::NotInitialized("/x".into())),
            KeeperError::Vault(crate::vault::VaultError::WrongKey(
                "stored on this computer",
            )),
            KeeperError::Vault(crate::vault::VaultError::KeyStore(
                crate::vault::KeyStoreError::Locked,
            )),
            KeeperError::Vault(crate::vault::VaultError::KeyStore(
                crate::vault::KeyStoreError::WrongPassphrase,
            )),
            KeeperError::AllUsed("GitHub".into()),
            KeeperError::PaperKeyNotShown,
        ];
        for e in &errors {
            let text = describe(e);
            assert!(!text.contains("codekeeper "), "{text}");
            assert!(!text.contains("--"), "{text}");
        }
    }
}
