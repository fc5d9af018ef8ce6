//! Printed recovery sheets and the recovery kit, as PDF. Pure: data in, bytes out,
//! no UI and no file I/O. [`layout`] holds the geometry (unit-tested), [`text`] the
//! handling of hostile names, and this module draws with `printpdf` using embedded,
//! subset fonts (`JetBrains Mono` for codes, `DejaVu Sans` for text; see
//! `assets/fonts/`). The PDF's metadata never holds a code, key, site or account.

pub mod heirs;
pub mod layout;
pub mod text;

use std::sync::OnceLock;

use jiff::Timestamp;
use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};
use zeroize::Zeroizing;

pub use layout::Paper;
use layout::{Area, CodeGrid, MARGIN};
use text::Metrics;

const MONO_TTF: &[u8] = include_bytes!("../../assets/fonts/JetBrainsMono-Regular.ttf");
/// DejaVu Sans (compact subset), also the window's fallback font for scripts and symbols.
pub const SANS_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const SANS_BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The stock way to read a printer-blind sheet's QR code, as printed on the sheet:
/// `zbarimg` (zbar) writes the QR code's text, which is an armored age file …
pub const BLIND_STOCK_READ: &str = "zbarimg --raw -q -1 photo.png > sheet.age";
/// … that the stock `age` opens with the paper key in `key.txt`.
pub const BLIND_STOCK_DECRYPT: &str = "age -d -i key.txt sheet.age";

/// Rendering failures.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// An embedded font could not be read (a broken build).
    #[error("an embedded font could not be read; reinstall Codekeeper")]
    Font,
    /// A QR code could not be made (its text is too long).
    #[error("a QR code could not be made: {0}")]
    Qr(String),
    /// Nothing to print.
    #[error("there is nothing to print: no account has active codes")]
    Empty,
}

/// One code on a sheet.
pub struct SheetCode {
    /// As the site printed it.
    pub code: Zeroizing<String>,
    /// Already used when printed.
    pub used: bool,
}

/// One account's sheet.
pub struct Sheet {
    /// Site ("GitHub").
    pub service: String,
    /// User name or e-mail; left out when printing anonymously.
    pub label: String,
    /// When the set was imported.
    pub imported_at: Timestamp,
    /// Short id printed on the sheet and recorded in the vault.
    pub sheet_id: String,
    /// The codes, in order.
    pub codes: Vec<SheetCode>,
    /// The runs of codes that each carry a QR code, in order and covering every code
    /// ([`layout::qr_parts`]); empty for a sheet without QR codes.
    pub parts: Vec<SheetPart>,
}

/// A run of a sheet's codes printed with one QR code.
pub struct SheetPart {
    /// Index of the first code.
    pub first: usize,
    /// How many codes.
    pub count: usize,
    /// The QR code's text: the sheet's record, age-encrypted and armored (filled in by
    /// the engine; nothing is drawn while empty).
    pub qr: String,
}

/// Sheets for the active sets of the accounts at `indices` (accounts without an active
/// set are skipped), and the records the vault keeps of them. Sheet ids are short and
/// random-looking, derived from the vault id, the account and the time.
pub fn sheets_for(
    payload: &crate::vault::Payload,
    indices: &[usize],
    anonymous: bool,
    now: Timestamp,
) -> (Vec<Sheet>, Vec<crate::vault::model::PrintedSheet>) {
    let mut sheets = Vec::new();
    let mut records = Vec::new();
    for &i in indices {
        let Some(account) = payload.accounts.get(i) else {
            continue;
        };
        let Some(set) = account.active_set() else {
            continue;
        };
        let seed = format!(
            "{}|{}|{}|{}|{i}",
            payload.vault_id,
            account.service,
            account.label,
            now.as_nanosecond()
        );
        let digest = crate::vault::file::digest(seed.as_bytes());
        let id = format!(
            "{:02X}{:02X}-{:02X}{:02X}",
            digest[0], digest[1], digest[2], digest[3]
        );
        let lengths: Vec<usize> = set
            .codes
            .iter()
            .map(|c| c.value.expose().chars().count())
            .collect();
        let parts = layout::qr_parts(&lengths)
            .into_iter()
            .map(|(first, count)| SheetPart {
                first,
                count,
                qr: String::new(),
            })
            .collect();
        sheets.push(Sheet {
            parts,
            service: account.service.clone(),
            label: if anonymous {
                String::new()
            } else {
                account.label.clone()
            },
            imported_at: set.imported_at,
            sheet_id: id.clone(),
            codes: set
                .codes
                .iter()
                .map(|c| SheetCode {
                    code: Zeroizing::new(c.value.expose().to_owned()),
                    used: c.is_used(),
                })
                .collect(),
        });
        records.push(crate::vault::model::PrintedSheet {
            id,
            printed_at: now,
            service: account.service.clone(),
            label: account.label.clone(),
            set_imported_at: set.imported_at,
            used_at_print: set.codes.iter().map(crate::vault::Code::is_used).collect(),
            blind: false,
            checked_at: None,
            paper_keys: Vec::new(),
        });
    }
    (sheets, records)
}

/// Options for a booklet of sheets.
#[derive(Debug, Clone, Copy)]
pub struct SheetOptions {
    /// Paper size.
    pub paper: Paper,
    /// Leave out account labels.
    pub anonymous: bool,
    /// The date printed on every sheet.
    pub printed_at: Timestamp,
    /// Printer-blind: code numbers and tick boxes only, the codes themselves only inside
    /// the encrypted QR code.
    pub blind: bool,
}

/// A finished PDF.
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Pages in it.
    pub pages: usize,
    /// Things the user should know (characters that could not be drawn).
    pub warnings: Vec<String>,
}

/// The paper recovery key and what is needed to use it.
pub struct RecoveryKit<'a> {
    /// `AGE-SECRET-KEY-1…`.
    pub paper_key: &'a str,
    /// The vault's id.
    pub vault_id: &'a str,
    /// When the key was made.
    pub made_at: Timestamp,
    /// Where the vault lives on this computer.
    pub vault_path: &'a str,
}

struct Fonts {
    mono: ParsedFont,
    sans: ParsedFont,
    bold: ParsedFont,
}

fn fonts() -> Result<&'static Fonts, PdfError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let parse = |bytes: &[u8]| ParsedFont::from_bytes(bytes, 0, &mut Vec::new());
            Some(Fonts {
                mono: parse(MONO_TTF)?,
                sans: parse(SANS_TTF)?,
                bold: parse(SANS_BOLD_TTF)?,
            })
        })
        .as_ref()
        .ok_or(PdfError::Font)
}

impl Metrics for ParsedFont {
    fn advance(&self, c: char, size: f32) -> Option<f32> {
        let gid = self.lookup_glyph_index(u32::from(c))?;
        let width = self.get_glyph_width(gid).unwrap_or(0);
        Some(f32::from(width) / f32::from(self.units_per_em.max(1)) * size)
    }
}

/// Which face to draw with.
#[derive(Clone, Copy)]
enum Face {
    Mono,
    Sans,
    Bold,
}

const BLACK: (f32, f32, f32) = (0.0, 0.0, 0.0);
const GREY: (f32, f32, f32) = (0.38, 0.38, 0.38);
const ACCENT: (f32, f32, f32) = (0.11, 0.33, 0.55);
const WARN: (f32, f32, f32) = (0.62, 0.11, 0.11);

/// Draws on one page, in top-left coordinates of the content area.
struct Canvas {
    ops: Vec<Op>,
    page_height: f32,
    ids: [FontId; 3],
}

impl Canvas {
    fn new(paper: Paper, ids: &[FontId; 3]) -> Self {
        Self {
            ops: Vec::new(),
            page_height: paper.size().1,
            ids: ids.clone(),
        }
    }

    fn pt(&self, x: f32, y: f32) -> Point {
        Point {
            x: Pt(MARGIN + x),
            y: Pt(self.page_height - MARGIN - y),
        }
    }

    fn colour(rgb: (f32, f32, f32)) -> Color {
        Color::Rgb(Rgb {
            r: rgb.0,
            g: rgb.1,
            b: rgb.2,
            icc_profile: None,
        })
    }

    /// Text with its baseline at `y`.
    fn text(&mut self, x: f32, y: f32, face: Face, size: f32, rgb: (f32, f32, f32), text: &str) {
        if text.is_empty() {
            return;
        }
        let id = match face {
            Face::Mono => &self.ids[0],
            Face::Sans => &self.ids[1],
            Face::Bold => &self.ids[2],
        };
        let pos = self.pt(x, y);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor {
                col: Self::colour(rgb),
            },
            Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(size),
            },
            Op::SetTextCursor { pos },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, rgb: (f32, f32, f32)) {
        let points = vec![
            LinePoint {
                p: self.pt(x1, y1),
                bezier: false,
            },
            LinePoint {
                p: self.pt(x2, y2),
                bezier: false,
            },
        ];
        self.ops.extend([
            Op::SetOutlineColor {
                col: Self::colour(rgb),
            },
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine {
                line: Line {
                    points,
                    is_closed: false,
                },
            },
        ]);
    }

    /// A rectangle with its top-left corner at (x, y).
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: bool, rgb: (f32, f32, f32)) {
        let bottom_left = self.pt(x, y + h);
        let mode = if fill {
            PaintMode::Fill
        } else {
            PaintMode::Stroke
        };
        self.ops.extend([
            Op::SetFillColor {
                col: Self::colour(rgb),
            },
            Op::SetOutlineColor {
                col: Self::colour(rgb),
            },
            Op::SetOutlineThickness { pt: Pt(0.8) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: bottom_left.x,
                    y: bottom_left.y,
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(mode),
                    winding_order: None,
                },
            },
        ]);
    }
}

fn new_document(title: &str) -> Result<(PdfDocument, [FontId; 3], &'static Fonts), PdfError> {
    let fonts = fonts()?;
    // The title is generic on purpose: no site, account, code or key in the metadata.
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.creator = crate::APP_NAME.to_owned();
    doc.metadata.info.producer = crate::APP_NAME.to_owned();
    if let Ok(now) = printpdf::OffsetDateTime::from_unix_timestamp(Timestamp::now().as_second()) {
        doc.metadata.info.creation_date = now;
        doc.metadata.info.modification_date = now;
        doc.metadata.info.metadata_date = now;
    }
    let ids = [
        doc.add_font(&fonts.mono),
        doc.add_font(&fonts.sans),
        doc.add_font(&fonts.bold),
    ];
    Ok((doc, ids, fonts))
}

fn finish(doc: PdfDocument, pages: Vec<Canvas>, paper: Paper) -> Vec<u8> {
    let count = pages.len();
    finish_with(doc, pages, paper, |i| {
        format!("{} · page {} of {count}", crate::APP_NAME, i + 1)
    })
}

/// [`finish`] with the footer of page `i` (0-based) given by `footer`.
fn finish_with(
    mut doc: PdfDocument,
    pages: Vec<Canvas>,
    paper: Paper,
    footer: impl Fn(usize) -> String,
) -> Vec<u8> {
    let (w, h) = paper.size();
    let pdf_pages = pages
        .into_iter()
        .enumerate()
        .map(|(i, mut canvas)| {
            let area = Area::of(paper);
            let footer = footer(i);
            canvas.text(
                0.0,
                area.height + layout::PAGE_FOOTER,
                Face::Sans,
                7.5,
                GREY,
                &footer,
            );
            PdfPage::new(
                printpdf::Mm(w * 25.4 / 72.0),
                printpdf::Mm(h * 25.4 / 72.0),
                canvas.ops,
            )
        })
        .collect();
    doc.with_pages(pdf_pages);
    doc.save(&PdfSaveOptions::default(), &mut Vec::new())
}

fn date(ts: Timestamp) -> String {
    ts.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d")
        .to_string()
}

/// One block to place: a whole sheet, or one page's share of a sheet too long for a page.
struct Block<'a> {
    sheet: &'a Sheet,
    grid: CodeGrid,
    lines_per_code: usize,
    /// Index of the first code and how many.
    first: usize,
    count: usize,
    part: Option<(usize, usize)>,
    /// The QR code's text, when the block carries one.
    qr: Option<&'a str>,
    blind: bool,
}

impl Block<'_> {
    fn rows(&self) -> usize {
        self.count.div_ceil(self.grid.columns)
    }
    fn height(&self) -> f32 {
        layout::sheet_height(
            self.rows(),
            self.lines_per_code,
            self.qr.is_some(),
            self.blind,
        )
    }
}

/// Renders one sheet per account, packed several to a page where they fit.
pub fn render_sheets(sheets: &[Sheet], opts: &SheetOptions) -> Result<Rendered, PdfError> {
    if sheets.is_empty() {
        return Err(PdfError::Empty);
    }
    let (doc, ids, fonts) = new_document("Codekeeper recovery sheets")?;
    let area = Area::of(opts.paper);
    let mut blocks = Vec::new();
    for sheet in sheets {
        blocks.extend(sheet_blocks(sheet, area, opts.blind));
    }
    let heights: Vec<f32> = blocks.iter().map(Block::height).collect();
    let placed = layout::pack(&heights, area.height);
    let page_total = placed.last().map_or(0, |p| p.0 + 1);
    let mut pages: Vec<Canvas> = (0..page_total)
        .map(|_| Canvas::new(opts.paper, &ids))
        .collect();
    let mut warnings = Vec::new();
    for (block, (page, top)) in blocks.iter().zip(placed) {
        if let Some(canvas) = pages.get_mut(page) {
            draw_sheet(canvas, block, top, area, opts, fonts, &mut warnings)?;
        }
    }
    warnings.dedup();
    let pages_n = pages.len();
    Ok(Rendered {
        bytes: finish(doc, pages, opts.paper),
        pages: pages_n,
        warnings,
    })
}

/// The blocks of one sheet: one per QR part, split further where a part does not fit
/// on a page (each piece then repeats the part's QR code).
fn sheet_blocks(sheet: &Sheet, area: Area, blind: bool) -> Vec<Block<'_>> {
    let qr_area = layout::beside_qr(area);
    let has_qr = sheet.parts.iter().any(|p| !p.qr.is_empty());
    let code_area = if has_qr { qr_area } else { area };
    let longest = if blind {
        4
    } else {
        sheet
            .codes
            .iter()
            .map(|c| c.code.chars().count())
            .max()
            .unwrap_or(1)
    };
    let trailer = if sheet.codes.iter().any(|c| c.used) {
        layout::USED_MARK
    } else {
        0.0
    };
    let grid = CodeGrid::for_codes_with(code_area, sheet.codes.len(), longest, trailer);
    let per_line = grid.chars_per_line(code_area);
    let lines_per_code = longest.div_ceil(per_line).max(1);
    let extra = if blind { layout::BLIND_FOOTER } else { 0.0 };
    let per_page_rows = (((area.height - layout::HEADER - layout::FOOTER - extra)
        / (layout::ROW * lines_per_code as f32))
        .floor() as usize)
        .max(1);
    let per_page = per_page_rows * grid.columns;
    let runs: Vec<(usize, usize, Option<&str>)> = if sheet.parts.is_empty() {
        vec![(0, sheet.codes.len(), None)]
    } else {
        sheet
            .parts
            .iter()
            .map(|p| {
                let end = (p.first + p.count).min(sheet.codes.len());
                (
                    p.first.min(end),
                    end - p.first.min(end),
                    (!p.qr.is_empty()).then_some(p.qr.as_str()),
                )
            })
            .collect()
    };
    let mut pieces = Vec::new();
    for (first, count, qr) in runs {
        let n = count.div_ceil(per_page).max(1);
        for k in 0..n {
            let start = first + k * per_page;
            pieces.push((start, (first + count - start).min(per_page), qr));
        }
    }
    let total = pieces.len();
    pieces
        .into_iter()
        .enumerate()
        .map(|(k, (first, count, qr))| Block {
            sheet,
            grid,
            lines_per_code,
            first,
            count,
            part: (total > 1).then_some((k + 1, total)),
            qr,
            blind,
        })
        .collect()
}

fn draw_sheet(
    c: &mut Canvas,
    b: &Block<'_>,
    top: f32,
    area: Area,
    opts: &SheetOptions,
    fonts: &Fonts,
    warnings: &mut Vec<String>,
) -> Result<(), PdfError> {
    let sheet = b.sheet;
    let mut y = top;
    // Header: product line, site, label, details.
    c.rect(0.0, y, area.width, 3.0, true, ACCENT);
    y += 16.0;
    c.text(
        0.0,
        y,
        Face::Sans,
        8.5,
        GREY,
        if b.blind {
            "CODEKEEPER · TWO-FACTOR RECOVERY CODES · PRINTER-BLIND SHEET"
        } else {
            "CODEKEEPER · TWO-FACTOR RECOVERY CODES"
        },
    );
    y += 22.0;
    let service = text::fit(
        &sheet.service,
        &fonts.bold,
        18.0,
        area.width,
        "the site name",
    );
    warnings.extend(service.warnings);
    let title = match b.part {
        Some((n, of)) => format!("{} (part {n} of {of})", service.text),
        None => service.text,
    };
    c.text(0.0, y, Face::Bold, 18.0, BLACK, &title);
    y += 16.0;
    if opts.anonymous {
        c.text(
            0.0,
            y,
            Face::Sans,
            10.5,
            GREY,
            "Account: (left out — anonymous sheet)",
        );
    } else if !sheet.label.is_empty() {
        let label = text::fit(
            &sheet.label,
            &fonts.sans,
            10.5,
            area.width - 60.0,
            "the account label",
        );
        warnings.extend(label.warnings);
        c.text(
            0.0,
            y,
            Face::Sans,
            10.5,
            BLACK,
            &format!("Account: {}", label.text),
        );
    }
    y += 14.0;
    let used = sheet.codes.iter().filter(|c| c.used).count();
    let details = format!(
        "Imported {} · Printed {} · Sheet {} · {} codes{}",
        date(sheet.imported_at),
        date(opts.printed_at),
        sheet.sheet_id,
        sheet.codes.len(),
        if used > 0 {
            format!(" ({used} already used)")
        } else {
            String::new()
        }
    );
    c.text(0.0, y, Face::Sans, 8.5, GREY, &details);
    y = top + layout::HEADER;

    // Codes: numbered, each with a tick box; used ones struck through. A printer-blind
    // sheet has the numbers and boxes only.
    let code_area = if b.qr.is_some() {
        layout::beside_qr(area)
    } else {
        area
    };
    let grid = b.grid;
    let column_width = grid.column_width(code_area);
    let per_line = grid.chars_per_line(code_area);
    let row_height = layout::ROW * b.lines_per_code as f32;
    let rows = b.rows();
    for i in 0..b.count {
        let index = b.first + i;
        let code = &sheet.codes[index];
        let (col, row) = (i / rows, i % rows);
        let x = col as f32 * (column_width + layout::COLUMN_GAP);
        let row_top = y + row as f32 * row_height;
        let baseline = row_top + grid.size.max(11.0) + 2.0;
        c.text(
            x,
            baseline,
            Face::Sans,
            9.5,
            GREY,
            &format!("{:>2}", index + 1),
        );
        let box_x = x + 20.0;
        let box_size = 11.0;
        c.rect(
            box_x,
            baseline - box_size + 1.0,
            box_size,
            box_size,
            false,
            BLACK,
        );
        let code_x = x + layout::ROW_LEAD;
        let lines = if b.blind {
            vec![String::new()]
        } else {
            text::wrap_code(&code.code, per_line)
        };
        for (k, line) in lines.iter().enumerate() {
            let line_y = baseline + k as f32 * layout::ROW;
            let colour = if code.used { GREY } else { BLACK };
            c.text(code_x, line_y, Face::Mono, grid.size, colour, line);
            if code.used && !b.blind {
                let width = line.chars().count() as f32 * grid.size * layout::MONO_ADVANCE;
                c.line(
                    code_x - 2.0,
                    line_y - grid.size * 0.3,
                    code_x + width + 2.0,
                    line_y - grid.size * 0.3,
                    1.2,
                    BLACK,
                );
            }
        }
        if code.used {
            // A tick in the box and the word "used", so it reads without colour too.
            c.line(
                box_x + 2.0,
                baseline - 4.0,
                box_x + 4.5,
                baseline - 1.0,
                1.3,
                BLACK,
            );
            c.line(
                box_x + 4.5,
                baseline - 1.0,
                box_x + 9.5,
                baseline - 9.0,
                1.3,
                BLACK,
            );
            let longest_line = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            let after = code_x + longest_line as f32 * grid.size * layout::MONO_ADVANCE + 8.0;
            // Only where it stays clear of the next column (the tick and the strike
            // already say it, without colour).
            if after + 16.0 <= x + column_width + layout::COLUMN_GAP / 2.0 {
                c.text(after, baseline, Face::Sans, 8.0, GREY, "used");
            }
        }
    }
    let mut body = rows as f32 * row_height;
    if let Some(qr) = b.qr {
        // The caption starts below the QR code and the last row of codes alike.
        let caption_top = body.max(layout::QR_SIDE);
        let qx = area.width - layout::QR_SIDE;
        // Level L: the lowest version (largest modules) for the text, which matters
        // more for a photo than repairing a torn corner.
        draw_qr(c, qr.as_bytes(), qrcode::EcLevel::L, qx, y, layout::QR_SIDE)?;
        let caption = if b.blind {
            [
                "The codes, encrypted. Read them",
                "with Codekeeper or your paper key.",
            ]
        } else {
            [
                "Encrypted copy of this sheet:",
                "Codekeeper checks it from a photo.",
            ]
        };
        for (k, line) in caption.iter().enumerate() {
            c.text(
                qx,
                y + caption_top + 11.0 + k as f32 * 9.5,
                Face::Sans,
                7.0,
                GREY,
                line,
            );
        }
        body = caption_top + layout::QR_CAPTION;
    }
    let mut fy = y + body + 14.0;
    c.line(0.0, fy - 10.0, area.width, fy - 10.0, 0.4, GREY);
    let mut notes: Vec<String> = [
        "Each code works once. Tick it off here when you use it.",
        "Generating new codes on the site makes every code on this sheet stop working.",
        "Keep this sheet somewhere safe, as you would a passport.",
    ]
    .map(str::to_owned)
    .to_vec();
    if b.blind {
        notes.extend([
            "This sheet shows no codes: they are only in the QR code, encrypted. Codekeeper reads them (Check sheets), or".to_owned(),
            format!("without Codekeeper: {BLIND_STOCK_READ}   then   {BLIND_STOCK_DECRYPT}"),
            "(one QR code per photo; key.txt holds your paper key AGE-SECRET-KEY-1… on one line, without spaces).".to_owned(),
        ]);
    }
    for note in &notes {
        c.text(0.0, fy, Face::Sans, 8.0, GREY, note);
        fy += 11.0;
    }
    Ok(())
}

/// Draws `data` as a QR code `side` points wide, top-left at (x, y).
fn draw_qr(
    c: &mut Canvas,
    data: &[u8],
    level: qrcode::EcLevel,
    x: f32,
    y: f32,
    side: f32,
) -> Result<(), PdfError> {
    let qr = qrcode::QrCode::with_error_correction_level(data, level)
        .map_err(|e| PdfError::Qr(e.to_string()))?;
    let modules = qr.width();
    let cell = side / modules as f32;
    let colours = qr.to_colors();
    // One rectangle per horizontal run of dark modules: a third of the drawing
    // operations of one per module, so a sheet's PDF stays small.
    for (my, row) in colours.chunks(modules).enumerate() {
        let mut mx = 0;
        while mx < row.len() {
            if row[mx] != qrcode::Color::Dark {
                mx += 1;
                continue;
            }
            let start = mx;
            while mx < row.len() && row[mx] == qrcode::Color::Dark {
                mx += 1;
            }
            c.rect(
                x + start as f32 * cell,
                y + my as f32 * cell,
                (mx - start) as f32 * cell + 0.05,
                cell + 0.05,
                true,
                BLACK,
            );
        }
    }
    Ok(())
}

/// Renders the recovery kit for the vault's paper key: the key as grouped text and
/// as a QR code, the vault id, the date, and how to restore.
pub fn render_recovery_kit(kit: &RecoveryKit<'_>, paper: Paper) -> Result<Rendered, PdfError> {
    let (doc, ids, fonts) = new_document("Codekeeper recovery kit")?;
    let area = Area::of(paper);
    let mut c = Canvas::new(paper, &ids);
    let mut y = 0.0;
    c.rect(0.0, y, area.width, 3.0, true, ACCENT);
    y += 30.0;
    c.text(0.0, y, Face::Bold, 22.0, BLACK, "Codekeeper recovery kit");
    y += 20.0;
    c.text(
        0.0,
        y,
        Face::Sans,
        10.0,
        GREY,
        &format!("Vault {} · made {}", kit.vault_id, date(kit.made_at)),
    );
    y += 22.0;
    c.rect(0.0, y, area.width, 44.0, true, (0.99, 0.93, 0.93));
    c.text(
        10.0,
        y + 17.0,
        Face::Bold,
        10.5,
        WARN,
        "This key opens every code in your vault.",
    );
    c.text(10.0, y + 33.0, Face::Sans, 9.5, WARN, "Anyone with this sheet and a copy of your vault can read all your codes. Keep it locked away.");
    y += 66.0;
    c.text(0.0, y, Face::Bold, 12.0, BLACK, "Paper recovery key");
    y += 24.0;
    let key = Zeroizing::new(kit.paper_key.trim().to_owned());
    let (prefix, groups) = crate::vault::paper_key_groups(&key);
    c.text(0.0, y, Face::Mono, 14.0, BLACK, prefix);
    for line in groups.chunks(6) {
        y += 22.0;
        c.text(0.0, y, Face::Mono, 14.0, BLACK, &line.join(" "));
    }
    let text_bottom = y;

    // QR code on the right, beside the key.
    let qr_size = layout::mm(45.0);
    let qr_x = area.width - qr_size;
    let qr_y = text_bottom - 100.0;
    draw_qr(
        &mut c,
        key.as_bytes(),
        qrcode::EcLevel::M,
        qr_x,
        qr_y,
        qr_size,
    )?;
    c.text(
        qr_x,
        qr_y + qr_size + 12.0,
        Face::Sans,
        7.5,
        GREY,
        "The same key as a QR code",
    );
    y = (qr_y + qr_size + 30.0).max(text_bottom + 30.0);

    let steps: [(&str, Vec<String>); 3] = [
        (
            "Restore with Codekeeper",
            vec![
                "1. Install Codekeeper and copy your vault folder (vault.age and backups/) to the computer.".into(),
                "2. Run:  codekeeper restore".into(),
                "3. Type the key above when asked. Spaces and upper or lower case do not matter.".into(),
                "Codekeeper opens the vault and enrols the computer again; this key stays valid.".into(),
            ],
        ),
        (
            "Restore without Codekeeper (stock age tool, age-encryption.org)",
            vec![
                "1. Save the key in a file key.txt as one line without spaces: AGE-SECRET-KEY-1…".into(),
                "2. Run:  age -d -i key.txt vault.age".into(),
                "The vault prints as plain text (TOML) with every code and whether it was used.".into(),
            ],
        ),
        (
            "Where the vault is",
            vec![
                format!("On the computer that made this kit: {}", kit.vault_path),
                "If this key is lost or seen by someone else: codekeeper rotate-recovery-key".into(),
            ],
        ),
    ];
    let mut warnings = Vec::new();
    for (title, lines) in steps {
        c.text(0.0, y, Face::Bold, 11.0, BLACK, title);
        y += 16.0;
        for line in lines {
            let fitted = text::fit(&line, &fonts.sans, 9.5, area.width, "the vault path");
            warnings.extend(fitted.warnings);
            c.text(0.0, y, Face::Sans, 9.5, BLACK, &fitted.text);
            y += 13.5;
        }
        y += 12.0;
    }
    Ok(Rendered {
        bytes: finish(doc, vec![c], paper),
        pages: 1,
        warnings,
    })
}
