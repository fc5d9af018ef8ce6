//! Bytes to text: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM (what
//! Windows Notepad saves as "Unicode"), and the legacy 8-bit and CJK encodings older
//! editors save (Windows-1252 "ANSI", ISO-8859-x, `Shift_JIS`, GBK, EUC-KR, …), which
//! `chardetng` (the detector Firefox uses) recognises and `encoding_rs` decodes.
//! Never decodes lossily: bytes no text encoding explains (binary) are refused with
//! a clear message, and the encoding assumed is reported.

use zeroize::Zeroizing;

/// Largest import accepted: recovery-code files are a few hundred bytes.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

/// Why bytes could not be turned into text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    /// Over [`MAX_IMPORT_BYTES`].
    #[error("file too large ({}); recovery-code files are a few hundred bytes — choose the file the site gave you", human_size(*.0))]
    TooLarge(u64),
    /// Binary data or invalid text.
    #[error(
        "this file is not text ({0}); choose the text file the site gave you, or paste the codes"
    )]
    NotText(&'static str),
}

/// "5.2 MB" style sizes for messages.
pub fn human_size(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    if bytes >= 1_000_000 {
        format!("{:.1} MB", b / 1_000_000.0)
    } else if bytes >= 1_000 {
        format!("{:.1} kB", b / 1_000.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// Text decoded from bytes.
pub struct Decoded {
    /// The text; wiped when dropped.
    pub text: Zeroizing<String>,
    /// The legacy encoding assumed when the bytes were not Unicode, by its usual
    /// name ("Windows-1252", "`Shift_JIS`"); `None` for UTF-8 and UTF-16.
    pub legacy: Option<&'static str>,
}

/// Decodes `bytes` into text; the result is wiped when dropped.
pub fn decode(bytes: &[u8]) -> Result<Zeroizing<String>, DecodeError> {
    decode_any(bytes).map(|d| d.text)
}

/// Decodes `bytes` into text, saying which legacy encoding was assumed, if any.
pub fn decode_any(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (text, legacy) = decode_text(bytes)?;
    let text = match text {
        Text::Borrowed(text) => Zeroizing::new(text.to_owned()),
        Text::Owned(text) => text,
    };
    Ok(Decoded { text, legacy })
}

/// Decoded text: the input's own bytes when they are UTF-8 already (nearly every
/// file), else a copy that is wiped when dropped.
pub(super) enum Text<'a> {
    /// The input (after its byte-order mark, if it has one), which was UTF-8.
    Borrowed(&'a str),
    /// Decoded from UTF-16 or a legacy encoding.
    Owned(Zeroizing<String>),
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(text) => text,
            Text::Owned(text) => text,
        }
    }
}

/// [`decode_any`] without copying UTF-8 input.
pub(super) fn decode_text(bytes: &[u8]) -> Result<(Text<'_>, Option<&'static str>), DecodeError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(DecodeError::TooLarge(bytes.len() as u64));
    }
    let mut legacy = None;
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Text::Borrowed(utf8(rest)?)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        Text::Owned(utf16(rest, u16::from_le_bytes)?)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        Text::Owned(utf16(rest, u16::from_be_bytes)?)
    } else if let Ok(text) = utf8(bytes) {
        Text::Borrowed(text)
    } else {
        let (text, name) = legacy_text(bytes)?;
        legacy = Some(name);
        Text::Owned(text)
    };
    if has_binary_controls(&text) {
        return Err(DecodeError::NotText(
            "it contains binary control characters",
        ));
    }
    Ok((text, legacy))
}

/// Control characters no text file holds: C0 controls other than tab, line breaks,
/// form feed and escape, DEL, and the C1 controls (U+0080–U+009F, `C2 80`–`C2 9F`
/// in UTF-8).
fn has_binary_controls(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Bytes that may start one; ordinary text has few of them (form feeds, escapes,
    // `Â` and the other `C2` letters), so the exact test runs seldom.
    let suspect = |b: u8| {
        ((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t')) | (b == 0x7f) | (b == 0xc2)
    };
    let mut from = 0;
    while let Some(at) = find_byte(&bytes[from..], suspect) {
        let i = from + at;
        let binary = match bytes[i] {
            0x0c | 0x1b => false,
            0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
            _ => true,
        };
        if binary {
            return true;
        }
        from = i + 1;
    }
    false
}

/// Where the first byte for which `wanted` holds is. Blocks of 32 bytes are tested
/// at once first (`wanted` should be branch-free, `&` and `|` rather than `&&` and
/// `||`, so that the compiler can turn the test into vector instructions): long runs
/// of ordinary text cost little.
#[inline(always)]
pub(crate) fn find_byte(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> Option<usize> {
    let (blocks, rest) = bytes.as_chunks::<32>();
    for (k, block) in blocks.iter().enumerate() {
        // Whether `wanted` holds for any byte of the block: a plain OR over the
        // block, which the compiler turns into a few vector instructions.
        let any = block.iter().fold(0, |any, &b| any | u8::from(wanted(b)));
        if any != 0 {
            return first_in(block, &wanted).map(|i| k * 32 + i);
        }
    }
    let start = blocks.len() * 32;
    rest.iter().position(|&b| wanted(b)).map(|i| start + i)
}

/// Where in `block` the first byte for which `wanted` holds is: apart from
/// [`find_byte`]'s loop, so that the loop stays a few vector instructions.
#[inline(never)]
fn first_in(block: &[u8], wanted: &impl Fn(u8) -> bool) -> Option<usize> {
    block.iter().position(|&b| wanted(b))
}

/// Not UTF-8: the legacy encoding the detector finds most likely, if the bytes are
/// valid in it and the detector prefers it over the others (binary data fits no
/// encoding better than another).
fn legacy_text(bytes: &[u8]) -> Result<(Zeroizing<String>, &'static str), DecodeError> {
    let not_text = DecodeError::NotText("it is not UTF-8, and no other text encoding fits it");
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let (encoding, confident) = detector.guess_assess(None, false);
    if !confident {
        return Err(not_text);
    }
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(not_text)?;
    Ok((Zeroizing::new(text.into_owned()), usual_name(encoding)))
}

/// The name people know an encoding by (`encoding_rs` uses the WHATWG labels).
fn usual_name(encoding: &'static encoding_rs::Encoding) -> &'static str {
    match encoding.name() {
        "windows-1252" => "Windows-1252 (Western European)",
        "ISO-8859-15" => "ISO-8859-15 (Western European with €)",
        "windows-1250" => "Windows-1250 (Central European)",
        "windows-1251" => "Windows-1251 (Cyrillic)",
        "Shift_JIS" => "Shift_JIS (Japanese)",
        "EUC-JP" => "EUC-JP (Japanese)",
        "GBK" | "gb18030" => "GBK (Simplified Chinese)",
        "Big5" => "Big5 (Traditional Chinese)",
        "EUC-KR" => "EUC-KR (Korean)",
        other => other,
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, DecodeError> {
    std::str::from_utf8(bytes).map_err(|_| DecodeError::NotText("it is not valid UTF-8 or UTF-16"))
}

fn utf16(bytes: &[u8], from: fn([u8; 2]) -> u16) -> Result<Zeroizing<String>, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::NotText(
            "its UTF-16 text has an odd number of bytes",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| from([c[0], c[1]]));
    let mut out = Zeroizing::new(String::with_capacity(bytes.len() / 2));
    for ch in char::decode_utf16(units) {
        out.push(ch.map_err(|_| DecodeError::NotText("its UTF-16 text is invalid"))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_byte_finds_the_first_wanted_byte_anywhere_in_a_block() {
        for len in [0, 1, 31, 32, 33, 63, 64, 65, 100] {
            assert_eq!(find_byte(&vec![b'a'; len], |b| b == b'x'), None, "{len}");
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b'x';
                if at + 1 < len {
                    bytes[len - 1] = b'x';
                }
                assert_eq!(find_byte(&bytes, |b| b == b'x'), Some(at), "{len} {at}");
            }
        }
    }

    #[test]
    fn binary_controls_are_found_at_every_offset() {
        for at in [0, 1, 30, 31, 32, 33, 63, 64, 200] {
            let text = |middle: &str| format!("{}{middle}{}", "a".repeat(at), "b".repeat(70));
            for control in ["\u{0}", "\u{7}", "\u{7f}", "\u{85}", "\u{9f}"] {
                assert!(has_binary_controls(&text(control)), "{control:?} at {at}");
            }
            // Form feed, escape, tabs, line breaks and `C2` letters (no-break space,
            // `§`) are text.
            for fine in ["\u{c}", "\u{1b}", "\t", "\r\n", "\u{a0}", "§", "Â"] {
                assert!(!has_binary_controls(&text(fine)), "{fine:?} at {at}");
            }
        }
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"ab\ncd").unwrap().as_str(), "ab\ncd");
        assert_eq!(decode(b"\xEF\xBB\xBFab").unwrap().as_str(), "ab");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("añ\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap().as_str(), "añ\r\n");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("x1".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be).unwrap().as_str(), "x1");
    }

    #[test]
    fn legacy_encodings_are_detected_and_named() {
        // "Größe: 5 €, „Codes“" as an older Windows editor saves it ("ANSI").
        let cp1252 = b"Gr\xF6\xDFe: 5 \x80, \x84Codes\x93\r\nabcde-12345\r\n";
        let d = decode_any(cp1252).unwrap();
        assert_eq!(d.text.as_str(), "Größe: 5 €, „Codes“\r\nabcde-12345\r\n");
        assert!(
            d.legacy.unwrap().starts_with("Windows-1252"),
            "{:?}",
            d.legacy
        );
        // "バックアップコード" in Shift_JIS.
        let sjis = b"\x83o\x83b\x83N\x83A\x83b\x83v\x83R\x81[\x83h\r\n1234 5678\r\n";
        let d = decode_any(sjis).unwrap();
        assert!(
            d.text.starts_with("バックアップコード"),
            "{}",
            d.text.as_str()
        );
        assert_eq!(d.legacy, Some("Shift_JIS (Japanese)"));
        // UTF-8 is not reported.
        assert_eq!(decode_any("Größe".as_bytes()).unwrap().legacy, None);
    }

    #[test]
    fn refusals() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(DecodeError::NotText(_))
        ));
        // Not UTF-8 and with C0 controls: no text encoding explains it.
        assert!(matches!(
            decode(b"ab\xFF\x01\x02\x03cd\x80\x81"),
            Err(DecodeError::NotText(_))
        ));
        assert!(matches!(
            decode(&[0xFF, 0xFE, 0x41]),
            Err(DecodeError::NotText(_))
        ));
        let big = vec![b'a'; MAX_IMPORT_BYTES + 1];
        let err = decode(&big).unwrap_err();
        assert_eq!(err, DecodeError::TooLarge(big.len() as u64));
        assert!(
            err.to_string().starts_with("file too large (1.0 MB)"),
            "{err}"
        );
    }
}
