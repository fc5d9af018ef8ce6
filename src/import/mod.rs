//! Import: bytes in, code sets out. Pure code: no UI, no I/O beyond the bytes given.
//!
//! [`decode`] turns a file's bytes into text (UTF-8 with or without BOM, UTF-16
//! with BOM), refusing binary and oversized input. [`parse_lines`] takes one
//! code per line.

mod text;

pub use text::{DecodeError, MAX_IMPORT_BYTES, decode};

/// One code found in the input.
pub struct FoundCode {
    /// The code as written (grouping kept).
    pub value: zeroize::Zeroizing<String>,
    /// 1-based line number in the input.
    pub line: usize,
}

/// Takes one code per line: blank lines are skipped, surrounding white space trimmed.
pub fn parse_lines(text: &str) -> Vec<FoundCode> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let code = line.trim();
            (!code.is_empty()).then(|| FoundCode {
                value: zeroize::Zeroizing::new(code.to_owned()),
                line: i + 1,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_code_per_line() {
        let found = parse_lines("\n  abcd-1234 \r\nefgh-5678\n\n");
        let values: Vec<&str> = found.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(values, ["abcd-1234", "efgh-5678"]);
        assert_eq!(found[1].line, 3);
    }
}
