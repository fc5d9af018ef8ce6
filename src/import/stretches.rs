//! Which code lines make lists: a line is a [`Line`] once classified, and lines
//! whose codes are only maybe-words (`password`, `broccoli`), taken for a shape
//! that unmistakable codes elsewhere in the text have, count only where they stand
//! in one stretch with such a code ([`only_beside_codes`]). Page numbers copied out
//! of a PDF ([`is_page_marker`]) may stand inside a stretch.

use super::extract::{Kind, Taken};

/// Whether `text` is a page's number as a PDF viewer copies it between a list's
/// codes: `Page 2 of 2`, `Seite 1 von 2`, `Página 1 de 2`, `Page 1 sur 2`, `2/3`.
pub(super) fn is_page_marker(text: &str) -> bool {
    // Most lines are turned away by their length or first letter.
    let text = text.trim();
    if text.len() > 24
        || !text
            .bytes()
            .next()
            .is_some_and(|b| matches!(b, b'p' | b'P' | b's' | b'S' | b'0'..=b'9'))
    {
        return false;
    }
    let mut words = text.split_whitespace();
    let number =
        |w: Option<&str>| w.is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()));
    let Some(first) = words.next() else {
        return false;
    };
    if let Some((a, b)) = first.split_once('/') {
        return number(Some(a)) && number(Some(b)) && words.next().is_none();
    }
    let page = ["page", "seite", "página", "pagina", "pág.", "p."];
    if !page.iter().any(|p| first.eq_ignore_ascii_case(p)) {
        return false;
    }
    if !number(words.next()) {
        return false;
    }
    match words.next() {
        None => true,
        Some(of) => {
            ["of", "von", "de", "sur", "/"]
                .iter()
                .any(|w| of.eq_ignore_ascii_case(w))
                && number(words.next())
                && words.next().is_none()
        }
    }
}

/// What a line is, as the lines are put into lists ([`super::extract()`]).
pub(super) struct Line {
    pub(super) kind: Kind,
    /// It names its own list ("PyPI: a, b").
    pub(super) named: bool,
    /// It is a table's row named by its first cell (`Discord | a | b`).
    pub(super) row: bool,
    /// A heading that starts a new list.
    pub(super) heading: bool,
    /// A list number standing alone on it.
    pub(super) lone: Option<u32>,
    /// Blank, or holding only list numbers, used marks, bullets and the like: it
    /// may stand between the codes of one list.
    pub(super) between: bool,
}

/// Lines whose codes are all maybe-words (`password`, `broccoli`) taken for their
/// shape alone, from codes elsewhere in the text, are prose unless they stand in
/// one stretch with an unmistakable code or with a list of maybe-words of its own
/// (`weak_lines`, sorted). A stretch is code lines with only [`Line::between`]
/// lines between them; a line that names its list is a stretch of its own. So a
/// shopping list or a Wi-Fi password under its own note does not join Discord's
/// codes (`5qiq98mi`), while a code of letters alone among them stays.
///
/// Two or more lines of maybe-words of letters alone under a heading of their own
/// (`own_heading` of the first one's index: "Things to buy", see `has_own_heading`)
/// end their stretch at a blank line: a word list with a blank line between it and
/// the codes below it is still the user's list. A single such line may be a list's
/// first code (lists with a blank line after each code), so it stays in the stretch.
pub(super) fn only_beside_codes(
    parts: &mut [(Vec<Line>, Vec<Taken<'_>>)],
    weak_lines: &[usize],
    own_heading: impl Fn(usize) -> bool,
) {
    // The code lines of the stretch so far, as (part, line in part), and whether
    // one of them makes it a list; the code lines of stretches that are not.
    let mut stretch: Vec<(usize, usize)> = Vec::new();
    let mut sure = false;
    // Whether the stretch so far is lines of maybe-words of letters alone, the first
    // under a heading of its own.
    let mut own = false;
    let mut unsure: Vec<(usize, usize)> = Vec::new();
    let mut end = |stretch: &mut Vec<(usize, usize)>, sure: &mut bool| {
        if !*sure {
            unsure.extend_from_slice(stretch);
        }
        stretch.clear();
        *sure = false;
    };
    // The line's index in the whole text.
    let mut i = 0;
    for (p, (lines, taken)) in parts.iter().enumerate() {
        for (k, line) in lines.iter().enumerate() {
            match &line.kind {
                Kind::Codes(range) => {
                    // A line that names its list is a stretch of its own.
                    if line.named {
                        end(&mut stretch, &mut sure);
                    }
                    let codes = &taken[range.clone()];
                    let listed = weak_lines.binary_search(&i).is_ok();
                    let letters =
                        !listed && codes.iter().all(|(c, ..)| !c.strong && !c.chars.digit);
                    own = if stretch.is_empty() {
                        letters && own_heading(i)
                    } else {
                        own && letters
                    };
                    sure |= codes.iter().any(|(c, ..)| c.strong) || listed;
                    stretch.push((p, k));
                    if line.named {
                        end(&mut stretch, &mut sure);
                    }
                }
                Kind::Blank if own && stretch.len() >= 2 => end(&mut stretch, &mut sure),
                _ if line.between => {}
                _ => end(&mut stretch, &mut sure),
            }
            i += 1;
        }
    }
    end(&mut stretch, &mut sure);
    for (p, k) in unsure {
        if let Some(line) = parts.get_mut(p).and_then(|(lines, _)| lines.get_mut(k)) {
            line.kind = Kind::Prose;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_page_marker;

    #[test]
    fn page_numbers_as_copied_from_a_pdf() {
        for page in [
            "Page 2 of 2",
            "page 1",
            "Seite 1 von 3",
            "Página 2 de 2",
            "Page 1 sur 2",
            "2/3",
        ] {
            assert!(is_page_marker(page), "{page}");
        }
        for text in [
            "Page",
            "Page one",
            "Pages 1 of 2",
            "1/2 cup of sugar",
            "Wi-Fi at the cabin",
            "2/x",
        ] {
            assert!(!is_page_marker(text), "{text}");
        }
    }
}
