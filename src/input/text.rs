//! Decoding input bytes to text: UTF-8 with or without BOM, UTF-16 with BOM, or Shift_JIS (CP932),
//! detected automatically; and rejecting binary data with a located message.

use crate::msg;
use std::borrow::Cow;

use crate::error::Diagnostic;

/// The encoding a file turned out to be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (as Excel writes "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 with a byte-order mark (as Excel writes "Unicode text").
    Utf16,
    /// Shift_JIS as Windows writes it (CP932, Windows-31J), the default of Japanese Excel.
    ShiftJis,
}

/// A decoded file.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text, borrowed when the file was UTF-8 already.
    pub text: Cow<'a, str>,
    /// The encoding detected.
    pub encoding: Encoding,
}

/// Decodes a file's bytes, rejecting empty files and binary data.
///
/// # Errors
///
/// A [`Diagnostic`] naming `file` (and the line, for binary data or invalid bytes).
pub fn decode<'a>(bytes: &'a [u8], file: &str) -> Result<Decoded<'a>, Diagnostic> {
    if bytes.is_empty() {
        return Err(Diagnostic::file(file, msg!(FileEmpty)));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Diagnostic::file(file, msg!(ZipNotCsv)));
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (
            decode_utf16(rest, encoding_rs::UTF_16LE, file)?,
            Encoding::Utf16,
        )
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (
            decode_utf16(rest, encoding_rs::UTF_16BE, file)?,
            Encoding::Utf16,
        )
    } else {
        let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (rest, true),
            None => (bytes, false),
        };
        check_no_control_bytes(body, file)?;
        match std::str::from_utf8(body) {
            Ok(s) => (
                Cow::Borrowed(s),
                if bom {
                    Encoding::Utf8Bom
                } else {
                    Encoding::Utf8
                },
            ),
            Err(utf8_error) if !bom => {
                match encoding_rs::SHIFT_JIS
                    .decode_without_bom_handling_and_without_replacement(body)
                {
                    Some(s) => {
                        check_one_encoding(body, file)?;
                        (s, Encoding::ShiftJis)
                    }
                    None => {
                        check_one_encoding(body, file)?;
                        let at = utf8_error.valid_up_to();
                        return Err(Diagnostic::line(
                            file,
                            line_at(body, at),
                            msg!(InvalidByte, byte = format!("{:02X}", body[at])),
                        ));
                    }
                }
            }
            Err(utf8_error) => {
                let at = utf8_error.valid_up_to();
                return Err(Diagnostic::line(
                    file,
                    line_at(body, at),
                    msg!(BomNotUtf8, byte = format!("{:02X}", body[at])),
                ));
            }
        }
    };
    if text.trim().is_empty() {
        return Err(Diagnostic::file(file, msg!(FileEmpty)));
    }
    Ok(Decoded { text, encoding })
}

/// A file read as Shift_JIS must not also hold lines of UTF-8 text: read either way, one part
/// would be mojibake (UTF-8 bytes decoded as Shift_JIS give valid but wrong characters). Each line
/// with bytes above ASCII is either valid UTF-8 (a UTF-8 line) or not (a Shift_JIS line); a file
/// with both is refused at the later of the first two that disagree.
fn check_one_encoding(body: &[u8], file: &str) -> Result<(), Diagnostic> {
    let mut first_utf8: Option<usize> = None;
    let mut first_other: Option<usize> = None;
    for (i, text) in body.split(|&b| b == b'\n').enumerate() {
        if text.is_ascii() {
            continue;
        }
        let line = i + 1;
        if std::str::from_utf8(text).is_ok() {
            first_utf8.get_or_insert(line);
        } else {
            first_other.get_or_insert(line);
        }
        if let (Some(utf8), Some(other)) = (first_utf8, first_other) {
            let message = if utf8 > other {
                msg!(MixedUtf8Later, utf8, other)
            } else {
                msg!(MixedOtherLater, utf8, other)
            };
            return Err(Diagnostic::line(file, utf8.max(other), message));
        }
    }
    Ok(())
}

fn decode_utf16<'a>(
    body: &'a [u8],
    encoding: &'static encoding_rs::Encoding,
    file: &str,
) -> Result<Cow<'a, str>, Diagnostic> {
    match encoding.decode_without_bom_handling_and_without_replacement(body) {
        Some(s) => {
            if let Some(pos) = s.bytes().position(is_control) {
                return Err(binary_at(file, s.as_bytes(), pos));
            }
            Ok(Cow::Owned(s.into_owned()))
        }
        None => Err(Diagnostic::file(file, msg!(BomNotUtf16))),
    }
}

fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7F
}

/// Rejects NUL and other control bytes, which no text file (UTF-8 or Shift_JIS) contains.
///
/// The scan runs over fixed blocks without early exit inside a block, which the compiler
/// vectorises, and large files are scanned in parallel; only a block with a control byte is searched
/// again for its position.
fn check_no_control_bytes(bytes: &[u8], file: &str) -> Result<(), Diagnostic> {
    use rayon::prelude::*;
    const PART: usize = 1 << 22;
    let any = if bytes.len() > 2 * PART {
        bytes.par_chunks(PART).any(has_control_bytes)
    } else {
        has_control_bytes(bytes)
    };
    if any {
        if let Some(pos) = bytes.iter().position(|&b| is_control(b)) {
            return Err(binary_at(file, bytes, pos));
        }
    }
    Ok(())
}

/// Whether `bytes` hold a control byte (see [`decode`]), scanned in fixed blocks without an early
/// exit inside a block, which the compiler vectorises.
pub fn has_control_bytes(bytes: &[u8]) -> bool {
    const BLOCK: usize = 64;
    bytes
        .chunks(BLOCK)
        .any(|block| block.iter().fold(false, |acc, &b| acc | is_control(b)))
}

fn binary_at(file: &str, bytes: &[u8], pos: usize) -> Diagnostic {
    Diagnostic::line(
        file,
        line_at(bytes, pos),
        msg!(BinaryData, byte = format!("{:02X}", bytes[pos])),
    )
}

/// The 1-based line on which byte `pos` lies.
pub fn line_at(bytes: &[u8], pos: usize) -> usize {
    1 + memchr::memchr_iter(b'\n', &bytes[..pos.min(bytes.len())]).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encodings() {
        let d = decode(b"id,name\n1,a\n", "f").unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        let d = decode(b"\xEF\xBB\xBFid\n", "f").unwrap();
        assert_eq!((d.encoding, &*d.text), (Encoding::Utf8Bom, "id\n"));
        // 学校 in Shift_JIS is 8A 77 8D 5A.
        let d = decode(b"name\n\x8A\x77\x8D\x5A\n", "f").unwrap();
        assert_eq!((d.encoding, &*d.text), (Encoding::ShiftJis, "name\n学校\n"));
        // "id" in UTF-16LE with BOM.
        let d = decode(b"\xFF\xFEi\x00d\x00", "f").unwrap();
        assert_eq!((d.encoding, &*d.text), (Encoding::Utf16, "id"));
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(
            decode(b"", "f").unwrap_err().message.to_string(),
            "file is empty"
        );
        assert_eq!(
            decode(b" \n\r\n", "f").unwrap_err().message.to_string(),
            "file is empty"
        );
        let e = decode(b"id\n1\n\x00\x01\x02", "f").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.to_string().contains("binary data"), "{e}");
        let e = decode(b"\xFF\xFF\xFF\xFF", "f").unwrap_err();
        assert!(
            e.message.to_string().contains("not UTF-8 or Shift_JIS"),
            "{e}"
        );
        let e = decode(b"PK\x03\x04rest", "f").unwrap_err();
        assert!(e.message.to_string().contains("xlsx"), "{e}");
    }
}
