//! Bytes to text: UTF-8 (with or without BOM) and UTF-16 LE/BE with BOM (what
//! Windows Notepad saves as "Unicode"). Never decodes lossily; binary input is
//! refused with a clear message.

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

/// Decodes `bytes` into text; the result is wiped when dropped.
pub fn decode(bytes: &[u8]) -> Result<Zeroizing<String>, DecodeError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(DecodeError::TooLarge(bytes.len() as u64));
    }
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf8(rest)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)?
    } else {
        utf8(bytes)?
    };
    if text.chars().any(|c| {
        c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}' | '\u{1b}'))
    }) {
        return Err(DecodeError::NotText(
            "it contains binary control characters",
        ));
    }
    Ok(text)
}

fn utf8(bytes: &[u8]) -> Result<Zeroizing<String>, DecodeError> {
    std::str::from_utf8(bytes)
        .map(|s| Zeroizing::new(s.to_owned()))
        .map_err(|_| DecodeError::NotText("it is not valid UTF-8 or UTF-16"))
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
    fn refusals() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(DecodeError::NotText(_))
        ));
        assert!(matches!(decode(b"ab\xFFcd"), Err(DecodeError::NotText(_))));
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
