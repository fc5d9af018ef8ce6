//! The "Add codes" dialog: the text, a live preview, and one card per list found,
//! each with its own Site and Account fields (filled with the importer's guesses),
//! so a notes file with several sites is stored as several accounts.

use eframe::egui::{self, RichText};

use super::state::{AddDialog, ListTarget, Modal, Status, UiState};
use crate::action::Action;
use crate::import;

/// Keeps one target per list, filling new ones (and those left empty) from the guesses.
fn sync_targets(dialog: &mut AddDialog, preview: &import::Preview) {
    dialog
        .targets
        .resize_with(preview.groups.len(), ListTarget::default);
    for (t, g) in dialog.targets.iter_mut().zip(&preview.groups) {
        if t.service.is_empty()
            && let Some(site) = &g.site
        {
            t.service.clone_from(site);
        }
        if t.account.is_empty()
            && let Some(acc) = &g.account
        {
            t.account.clone_from(acc);
        }
    }
}

pub(super) fn add_ui(
    ui: &mut egui::Ui,
    state: &mut UiState,
    status: &Status<'_>,
    actions: &mut Vec<Action>,
) {
    let Modal::Add(dialog) = &mut state.modal else {
        return;
    };
    let preview = dialog.preview();
    if let Some(Ok(p)) = &preview {
        sync_targets(dialog, p);
    }
    egui::Modal::new(egui::Id::unique("add-codes")).show(ui.ctx(), |ui| {
        ui.set_width(600.0);
        ui.heading("Add codes");
        ui.label("Paste the codes the site showed you, open the file it downloaded, or drop it on the window.");
        let label = ui.label("Codes");
        ui.add(
            egui::TextEdit::multiline(&mut *dialog.text)
                .desired_rows(6)
                .desired_width(580.0)
                .font(egui::TextStyle::Monospace),
        )
        .labelled_by(label.id);
        if ui.button("Open file…").clicked() {
            actions.push(Action::AddOpenFile);
        }
        let mut blocked = preview.as_ref().is_none_or(Result::is_err);
        let mut existing_any = false;
        egui::ScrollArea::vertical().max_height(380.0).show(ui, |ui| match &preview {
            Some(Ok(p)) => {
                let several = p.groups.len() > 1;
                if several {
                    ui.label(
                        RichText::new(format!(
                            "Found {} lists; each is stored under its own site:",
                            p.groups.len()
                        ))
                        .strong(),
                    );
                }
                for (n, (g, target)) in p.groups.iter().zip(dialog.targets.iter_mut()).enumerate() {
                    let suffix = if several { format!(" of list {}", n + 1) } else { String::new() };
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(560.0);
                        let used = g.codes.iter().filter(|c| c.used).count();
                        let used = if used > 0 { format!(", {used} marked as used") } else { String::new() };
                        ui.label(RichText::new(format!("{} codes{used}", g.codes.len())).strong());
                        ui.horizontal_wrapped(|ui| {
                            for c in &g.codes {
                                let t = RichText::new(c.code.as_str()).monospace();
                                ui.add(egui::Label::new(if c.used { t.strikethrough() } else { t }).selectable(false));
                                ui.add_space(10.0);
                            }
                        });
                        egui::Grid::new(("add-fields", n)).num_columns(2).show(ui, |ui| {
                            let l = ui.label(format!("Site{suffix}"));
                            ui.add(egui::TextEdit::singleline(&mut target.service).desired_width(320.0))
                                .labelled_by(l.id);
                            ui.end_row();
                            let l = ui.label(format!("Account{suffix}"));
                            ui.add(egui::TextEdit::singleline(&mut target.account).desired_width(320.0))
                                .labelled_by(l.id);
                            ui.end_row();
                        });
                        if target.service.trim().is_empty() {
                            blocked = true;
                            ui.colored_label(ui.visuals().warn_fg_color, "Which site are these codes for? Type its name.");
                        }
                        let existing = status.payload.and_then(|v| {
                            let i = v.position(target.service.trim(), target.account.trim())?;
                            v.accounts[i].active_set().map(crate::vault::CodeSet::unused_count)
                        });
                        if let Some(unused) = existing {
                            existing_any = true;
                            ui.colored_label(
                                ui.visuals().warn_fg_color,
                                format!("This account already has codes ({unused} unused)."),
                            );
                        }
                    });
                }
                for n in &p.normalisations {
                    ui.label(format!("Note: {} {}", n.count, n.what));
                }
                for w in &p.warnings {
                    ui.colored_label(ui.visuals().warn_fg_color, w);
                }
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().warn_fg_color, e.to_string());
            }
            None => {}
        });
        if existing_any {
            ui.checkbox(
                &mut dialog.replace,
                "Replace — I generated new codes (the old ones stop working)",
            );
        }
        ui.horizontal(|ui| {
            let ready = !blocked && (!existing_any || dialog.replace);
            if ui.add_enabled(ready, egui::Button::new("Save codes")).clicked() {
                actions.push(Action::AddSave);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                actions.push(Action::AddCancel);
            }
        });
    });
}
