//! The paper key dialogs: rehearsing the key (typing it back to prove it) and making
//! an heir kit (splitting it into shares). Both take the whole key, checked as it is
//! typed; the operations are [`crate::keeper::proof`] and [`crate::keeper::heirs`].

use eframe::egui::{self, RichText};

use super::state::{HeirKitDialog, KeyEntry};
use super::theme;
use crate::action::Action;
use crate::keeper::paper_key::{TypedKey, check_typed};

fn escape(ui: &egui::Ui) -> bool {
    ui.input(|i| i.key_pressed(egui::Key::Escape))
}

/// The key field with its live check; returns whether Enter was pressed in it with a
/// complete key.
fn key_field(ui: &mut egui::Ui, entry: &mut KeyEntry) -> bool {
    let dark = ui.visuals().dark_mode;
    let label = ui.label("Paper key");
    let edit = ui
        .add(
            egui::TextEdit::multiline(&mut *entry.text)
                .password(!entry.show)
                .font(egui::TextStyle::Monospace)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if !edit.has_focus() && !edit.lost_focus() && entry.text.is_empty() {
        edit.request_focus();
    }
    let check = check_typed(&entry.text);
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut entry.show, "Show the key as I type");
        if let Some(error) = &entry.error {
            ui.colored_label(theme::error(dark), error);
        } else if let Some(text) = check.message() {
            let color = match &check {
                c if c.is_error() => theme::error(dark),
                TypedKey::Complete => theme::good(dark),
                _ => ui.visuals().weak_text_color(),
            };
            ui.colored_label(color, text);
        }
    });
    edit.has_focus()
        && check == TypedKey::Complete
        && ui.input(|i| i.key_pressed(egui::Key::Enter) && !i.modifiers.shift)
}

/// "Rehearse your paper key".
pub(super) fn rehearse_ui(
    ui: &mut egui::Ui,
    entry: &mut KeyEntry,
    last: &str,
    actions: &mut Vec<Action>,
) {
    egui::Modal::new(egui::Id::unique("rehearse")).show(ui.ctx(), |ui| {
        ui.set_width(480.0);
        ui.heading("Rehearse your paper key");
        ui.add(egui::Label::new("Take out your paper key and type it in full. Codekeeper checks that it opens this vault, so you know the paper works before the day you need it. Only the date is recorded, nothing of the key.").wrap());
        ui.label(RichText::new(last).weak());
        ui.add_space(theme::GAP / 2.0);
        let enter = key_field(ui, entry);
        ui.add_space(theme::GAP / 2.0);
        ui.horizontal(|ui| {
            let ready = check_typed(&entry.text) == TypedKey::Complete;
            let check = theme::primary_button(ui, "Check the key");
            if ui.add_enabled(ready, check).clicked() || enter {
                actions.push(Action::Rehearse);
            }
            if ui.button("Cancel").clicked() || escape(ui) {
                actions.push(Action::Dismiss);
            }
        });
    });
}

/// "Make an heir kit".
pub(super) fn heir_kit_ui(ui: &mut egui::Ui, d: &mut HeirKitDialog, actions: &mut Vec<Action>) {
    egui::Modal::new(egui::Id::unique("heir-kit")).show(ui.ctx(), |ui| {
        ui.set_width(500.0);
        ui.heading("Make an heir kit");
        ui.add(egui::Label::new("Split your paper key into shares for people you trust, one printed page each. The number of them you choose can open the vault together, with a copy of the vault; fewer learn nothing. The shares follow the SLIP-0039 standard, so they also work without Codekeeper.").wrap());
        ui.add_space(theme::GAP / 2.0);
        egui::Grid::new("heir-numbers").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            ui.label("People");
            super::dialogs::spin_box(ui, "Shares", &mut d.shares, 2..=16, 1, "one page each");
            ui.end_row();
            ui.label("Needed to open");
            super::dialogs::spin_box(ui, "Needed to open", &mut d.threshold, 2..=16, 1, "of them together");
            ui.end_row();
        });
        let dark = ui.visuals().dark_mode;
        if d.threshold > d.shares {
            ui.colored_label(
                theme::error(dark),
                "More shares would be needed than there are: lower the number needed.",
            );
        } else if d.threshold == d.shares {
            ui.colored_label(
                theme::warn(dark),
                format!(
                    "All {} shares are needed: if one is lost, the others open nothing. Consider needing fewer.",
                    d.shares
                ),
            );
        } else {
            let spare = d.shares - d.threshold;
            ui.label(
                RichText::new(format!(
                    "Any {} of the {} people can open the vault together, also without you; {spare} {} can be lost.",
                    d.threshold,
                    d.shares,
                    if spare == 1 { "share" } else { "shares" }
                ))
                .weak(),
            );
        }
        ui.label(
            RichText::new("They also need a copy of the vault: save one with Save a copy…, then write where it is on the line each page has for it.")
                .weak(),
        );
        ui.add_space(theme::GAP / 2.0);
        ui.label("Type your paper key; Codekeeper checks it is this vault's before splitting it.");
        let enter = key_field(ui, &mut d.key);
        ui.add_space(theme::GAP / 2.0);
        ui.horizontal(|ui| {
            let ready = check_typed(&d.key.text) == TypedKey::Complete && d.threshold <= d.shares;
            let save = theme::primary_button(ui, "Save the heir kit…");
            if ui.add_enabled(ready, save).clicked() || (enter && ready) {
                actions.push(Action::MakeHeirKit);
            }
            if ui.button("Cancel").clicked() || escape(ui) {
                actions.push(Action::Dismiss);
            }
        });
    });
}
