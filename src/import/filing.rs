//! Which site and account a list is filed under, from the lines around it (its
//! context: the lines after the list before it, down to its own last line). The
//! list's own line naming a site wins, then the nearest line above its codes that
//! names a site and speaks of codes, then the first site named; an e-mail address's
//! domain gives way to a site named after it. The account is a name in brackets
//! after the site's name or the word after "account", "username" and the like.
//! The file's name is weighed against these in `finish_groups`.

use zeroize::Zeroizing;

use super::scan::{self, ScannedLine};
use super::{says_codes_in, sites, tokens};

/// The site of a list whose first code is on line number `first`, named in its
/// `context`; the index of the line that names it, and whether that is the list's
/// own line. A list whose own line names its site (`named`: "PyPI: a, b, c",
/// `Google | 1234 5678 | …`) is that site's; else the nearest line above its codes
/// that names a site and speaks of codes ("Google backup codes" below "Dropbox is
/// full"); else the first site named ([`site_in`]). A site whose form the codes
/// lack (`fits`) gives way to the nearest site named above them whose form they
/// have (`fitting`: those sites).
pub(super) fn site_of_list(
    context: &[ScannedLine<'_>],
    first: usize,
    named: bool,
    fits: impl Fn(&str) -> bool,
    fitting: impl FnOnce() -> Vec<&'static str>,
) -> Option<(&'static str, usize, bool)> {
    let found = site_by_lines(context, first, named)?;
    if fits(found.0) || !sites::has_forms(found.0) {
        return Some(found);
    }
    // A site named whose form the codes lack ("heard about this on Discord. Below
    // are the GitHub recovery codes"): the nearest line above the codes that names a
    // site whose form they have, if one does.
    let end = context
        .iter()
        .position(|l| l.number() > first)
        .unwrap_or(context.len());
    let fitting = fitting();
    if fitting.is_empty() {
        return Some(found);
    }
    context[..end]
        .iter()
        .enumerate()
        .rev()
        .find_map(|(at, line)| {
            sites::named_among(line.text(), &fitting)
                .map(|site| (site, at, found.2 && at == found.1))
        })
        .or(Some(found))
}

/// [`site_of_list`] by the lines that name sites alone.
fn site_by_lines(
    context: &[ScannedLine<'_>],
    first: usize,
    named: bool,
) -> Option<(&'static str, usize, bool)> {
    let end = context
        .iter()
        .position(|l| l.number() >= first)
        .unwrap_or(context.len());
    if named
        && let Some(own) = context.get(end).filter(|l| l.number() == first)
        && let Some(site) = named_not_by_address(own)
    {
        return Some((site, end, true));
    }
    let (site, at) = site_in(context, first)?;
    let says = |text: &str| says_codes_in(text) || sites::says_codes_cjk(text);
    let nearer = context
        .get(at + 1..end)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, l)| {
            says(l.text())
                .then(|| named_not_by_address(l))
                .flatten()
                .map(|site| (site, at + 1 + i))
        });
    let (site, at) = nearer.unwrap_or((site, at));
    Some((site, at, false))
}

/// The first site named in `context`, and the index of its line. A site named
/// only by an e-mail address (`me@gmail.com`) gives way to a site named after it and
/// before the list's first code (on line number `first`): the address says where the
/// user's mail is, the heading `Discord` below it whose codes these are.
fn site_in(context: &[ScannedLine<'_>], first: usize) -> Option<(&'static str, usize)> {
    let found = sites::from_lines_at(context.iter().map(ScannedLine::text))?;
    let Some(line) = context.get(found.1).filter(|l| !l.emails().is_empty()) else {
        return Some(found);
    };
    if named_not_by_address(line).is_some() {
        return Some(found);
    }
    let end = context
        .iter()
        .position(|l| l.number() >= first)
        .unwrap_or(context.len());
    let after = context.get(found.1 + 1..end).unwrap_or_default();
    match sites::from_lines_at(after.iter().map(ScannedLine::text)) {
        Some((name, at)) => Some((name, found.1 + 1 + at)),
        None => Some(found),
    }
}

/// The site `line` names other than by an e-mail address's domain.
fn named_not_by_address(line: &ScannedLine<'_>) -> Option<&'static str> {
    if line.emails().is_empty() {
        return sites::from_text(line.text());
    }
    // The line with its addresses blanked out (a line may hold a code: the copy is
    // wiped when dropped).
    let mut text = Zeroizing::new(line.text().to_owned());
    for email in line.emails() {
        if let Some(at) = text.find(email) {
            text.replace_range(at..at + email.len(), &" ".repeat(email.len()));
        }
    }
    sites::from_text(&text)
}

/// The word after "account", "username", "user" or "login", or a name in
/// parentheses on a heading line ("GitHub (alice)"), after a site's name before
/// its codes ("GitHub (alice): a, b", a table's row) or alone on its line. Never
/// one of the list's own codes (`is_code`): in `Microsoft account: XXXXX-…` the word
/// after "account" is the code.
pub(super) fn guess_account(
    context: &[ScannedLine<'_>],
    is_code: impl Fn(&str) -> bool,
) -> Option<String> {
    for line in context.iter().filter(|l| l.text().contains('(')) {
        let t = line.text().trim().trim_start_matches('#').trim();
        if let Some((before, rest)) = t.split_once('(')
            && let Some((inside, after)) = rest.split_once(')')
        {
            let inside = inside.trim();
            // Alone on a heading, or ending the name before its codes
            // ("GitHub (anna): a, b", `GitHub (anna) | a | b`).
            let heading = (before.trim().is_empty() || sites::from_text(before).is_some())
                && (after.trim().is_empty()
                    || (!before.trim().is_empty()
                        && after
                            .trim_start_matches(' ')
                            .starts_with([':', '|', '\t', ','])));
            // A date ("(2026-11-26)", "(2026年11月26日)") says when, not whose.
            let date = inside
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '年' | '月' | '日'))
                || (inside.contains('年') && inside.contains('月'));
            // Nor a mark beside a code (`(used)`, `(spare)`).
            let mark = ["used", "unused", "done", "spare", "printed", "x"]
                .iter()
                .any(|m| inside.eq_ignore_ascii_case(m));
            if heading
                && !inside.is_empty()
                && !date
                && !mark
                && !inside.contains(char::is_whitespace)
                && !inside.contains('/')
            {
                return Some(inside.to_owned());
            }
        }
    }
    let mut words = Vec::new();
    // Only a line with an account key can name an account after it.
    for line in context.iter().filter(|l| l.account_key()) {
        tokens::cell_tokens(line.text(), &mut words);
        for pair in words.windows(2) {
            let (first, second) = (pair[0].text(line.text()), pair[1].text(line.text()));
            let with_colon = first.ends_with(':');
            if scan::is_account_key(first) {
                let value = second.trim_matches(|c: char| {
                    matches!(
                        c,
                        '.' | ',' | ';' | ':' | '!' | '(' | ')' | '"' | '\'' | '`'
                    )
                });
                let common = [
                    "is", "the", "your", "to", "and", "a", "an", "settings", "for", "with", "in",
                    "of", "again",
                ];
                // A real name has a colon before it ("Username: bob") or looks like one
                // (alice#4821, bob_smith, a.b); "account if you lose…" is prose.
                let looks_like_name = value.chars().any(|c| !c.is_alphabetic());
                // Not a table's `|`, a number (`1234` of `Google account: 1234
                // 5678`), nor a code of the list or a group of one.
                if value.chars().any(char::is_alphabetic)
                    && (with_colon || looks_like_name)
                    && !is_code(value)
                    && !common.contains(&value.to_lowercase().as_str())
                {
                    return Some(value.to_owned());
                }
            }
        }
    }
    None
}
