//! A text on its way to the scanner: normalised, unwrapped into logical lines and
//! scanned one piece at a time, a large text in two pieces at once (one per core).
//! The pieces are cut at a line break, and only where that changes nothing: no
//! terminal escape sequence reaches across a line before the cut (normalising
//! removes those, line breaks and all), and a text that may be a JSON document is
//! normalised whole first, since only a whole document can be read as JSON. The
//! lines of the pieces, one after the other, are then the lines of the whole text
//! normalised, numbered as if it had not been cut (as in the file, unless an escape
//! sequence holding line breaks joined some lines).

use zeroize::Zeroizing;

use super::markup::{self, Line};
use super::normalize::{self, Changed};
use super::scan::{self, Scan};
use super::{Evidence, shape_evidence};

/// `text` in the pieces it is read in. A text that may be JSON is normalised whole
/// into `whole` first, and its pieces are cut from there.
pub(super) fn cut<'s>(text: &'s str, whole: &'s mut Option<Zeroizing<String>>) -> Vec<Piece<'s>> {
    if may_be_json(text) {
        let (normalised, _, mut changed) = normalize::normalise_counted(text);
        let whole: &'s str = whole.insert(Zeroizing::new(normalised));
        return match markup::json_lines(whole) {
            Some(lines) => {
                // A JSON document's lines are all numbered 1: so are its changes.
                normalize::all_on_line(&mut changed, 1);
                vec![Piece::made(lines, changed)]
            }
            None => cut_in_two(whole)
                .into_iter()
                .enumerate()
                .map(|(k, (piece, first))| {
                    // The changes belong to the whole text: they go with one piece.
                    let done = if k == 0 {
                        std::mem::take(&mut changed)
                    } else {
                        Vec::new()
                    };
                    Piece::to_make(piece, FirstLine::Number(first), Some(done))
                })
                .collect(),
        };
    }
    match cut_at(text).filter(|&at| !normalize::escape_across_lines(text, at)) {
        // The second piece's first line is counted on its own core.
        Some(at) => vec![
            Piece::to_make(&text[..at], FirstLine::Number(1), None),
            Piece::to_make(&text[at + 1..], FirstLine::After(&text[..at]), None),
        ],
        // A small text, or a terminal escape sequence across a line before the cut:
        // one piece.
        None => vec![Piece::to_make(text, FirstLine::Number(1), None)],
    }
}

/// Whether `text` may be a JSON document once normalised: its first character
/// that is not white space once normalised is `{` or `[`. Normalising changes one
/// character at a time, so only the first few are normalised here; behind an escape
/// sequence, or in a text of white space alone, anything may stand (`true`).
fn may_be_json(text: &str) -> bool {
    let mut one = Zeroizing::new([0u8; 4]);
    for c in text.chars() {
        if c == '\u{1b}' {
            return true;
        }
        let normalised =
            Zeroizing::new(normalize::normalise_counted(c.encode_utf8(&mut one[..])).0);
        if let Some(first) = normalised.chars().find(|n| !n.is_whitespace()) {
            return matches!(first, '{' | '[');
        }
    }
    true
}

/// A piece of the text on its way through normalising, unwrapping and scanning:
/// its normalised text and lines are kept here, where the lines, the scan and the
/// scanned lines can borrow them.
pub(super) struct Piece<'s> {
    /// The text and the number of its first line, while its lines are still to be
    /// made; with what normalising changed if it is normalised already.
    text: Option<(&'s str, FirstLine<'s>, Option<Vec<Changed>>)>,
    /// The piece normalised here.
    normalised: Zeroizing<String>,
    /// What normalising the piece changed, line by line.
    changed: Vec<Changed>,
    /// The logical lines.
    lines: Vec<Line<'s>>,
    /// Room for the scan of its lines, while they are still to be made (none for a
    /// piece made with its lines: its scan is sized from them); then their scan.
    scan: Option<Scan<'s>>,
    /// Its lines are a JSON document's strings.
    json: bool,
}

/// Where a piece of text starts in the input.
#[derive(Clone, Copy)]
enum FirstLine<'s> {
    /// At this source line.
    Number(usize),
    /// After this text and a line break.
    After(&'s str),
}

impl<'s> Piece<'s> {
    /// A piece whose lines are made already, from text normalised with `changed`.
    fn made(lines: Vec<Line<'s>>, changed: Vec<Changed>) -> Self {
        Self {
            text: None,
            normalised: Zeroizing::new(String::new()),
            changed,
            lines,
            scan: None,
            json: true,
        }
    }

    /// A piece of text starting at `first`; what normalising changed if it is
    /// normalised already.
    /// Room for its normalised text, lines and scan is made here, on the thread
    /// that cuts the text, though the piece may be scanned on another. When the
    /// other thread made it, each import's thread had most of it cleared and mapped
    /// afresh, page by page (glibc gives a thread's freed memory back to the system
    /// past a threshold): 60 imports of the 1 MiB bench text in one process took
    /// 45,900 page faults, against 6,200 with the room made here.
    fn to_make(text: &'s str, first: FirstLine<'s>, done: Option<Vec<Changed>>) -> Self {
        Self {
            normalised: Zeroizing::new(if done.is_none() {
                String::with_capacity(text.len())
            } else {
                String::new()
            }),
            text: Some((text, first, done)),
            changed: Vec::new(),
            lines: Vec::with_capacity(text.len() / 24),
            scan: Some(Scan::for_text(text.len())),
            json: false,
        }
    }

    /// Whether the piece is a JSON document's strings.
    pub(super) fn is_json(&self) -> bool {
        self.json
    }

    /// Normalises the piece (unless it is already), unwraps it into lines, scans them
    /// and finds the evidence of the codes' shapes in them; with what normalising
    /// changed, line by line.
    pub(super) fn scan(&'s mut self) -> (&'s Scan<'s>, Evidence<'s>, Vec<Changed>) {
        let Self {
            text,
            normalised,
            changed,
            lines,
            scan,
            json: _,
        } = self;
        if let Some((text, first, done)) = text.take() {
            let first = match first {
                FirstLine::Number(number) => number,
                FirstLine::After(before) => line_after(before),
            };
            let text = match done {
                Some(done) => {
                    *changed = done;
                    text
                }
                None => {
                    normalize::normalise_into(text, normalised, first, changed);
                    let normalised: &'s str = normalised;
                    normalised
                }
            };
            markup::plain_lines_into(text, first, lines);
        }
        let lines: &'s Vec<Line<'s>> = lines;
        let scanned = match scan.take() {
            Some(room) => scan::scan_lines_into(lines, room),
            None => scan::scan_lines(lines),
        };
        let scan: &'s Scan<'s> = scan.insert(scanned);
        (scan, shape_evidence(scan.lines()), std::mem::take(changed))
    }
}

/// Texts from this size on are normalised, unwrapped and scanned in two pieces at
/// once.
pub(super) const TWO_PIECES_FROM: usize = 128 * 1024;

/// `text` as one piece, or from [`TWO_PIECES_FROM`] on as two ([`cut_at`]); each
/// piece with the number of its first source line.
pub(super) fn cut_in_two(text: &str) -> Vec<(&str, usize)> {
    match cut_at(text) {
        Some(at) => vec![(&text[..at], 1), (&text[at + 1..], line_after(&text[..at]))],
        None => vec![(text, 1)],
    }
}

/// Where `text` is cut in two from [`TWO_PIECES_FROM`] on: at the first line break
/// at or after its middle (none if there is none). Both pieces are whole lines, the
/// break itself in neither.
fn cut_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (bytes.len() >= TWO_PIECES_FROM)
        .then(|| bytes[bytes.len() / 2..].iter().position(|&b| b == b'\n'))
        .flatten()
        .map(|at| bytes.len() / 2 + at)
}

/// The number of the line after `before` and a line break.
fn line_after(before: &str) -> usize {
    before.bytes().filter(|&b| b == b'\n').count() + 2
}
