//! User text on paper: account names and notes are hostile input. Control and
//! bidirectional-override characters are shown as visible escapes (`<U+202E>`),
//! never applied; characters the font cannot draw become `□` with a warning; long
//! text is cut with an ellipsis to the width it has.

/// Measures text width in points for a font at a size, and tells which characters it can draw.
pub trait Metrics {
    /// Width of `c` in points at `size`, or `None` if the font has no glyph for it.
    fn advance(&self, c: char, size: f32) -> Option<f32>;
}

/// Characters shown as escapes: C0/C1 controls, bidi controls, invisible formatting.
fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Text ready to draw, and what the user should be told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fitted {
    /// The text to draw.
    pub text: String,
    /// Warnings (missing glyphs).
    pub warnings: Vec<String>,
}

/// Makes `input` safe and drawable, at most `max_width` points wide. `what` names
/// the field in warnings ("the account label").
pub fn fit(input: &str, metrics: &dyn Metrics, size: f32, max_width: f32, what: &str) -> Fitted {
    let mut warnings = Vec::new();
    let mut visible = String::with_capacity(input.len());
    let mut missing: Vec<char> = Vec::new();
    for c in input.chars() {
        if must_escape(c) {
            visible.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else if metrics.advance(c, size).is_none() {
            if !missing.contains(&c) {
                missing.push(c);
            }
            visible.push('□');
        } else {
            visible.push(c);
        }
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing
            .iter()
            .take(5)
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        let more = if missing.len() > 5 {
            format!(" and {} more", missing.len() - 5)
        } else {
            String::new()
        };
        warnings.push(format!(
            "{what} has characters the printed font cannot draw ({}{more}); they are printed as □",
            list.join(", ")
        ));
    }
    let width = |s: &str| {
        s.chars()
            .map(|c| metrics.advance(c, size).unwrap_or(size * 0.6))
            .sum::<f32>()
    };
    if width(&visible) <= max_width {
        return Fitted {
            text: visible,
            warnings,
        };
    }
    let ellipsis = metrics.advance('…', size).unwrap_or(size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in visible.chars() {
        let w = metrics.advance(c, size).unwrap_or(size * 0.6);
        if used + w + ellipsis > max_width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Fitted {
        text: out,
        warnings,
    }
}

/// Splits a code into lines of at most `per_line` characters, preferring breaks
/// at its group separators.
pub fn wrap_code(code: &str, per_line: usize) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() <= per_line {
        return vec![code.to_owned()];
    }
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = (start + per_line).min(chars.len());
        if end < chars.len()
            && let Some(sep) = chars[start..end]
                .iter()
                .rposition(|c| *c == ' ' || *c == '-')
            && sep > 0
        {
            end = start + sep + 1;
        }
        lines.push(
            chars[start..end]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_owned(),
        );
        start = end;
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every ASCII and Latin-1 character is 0.5 em; nothing else exists, except `…`.
    struct Fake;
    impl Metrics for Fake {
        fn advance(&self, c: char, size: f32) -> Option<f32> {
            (u32::from(c) < 0x250 || c == '…' || c == '□').then_some(size * 0.5)
        }
    }

    #[test]
    fn bidi_and_controls_become_visible_escapes() {
        let f = fit(
            "evil\u{202E}txt.exe\u{0007}",
            &Fake,
            10.0,
            1000.0,
            "the label",
        );
        assert_eq!(f.text, "evil<U+202E>txt.exe<U+0007>");
        assert!(f.warnings.is_empty());
    }

    #[test]
    fn missing_glyphs_are_replaced_and_reported() {
        let f = fit("Bob 漢字😀", &Fake, 10.0, 1000.0, "the label");
        assert_eq!(f.text, "Bob □□□");
        assert_eq!(f.warnings.len(), 1);
        assert!(f.warnings[0].contains("U+6F22"), "{:?}", f.warnings);
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let long = "a".repeat(10_000);
        let f = fit(&long, &Fake, 10.0, 100.0, "x");
        assert!(f.text.ends_with('…'));
        assert!(f.text.chars().count() <= 20, "{}", f.text.len());
    }

    #[test]
    fn codes_wrap_at_group_separators() {
        let tuta = "a1b2 c3d4 e5f6 a7b8 c9d0 e1f2 a3b4 c5d6";
        assert_eq!(
            wrap_code(tuta, 20),
            ["a1b2 c3d4 e5f6 a7b8", "c9d0 e1f2 a3b4 c5d6"]
        );
        assert_eq!(wrap_code("abcde-12345", 40), ["abcde-12345"]);
        assert_eq!(wrap_code("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }
}
