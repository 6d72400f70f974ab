//! Normalising what people type into spreadsheets before it is compared: Unicode NFKC (full-width
//! letters and digits, ㎡ → m2, ㍼ → 昭和, half-width katakana), without spaces or line breaks,
//! and for headers without their bracketed units (`延床面積（㎡）` and `延床面積(m2)` both become
//! `延床面積`).
//!
//! This module owns the comparison keys only; the text kept in outputs is the text as written.

use unicode_normalization::UnicodeNormalization;

/// NFKC, trimmed, with every run of white space (line breaks inside a cell too) removed.
pub fn key(text: &str) -> String {
    if already_nfkc(text) {
        return text.chars().filter(|c| !c.is_whitespace()).collect();
    }
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a text is surely NFKC already (ASCII, or so by the quick check), so that normalising
/// it would change nothing: most cells of a large sheet are.
fn already_nfkc(text: &str) -> bool {
    text.is_ascii()
        || unicode_normalization::is_nfkc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// NFKC with runs of white space made one ASCII space, trimmed: a name as it should be shown.
pub fn tidy(text: &str) -> String {
    let n: String = if already_nfkc(text) {
        text.to_string()
    } else {
        text.nfkc().collect()
    };
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The comparison key of a header cell: [`key`], lowercase, without bracketed parts (units,
/// notes) and without note marks (`※1`, `*`).
pub fn header_key(text: &str) -> String {
    let k = key(text);
    let mut out = String::with_capacity(k.len());
    let mut depth = 0usize;
    for c in k.chars() {
        match c {
            '(' | '[' | '【' | '〔' | '<' | '《' | '〈' | '{' => depth += 1,
            ')' | ']' | '】' | '〕' | '>' | '》' | '〉' | '}' => {
                depth = depth.saturating_sub(1)
            }
            _ if depth > 0 => {}
            '※' | '*' | '＊' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    // A note number left after its mark (`面積※1` → `面積1`) is not part of the name.
    if k.contains('※') {
        while out.ends_with(|c: char| c.is_ascii_digit()) {
            out.pop();
        }
    }
    out
}

/// The comparison key of a facility name, for joining a ledger to a facility list: [`key`],
/// without the middle dots and hyphens people write or leave out, and without a municipal prefix
/// ending in 立 (`鹿沼市立`, `市立`, `町立`, `村立`, `区立`), which one list writes and the other
/// leaves out.
pub fn name_key(text: &str) -> String {
    let k: String = key(text)
        .chars()
        .filter(|c| !matches!(c, '・' | '･' | '-' | '‐' | '−' | '_' | '、' | ',' | '.'))
        .collect();
    let chars: Vec<char> = k.chars().collect();
    for i in 0..chars.len().min(7) {
        if matches!(chars[i], '市' | '町' | '村' | '区')
            && chars.get(i + 1) == Some(&'立')
            && chars.len() > i + 3
        {
            return chars[i + 2..].iter().collect();
        }
    }
    k
}

/// The Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The column letters of a 0-based column index, as spreadsheets name columns (0 → A, 26 → AA).
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_any_width_and_with_units() {
        for h in [
            "延床面積（㎡）",
            "延床面積(m2)",
            "延床面積 (㎡)",
            "延床\n面積",
            "延床面積【㎡】",
            "延床面積※1",
        ] {
            assert_eq!(header_key(h), "延床面積", "{h}");
        }
        assert_eq!(header_key("ＩＤ"), "id");
        assert_eq!(header_key("Floor_Area_m2"), "floor_area_m2");
    }

    #[test]
    fn names_join_without_municipal_prefixes() {
        assert_eq!(name_key("鹿沼市立 中央小学校"), "中央小学校");
        assert_eq!(name_key("市立中央小学校"), "中央小学校");
        assert_eq!(name_key("鹿沼市民文化センター"), "鹿沼市民文化センター");
        assert_eq!(name_key("ｽﾎﾟｰﾂ・センター"), "スポーツセンター");
    }

    #[test]
    fn edit_distances_and_letters() {
        assert_eq!(edit_distance("公民館", "公民舘"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
