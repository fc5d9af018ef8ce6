//! The window's paper key operations beyond showing it: rehearsing it, making an heir
//! kit, and turning typed heir shares into the key for restoring. Each calls the one
//! engine operation ([`crate::keeper::proof`], [`crate::keeper::heirs`]) and words
//! its result; a wrong key is said at the dialog's field, other failures in the error
//! box.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use zeroize::Zeroizing;

use super::App;
use super::apply::describe;
use crate::keeper::{self, KeeperError};
use crate::ui::state::{HeirKitDialog, KeyEntry, Modal, PathPurpose, Toast};

/// A wrong key, in the words of a dialog's field.
fn key_problem(e: &KeeperError) -> Option<String> {
    match e {
        KeeperError::NotThisPaperKey => Some("That is a valid paper key, but not this vault's: an older key replaced by a new one, or another vault's key.".to_owned()),
        KeeperError::InvalidPaperKey => Some("That is not a valid paper key. Check every character.".to_owned()),
        _ => None,
    }
}

impl App {
    /// Opened from Settings: changes made there are kept, not dropped.
    fn keep_settings_draft(&mut self) {
        if matches!(&self.state.modal, Modal::Settings(draft) if *draft != self.state.settings) {
            self.save_settings();
        }
    }

    pub(super) fn open_rehearse(&mut self) {
        self.keep_settings_draft();
        self.state.modal = Modal::Rehearse(KeyEntry::default());
    }

    pub(super) fn open_heir_kit(&mut self) {
        self.keep_settings_draft();
        self.state.modal = Modal::HeirKit(HeirKitDialog::default());
    }

    pub(super) fn dismiss_stale_heir_kits(&mut self) {
        self.wait_for_save();
        if let Some(vault) = self.vault.as_mut() {
            keeper::heirs::retire_stale(vault.payload_mut());
            self.save();
        }
    }

    pub(super) fn rehearse(&mut self) {
        self.wait_for_save();
        let Modal::Rehearse(entry) = &mut self.state.modal else {
            return;
        };
        let Some(vault) = self.vault.as_mut() else {
            return;
        };
        let now = Timestamp::now();
        match keeper::proof::rehearse(vault.payload_mut(), &entry.text, now) {
            Ok(()) => {
                self.state.modal = Modal::None;
                if self.save() {
                    let months = self.state.settings.rehearse_months;
                    let next = self
                        .payload()
                        .map(|p| keeper::proof::rehearsal(p, months, now));
                    let when = match next {
                        Some(keeper::proof::Rehearsal::Fine { next, .. }) => {
                            format!(" Next rehearsal: {}.", keeper::day(next))
                        }
                        _ => String::new(),
                    };
                    self.toast(
                        format!("That is this vault's paper key: it opens the vault. Recorded today; nothing of the key was kept.{when}"),
                        false,
                    );
                }
            }
            Err(e) => match key_problem(&e) {
                Some(text) => entry.error = Some(text),
                None => self.fail(&e),
            },
        }
    }

    pub(super) fn make_heir_kit(&mut self) {
        let Some(path) = self.ask_path(PathPurpose::SaveHeirKit) else {
            return;
        };
        self.wait_for_save();
        let Modal::HeirKit(d) = &mut self.state.modal else {
            return;
        };
        let Some(vault) = self.vault.as_ref() else {
            return;
        };
        let made = keeper::heirs::make_heir_kit(
            vault,
            &d.key.text,
            u8::try_from(d.threshold).unwrap_or(u8::MAX),
            u8::try_from(d.shares).unwrap_or(u8::MAX),
            self.state.settings.paper,
            &path,
            Timestamp::now(),
        );
        let made = match made {
            Ok(made) => made,
            Err(e) => {
                match key_problem(&e) {
                    Some(text) => d.key.error = Some(text),
                    None => {
                        self.state.error =
                            Some(format!("The heir kit was not saved. {}", describe(&e)));
                    }
                }
                return;
            }
        };
        self.state.modal = Modal::None;
        if !made.warnings.is_empty() {
            self.state.error = Some(made.warnings.join("\n"));
        }
        let mut text = format!(
            "Saved the heir kit to {}: {} pages, one share each; any {} open the vault. Print it, give each page to a different person, then delete the file: together the pages are your paper key.",
            made.path.display(),
            made.record.shares,
            made.record.threshold
        );
        if let Some(vault) = self.vault.as_mut() {
            keeper::heirs::record(vault.payload_mut(), made.record);
            text.push_str(match keeper::heirs::copy_for_heirs(vault.payload()) {
                keeper::heirs::CopyForHeirs::Fits => " The holders also need the copy of the vault you saved last.",
                keeper::heirs::CopyForHeirs::OlderKey => " Your last copy of the vault was saved before this paper key was made: save a new one (Save a copy…) and tell the holders where it is.",
                keeper::heirs::CopyForHeirs::None => " The holders also need a copy of the vault: save one (Save a copy…) and tell them where it is.",
            });
        }
        if self.save() {
            self.state.toast = Some(Toast {
                text,
                undo: false,
                show: None,
                open: Some(made.path),
                until: Instant::now() + Duration::from_secs(60),
            });
        }
    }

    /// The paper key for restoring: typed, or rebuilt from typed heir shares (`None`
    /// after saying what is wrong with them).
    pub(super) fn restore_key(&mut self) -> Option<Zeroizing<String>> {
        if !self.state.restore_with_shares {
            return Some(Zeroizing::new(self.state.paper_input.to_string()));
        }
        match keeper::heirs::key_from_shares(&self.state.shares_input) {
            Ok(key) => Some(key),
            Err(e) => {
                self.state.error = Some(format!(
                    "The shares do not open the vault: {e}. Check the words against the printed shares."
                ));
                None
            }
        }
    }
}
