//! Quote-free lines cut into their fields at separators found 64 bytes at a time, and the usual
//! values of machine-written tables (ids, category keys, floor areas, years, structures) read from
//! the fields without a decision per byte: the shared core of the fast row parsers of the buildings
//! CSV ([`crate::inventory::buildings_csv`]) and of an inventory folder's tables
//! ([`crate::projection::folder_stream`]).
//!
//! A parser built on it is specialised to one file's header (where each column is, resolved once)
//! and takes only the usual line; it declines anything else, which its caller then reads with the
//! generic reader ([`super::csv::Reader`]), so a line is accepted or refused as that reader's rules
//! say, and values read here are the ones those rules give.

use crate::category::{Category, Structure};
use crate::units::{FiscalYear, FloorArea};

/// An id of at most 16 bytes as a number (its bytes big-endian): ids of one length compare as
/// their numbers do, as in [`id_before`]. Longer ids give their first 16 bytes' number.
#[inline]
pub(crate) fn id_number(id: &[u8]) -> u128 {
    id.iter()
        .take(16)
        .fold(0u128, |n, &b| (n << 8) | u128::from(b))
}

/// [`id_number`] of the id `bytes[s..s + n]`, read as one 16-byte word from `s` when `bytes` has
/// sixteen bytes there (the bytes after the id shifted out).
#[inline(always)]
pub(crate) fn id_number_at(bytes: &[u8], s: usize, n: usize) -> u128 {
    match bytes.get(s..).and_then(|t| t.first_chunk::<16>()) {
        Some(w) if (1..=16).contains(&n) => u128::from_be_bytes(*w) >> (8 * (16 - n)),
        _ => bytes.get(s..s + n).map_or(0, id_number),
    }
}

/// [`id_number`] of an id, read as one 16-byte word from `text` when the id is a part of it
/// (by address) with sixteen bytes from its start (the bytes after the id shifted out).
#[inline]
pub(crate) fn id_number_in(text: &[u8], id: &str) -> u128 {
    let at = (id.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    match text.get(at..).and_then(|t| t.first_chunk::<16>()) {
        // An address within `text` is a part of it: the id's bytes are the word's first.
        Some(w) if (1..=16).contains(&id.len()) => u128::from_be_bytes(*w) >> (8 * (16 - id.len())),
        _ => id_number(id.as_bytes()),
    }
}

/// Whether id `a` comes strictly before `b`: shorter first, then bytewise, so numbered ids with or
/// without leading zeros (`B9` < `B10`) are in order.
#[inline]
pub(crate) fn id_before(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return a.len() < b.len();
    }
    // Ids of up to 16 bytes (nearly all) compare as big-endian numbers, without a call.
    if a.len() <= 16 {
        let wide = |x: &[u8]| {
            let mut w = [0u8; 16];
            w[..x.len()].copy_from_slice(x);
            u128::from_be_bytes(w)
        };
        return wide(a) < wide(b);
    }
    a < b
}

/// The text of a block, when it is UTF-8 without control bytes or quotes (else `None`).
pub(crate) fn plain_text(bytes: &[u8]) -> Option<&str> {
    if memchr::memchr(b'"', bytes).is_some() || crate::input::text::has_control_bytes(bytes) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// `part` as the part of `text` it is, if it is one (by address: a string equal to a part of the
/// text but held elsewhere is not).
pub(crate) fn part_of<'t>(text: &'t str, part: &str) -> Option<&'t str> {
    let at = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    text.get(at..at.checked_add(part.len())?)
        .filter(|p| std::ptr::eq(p.as_ptr(), part.as_ptr()))
}

/// The most fields a line may have to be cut by [`cut_line`] (wider tables go through the generic
/// reader).
pub(crate) const MAX_FIELDS: usize = 32;

/// The longest category key [`CategoryKeys`] recognises by its words (every building category's is
/// shorter).
pub(crate) const KEY_BYTES: usize = 24;

/// The first `n` bytes of `bytes` (at least [`KEY_BYTES`] long) as three little-endian words,
/// zero beyond `n`: two keys of the same length are equal when their words are.
#[inline(always)]
pub(crate) fn key_words(bytes: &[u8], n: usize) -> [u64; 3] {
    let word = |k: usize| {
        let w = bytes
            .get(8 * k..8 * k + 8)
            .and_then(|w| w.try_into().ok())
            .map_or(0, u64::from_le_bytes);
        let kept = n.saturating_sub(8 * k).min(8);
        w & ((1u128 << (8 * kept)) - 1) as u64
    };
    [word(0), word(1), word(2)]
}

/// Where a category key of `len` bytes whose second byte is `second` sits in [`CategoryKeys`]'s slots: no
/// two building categories' keys share a slot (a test checks it), so one look-up and one
/// comparison recognise a key.
#[inline]
pub(crate) fn category_slot(len: usize, second: u8) -> usize {
    ((len & 31) << 5) | usize::from(second & 31)
}

/// Where field `i` of a line starting at `start` with fields ending at `ends` starts and ends.
#[inline(always)]
pub(crate) fn span(ends: &[usize], start: usize, i: usize) -> (usize, usize) {
    (if i == 0 { start } else { ends[i - 1] + 1 }, ends[i])
}

/// The text of field `i` of a line starting at `start` with fields ending at `ends`.
#[inline(always)]
pub(crate) fn str_field<'t>(text: &'t str, ends: &[usize], start: usize, i: usize) -> &'t str {
    let (s, e) = span(ends, start, i);
    &text[s..e]
}

/// The bytes of field `i` of a line starting at `start` with fields ending at `ends`.
#[inline(always)]
pub(crate) fn byte_field<'t>(bytes: &'t [u8], ends: &[usize], start: usize, i: usize) -> &'t [u8] {
    let (s, e) = span(ends, start, i);
    &bytes[s..e]
}

/// The separators of a text (commas and line ends, `\n` and `\r`) in increasing order, found 64
/// bytes at a time: each window's separators are one 64-bit mask, made eight bytes at a time
/// without a branch, then taken lowest first. A row's fields are cut without a branch per byte or
/// per field, so that the branch predictor only sees the rows' regular shape.
pub(crate) struct Separators<'b> {
    bytes: &'b [u8],
    /// Where the current window starts.
    base: usize,
    /// The separators of the window not yet taken (bit `k`: the byte at `base + k`).
    mask: u64,
}

impl<'b> Separators<'b> {
    /// The separators of `bytes`, from its start.
    pub(crate) fn new(bytes: &'b [u8]) -> Separators<'b> {
        Separators {
            bytes,
            base: 0,
            mask: window(bytes, 0),
        }
    }

    /// Skips to `pos`: the separators before it are dropped.
    #[inline]
    pub(crate) fn seek(&mut self, pos: usize) {
        if pos >= self.base + 64 || pos < self.base {
            self.base = pos;
            self.mask = window(self.bytes, pos);
        } else {
            let k = pos - self.base;
            self.mask &= u64::MAX.checked_shl(k as u32).unwrap_or(0);
        }
    }

    /// The position of the next separator (the text's length when there is none), taken.
    #[inline]
    pub(crate) fn next(&mut self) -> usize {
        loop {
            if self.mask != 0 {
                let p = self.base + self.mask.trailing_zeros() as usize;
                self.mask &= self.mask - 1;
                return p;
            }
            self.base += 64;
            if self.base >= self.bytes.len() {
                self.base = self.bytes.len();
                return self.bytes.len();
            }
            self.mask = window(self.bytes, self.base);
        }
    }
}

/// The mask of the separators among the 64 bytes of `bytes` from `base` (bit `k`: the byte at
/// `base + k` is `,`, `\n` or `\r`; bytes past the end are none): on x86-64, sixteen bytes at a
/// time with SSE2 (part of every x86-64 processor; `safe_arch` wraps its instructions in safe
/// functions), exactly for any text.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn window(bytes: &[u8], base: usize) -> u64 {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };
    let rest = bytes.get(base..).unwrap_or(&[]);
    let mut padded = [0u8; 64];
    let chunk: &[u8] = match rest.get(..64) {
        Some(full) => full,
        None => {
            // The last window: the text's bytes, then zeros (not separators).
            padded[..rest.len()].copy_from_slice(rest);
            &padded
        }
    };
    let comma = set_splat_i8_m128i(b',' as i8);
    let lf = set_splat_i8_m128i(b'\n' as i8);
    let cr = set_splat_i8_m128i(b'\r' as i8);
    let mut mask = 0u64;
    for k in 0..4 {
        let Some(lane) = chunk.get(16 * k..).and_then(|c| c.first_chunk::<16>()) else {
            break;
        };
        let v = load_unaligned_m128i(lane);
        let hit = bitor_m128i(
            bitor_m128i(cmp_eq_mask_i8_m128i(v, comma), cmp_eq_mask_i8_m128i(v, lf)),
            cmp_eq_mask_i8_m128i(v, cr),
        );
        // One bit a byte: the sixteen bytes' high bits.
        mask |= u64::from(move_mask_i8_m128i(hit) as u16) << (16 * k);
    }
    mask
}

/// [`window`] eight bytes at a time in 64-bit words (SWAR), without SIMD instructions: exactly for
/// text without control bytes other than tab ([`plain_text`]), the only text it is used on. The
/// window elsewhere than on x86-64 (and compared with the SSE2 one in tests).
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
#[inline]
fn window_swar(bytes: &[u8], base: usize) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of every zero byte of `x`, exactly: (b & 0x7F) + 0x7F reaches the high bit
    // unless the low seven bits are zero, and never carries into the next byte; `| x` rules out
    // 0x80.
    let zero = |x: u64| !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
    let word_mask = |w: u64| {
        // Below 0x20 such text has only tab (0x09), `\n` (0x0A) and `\r` (0x0D): a line end is a
        // byte from 0x0A to 0x1F, that is (b & 0x7F) + 0x76 reaching the high bit while
        // (b & 0x7F) + 0x60 does not, the high bit of b clear. No sum carries into the next byte.
        let low = w & LOW7;
        let line_end = low.wrapping_add(ONES * 0x76) & !low.wrapping_add(ONES * 0x60) & !w & HIGH;
        let m = zero(w ^ (ONES * u64::from(b','))) | line_end;
        // The eight high bits gathered into the top byte (no carries: one bit a byte).
        (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
    };
    let rest = bytes.get(base..).unwrap_or(&[]);
    let mut chunk = [0u8; 64];
    let chunk: &[u8] = match rest.get(..64) {
        Some(full) => full,
        None => {
            // The last window: the text's bytes, then zeros (not separators).
            chunk[..rest.len()].copy_from_slice(rest);
            &chunk
        }
    };
    let mut mask = 0;
    for (k, word) in chunk.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        mask |= word_mask(w) << (8 * k);
    }
    mask
}

/// The separators' mask without SIMD instructions, where SSE2 is not part of the target.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
fn window(bytes: &[u8], base: usize) -> u64 {
    window_swar(bytes, base)
}

/// A floor area written as plain digits with at most six decimals (`1234`, `1234.5`), positive and
/// at most [`crate::units::MAX_BUILDING_AREA_M2`]: the values [`crate::units::FloorArea::parse`]
/// gives for them; anything else `None`.
#[inline(always)]
pub(crate) fn plain_area(field: &[u8]) -> Option<crate::units::FloorArea> {
    const SCALE: u32 = crate::units::AREA_SCALE;
    let mut int: i64 = 0;
    let mut i = 0;
    while i < field.len() && field[i].is_ascii_digit() {
        if i >= 7 {
            return None;
        }
        int = int * 10 + i64::from(field[i] - b'0');
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let mut frac: i64 = 0;
    let mut n_frac = 0;
    if i < field.len() {
        if field[i] != b'.' || i + 1 == field.len() || field.len() - i - 1 > SCALE as usize {
            return None;
        }
        for &d in &field[i + 1..] {
            if !d.is_ascii_digit() {
                return None;
            }
            frac = frac * 10 + i64::from(d - b'0');
            n_frac += 1;
        }
    }
    const POW10: [i64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    let units = int * POW10[SCALE as usize] + frac * POW10[(SCALE - n_frac) as usize];
    let max = crate::units::MAX_BUILDING_AREA_M2 * 10i64.pow(SCALE);
    (units > 0 && units <= max).then(|| crate::units::FloorArea::from_units(units))
}

/// The eight bytes of `bytes` from `at` as a little-endian word (the first byte lowest), if there
/// are eight.
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..)
        .and_then(|b| b.first_chunk::<8>())
        .map(|w| u64::from_le_bytes(*w))
}

/// Eight ASCII zeros (`'0'` is 0x30) as a word.
const ZEROS: u64 = 0x3030_3030_3030_3030;

/// Whether every byte of `w` is an ASCII digit (`0x30`–`0x39`): the high nibbles are all 3, and
/// adding 6 to each byte leaves them 3 (a byte above `9` reaches `0x40`); no sum carries into the
/// next byte.
#[inline(always)]
pub(crate) fn all_digits(w: u64) -> bool {
    const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    ((w & HIGH_NIBBLES) | ((w.wrapping_add(0x0606_0606_0606_0606) & HIGH_NIBBLES) >> 4))
        == 0x3333_3333_3333_3333
}

/// The number written by the eight ASCII digits of `w` (the first digit in the lowest byte, as
/// [`word_at`] reads them): pairs of digits, then fours, then the eight combined by three
/// multiplications, no product reaching into the next lane.
#[inline(always)]
pub(crate) fn eight_digits(w: u64) -> u64 {
    let w = w & 0x0F0F_0F0F_0F0F_0F0F;
    // Each 16-bit lane: 10 × its first digit + its second.
    let w = (w.wrapping_mul(10 << 8 | 1)) >> 8;
    let w = w & 0x00FF_00FF_00FF_00FF;
    // Each 32-bit lane: 100 × its first pair + its second.
    let w = (w.wrapping_mul(100 << 16 | 1)) >> 16;
    let w = w & 0x0000_FFFF_0000_FFFF;
    // 10,000 × the first four + the last four.
    (w.wrapping_mul(10_000 << 32 | 1)) >> 32
}

/// [`plain_area`] of the field `bytes[s..e]` read a word at a time, without a branch per digit:
/// the integer digits as the eight bytes ending at the point (those before the field replaced by
/// zeros), the decimals as the eight bytes `00` and up to six digits padded with zeros on the
/// right (so `5` after the point reads as 500,000 millionths). `None` when it cannot say (fewer
/// than eight bytes before the point or after the field's start in `bytes`, more than seven
/// integer digits or six decimals, no digit before or after the point) or the field is not plain
/// digits: then [`plain_area`] decides; whenever this gives a value it is the one [`plain_area`]
/// gives (a test compares them).
#[inline(always)]
pub(crate) fn area_swar(bytes: &[u8], s: usize, e: usize) -> Option<crate::units::FloorArea> {
    const _: () = assert!(crate::units::AREA_SCALE == 6);
    let n = e.checked_sub(s)?;
    let lo = word_at(bytes, s)?;
    // The first point of the field's first sixteen bytes (its length when there is none).
    let point = |w: u64| {
        let x = w ^ (0x0101_0101_0101_0101 * u64::from(b'.'));
        const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
        let zero = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
        (zero.trailing_zeros() / 8) as usize
    };
    let d = match point(lo) {
        8 => 8 + point(word_at(bytes, s + 8)?),
        d => d,
    }
    .min(n);
    // One to seven integer digits, then nothing or a point and one to six decimals.
    if !(1..=7).contains(&d) || (d < n && !(2..=7).contains(&(n - d))) {
        return None;
    }
    let int = {
        let w = word_at(bytes, (s + d).checked_sub(8)?)?;
        // The last `d` bytes kept (the highest), the others zeros.
        let keep = u64::MAX << (8 * (8 - d));
        (w & keep) | (ZEROS & !keep)
    };
    let frac = if d < n {
        let f = n - d - 1;
        let w = word_at(bytes, s + d + 1)?;
        // `00`, the `f` decimals, zeros.
        let keep = ((1u64 << (8 * f)) - 1) << 16;
        ((w << 16) & keep) | (ZEROS & !keep)
    } else {
        ZEROS
    };
    if !(all_digits(int) && all_digits(frac)) {
        return None;
    }
    let units = (eight_digits(int) * 1_000_000 + eight_digits(frac)) as i64;
    let max = crate::units::MAX_BUILDING_AREA_M2 * 1_000_000;
    (units > 0 && units <= max).then(|| crate::units::FloorArea::from_units(units))
}

/// A line cut into its fields by [`cut_line`]: where it starts and where each field ends (at its
/// comma or the line's end).
#[derive(Clone, Copy)]
pub(crate) struct Fields<'t, 'e> {
    /// The text the line is a part of.
    pub text: &'t str,
    /// Where the line starts.
    pub start: usize,
    /// Where each field ends.
    pub ends: &'e [usize],
}

impl<'t> Fields<'t, '_> {
    /// Where field `i` starts and ends.
    #[inline(always)]
    pub fn span(&self, i: usize) -> (usize, usize) {
        span(self.ends, self.start, i)
    }

    /// The text of field `i`.
    #[inline(always)]
    pub fn str(&self, i: usize) -> &'t str {
        str_field(self.text, self.ends, self.start, i)
    }

    /// The bytes of field `i`.
    #[inline(always)]
    pub fn bytes(&self, i: usize) -> &'t [u8] {
        byte_field(self.text.as_bytes(), self.ends, self.start, i)
    }

    /// Whether fields `blank` are all empty.
    #[inline(always)]
    pub fn all_empty(&self, blank: &[usize]) -> bool {
        blank.iter().all(|&i| self.bytes(i).is_empty())
    }

    /// Field `i` when it is an id as written (see [`visible`]).
    #[inline(always)]
    pub fn id(&self, i: usize) -> Option<&'t str> {
        let s = self.str(i);
        visible(s.as_bytes()).then_some(s)
    }

    /// The floor area of field `i` (see [`area`]).
    #[inline(always)]
    pub fn area(&self, i: usize) -> Option<FloorArea> {
        let (s, e) = self.span(i);
        area(self.text.as_bytes(), s, e)
    }

    /// The year of field `i` (see [`year4`]).
    #[inline(always)]
    pub fn year(&self, i: usize) -> Option<FiscalYear> {
        year4(self.bytes(i))
    }

    /// The structure of field `i`, or [`Structure::Other`] when the table has no such column
    /// (see [`structure`]).
    #[inline(always)]
    pub fn structure(&self, i: Option<usize>) -> Option<Structure> {
        match i {
            None => Some(Structure::Other),
            Some(i) => structure(self.str(i)),
        }
    }
}

/// Cuts the line starting where `seps` was last sought to into `ends.len()` fields (one or more):
/// every field but the last must end at a comma, the last at a line end or the text's end. Returns
/// where the next line starts (after `\n`, `\r\n` or `\r`), or `None` when the line has another
/// number of fields.
#[inline(always)]
pub(crate) fn cut_line(
    bytes: &[u8],
    seps: &mut Separators<'_>,
    ends: &mut [usize],
) -> Option<usize> {
    let w = ends.len();
    for e in ends.iter_mut() {
        *e = seps.next();
    }
    let line_end = *ends.last()?;
    if !matches!(bytes.get(line_end), Some(b'\n' | b'\r') | None)
        || ends[..w - 1].iter().any(|&e| bytes.get(e) != Some(&b','))
    {
        return None;
    }
    // `\r\n` is one line end.
    let next = if bytes.get(line_end) == Some(&b'\r') && bytes.get(line_end + 1) == Some(&b'\n') {
        line_end + 2
    } else {
        line_end + 1
    };
    Some(next.min(bytes.len()))
}

/// Whether a field is an id as the generic rules read it, untouched: not empty, its first and last
/// bytes visible ASCII (so trimming leaves it as it is).
#[inline(always)]
pub(crate) fn visible(field: &[u8]) -> bool {
    match (field.first(), field.last()) {
        (Some(a), Some(b)) => (b'!'..=b'~').contains(a) && (b'!'..=b'~').contains(b),
        _ => false,
    }
}

/// The floor area of the field `bytes[s..e]` when it is plain digits with at most six decimals:
/// read a word at a time ([`area_swar`]) or, where that cannot say, digit by digit
/// ([`plain_area`]); the value [`FloorArea::parse`] gives, or `None` for anything else.
#[inline(always)]
pub(crate) fn area(bytes: &[u8], s: usize, e: usize) -> Option<FloorArea> {
    match area_swar(bytes, s, e) {
        Some(a) => Some(a),
        None => plain_area(&bytes[s..e]),
    }
}

/// A year written as four digits, within the years a building may be built in: the value
/// [`crate::units::parse_year`] gives for it; anything else `None`.
#[inline(always)]
pub(crate) fn year4(field: &[u8]) -> Option<FiscalYear> {
    let [a, b, c, d] = field else {
        return None;
    };
    // Four digits, checked together (one branch).
    let [a, b, c, d] = [a, b, c, d].map(|x| x.wrapping_sub(b'0'));
    if a.max(b).max(c).max(d) > 9 {
        return None;
    }
    let y = i32::from(a) * 1000 + i32::from(b) * 100 + i32::from(c) * 10 + i32::from(d);
    FiscalYear::new(y)
}

/// A structure field (`rc`, `s` and empty without a call): [`Structure::parse`], `None` when it
/// is not one.
#[inline(always)]
pub(crate) fn structure(field: &str) -> Option<Structure> {
    match field.as_bytes() {
        b"rc" => Some(Structure::Rc),
        b"s" => Some(Structure::Steel),
        b"" => Some(Structure::Other),
        _ => Structure::parse(field),
    }
}

/// Where the line after the one starting at `at` starts: past its line feed, carriage return or
/// `\r\n` (one line end), or the text's end.
#[inline]
pub(crate) fn next_line(bytes: &[u8], at: usize) -> usize {
    let end = memchr::memchr2(b'\n', b'\r', bytes.get(at..).unwrap_or_default())
        .map_or(bytes.len(), |e| at + e);
    match &bytes[end..] {
        [b'\r', b'\n', ..] => end + 2,
        [] => end,
        _ => end + 1,
    }
}

/// The building categories by their exact keys, recognised by one look-up and one comparison of
/// words.
pub(crate) struct CategoryKeys {
    /// The place in `keys` (plus one; 0: none) of each [`category_slot`].
    slots: [u8; 1024],
    /// Each building category and its key as words ([`key_words`]).
    keys: Vec<(Category, [u64; 3])>,
}

impl CategoryKeys {
    /// Every building category's key.
    pub(crate) fn new() -> CategoryKeys {
        let mut slots = [0u8; 1024];
        let mut keys = Vec::new();
        for c in crate::category::BUILDING_CATEGORIES {
            let k = c.key().as_bytes();
            let mut padded = [0u8; KEY_BYTES];
            padded[..k.len()].copy_from_slice(k);
            keys.push((c, key_words(&padded, k.len())));
            slots[category_slot(k.len(), k[1])] = keys.len() as u8;
        }
        CategoryKeys { slots, keys }
    }

    /// The building category whose key is exactly the field `bytes[s..e]`, if any.
    #[inline(always)]
    pub(crate) fn at(&self, bytes: &[u8], s: usize, e: usize) -> Option<Category> {
        let n = e.checked_sub(s)?;
        let slot = self.slots[category_slot(n, *bytes.get(s + 1)?)];
        let (c, key) = self.keys.get(usize::from(slot).checked_sub(1)?)?;
        // The field's bytes as words, read past its end (and masked) while the text lasts.
        let same = match bytes.get(s..s + KEY_BYTES) {
            Some(b) if n < KEY_BYTES => {
                let w = key_words(b, n);
                (w[0] ^ key[0]) | (w[1] ^ key[1]) | (w[2] ^ key[2]) == 0
            }
            _ => bytes.get(s..e)? == c.key().as_bytes(),
        };
        same.then_some(*c)
    }

    /// The building category whose key is exactly field `i` of a line.
    #[inline(always)]
    pub(crate) fn of(&self, l: &Fields<'_, '_>, i: usize) -> Option<Category> {
        let (s, e) = l.span(i);
        self.at(l.text.as_bytes(), s, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_every_comma_and_line_end_in_order() {
        // Separators at every distance from each other and from the 64-byte windows' edges: the
        // text is 200 bytes where byte i is a separator when i is a multiple of 3 or 7 (`,`, then
        // `\n`, `\r` in turn), else a letter, a space or a byte of 「施」 (which has no separator
        // byte). The naive scan is the expected answer.
        let mut text = Vec::new();
        for i in 0..200usize {
            text.push(match (i % 3, i % 7, i % 5) {
                (0, _, _) => b',',
                (_, 0, 0) => b'\n',
                (_, 0, _) => b'\r',
                (_, _, 1) => b' ',
                (_, _, 2) => 0xE6,
                _ => b'a',
            });
        }
        let naive = |from: usize| -> Vec<usize> {
            (from..text.len())
                .filter(|&i| matches!(text[i], b',' | b'\n' | b'\r'))
                .collect()
        };
        for from in [0, 1, 62, 63, 64, 65, 127, 128, 150, 199, 200] {
            let mut seps = Separators::new(&text);
            seps.seek(from);
            let mut got = Vec::new();
            loop {
                let p = seps.next();
                if p == text.len() {
                    break;
                }
                got.push(p);
            }
            assert_eq!(got, naive(from), "from {from}");
            // Once the separators are used up, the text's length, again.
            assert_eq!(seps.next(), 200);
        }
        // The word-at-a-time window (used where SSE2 is not) gives the same masks.
        for base in 0..=text.len() {
            assert_eq!(window_swar(&text, base), window(&text, base), "base {base}");
        }
        // Seeking forward within a window drops the separators before the new place only.
        let mut seps = Separators::new(&text);
        assert_eq!(seps.next(), 0);
        seps.seek(10);
        assert_eq!(seps.next(), 12);
    }

    #[test]
    fn ids_read_as_words_are_their_numbers() {
        // "B12" is 0x42_31_32 (B, 1, 2 big-endian): 66 × 65,536 + 49 × 256 + 50 = 4,337,970.
        let text = "B12,x,school,10,1975\nC7,y,park,1,2000\n";
        assert_eq!(id_number_in(text.as_bytes(), &text[0..3]), 4_337_970);
        assert_eq!(id_number(&text.as_bytes()[0..3]), 4_337_970);
        // The last id has fewer than sixteen bytes after it: read byte by byte, the same.
        // "C7" is 0x43 × 256 + 0x37 = 17,207.
        assert_eq!(id_number_in(text.as_bytes(), &text[21..23]), 17_207);
        // The same by place: the word at the id's start, shifted.
        assert_eq!(id_number_at(text.as_bytes(), 0, 3), 4_337_970);
        assert_eq!(id_number_at(text.as_bytes(), 21, 2), 17_207);
        // An id held elsewhere (equal bytes, another address) is read byte by byte.
        let elsewhere = String::from("B12");
        assert_eq!(id_number_in(text.as_bytes(), &elsewhere), 4_337_970);
    }

    #[test]
    fn the_word_at_a_time_area_reader_agrees_with_the_plain_one() {
        // Hand-worked values first: "879.9" is 879 m² and 9 tenths, 879,900,000 millionths;
        // "00012" is 12 m², 12,000,000; "1000000" is the largest area, 10¹² millionths;
        // "0.000001" the smallest, 1.
        let at = |f: &str| {
            // The field between other bytes, as in a line: eight before it and after it.
            let line = format!("B1234567,{f},1975,rc,,,,,\n");
            area_swar(line.as_bytes(), 9, 9 + f.len()).map(|a| a.units())
        };
        assert_eq!(at("879.9"), Some(879_900_000));
        assert_eq!(at("00012"), Some(12_000_000));
        assert_eq!(at("1000000"), Some(1_000_000_000_000));
        assert_eq!(at("0.000001"), Some(1));
        assert_eq!(at("1000000.000001"), None);
        assert_eq!(at("0"), None);
        // Every field over an alphabet of digits, a point and a few other bytes, up to 15 bytes
        // (drawn), placed after a comma and 0 to 9 bytes into its line: whenever the word reader
        // gives a value, the plain reader gives the same.
        let alphabet = b"0123456789.9.,a /:";
        let mut seed = 12345u64;
        let mut agreed = 0;
        for _ in 0..200_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 1 + (seed >> 60) as usize % 15;
            let field: Vec<u8> = (0..len)
                .map(|k| {
                    let r = (seed >> (4 * (k % 12))) as usize ^ (k * 7);
                    // Digits most of the time, so that most fields are areas.
                    if r % 4 == 0 {
                        alphabet[r % alphabet.len()]
                    } else {
                        b'0' + (r % 10) as u8
                    }
                })
                .collect();
            let before = (seed >> 20) as usize % 10;
            let mut line = vec![b'x'; before];
            line.push(b',');
            line.extend_from_slice(&field);
            line.extend_from_slice(b",1975,rc\n");
            let s = before + 1;
            let swar = area_swar(&line, s, s + len);
            let plain = plain_area(&field);
            if let Some(a) = swar {
                assert_eq!(Some(a.units()), plain.map(|p| p.units()), "{field:?}");
                agreed += 1;
            }
            // The field in the middle of a long line: the word reader always says.
            let mut long = b"B00000001,".to_vec();
            long.extend_from_slice(&field);
            long.extend_from_slice(b",1975,rc,,,,,,\n");
            let in_long = area_swar(&long, 10, 10 + len);
            if field.len() <= 14 && plain.is_some() {
                assert_eq!(
                    in_long.map(|a| a.units()),
                    plain.map(|p| p.units()),
                    "{field:?}"
                );
            } else {
                assert!(
                    in_long.is_none() || in_long.map(|a| a.units()) == plain.map(|p| p.units())
                );
            }
        }
        assert!(agreed > 5_000, "only {agreed} fields read by words");
    }

    #[test]
    fn building_category_keys_have_slots_of_their_own() {
        let mut slots: Vec<usize> = crate::category::BUILDING_CATEGORIES
            .iter()
            .map(|c| category_slot(c.key().len(), c.key().as_bytes()[1]))
            .collect();
        slots.sort_unstable();
        slots.dedup();
        assert_eq!(slots.len(), crate::category::BUILDING_CATEGORIES.len());
    }

    #[test]
    fn id_numbers_order_ids_of_one_length_as_ids_are_ordered() {
        let ids = [
            "B1",
            "B2",
            "A9",
            "BA",
            "Ba",
            "b1",
            "~~",
            "!!",
            "B0000001",
            "B0000002",
            "B000000A",
            "C0000000",
            "1234567890123456",
            "1234567890123457",
            "0234567890123457",
            "施設",
        ];
        for a in ids {
            for b in ids.iter().filter(|b| b.len() == a.len()) {
                let (a, b) = (a.as_bytes(), b.as_bytes());
                assert_eq!(id_number(a) < id_number(b), id_before(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn ids_of_generic_rows_are_found_in_the_text() {
        let text = "ab,cd";
        assert_eq!(part_of(text, &text[3..5]), Some("cd"));
        // Equal bytes held elsewhere are not a part of the text.
        let elsewhere = String::from("cd");
        assert_eq!(part_of(text, &elsewhere), None);
    }
}
