//! The heir kit: one page per SLIP-0039 share of the paper key, with the share's words
//! in numbered columns, which share it is and how many open the vault, what else the
//! holder needs, and how to open the vault with Codekeeper or with stock tools alone
//! (the reference `shamir` tool, a two-line Bech32 conversion, `age`). Every line is
//! checked to fit: a command cut short on paper would be worse than none.

use jiff::Timestamp;
use zeroize::Zeroizing;

use super::layout::Area;
use super::{
    ACCENT, BLACK, Canvas, Face, GREY, Paper, PdfError, Rendered, WARN, date, finish_with,
    new_document, text,
};

/// Installs the reference tools in a private Python environment (plain `pip install`
/// is refused on current Debian and Ubuntu).
pub const STOCK_INSTALL: &str =
    "python3 -m venv kit && . kit/bin/activate && pip install 'shamir-mnemonic[cli]' bech32";
/// Recombines shares interactively; prints the master secret as hex.
pub const STOCK_RECOVER: &str = "shamir recover";
/// Turns the master secret (`HEX`) into the paper key in `key.txt` (one shell command
/// over two lines).
pub const STOCK_TO_KEY: [&str; 2] = [
    "python3 -c \"import bech32,sys; d=bytes.fromhex(sys.argv[1])",
    "print(bech32.bech32_encode('age-secret-key-',bech32.convertbits(d,8,5)).upper())\" HEX > key.txt",
];
/// Decrypts the vault with that key.
pub const STOCK_DECRYPT: &str = "age -d -i key.txt vault.age";

/// What goes into an heir kit.
pub struct HeirKit<'a> {
    /// Each share's words, in share order.
    pub shares: &'a [Vec<&'static str>],
    /// Shares needed.
    pub threshold: u8,
    /// The vault's id.
    pub vault_id: &'a str,
    /// When the kit was made.
    pub made_at: Timestamp,
}

const WORD_COLUMNS: usize = 3;

/// Renders one page per share.
pub fn render_heir_kit(kit: &HeirKit<'_>, paper: Paper) -> Result<Rendered, PdfError> {
    let (doc, ids, fonts) = new_document("Codekeeper heir kit")?;
    let area = Area::of(paper);
    let count = kit.shares.len();
    let t = kit.threshold;
    let mut pages = Vec::new();
    let mut warnings = Vec::new();
    for (i, words) in kit.shares.iter().enumerate() {
        let mut c = Canvas::new(paper, &ids);
        let mut line =
            |c: &mut Canvas, y: f32, face: Face, size: f32, rgb: (f32, f32, f32), s: &str| {
                let font = match face {
                    Face::Mono => &fonts.mono,
                    Face::Sans => &fonts.sans,
                    Face::Bold => &fonts.bold,
                };
                let fitted = text::fit(s, font, size, area.width, "a line of the heir kit");
                if fitted.text != s {
                    warnings.push(format!("a line of the heir kit was cut short: {s}"));
                }
                c.text(0.0, y, face, size, rgb, &fitted.text);
            };
        let mut y = 0.0;
        c.rect(0.0, y, area.width, 3.0, true, ACCENT);
        y += 30.0;
        let title = format!("Heir share {} of {count}", i + 1);
        line(&mut c, y, Face::Bold, 22.0, BLACK, &title);
        y += 20.0;
        let set = words.iter().take(2).copied().collect::<Vec<_>>().join(" ");
        let sub = format!(
            "Vault ID {} (the same on every share) · made {}",
            kit.vault_id,
            date(kit.made_at)
        );
        line(&mut c, y, Face::Sans, 9.5, GREY, &sub);
        y += 13.0;
        let same = format!("Every share of this set starts with the words “{set}”.");
        line(&mut c, y, Face::Sans, 9.5, GREY, &same);
        y += 16.0;
        c.rect(0.0, y, area.width, 58.0, true, (0.99, 0.93, 0.93));
        let head = format!(
            "Any {t} of these {count} shares open the vault. This share alone reveals nothing."
        );
        c.text(10.0, y + 18.0, Face::Bold, 10.5, WARN, &head);
        c.text(
            10.0,
            y + 33.0,
            Face::Sans,
            9.0,
            WARN,
            "Keep it private and safe. Do not photograph it or type it into a phone or computer",
        );
        c.text(
            10.0,
            y + 46.0,
            Face::Sans,
            9.0,
            WARN,
            "until the vault is to be opened. Each share belongs with a different person.",
        );
        y += 80.0;
        line(
            &mut c,
            y,
            Face::Bold,
            12.0,
            BLACK,
            &format!("The {} words of share {}", words.len(), i + 1),
        );
        y += 8.0;
        let rows = words.len().div_ceil(WORD_COLUMNS);
        let col_w = area.width / WORD_COLUMNS as f32;
        for (n, w) in words.iter().enumerate() {
            let (col, row) = (n / rows, n % rows);
            let cell = Zeroizing::new(format!("{:>2}. {w}", n + 1));
            c.text(
                col as f32 * col_w + 6.0,
                y + 18.0 + row as f32 * 17.0,
                Face::Mono,
                12.5,
                BLACK,
                &cell,
            );
        }
        y += 18.0 + rows as f32 * 17.0 + 6.0;
        c.line(0.0, y, area.width, y, 0.6, GREY);
        y += 16.0;

        let sections: [(&str, Vec<(Face, String)>); 4] = [
            (
                "What this is",
                vec![
                    (Face::Sans, "The owner keeps the codes that get them back into their online accounts in a Codekeeper vault.".into()),
                    (Face::Sans, format!("This page is one of {count} shares of its paper key. Any {t} share holders together, with a copy of the")),
                    (Face::Sans, format!("vault, can open it; fewer than {t} shares reveal nothing. Owner: _________________________________")),
                ],
            ),
            (
                "What else is needed",
                vec![
                    (Face::Sans, "A copy of the vault (the file vault.age), kept by the owner at: _________________________________".into()),
                    (Face::Sans, "The other shares are held by: _____________________________________________________________".into()),
                ],
            ),
            (
                "Open the vault with Codekeeper",
                vec![
                    (Face::Sans, "1. Install Codekeeper on a computer and copy the folder holding vault.age onto it.".into()),
                    (Face::Sans, "2. In its window choose “Restore with heir shares…”, or run:  codekeeper restore --shares --from FOLDER".into()),
                    (Face::Sans, format!("3. Type the 33 words of each of {t} shares in number order, one share per line; case does not matter.")),
                ],
            ),
            (
                "For a technical helper: without Codekeeper (the SLIP-0039 reference tool)",
                vec![
                    (Face::Sans, format!("1. {STOCK_INSTALL}")),
                    (Face::Sans, format!("2. {STOCK_RECOVER}  — at “Enter a recovery share” type one page's 33 words in number order; repeat.")),
                    (Face::Sans, "3. Put the hex after “Your master secret is:” in place of HEX (one command over two lines):".into()),
                    (Face::Mono, STOCK_TO_KEY[0].into()),
                    (Face::Mono, STOCK_TO_KEY[1].into()),
                    (Face::Sans, format!("4. {STOCK_DECRYPT}  — prints every code (age: age-encryption.org). Delete key.txt after.")),
                ],
            ),
        ];
        for (heading, lines) in sections {
            line(&mut c, y, Face::Bold, 10.5, BLACK, heading);
            y += 14.0;
            for (face, s) in lines {
                let size = if matches!(face, Face::Mono) { 7.6 } else { 8.8 };
                line(&mut c, y, face, size, BLACK, &s);
                y += 12.0;
            }
            y += 6.0;
        }
        if y > area.height {
            warnings.push("the heir kit page overflows the paper".to_owned());
        }
        pages.push(c);
    }
    Ok(Rendered {
        bytes: finish_with(doc, pages, paper, |_| {
            format!(
                "Codekeeper heir kit · this page is complete: each of the {count} shares is on its own page, held by a different person"
            )
        }),
        pages: count,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_fits_on_a4_and_letter_with_the_most_shares() {
        let words: Vec<&'static str> = vec!["academic"; 33];
        let shares = vec![words; 16];
        for paper in [Paper::A4, Paper::Letter] {
            let kit = HeirKit {
                shares: &shares,
                threshold: 16,
                vault_id: "0123456789abcdef0123456789abcdef",
                made_at: Timestamp::UNIX_EPOCH,
            };
            let rendered = render_heir_kit(&kit, paper).unwrap();
            assert_eq!(rendered.pages, 16);
            assert!(
                rendered.warnings.is_empty(),
                "{paper:?}: {:?}",
                rendered.warnings
            );
        }
    }
}
