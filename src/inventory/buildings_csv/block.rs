//! The streaming reader's block parser: a block's rows taken together rather than line by line.
//!
//! A block is cut into stretches of about [`STRETCH`] bytes of whole lines. Each stretch is scanned
//! once, sixteen bytes at a time, into the positions of its commas and of its line feeds (two
//! arrays), and into whether it holds anything unusual (a quote, a control byte other than the line
//! feed, `\r` and tab included) and whether it is all ASCII. Then a line's shape is checked by
//! counting: the usual row has exactly one comma fewer than the header has columns before its line
//! feed, which two comparisons of positions tell; its fields are where the positions say, and the
//! [`RowPlan`] reads them ([`RowPlan::usual`]) without looking at a separator again. A sink that
//! does not read text ([`RowSink::READS_TEXT`]) is handed only the class fields, and an ASCII
//! stretch is then never checked as UTF-8.
//!
//! Anything else goes to the line-by-line parser ([`parse_block`], and from it to the generic
//! reader, which validates every field): an unusual stretch whole, a line of another shape or with
//! a value the plan declines on its own. So a block gets the same rows, the same verdict and the
//! same check of its ids' order as the line-by-line parser gives it.

use super::{Header, IdOrder, PlainRow, RowPlan, RowSink, Spans, parse_block, plain_text};

/// Bytes of a stretch: it runs on to the end of the line this many bytes in. Its bytes and its
/// positions (four bytes a separator) stay in the core's caches between the scan and the rows.
const STRETCH: usize = 64 << 10;

/// The longest block the positions (32-bit) may index.
const MAX_BLOCK: usize = 1 << 31;

/// Room for a stretch's positions, kept by a thread from block to block.
#[derive(Default)]
pub(super) struct Scratch {
    commas: Vec<u32>,
    ends: Vec<u32>,
}

/// What [`scan`] found in a stretch: how many commas and line feeds (their positions are the
/// first of the scratch arrays), whether it holds an unusual byte, whether it is all ASCII.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scan {
    commas: usize,
    ends: usize,
    unusual: bool,
    ascii: bool,
}

/// Parses the rows of a block (the lines starting in it, as [`crate::input::stream`] gives them)
/// into `sink`, taking their ids into `order`. Returns the number of rows, or `None` as soon as a
/// line has a problem or the block is not plain text ([`plain_text`]): the whole-file reader will
/// report it.
pub(super) fn parse<S: RowSink>(
    block: &[u8],
    header: &Header,
    plan: &RowPlan,
    file: &str,
    sink: &mut S,
    order: &mut IdOrder,
    scratch: &mut Scratch,
) -> Option<usize> {
    let lines = Lines {
        block,
        header,
        plan,
        file,
    };
    if plan.width == 0 || block.len() >= MAX_BLOCK {
        return lines.parse(0, block.len(), sink, order);
    }
    let mut rows = 0;
    let mut at = 0;
    while at < block.len() {
        let target = at + STRETCH;
        let end = if target >= block.len() {
            block.len()
        } else {
            memchr::memchr(b'\n', &block[target..]).map_or(block.len(), |p| target + p + 1)
        };
        rows += stretch(&lines, at, end, sink, order, scratch)?;
        at = end;
    }
    Some(rows)
}

/// A block and what the line-by-line parser needs to read a part of it.
struct Lines<'a> {
    block: &'a [u8],
    header: &'a Header,
    plan: &'a RowPlan,
    file: &'a str,
}

impl Lines<'_> {
    /// The rows of `block[at..end]` (whole lines) by the line-by-line parser, or `None` when it is
    /// not plain text or a line has a problem.
    fn parse<S: RowSink>(
        &self,
        at: usize,
        end: usize,
        sink: &mut S,
        order: &mut IdOrder,
    ) -> Option<usize> {
        let text = plain_text(self.block.get(at..end)?)?;
        let mut rows = 0;
        let ok = parse_block(text, self.header, self.plan, self.file, &mut |p| {
            order.see_text(self.block, p.text_id());
            p.add_to(sink);
            rows += 1;
        });
        ok.then_some(rows)
    }
}

/// The rows of the stretch `block[at..end]` (whole lines): see the module's documentation.
fn stretch<S: RowSink>(
    lines: &Lines<'_>,
    at: usize,
    end: usize,
    sink: &mut S,
    order: &mut IdOrder,
    scratch: &mut Scratch,
) -> Option<usize> {
    let (block, plan) = (lines.block, lines.plan);
    let bytes = block.get(at..end)?;
    let found = scan(bytes, &mut scratch.commas, &mut scratch.ends);
    if found.unusual {
        return lines.parse(at, end, sink, order);
    }
    // The text, for a sink that reads it, or to check that bytes beyond ASCII are UTF-8.
    let text = if S::READS_TEXT || !found.ascii {
        Some(std::str::from_utf8(bytes).ok()?)
    } else {
        None
    };
    let commas = scratch.commas.get(..found.commas)?;
    let ends = scratch.ends.get(..found.ends)?;
    let w = plan.width;
    let mut rows = 0;
    // The line's first comma, and where the line starts (in the stretch).
    let mut c = 0;
    let mut start = 0;
    for &e in ends {
        let e = e as usize;
        // The usual shape: w − 1 commas before the line feed, and the next after it.
        let usual = commas.get(c + w - 2).is_some_and(|&p| (p as usize) < e)
            && commas.get(c + w - 1).is_none_or(|&p| p as usize > e);
        let row = if usual {
            let spans = RowSpans {
                commas: commas.get(c..c + w - 1)?,
                start,
                end: e,
                at,
            };
            plan.usual(block, &spans).map(|u| (u, spans))
        } else {
            None
        };
        match row {
            Some((u, spans)) => {
                c += w - 1;
                order.see(block, u.id.0, u.id.1);
                match text {
                    Some(t) if S::READS_TEXT => {
                        let field = |i: usize| {
                            let (s, f) = spans.span(i);
                            t.get(s - at..f - at)
                        };
                        sink.add_plain(PlainRow {
                            id: field(plan.id)?,
                            name: field(plan.name)?,
                            category: u.category,
                            floor_area: u.floor_area,
                            built: u.built,
                            structure: u.structure,
                            district: plan.district.and_then(field),
                            source_url: plan.source_url.and_then(field),
                        });
                    }
                    _ => sink.add_plain(u.bare()),
                }
                rows += 1;
            }
            None => {
                while commas.get(c).is_some_and(|&p| (p as usize) < e) {
                    c += 1;
                }
                rows += lines.parse(at + start, at + e + 1, sink, order)?;
            }
        }
        start = e + 1;
    }
    // The file's last line, without a line feed.
    if start < bytes.len() {
        rows += lines.parse(at + start, end, sink, order)?;
    }
    Some(rows)
}

/// A usual row's fields in a stretch at `at` in the block: between its commas, the first from
/// `start`, the last ending at `end` (its line feed); positions in the stretch, spans in the block.
struct RowSpans<'c> {
    commas: &'c [u32],
    start: usize,
    end: usize,
    at: usize,
}

impl Spans for RowSpans<'_> {
    #[inline(always)]
    fn span(&self, i: usize) -> (usize, usize) {
        let s = match i.checked_sub(1) {
            None => self.start,
            Some(k) => self.commas.get(k).map_or(self.end, |&p| p as usize + 1),
        };
        let e = self.commas.get(i).map_or(self.end, |&p| p as usize);
        (self.at + s, self.at + e)
    }
}

/// Writes the positions of the bits of `mask` (each plus `base`), lowest first, at `out[*n..]`,
/// and counts them in `*n`; four at a time, so the loop's branch depends on the count in fours.
/// `out` must have room for four past the last of them.
#[inline(always)]
fn flatten(mut mask: u64, base: u32, out: &mut [u32], n: &mut usize) {
    let count = mask.count_ones() as usize;
    let mut i = *n;
    while mask != 0 {
        let Some(four) = out.get_mut(i..i + 4) else {
            break;
        };
        for slot in four {
            // Past the last bit, 64: written, then overwritten or never read.
            *slot = base + mask.trailing_zeros();
            mask &= mask.wrapping_sub(1);
        }
        i += 4;
    }
    *n += count;
}

/// Scans a stretch (shorter than [`MAX_BLOCK`]): the positions of its commas and line feeds at
/// the start of `commas` and `ends` (grown as needed, never shrunk: the rest is left as it was),
/// and whether it holds an unusual byte or only ASCII. On x86-64 with SSE2 (`safe_arch` wraps the
/// instructions in safe functions), sixteen bytes at a time.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn scan(bytes: &[u8], commas: &mut Vec<u32>, ends: &mut Vec<u32>) -> Scan {
    use safe_arch::{
        bitandnot_m128i, bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, min_u8_m128i,
        move_mask_i8_m128i, set_splat_i8_m128i, zeroed_m128i,
    };
    // Positions are written in fours, up to the end of each 64-byte window.
    let room = bytes.len().next_multiple_of(64) + 64;
    if commas.len() < room {
        commas.resize(room, 0);
    }
    if ends.len() < room {
        ends.resize(room, 0);
    }
    let comma = set_splat_i8_m128i(b',' as i8);
    let lf = set_splat_i8_m128i(b'\n' as i8);
    let quote = set_splat_i8_m128i(b'"' as i8);
    let del = set_splat_i8_m128i(0x7F);
    let below_space = set_splat_i8_m128i(0x1F);
    let (mut n_commas, mut n_ends) = (0, 0);
    // The unusual bytes and every byte's high bit, gathered over the stretch.
    let mut odd = zeroed_m128i();
    let mut high = zeroed_m128i();
    for (k, window) in bytes.chunks(64).enumerate() {
        let mut padded = [b' '; 64];
        let window: &[u8; 64] = match window.try_into() {
            Ok(w) => w,
            Err(_) => {
                // The last window: the stretch's bytes, then spaces (nothing).
                padded[..window.len()].copy_from_slice(window);
                &padded
            }
        };
        let (mut c, mut l) = (0u64, 0u64);
        for j in 0..4 {
            let Some(lane) = window.get(16 * j..).and_then(|w| w.first_chunk::<16>()) else {
                break;
            };
            let v = load_unaligned_m128i(lane);
            let is_comma = cmp_eq_mask_i8_m128i(v, comma);
            let is_lf = cmp_eq_mask_i8_m128i(v, lf);
            // Below 0x20 but the line feed, a quote, DEL.
            let control = cmp_eq_mask_i8_m128i(min_u8_m128i(v, below_space), v);
            let other = bitor_m128i(
                bitandnot_m128i(is_lf, control),
                bitor_m128i(cmp_eq_mask_i8_m128i(v, quote), cmp_eq_mask_i8_m128i(v, del)),
            );
            odd = bitor_m128i(odd, other);
            high = bitor_m128i(high, v);
            let bits = |m| u64::from(move_mask_i8_m128i(m) as u16) << (16 * j);
            c |= bits(is_comma);
            l |= bits(is_lf);
        }
        let base = (64 * k) as u32;
        flatten(c, base, commas, &mut n_commas);
        flatten(l, base, ends, &mut n_ends);
    }
    Scan {
        commas: n_commas,
        ends: n_ends,
        unusual: move_mask_i8_m128i(odd) != 0,
        ascii: move_mask_i8_m128i(high) == 0,
    }
}

/// [`scan`] a byte at a time: where SSE2 is not (and compared with the SSE2 scan in tests).
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn scan_bytes(bytes: &[u8], commas: &mut Vec<u32>, ends: &mut Vec<u32>) -> Scan {
    let (mut n_commas, mut n_ends) = (0, 0);
    let put = |out: &mut Vec<u32>, n: &mut usize, i: usize| {
        if out.len() <= *n {
            out.resize(*n + 1, 0);
        }
        out[*n] = i as u32;
        *n += 1;
    };
    let (mut unusual, mut ascii) = (false, true);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b',' => put(&mut *commas, &mut n_commas, i),
            b'\n' => put(&mut *ends, &mut n_ends, i),
            _ => {}
        }
        unusual |= (b < 0x20 && b != b'\n') || b == b'"' || b == 0x7F;
        ascii &= b < 0x80;
    }
    Scan {
        commas: n_commas,
        ends: n_ends,
        unusual,
        ascii,
    }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn scan(bytes: &[u8], commas: &mut Vec<u32>, ends: &mut Vec<u32>) -> Scan {
    scan_bytes(bytes, commas, ends)
}

#[cfg(test)]
mod tests {
    use super::super::{COLUMNS, Reader};
    use super::*;

    /// A small linear congruential generator (Knuth's MMIX constants).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as usize % n
        }
    }

    #[test]
    fn the_scan_finds_every_comma_and_line_feed() {
        // Texts of every length up to 300 over an alphabet with every kind of byte the scan sorts:
        // separators, a quote, tab, `\r`, NUL, DEL, a byte of 「施」 (E6), letters; the byte-at-a-
        // time scan is the expected answer, and a hand-checked case first.
        let mut commas = Vec::new();
        let mut ends = Vec::new();
        let got = scan(b"a,b\nc,,d\n", &mut commas, &mut ends);
        assert_eq!(
            got,
            Scan {
                commas: 3,
                ends: 2,
                unusual: false,
                ascii: true
            }
        );
        assert_eq!(&commas[..3], &[1, 5, 6]);
        assert_eq!(&ends[..2], &[3, 8]);
        let alphabet = b",,,\n\n\"\t\r\x00\x7F\xE6abcdefgh ";
        let mut rng = Lcg(7);
        for len in 0..300 {
            for _ in 0..20 {
                // Mostly plain bytes, so that many texts are usual.
                let text: Vec<u8> = (0..len)
                    .map(|_| {
                        if rng.next(8) == 0 {
                            alphabet[rng.next(alphabet.len())]
                        } else {
                            alphabet[11 + rng.next(alphabet.len() - 11)]
                        }
                    })
                    .collect();
                let (mut c1, mut e1, mut c2, mut e2) =
                    (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                let a = scan(&text, &mut c1, &mut e1);
                let b = scan_bytes(&text, &mut c2, &mut e2);
                assert_eq!(a, b, "{text:?}");
                assert_eq!(&c1[..a.commas], &c2[..b.commas], "{text:?}");
                assert_eq!(&e1[..a.ends], &e2[..b.ends], "{text:?}");
            }
        }
    }

    /// Every row a parser hands on, with its text fields, and the order check's verdict.
    #[derive(Debug, Default, PartialEq)]
    struct Rows {
        rows: Vec<String>,
    }

    impl RowSink for Rows {
        fn add(&mut self, r: &super::super::BuildingRow<'_>) {
            // Streamed rows carry no line number (the generic reader's count from its range).
            let r = super::super::BuildingRow {
                line: 0,
                ..r.clone()
            };
            self.rows.push(format!("{r:?}"));
        }
        fn merge(&mut self, later: Self) {
            self.rows.extend(later.rows);
        }
    }

    /// The same, reading no text: the class fields only.
    #[derive(Debug, Default, PartialEq)]
    struct Classes {
        rows: Vec<String>,
    }

    impl RowSink for Classes {
        const READS_TEXT: bool = false;
        fn add(&mut self, r: &super::super::BuildingRow<'_>) {
            self.rows.push(format!(
                "{:?} {:?} {} {:?}",
                r.category, r.floor_area, r.built, r.structure
            ));
        }
        fn add_plain(&mut self, r: PlainRow<'_>) {
            self.rows.push(format!(
                "{:?} {:?} {} {:?}",
                r.category, r.floor_area, r.built, r.structure
            ));
        }
        fn merge(&mut self, later: Self) {
            self.rows.extend(later.rows);
        }
    }

    /// A block's rows, order verdict and first and last ids by the block parser and by the
    /// line-by-line parser.
    fn both<S: RowSink + Default + PartialEq + std::fmt::Debug>(
        header: &str,
        block: &[u8],
    ) -> Option<usize> {
        let mut reader = Reader::new(header);
        let header = Header::read(&mut reader, COLUMNS, "f").unwrap();
        let plan = RowPlan::new(&header);
        let mut by_block = S::default();
        let mut order_block = IdOrder::new(true);
        let got = parse(
            block,
            &header,
            &plan,
            "f",
            &mut by_block,
            &mut order_block,
            &mut Scratch::default(),
        );
        let mut by_lines = S::default();
        let mut order_lines = IdOrder::new(true);
        let lines = Lines {
            block,
            header: &header,
            plan: &plan,
            file: "f",
        };
        let want = lines.parse(0, block.len(), &mut by_lines, &mut order_lines);
        let text = String::from_utf8_lossy(block);
        assert_eq!(got, want, "{text}");
        if want.is_some() {
            assert_eq!(by_block, by_lines, "{text}");
            assert_eq!(order_block.sorted, order_lines.sorted, "{text}");
            assert_eq!(
                order_block.first_last(block),
                order_lines.first_last(block),
                "{text}"
            );
        }
        want
    }

    #[test]
    fn the_block_parser_reads_what_the_line_parser_reads() {
        // Hand-made blocks: usual rows; one of another shape (a field too many, too few, a blank
        // line) among them; a value the plan declines (a 和暦 year, read by the generic reader); a
        // problem (a bad area: no rows); the last line without a line feed; `\r\n`; a quote; a tab;
        // a Japanese name; ids out of order.
        let header = "id,name,category,floor_area_m2,built_year,structure\n";
        let blocks: [&str; 12] = [
            "B1,a,school,12.5,1975,rc\nB2,b,park,3,2001,\nB3,c,medical,100.25,1990,s\n",
            "B1,a,school,12.5,1975,rc\nB2,b,park,3,2001,,\nB3,c,medical,100.25,1990,s\n",
            "B1,a,school,12.5,1975,rc\nB2,b,park,3,2001\nB3,c,medical,100.25,1990,s\n",
            "B1,a,school,12.5,1975,rc\n\nB3,c,medical,100.25,1990,s\n",
            "B1,a,school,12.5,S50,rc\nB2,b,park,3,2001,\n",
            "B1,a,school,12.5,1975,rc\nB2,b,park,-3,2001,\n",
            "B1,a,school,12.5,1975,rc\nB2,b,park,3,2001,",
            "B1,a,school,12.5,1975,rc\r\nB2,b,park,3,2001,\r\n",
            "B1,\"a\",school,12.5,1975,rc\n",
            "B1,a\tb,school,12.5,1975,rc\n",
            "B1,学校,school,12.5,1975,rc\nB2, x ,park,3,2001,\n",
            "B2,a,school,12.5,1975,rc\nB1,b,park,3,2001,\n",
        ];
        for b in blocks {
            both::<Rows>(header, b.as_bytes());
            both::<Classes>(header, b.as_bytes());
        }
        // A wider header: optional columns that must be empty, text columns handed on.
        let wide = "id,name,category,floor_area_m2,built_year,structure,district,condition\n";
        for b in [
            "B1,a,school,12.5,1975,rc, D1 ,\nB2,b,park,3,2001,,,\n",
            "B1,a,school,12.5,1975,rc,D1,B\nB2,b,park,3,2001,,,\n",
        ] {
            both::<Rows>(wide, b.as_bytes());
            both::<Classes>(wide, b.as_bytes());
        }
        // Drawn blocks of a few hundred kilobytes (several stretches): mostly usual rows, the
        // others of every kind above, at random places; ids in order, with a few out of order.
        let mut rng = Lcg(11);
        for round in 0..6 {
            let mut block = String::new();
            let mut i = 0;
            while block.len() < 200_000 {
                i += 1;
                let id = if round % 2 == 1 && rng.next(5000) == 0 {
                    format!("B{}", i / 2)
                } else {
                    format!("B{i:07}")
                };
                let line = match rng.next(400) {
                    0 => format!("{id},a,school,12.5,S50,rc\n"),
                    1 => format!(" {id},a,school,12.5,1975,rc\n"),
                    2 => "\n".to_string(),
                    3 if round == 5 => format!("{id},a\tb,school,1,1975,rc\n"),
                    4 if round == 4 => format!("{id},施設 {i},park,1,1975,\n"),
                    5 => format!("{id},x,other,0.000001,2200,cb\n"),
                    _ => format!(
                        "{id},bldg {i},{},{}.{},{},{}\n",
                        ["school", "park", "medical", "public_housing"][rng.next(4)],
                        rng.next(100_000),
                        rng.next(10),
                        1850 + rng.next(200),
                        ["rc", "s", "", "w"][rng.next(4)]
                    ),
                };
                block.push_str(&line);
            }
            // Every drawn row is valid: the block is read, not handed over.
            assert!(
                both::<Rows>(header, block.as_bytes()).is_some(),
                "round {round}"
            );
            assert!(both::<Classes>(header, block.as_bytes()).is_some());
        }
    }
}
