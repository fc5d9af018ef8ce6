//! Page geometry, pure and unit-tested: paper sizes, margins, how tall one
//! account's sheet is, how many code columns fit, and how sheets are packed onto
//! pages without ever splitting a set that fits on one page. All lengths in points
//! (1/72 inch), origin at the top-left of the content area, y growing downwards.

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// Paper sizes printers take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Self::A4 => (mm(210.0), mm(297.0)),
            Self::Letter => (612.0, 792.0),
        }
    }
}

/// Margin on every side: 15 mm, more than the 12 mm printers need.
pub const MARGIN: f32 = 15.0 * 72.0 / 25.4;
/// Height of the page footer ("Page 1 of 3").
pub const PAGE_FOOTER: f32 = 18.0;
/// Height of a sheet's header: product line, site, label, details.
pub const HEADER: f32 = 74.0;
/// Height of one row of codes.
pub const ROW: f32 = 24.0;
/// Height of a sheet's footer notes.
pub const FOOTER: f32 = 48.0;
/// Space between two sheets on one page.
pub const GAP: f32 = 22.0;
/// Largest size for codes.
pub const CODE_SIZE: f32 = 15.0;
/// Smallest size for codes; longer codes wrap onto a second row instead.
pub const MIN_CODE_SIZE: f32 = 9.0;
/// Advance width of the monospace face, as a fraction of the font size.
pub const MONO_ADVANCE: f32 = 0.6;
/// Width reserved left of each code for its number and tick box.
pub const ROW_LEAD: f32 = 46.0;
/// Gap between code columns.
pub const COLUMN_GAP: f32 = 24.0;
/// Width kept right of the codes of a set with used codes, for the word "used".
pub const USED_MARK: f32 = 22.0;

/// The printable area of a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Width of the content area.
    pub width: f32,
    /// Height available for sheets (page footer excluded).
    pub height: f32,
}

impl Area {
    /// The content area of `paper`.
    pub fn of(paper: Paper) -> Self {
        let (w, h) = paper.size();
        Self {
            width: w - 2.0 * MARGIN,
            height: h - 2.0 * MARGIN - PAGE_FOOTER,
        }
    }
}

/// How one set of codes is laid out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodeGrid {
    /// Columns of codes (1 or 2).
    pub columns: usize,
    /// Rows per column.
    pub rows: usize,
    /// Font size for the codes.
    pub size: f32,
    /// Width kept right of each code (for the word "used").
    pub trailer: f32,
}

impl CodeGrid {
    /// Chooses columns and size so the longest code (in characters) fits.
    pub fn for_codes(area: Area, count: usize, longest: usize) -> Self {
        Self::for_codes_with(area, count, longest, 0.0)
    }

    /// [`CodeGrid::for_codes`], keeping `trailer` points free right of each code.
    pub fn for_codes_with(area: Area, count: usize, longest: usize, trailer: f32) -> Self {
        let longest = longest.max(1) as f32;
        let fits = |columns: usize| {
            let column_width = (area.width - COLUMN_GAP * (columns as f32 - 1.0)) / columns as f32;
            (column_width - ROW_LEAD - trailer) / (longest * MONO_ADVANCE)
        };
        let two = fits(2);
        let (columns, size) = if count > 1 && two >= 12.0 {
            (2, two.min(CODE_SIZE))
        } else {
            (1, fits(1).min(CODE_SIZE))
        };
        let size = size.max(MIN_CODE_SIZE);
        Self {
            columns,
            rows: count.div_ceil(columns),
            size,
            trailer,
        }
    }

    /// Characters of a code that fit on one line of its column at this size.
    pub fn chars_per_line(&self, area: Area) -> usize {
        let column_width =
            (area.width - COLUMN_GAP * (self.columns as f32 - 1.0)) / self.columns as f32;
        (((column_width - ROW_LEAD - self.trailer) / (self.size * MONO_ADVANCE)).floor() as usize)
            .max(1)
    }

    /// Width of one column.
    pub fn column_width(&self, area: Area) -> f32 {
        (area.width - COLUMN_GAP * (self.columns as f32 - 1.0)) / self.columns as f32
    }
}

/// Side of a sheet's QR code: 58 mm, read from a phone photo or a 150 dpi scan.
pub const QR_SIDE: f32 = 58.0 * 72.0 / 25.4;
/// Space between the codes and the QR code.
pub const QR_GAP: f32 = 18.0;
/// Height of the caption under the QR code.
pub const QR_CAPTION: f32 = 30.0;
/// Height of a printer-blind sheet's extra footer lines (how to read it without Codekeeper).
pub const BLIND_FOOTER: f32 = 33.0;
/// Most characters of codes one QR code holds (with separators): longer sets print in
/// parts, each with its own code, so every code stays small enough to read from a photo.
pub const QR_CODE_CHARS: usize = 240;
/// Most codes one QR code holds.
pub const QR_MAX_CODES: usize = 24;

/// The area left for the codes when a QR code sits at the right.
pub fn beside_qr(area: Area) -> Area {
    Area {
        width: area.width - QR_SIDE - QR_GAP,
        height: area.height,
    }
}

/// Splits codes of these lengths (in characters) into runs `(first, count)` that each
/// fit one QR code: at most [`QR_CODE_CHARS`] characters and [`QR_MAX_CODES`] codes,
/// never fewer than one code.
pub fn qr_parts(lengths: &[usize]) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let (mut first, mut count, mut chars) = (0, 0, 0);
    for (i, &len) in lengths.iter().enumerate() {
        let cost = len + 3;
        if count > 0 && (chars + cost > QR_CODE_CHARS || count == QR_MAX_CODES) {
            parts.push((first, count));
            (first, count, chars) = (i, 0, 0);
        }
        count += 1;
        chars += cost;
    }
    if count > 0 {
        parts.push((first, count));
    }
    parts
}

/// Height of a sheet with `rows` rows of codes, each `lines` text lines tall, with a
/// QR code beside them or not, and the printer-blind footer or not.
pub fn sheet_height(rows: usize, lines: usize, qr: bool, blind: bool) -> f32 {
    let codes = rows as f32 * ROW * lines as f32;
    // The caption goes under both the QR code and the codes, so that text copied out of
    // the PDF never has it on a line with a code.
    let body = if qr {
        codes.max(QR_SIDE) + QR_CAPTION
    } else {
        codes
    };
    HEADER + body + FOOTER + if blind { BLIND_FOOTER } else { 0.0 }
}

/// Where each sheet goes: `(page, y offset)` for every sheet, in order. A sheet that
/// fits on a page is never split; a sheet taller than a page starts on a fresh
/// page and runs on (the caller continues it on the following pages).
pub fn pack(heights: &[f32], page_height: f32) -> Vec<(usize, f32)> {
    let mut out = Vec::with_capacity(heights.len());
    let mut page = 0;
    let mut y = 0.0;
    for &h in heights {
        let needed = if y > 0.0 { GAP + h } else { h };
        if y > 0.0 && y + needed > page_height {
            page += 1;
            y = 0.0;
        }
        let top = if y > 0.0 { y + GAP } else { 0.0 };
        out.push((page, top));
        let bottom = top + h;
        if bottom > page_height {
            // Runs over several pages: the next sheet starts after it.
            page += (bottom / page_height).ceil() as usize;
            y = 0.0;
        } else {
            y = bottom;
        }
    }
    out
}

/// Number of pages `pack` uses.
pub fn page_count(heights: &[f32], page_height: f32) -> usize {
    let placed = pack(heights, page_height);
    match (placed.last(), heights.last()) {
        (Some(&(page, top)), Some(&h)) => page + ((top + h) / page_height).ceil().max(1.0) as usize,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_sizes_and_margins() {
        let (w, h) = Paper::A4.size();
        assert!((w - 595.28).abs() < 0.01 && (h - 841.89).abs() < 0.01);
        assert_eq!(Paper::Letter.size(), (612.0, 792.0));
        assert!(MARGIN >= mm(12.0));
    }

    #[test]
    fn short_codes_go_in_two_columns_long_ones_in_one() {
        let area = Area::of(Paper::A4);
        let github = CodeGrid::for_codes(area, 16, 11);
        assert_eq!(
            (github.columns, github.rows, github.size),
            (2, 8, CODE_SIZE)
        );
        let microsoft = CodeGrid::for_codes(area, 1, 29);
        assert_eq!(microsoft.columns, 1);
        let tuta = CodeGrid::for_codes(area, 1, 79);
        assert!(tuta.size >= MIN_CODE_SIZE);
        assert!(tuta.chars_per_line(area) >= 40);
    }

    #[test]
    fn qr_parts_cover_every_code_once_within_the_limits() {
        assert_eq!(qr_parts(&[]), vec![]);
        assert_eq!(
            qr_parts(&[11; 16]),
            vec![(0, 16)],
            "GitHub's 16 codes: one QR"
        );
        assert_eq!(
            qr_parts(&[500]),
            vec![(0, 1)],
            "one long code still gets a QR"
        );
        let many = qr_parts(&[8; 100]);
        assert!(many.iter().all(|&(_, n)| n <= QR_MAX_CODES));
        let mut next = 0;
        for &(first, n) in &many {
            assert_eq!(first, next);
            next += n;
        }
        assert_eq!(next, 100);
        let long = qr_parts(&[60; 10]);
        assert!(long.iter().all(|&(_, n)| n * 63 <= QR_CODE_CHARS));
    }

    #[test]
    fn packing_never_splits_a_sheet_that_fits() {
        let page = 700.0;
        let placed = pack(&[300.0, 300.0, 300.0, 650.0, 100.0], page);
        assert_eq!(placed[0], (0, 0.0));
        assert_eq!(placed[1], (0, 322.0));
        assert_eq!(placed[2], (1, 0.0), "would overflow page 0");
        assert_eq!(placed[3], (2, 0.0));
        assert_eq!(placed[4].0, 3);
        assert_eq!(page_count(&[300.0, 300.0, 300.0, 650.0, 100.0], page), 4);
        assert_eq!(page_count(&[], page), 0);
    }

    #[test]
    fn oversized_sheet_runs_over_pages() {
        let placed = pack(&[1500.0, 100.0], 700.0);
        assert_eq!(placed, vec![(0, 0.0), (3, 0.0)]);
        assert_eq!(page_count(&[1500.0, 100.0], 700.0), 4);
    }
}
