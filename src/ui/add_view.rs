//! The "Add codes" dialog: the text, a live preview, and one card per list found,
//! each with its own Site and Account fields (filled with the importer's guesses),
//! so a notes file with several sites is stored as several accounts.

use eframe::egui::{self, RichText};

use super::state::{AddDialog, ListTarget, Modal, Status, UiState};
use super::theme;
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
    let sites = known_sites(status);
    egui::Modal::new(egui::Id::unique("add-codes")).show(ui.ctx(), |ui| {
        let width = (ui.ctx().content_rect().width() - 80.0).clamp(300.0, 640.0);
        ui.set_width(width);
        ui.label(theme::title("Add codes"));
        ui.add(egui::Label::new("Paste the codes the site showed you, open the file it downloaded, or drop it on the window.").wrap());
        let label = ui.label("Codes");
        // A long file scrolls inside the field; the cards and buttons stay in view.
        let codes = egui::ScrollArea::vertical()
            .id_salt("add-text")
            .max_height(if ui.ctx().content_rect().height() < 600.0 { 90.0 } else { 160.0 })
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut *dialog.text)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY)
                        .font(egui::TextStyle::Monospace),
                )
                .labelled_by(label.id)
            })
            .inner;
        // Opened empty: typing or pasting goes straight into the codes field.
        if dialog.text.is_empty() && ui.ctx().memory(|m| m.focused().is_none()) {
            codes.request_focus();
        }
        if ui.button("Open file…").clicked() {
            actions.push(Action::AddOpenFile);
        }
        let dark = ui.visuals().dark_mode;
        if let Some(encoding) = dialog.encoding {
            // Right under the text it concerns: the letters above may be wrong.
            ui.colored_label(
                theme::warn(dark),
                format!("Read as {encoding}: the file is not UTF-8. Check that its letters look right."),
            );
        }
        let mut blocked = preview.as_ref().is_none_or(Result::is_err);
        let mut existing_any = false;
        // The cards scroll; the buttons below them always stay on screen.
        let below = if existing_any_possible(status) { 120.0 } else { 90.0 };
        let max_height =
            (ui.ctx().content_rect().bottom() - ui.cursor().top() - below).max(100.0);
        egui::ScrollArea::vertical().max_height(max_height).show(ui, |ui| match &preview {
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
                    egui::Frame::group(ui.style()).inner_margin(egui::Margin::same(10)).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        let used = g.codes.iter().filter(|c| c.used).count();
                        let used = if used > 0 { format!(", {used} marked as used") } else { String::new() };
                        ui.label(RichText::new(format!("{}{used}", crate::keeper::codes::n_codes(g.codes.len()))).strong());
                        // Why these codes, under this site: the rule and where the name came from.
                        ui.label(RichText::new(format!("How: {}.", g.found.how(g.codes.len()))).small().weak());
                        // What was changed on its own lines before they were read.
                        if let Some(changes) = g.found.changes() {
                            ui.label(RichText::new(format!("Normalised: {changes}.")).small().weak());
                        }
                        let l = ui.label(format!("Site{suffix}"));
                        ui.horizontal(|ui| {
                            let field = egui::TextEdit::singleline(&mut target.service)
                                .hint_text("Which site are these for?")
                                .desired_width(ui.available_width() - 40.0);
                            ui.add(field).labelled_by(l.id);
                            let pick = ui.add_enabled(!sites.is_empty(), egui::Button::new("▾"));
                            pick.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Choose a known site{suffix}"))
                            });
                            egui::Popup::menu(&pick).show(|ui| {
                                egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                                    for site in &sites {
                                        if ui.button(site.as_str()).clicked() {
                                            target.service.clone_from(site);
                                        }
                                    }
                                });
                            });
                        });
                        if target.service.trim().is_empty() {
                            blocked = true;
                            ui.colored_label(theme::warn(dark), "Type the site's name: the codes are filed under it.");
                        }
                        let l = ui.label(format!("Account{suffix}"));
                        ui.add(
                            egui::TextEdit::singleline(&mut target.account)
                                .hint_text("User name or e-mail (optional)")
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(l.id);
                        let existing = status.payload.and_then(|v| {
                            let i = v.position(target.service.trim(), target.account.trim())?;
                            v.accounts[i].active_set().map(crate::vault::CodeSet::unused_count)
                        });
                        if let Some(unused) = existing {
                            existing_any = true;
                            ui.colored_label(
                                theme::warn(dark),
                                format!("This account already has codes ({unused} unused)."),
                            );
                        }
                        if let Some(stored) = status
                            .payload
                            .and_then(|v| Some((v, crate::keeper::codes::already_stored(v, g)?)))
                            .map(|(v, s)| (v.accounts[s.account].display_name(), s))
                        {
                            let (name, s) = stored;
                            let which = if s.active { "" } else { " (in an older set)" };
                            ui.colored_label(
                                theme::warn(dark),
                                format!(
                                    "{} of these {} codes are already stored under {name}{which}.",
                                    s.count,
                                    g.codes.len()
                                ),
                            );
                        }
                        // Where they go first (visible in small windows), then the codes.
                        ui.add_space(theme::GAP / 2.0);
                        codes_preview(ui, g);
                    });
                    ui.add_space(theme::GAP / 2.0);
                }
                // What was normalised elsewhere (prose, headings) does not matter here:
                // each card says what was changed on its own lines.
                for w in &p.warnings {
                    ui.colored_label(theme::warn(dark), w);
                }
            }
            Some(Err(e)) => {
                ui.colored_label(theme::warn(dark), e.to_string());
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
            if ui.add_enabled(ready, theme::primary_button_if(ui, "Save codes", ready)).clicked()
                || (ready && super::dialogs::enter(ui))
            {
                actions.push(Action::AddSave);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                actions.push(Action::AddCancel);
            }
        });
    });
}

/// The codes one per line, exactly as the site grouped them ("3318 9884"), in two
/// or three columns when there is room.
fn codes_preview(ui: &mut egui::Ui, g: &import::Group) {
    let spacing = theme::GAP * 4.0;
    // As many columns as the longest code leaves room for, at most three: long codes
    // (32 hex digits) in three columns made the dialog wider than a small window.
    // The font is monospace: a cell is as wide as its number and code in zeros.
    let longest = g
        .codes
        .iter()
        .map(|c| c.code.chars().count())
        .max()
        .unwrap_or(0);
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let cell = ui
        .painter()
        .layout_no_wrap("0".repeat(longest + 4), font, egui::Color32::PLACEHOLDER)
        .size()
        .x;
    let fit = (ui.available_width() + spacing) / (cell + spacing);
    let columns = if fit >= 3.0 {
        3
    } else if fit >= 2.0 {
        2
    } else {
        1
    };
    // A code wider than the card (Tuta's 16 groups in a small window) wraps at the
    // spaces between its groups: laid out whole, it made the dialog wider than the
    // window, its buttons off screen.
    if fit < 1.0 {
        for (n, code) in g.codes.iter().enumerate() {
            ui.horizontal_top(|ui| code_cell(ui, n, code, true));
        }
        return;
    }
    let rows = g.codes.len().div_ceil(columns);
    egui::Grid::new(ui.next_auto_id())
        .num_columns(columns)
        .spacing([spacing, 2.0])
        .show(ui, |ui| {
            for r in 0..rows {
                for c in 0..columns {
                    let n = c * rows + r;
                    let Some(code) = g.codes.get(n) else {
                        continue;
                    };
                    ui.horizontal(|ui| code_cell(ui, n, code, false));
                }
                ui.end_row();
            }
        });
}

/// Number and code in one cell, the number right-aligned to its code; the code
/// struck through when used, and wrapped between its groups when `wrap` is set.
fn code_cell(ui: &mut egui::Ui, n: usize, code: &import::FoundCode, wrap: bool) {
    ui.spacing_mut().item_spacing.x = theme::GAP / 2.0;
    let number = RichText::new(format!("{:>2}.", n + 1)).monospace().weak();
    ui.add(egui::Label::new(number).selectable(false));
    let t = RichText::new(code.code.as_str()).monospace();
    let label = egui::Label::new(if code.used { t.strikethrough() } else { t }).selectable(false);
    ui.add(if wrap { label.wrap() } else { label });
}

/// Sites already in the vault, for the pick list next to the Site field.
fn known_sites(status: &Status<'_>) -> Vec<String> {
    let mut sites: Vec<String> = status
        .payload
        .map(|p| p.accounts.iter().map(|a| a.service.clone()).collect())
        .unwrap_or_default();
    sites.sort_by_key(|s| s.to_lowercase());
    sites.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    sites
}

/// Whether the "Replace" tick box may appear under the cards (room is kept for it).
fn existing_any_possible(status: &Status<'_>) -> bool {
    status.payload.is_some_and(|p| !p.accounts.is_empty())
}
