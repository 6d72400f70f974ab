//! The fast tokenizer for quote-free CSV text: lines split at commas, eight bytes at a time.
//!
//! When a file has no quote character, a record is a line and a field is the text between commas.
//! This module finds commas and line ends with a word-at-a-time (SWAR) test on 64-bit words, with no
//! branch per byte, and hands each line's field spans to a callback without allocating. It is used
//! only for text already checked to be free of quotes; everything else goes through `csv::Reader`.

/// Most fields a line may have for the fast path; a longer line is reported with `n_fields` larger
/// than the spans given, and the caller reads it another way.
pub const MAX_FIELDS: usize = 32;

/// One line of a quote-free text.
pub struct Line<'s> {
    /// Byte offset of the line's first byte.
    pub start: usize,
    /// Byte offset just after its last byte (before the line end).
    pub end: usize,
    /// Byte offset of the next line (after `\n`, `\r\n` or `\r`).
    pub next: usize,
    /// Its number, counting from the first line of the range.
    pub number: usize,
    /// The fields' spans (at most [`MAX_FIELDS`]).
    pub spans: &'s [(usize, usize)],
    /// The number of fields (may exceed `spans.len()`).
    pub n_fields: usize,
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// The high bit of every byte of `w` equal to `c`, exactly (no false positives).
#[inline]
fn eq_mask(w: u64, c: u8) -> u64 {
    let x = w ^ (LO * u64::from(c));
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

struct State<'t, F> {
    text: &'t [u8],
    end: usize,
    spans: [(usize, usize); MAX_FIELDS],
    n: usize,
    line_start: usize,
    field_start: usize,
    number: usize,
    skip_lf: usize,
    f: F,
}

impl<F: FnMut(&Line<'_>)> State<'_, F> {
    #[inline]
    fn field(&mut self, k: usize) {
        if self.n < MAX_FIELDS {
            self.spans[self.n] = (self.field_start, k);
        }
        self.n += 1;
    }

    fn finish(&mut self, k: usize, next: usize) {
        self.field(k);
        if !(k == self.line_start && self.n == 1) {
            (self.f)(&Line {
                start: self.line_start,
                end: k,
                next,
                number: self.number,
                spans: &self.spans[..self.n.min(MAX_FIELDS)],
                n_fields: self.n,
            });
        }
        self.n = 0;
        self.number += 1;
        self.line_start = next;
        self.field_start = next;
    }

    #[inline]
    fn separator(&mut self, k: usize) {
        match self.text[k] {
            b',' => {
                self.field(k);
                self.field_start = k + 1;
            }
            b'\n' if k == self.skip_lf => {
                self.line_start = k + 1;
                self.field_start = k + 1;
            }
            b'\n' => self.finish(k, k + 1),
            _ => {
                // '\r': a line end, alone or before '\n'.
                let next = if k + 1 < self.end && self.text[k + 1] == b'\n' {
                    k + 2
                } else {
                    k + 1
                };
                self.skip_lf = k + 1;
                self.finish(k, next);
            }
        }
    }
}

/// Calls `f` for every line of `text[start..end]` that is not blank, numbering lines from
/// `first_line` (blank lines count). Line ends are `\n`, `\r\n` or `\r`.
pub fn for_each_line(
    text: &[u8],
    start: usize,
    end: usize,
    first_line: usize,
    f: impl FnMut(&Line<'_>),
) {
    let mut st = State {
        text,
        end,
        spans: [(0, 0); MAX_FIELDS],
        n: 0,
        line_start: start,
        field_start: start,
        number: first_line,
        skip_lf: usize::MAX,
        f,
    };
    let mut i = start;
    while i + 8 <= end {
        let mut word = [0u8; 8];
        word.copy_from_slice(&text[i..i + 8]);
        let w = u64::from_le_bytes(word);
        let mut m = (eq_mask(w, b',') | eq_mask(w, b'\n') | eq_mask(w, b'\r')) & HI;
        while m != 0 {
            st.separator(i + (m.trailing_zeros() / 8) as usize);
            m &= m - 1;
        }
        i += 8;
    }
    while i < end {
        if matches!(text[i], b',' | b'\n' | b'\r') {
            st.separator(i);
        }
        i += 1;
    }
    if st.line_start < end {
        st.finish(end, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, Vec<String>)> {
        let mut out = Vec::new();
        for_each_line(text.as_bytes(), 0, text.len(), 1, |l| {
            out.push((
                l.number,
                l.spans
                    .iter()
                    .map(|&(a, b)| text[a..b].to_string())
                    .collect(),
            ));
        });
        out
    }

    #[test]
    fn splits_lines_and_fields_like_the_reader() {
        let v = |n: usize, f: &[&str]| (n, f.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            lines("a,b\r\n1,2\n\n3,\n4\rlong,line,with,fields,abcdefghijkl"),
            vec![
                v(1, &["a", "b"]),
                v(2, &["1", "2"]),
                v(4, &["3", ""]),
                v(5, &["4"]),
                v(6, &["long", "line", "with", "fields", "abcdefghijkl"])
            ]
        );
        assert_eq!(lines("x\n"), vec![v(1, &["x"])]);
        assert_eq!(lines(""), vec![]);
        // Non-ASCII text is passed through untouched (bytes ≥ 0x80 never match a separator).
        assert_eq!(lines("鹿沼,市\n"), vec![v(1, &["鹿沼", "市"])]);
    }

    #[test]
    fn agrees_with_the_reader_on_generated_text() {
        let mut text = String::new();
        for i in 0..2000 {
            text.push_str(&format!(
                "B{i},name {i},school,{}.{},19{:02}\n",
                i * 7,
                i % 10,
                i % 100
            ));
            if i % 97 == 0 {
                text.push_str("\r\n");
            }
        }
        let mut ours = Vec::new();
        for_each_line(text.as_bytes(), 0, text.len(), 1, |l| {
            ours.push((
                l.number,
                l.spans
                    .iter()
                    .map(|&(a, b)| &text[a..b])
                    .collect::<Vec<_>>(),
            ));
        });
        let mut reader = crate::input::csv::Reader::new(&text);
        let mut fields = Vec::new();
        let mut theirs = Vec::new();
        while let Some(Ok(line)) = reader.next_record(&mut fields) {
            theirs.push((
                line,
                fields.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
            ));
        }
        assert_eq!(ours.len(), theirs.len());
        for (a, b) in ours.iter().zip(&theirs) {
            assert_eq!(a.0, b.0);
            assert_eq!(a.1, b.1);
        }
    }
}
