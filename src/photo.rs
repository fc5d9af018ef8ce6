//! Reading QR codes back from photos and scans of printed sheets (PNG and JPEG).
//!
//! Pure: bytes in, the texts of every QR code found out. Images are decoded with the
//! `image` crate under size limits (a hostile file cannot make us allocate more than
//! [`MAX_PIXELS`] pixels) and searched with `rxing`, first at a working size and then
//! smaller (shrinking averages away sensor noise and JPEG blocks), so one photo may
//! hold several sheets. A decoder panic on a hostile file is caught and reported as
//! an unreadable picture.

use std::collections::HashSet;
use std::path::Path;

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest picture decoded, in pixels (a 50-megapixel camera fits).
pub const MAX_PIXELS: u64 = 60_000_000;
/// Below this many pixels on the long side a picture cannot hold a readable sheet's
/// QR code (about 120 modules, two pixels each at the least).
pub const MIN_LONG_SIDE: u32 = 240;
/// Long sides (in pixels) searched in turn, each smaller than the picture; every code
/// found at any size counts (one photo may hold several sheets).
const WORKING_SIZES: [u32; 3] = [2600, 1700, 1100];
/// Pictures with a shorter long side are also searched enlarged by half.
const UPSCALE_BELOW: u32 = 1800;

/// Why a picture gave no QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// The file could not be read (the reason, in words).
    #[error("{0}")]
    Read(String),
    /// Not a PNG or JPEG picture, or a damaged one.
    #[error("it is not a PNG or JPEG picture, or it is damaged")]
    NotAPicture,
    /// Too large to decode safely.
    #[error("the picture is too large (over {} megapixels or {} MiB)", MAX_PIXELS / 1_000_000, MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge,
    /// Too small to hold a readable code.
    #[error("the picture is only {width} × {height} pixels, too small to read a QR code from")]
    TooSmall {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// A QR code seems to be there but could not be decoded.
    #[error("a QR code is there but could not be read: the picture is blurred, cut off or glared")]
    Unreadable,
    /// No QR code at all.
    #[error("no QR code was found in it")]
    NoCode,
}

impl PhotoError {
    /// What to do instead, for a person holding the sheet.
    pub fn advice(&self) -> &'static str {
        match self {
            Self::Read(_) => "choose a PNG or JPEG photo or scan of the sheet",
            Self::NotAPicture => {
                "choose a PNG or JPEG photo or scan of the sheet (a damaged file needs to be saved or copied again)"
            }
            Self::TooLarge => "use a smaller picture, or scan at 300 dpi",
            Self::TooSmall { .. } | Self::Unreadable | Self::NoCode => {
                "take the photo again with the whole QR code in the frame, the paper flat, in focus and evenly lit (no glare), or scan the sheet at 300 dpi"
            }
        }
    }
}

/// Reads the file at `path` and returns the text of every QR code in it. Only regular
/// files are read (never a device, a pipe or a folder), and never more than
/// [`MAX_FILE_BYTES`].
pub fn qr_texts_in_file(path: &Path) -> Result<Vec<String>, PhotoError> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        PhotoError::Read(match e.kind() {
            std::io::ErrorKind::NotFound => "the file does not exist".to_owned(),
            std::io::ErrorKind::PermissionDenied => "you are not allowed to read it".to_owned(),
            _ => format!("it could not be read ({e})"),
        })
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(PhotoError::Read(
            "it is not a picture file (a folder, device or pipe)".to_owned(),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PhotoError::TooLarge);
    }
    qr_texts(&bytes)
}

/// The text of every QR code in a PNG or JPEG picture, each once, in the order found.
pub fn qr_texts(bytes: &[u8]) -> Result<Vec<String>, PhotoError> {
    let luma = decode(bytes)?;
    let (width, height) = (luma.width(), luma.height());
    if width.max(height) < MIN_LONG_SIDE {
        return Err(PhotoError::TooSmall { width, height });
    }
    let long = width.max(height);
    let mut sizes: Vec<u32> = Vec::new();
    if long < UPSCALE_BELOW {
        // Small pictures: more pixels per module help the sampler find the grid.
        sizes.push(long * 3 / 2);
    }
    sizes.push(long.min(WORKING_SIZES[0]));
    sizes.extend(WORKING_SIZES.iter().skip(1).filter(|&&s| s < long));
    let mut texts: Vec<String> = Vec::new();
    let mut saw_code = false;
    for size in sizes {
        let scaled = if size == long {
            luma.to_luma8()
        } else {
            let ratio = f64::from(size) / f64::from(long);
            let w = ((f64::from(width) * ratio).round() as u32).max(1);
            let h = ((f64::from(height) * ratio).round() as u32).max(1);
            // Through `DynamicImage`, so the pixel loops are the `image` crate's own
            // (optimised) code rather than generic code instantiated here.
            luma.resize_exact(w, h, image::imageops::FilterType::Triangle)
                .into_luma8()
        };
        match find(scaled) {
            Found::Texts(found) => {
                for text in found {
                    if !texts.contains(&text) {
                        texts.push(text);
                    }
                }
            }
            Found::Damaged => saw_code = true,
            Found::Nothing => {}
        }
    }
    if !texts.is_empty() {
        return Ok(texts);
    }
    Err(if saw_code {
        PhotoError::Unreadable
    } else {
        PhotoError::NoCode
    })
}

fn decode(bytes: &[u8]) -> Result<image::DynamicImage, PhotoError> {
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAPicture)?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(PhotoError::NotAPicture);
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|_| PhotoError::NotAPicture)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(PhotoError::TooLarge);
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge,
        _ => PhotoError::NotAPicture,
    })?;
    Ok(image::DynamicImage::ImageLuma8(picture.into_luma8()))
}

enum Found {
    Texts(Vec<String>),
    Damaged,
    Nothing,
}

/// Runs two searches over the picture and keeps every code either finds: rxing's
/// multi-QR detector (all finder-pattern triples at once) and its generic reader (one
/// code, then the regions around it), which each miss codes the other finds.
fn find(picture: image::GrayImage) -> Found {
    use rxing::multi::MultipleBarcodeReader;
    let (width, height) = picture.dimensions();
    let luma = picture.into_raw();
    let result = std::panic::catch_unwind(move || {
        let hints = rxing::DecodeHints {
            PossibleFormats: Some(HashSet::from([rxing::BarcodeFormat::QR_CODE])),
            TryHarder: Some(true),
            ..Default::default()
        };
        let mut bitmap = rxing::BinaryBitmap::new(rxing::common::HybridBinarizer::new(
            rxing::Luma8LuminanceSource::new(luma, width, height),
        ));
        let multi = rxing::multi::qrcode::QRCodeMultiReader::new()
            .decode_multiple_with_hints(&mut bitmap, &hints);
        let generic = rxing::multi::GenericMultipleBarcodeReader::new(
            rxing::MultiUseMultiFormatReader::default(),
        )
        .decode_multiple_with_hints(&mut bitmap, &hints);
        (multi, generic)
    });
    let Ok((multi, generic)) = result else {
        return Found::Nothing;
    };
    let mut texts: Vec<String> = Vec::new();
    let mut damaged = false;
    for outcome in [multi, generic] {
        match outcome {
            Ok(results) => {
                for r in results {
                    let text = r.getText().to_owned();
                    if !texts.contains(&text) {
                        texts.push(text);
                    }
                }
            }
            Err(
                rxing::Exceptions::ChecksumException(_)
                | rxing::Exceptions::FormatException(_)
                | rxing::Exceptions::ReedSolomonException(_),
            ) => damaged = true,
            Err(_) => {}
        }
    }
    if texts.is_empty() && damaged {
        Found::Damaged
    } else {
        Found::Texts(texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(picture: &image::GrayImage) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    /// A QR code drawn with `scale` pixels per module and a quiet zone.
    fn drawn(text: &str, scale: u32) -> image::GrayImage {
        let qr = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
            .unwrap();
        let n = qr.width() as u32;
        let side = (n + 8) * scale;
        let colours = qr.to_colors();
        image::GrayImage::from_fn(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let dark = (4..n + 4).contains(&mx)
                && (4..n + 4).contains(&my)
                && colours[((my - 4) * n + mx - 4) as usize] == qrcode::Color::Dark;
            image::Luma([if dark { 0 } else { 255 }])
        })
    }

    #[test]
    fn a_drawn_code_is_read_back() {
        let text = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n";
        let texts = qr_texts(&png(&drawn(text, 6))).unwrap();
        assert_eq!(texts, vec![text.to_owned()]);
    }

    #[test]
    fn pictures_without_a_code_or_too_small_or_not_pictures_say_so() {
        let blank = image::GrayImage::from_pixel(800, 600, image::Luma([255]));
        assert_eq!(qr_texts(&png(&blank)), Err(PhotoError::NoCode));
        let tiny = image::GrayImage::from_pixel(200, 90, image::Luma([255]));
        assert_eq!(
            qr_texts(&png(&tiny)),
            Err(PhotoError::TooSmall {
                width: 200,
                height: 90
            })
        );
        assert_eq!(
            qr_texts(b"%PDF-1.7 not a picture"),
            Err(PhotoError::NotAPicture)
        );
        assert_eq!(qr_texts(b""), Err(PhotoError::NotAPicture));
        let mut cut = png(&drawn("hello", 6));
        cut.truncate(cut.len() / 2);
        assert_eq!(qr_texts(&cut), Err(PhotoError::NotAPicture));
    }

    #[test]
    fn a_huge_declared_size_is_refused_before_decoding() {
        // A PNG header that claims 100000 × 100000 pixels.
        let mut bytes = png(&image::GrayImage::from_pixel(1, 1, image::Luma([0])));
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        // The header chunk's checksum (CRC-32 over its type and data), so only the size
        // is wrong.
        let mut crc = 0xffff_ffffu32;
        for &b in &bytes[12..29] {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        bytes[29..33].copy_from_slice(&(!crc).to_be_bytes());
        assert_eq!(qr_texts(&bytes), Err(PhotoError::TooLarge));
    }
}
