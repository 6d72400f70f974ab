//! The message catalogue: every entry has both languages with the same arguments, every use of a
//! message names an entry and gives exactly its arguments, and every entry is used.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use shisetsu::messages::{ENTRIES, Lang, placeholders};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every `.rs` file of `src/` with its text.
fn source_texts() -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    sources(Path::new("src"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect()
}

/// The text between `open` (an opening parenthesis) and its closing one, skipping string
/// literals.
fn parenthesised(text: &str, open: usize) -> &str {
    let mut depth = 0;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text[open..].char_indices() {
        if in_string {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    &text[open + 1..]
}

/// Splits at commas outside brackets and strings.
fn top_level_parts(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start, mut in_string, mut escaped) = (0, 0, false, false);
    for (i, c) in s.char_indices() {
        if in_string {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' | '<' if c != '<' || depth > 0 => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() {
        parts.push(s[start..].trim());
    }
    parts
}

/// Entries whose languages take different arguments, and why; a use gives both languages'.
const DIFFERENT_ARGUMENTS: &[(&str, &str)] = &[(
    "PastEra",
    "English writes the era's last year as an ordinal (64th), Japanese as a number (64年)",
)];

/// The arguments a use of an entry gives: both languages' placeholders.
fn arguments(e: &shisetsu::messages::Entry) -> BTreeSet<&'static str> {
    placeholders(e.en)
        .into_iter()
        .chain(placeholders(e.ja))
        .collect()
}

#[test]
fn every_entry_has_both_languages_with_the_same_arguments() {
    let mut wrong = Vec::new();
    for e in ENTRIES {
        if e.en.trim().is_empty() != e.ja.trim().is_empty() {
            wrong.push(format!("{}: a language is empty", e.name));
            continue;
        }
        let en: BTreeSet<&str> = placeholders(e.en).into_iter().collect();
        let ja: BTreeSet<&str> = placeholders(e.ja).into_iter().collect();
        let excepted = DIFFERENT_ARGUMENTS.iter().any(|(n, _)| *n == e.name);
        if en != ja && !excepted {
            wrong.push(format!("{}: English takes {en:?}, Japanese {ja:?}", e.name));
        }
        // A Japanese template that is the English one was not translated, unless it holds no
        // words (only arguments and signs).
        let words = |t: &str| {
            let mut s = t.to_string();
            for p in placeholders(t) {
                s = s.replace(&format!("{{{p}}}"), "");
            }
            s.chars().any(|c| c.is_ascii_alphabetic())
        };
        if e.en == e.ja && words(e.en) {
            wrong.push(format!("{}: the Japanese is the English", e.name));
        }
        assert_eq!(e.id.template(Lang::En), e.en);
        assert_eq!(e.id.template(Lang::Ja), e.ja);
        assert_eq!(e.id.name(), e.name);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_message_used_is_in_the_catalogue_with_its_arguments() {
    let mut wrong = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (path, text) in source_texts() {
        if path.ends_with("messages/catalogue.rs") {
            continue;
        }
        for (at, _) in text.match_indices("msg!(") {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            if text[line_start..at].trim_start().starts_with("//") {
                continue; // documentation
            }
            let inner = parenthesised(&text, at + 4);
            let parts = top_level_parts(inner);
            let Some(id) = parts.first() else { continue };
            if id.starts_with('$') || id.starts_with('@') {
                continue; // the macro's own definition
            }
            let line = 1 + text[..at].matches('\n').count();
            let Some(entry) = ENTRIES.iter().find(|e| e.name == *id) else {
                wrong.push(format!("{}:{line}: no message {id}", path.display()));
                continue;
            };
            used.insert(entry.name.to_string());
            let given: BTreeSet<&str> = parts[1..]
                .iter()
                .map(|p| p.split('=').next().unwrap().trim())
                .collect();
            let wanted = arguments(entry);
            if given != wanted {
                wrong.push(format!(
                    "{}:{line}: {id} takes {wanted:?}, given {given:?}",
                    path.display()
                ));
            }
        }
        for e in ENTRIES {
            if text.contains(&format!("Id::{}", e.name)) {
                used.insert(e.name.to_string());
            }
        }
    }
    for e in ENTRIES {
        if !used.contains(e.name) {
            wrong.push(format!("{}: in the catalogue but never used", e.name));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn foreign_text_is_only_text_of_other_programs() {
    // `Message::foreign` shows a text as it is in every language: only for what other programs
    // say (an operating system's reason, a parser's description), each use explained by a
    // comment on the line above that says so.
    let mut wrong = Vec::new();
    for (path, text) in source_texts() {
        if path.ends_with("messages/mod.rs") {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if l.contains("Message::foreign(") && !l.trim_start().starts_with("//") {
                let above = if i > 0 { lines[i - 1] } else { "" };
                if !above.contains("// Foreign:") {
                    wrong.push(format!("{}:{}", path.display(), i + 1));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "foreign text without a reason:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn a_japanese_locale_gets_japanese_messages_at_the_same_places() {
    use crate::util::shisetsu_env;
    let bad = "tests/fixtures/bad-inventories/bad-rows";
    let en = shisetsu_env(&["validate", bad], &[("LANG", "C")]);
    let ja = shisetsu_env(&["validate", bad], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!((en.code, ja.code), (2, 2));
    // Every line names the same file, line and field; only the words after them change.
    let place = |l: &str| {
        let l = l
            .strip_prefix("error: ")
            .or(l.strip_prefix("エラー: "))
            .unwrap_or(l);
        l.splitn(4, ": ").take(2).collect::<Vec<_>>().join(": ")
    };
    let (en_lines, ja_lines): (Vec<&str>, Vec<&str>) =
        (en.stderr.lines().collect(), ja.stderr.lines().collect());
    assert_eq!(en_lines.len(), 10, "{}", en.stderr);
    assert_eq!(en_lines.len(), ja_lines.len());
    for (e, j) in en_lines.iter().zip(&ja_lines).take(9) {
        assert_eq!(place(e), place(j), "{e}\n{j}");
    }
    assert_eq!(
        ja_lines[1],
        "tests/fixtures/bad-inventories/bad-rows/facilities.csv:3: id: ID \"F1\" が重複している（最初は 2 行目）"
    );
    assert_eq!(
        en_lines[1],
        "tests/fixtures/bad-inventories/bad-rows/facilities.csv:3: id: duplicate id \"F1\" (first on line 2)"
    );
    assert_eq!(ja_lines[9], "問題が 9 件ある");
    // LC_ALL wins over LANG, and --lang over both.
    let c = shisetsu_env(
        &["validate", bad],
        &[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "C")],
    );
    assert_eq!(c.stderr, en.stderr);
    let flag = shisetsu_env(
        &["validate", bad, "--lang", "en"],
        &[("LANG", "ja_JP.UTF-8")],
    );
    assert_eq!(flag.stderr, en.stderr);
}

/// The terminal column (counted in display width: a Japanese character takes two) at which each
/// whitespace-separated word of `line` ends.
fn word_ends(line: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut col = 0;
    let mut in_word = false;
    for c in line.chars() {
        if c == ' ' {
            if in_word {
                ends.push(col);
            }
            in_word = false;
            col += 1;
        } else {
            in_word = true;
            col += shisetsu::render::table::display_width(&c.to_string());
        }
    }
    if in_word {
        ends.push(col);
    }
    ends
}

#[test]
fn a_japanese_projection_table_has_japanese_headings_aligned_with_its_numbers() {
    use crate::util::shisetsu;
    let ja = shisetsu(&["project", "facilities/kanuma", "--lang", "ja"]);
    let en = shisetsu(&["project", "facilities/kanuma", "--lang", "en"]);
    assert_eq!((ja.code, en.code), (0, 0), "{}", ja.stderr);
    let (ja_lines, en_lines): (Vec<&str>, Vec<&str>) =
        (ja.stdout.lines().collect(), en.stdout.lines().collect());
    // Kanuma's plan starts in FY2022 and runs 30 years, so it ends in 2022 + 30 − 1 = 2051; its
    // cap of 5,580,000,000 yen is 5,580,000,000 / 10^8 = 55.80 億円.
    assert_eq!(
        ja_lines[1],
        "2022〜2051 年度（30 年間）、年間上限 55.80 億円。金額の単位は億円"
    );
    let heading = ja_lines[3];
    assert!(heading.starts_with("年度  和暦"), "{heading}");
    let words: Vec<&str> = heading.split_whitespace().collect();
    assert_eq!(
        words,
        [
            "年度",
            "和暦",
            "運営",
            "修繕",
            "大規模改修",
            "建替え",
            "積残し",
            "解体・建設",
            "合計",
            "上限"
        ]
    );
    // One row per year, 30 in all, each with the same numbers as in English; the amounts are
    // right-aligned under their headings, counted in terminal columns (年度 is four columns wide,
    // so 2022 starts where 年度 does and the amounts end where their headings end).
    let rows: Vec<&str> = ja_lines[4..34].to_vec();
    assert!(rows[0].starts_with("2022  R4 "), "{}", rows[0]);
    assert!(rows[29].starts_with("2051  R33"), "{}", rows[29]);
    let head_ends = word_ends(heading);
    for (i, row) in rows.iter().enumerate() {
        let ends = word_ends(row);
        assert_eq!(ends[2..9], head_ends[2..9], "{heading}\n{row}");
        let numbers = |l: &str| -> Vec<String> {
            l.split_whitespace()
                .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(numbers(row), numbers(en_lines[4 + i]));
        assert!(row.ends_with("  超過") || row.ends_with("  以内"), "{row}");
    }
    assert!(ja_lines[35].starts_with("合計 "), "{}", ja_lines[35]);
    assert!(ja_lines[35].contains(" 億円 · 年平均 "), "{}", ja_lines[35]);
}

#[test]
fn the_japanese_main_job_has_japanese_headings_aligned_with_its_numbers() {
    use crate::util::shisetsu;
    let ja = shisetsu(&["--lang", "ja"]);
    assert_eq!(ja.code, 0, "{}", ja.stderr);
    let lines: Vec<&str> = ja.stdout.lines().collect();
    // One row per scenario file of scenarios/kanuma.
    let n = std::fs::read_dir("scenarios/kanuma")
        .unwrap()
        .filter(|e| {
            let p = e.as_ref().unwrap().path();
            p.extension().is_some_and(|x| x == "toml")
        })
        .count();
    assert_eq!(lines[0], format!("鹿沼市 (Kanuma) · シナリオ {n} 件"));
    let heading = lines[3];
    assert_eq!(
        heading.split_whitespace().collect::<Vec<_>>(),
        [
            "シナリオ",
            "合計",
            "年平均",
            "最大",
            "超過",
            "延床増減",
            "判定"
        ]
    );
    // The amounts end where their headings end, in terminal columns: 合計 and 年平均 over the
    // totals and averages of every scenario's row (the first two numbers after the name).
    let head_ends = word_ends(heading);
    for row in &lines[4..4 + n] {
        let ends = word_ends(row);
        let k = ends.len();
        // From the right: verdict, floor change, over, peak (amount and FY), average, total.
        assert_eq!(ends[k - 6], head_ends[2], "{heading}\n{row}");
        assert_eq!(ends[k - 7], head_ends[1], "{heading}\n{row}");
        assert!(
            row.ends_with("上限以内") || row.ends_with("上限超過"),
            "{row}"
        );
    }
    // The yearly totals side by side: the year columns and the cap in Japanese.
    let side = lines
        .iter()
        .find(|l| l.starts_with("年度  和暦"))
        .expect("the side-by-side table");
    assert!(side.contains("[1]") && side.ends_with("上限"), "{side}");
    assert!(ja.stdout.contains("\n* 上限超過\n"));
}

#[test]
fn a_japanese_import_report_has_japanese_headings_with_the_same_counts() {
    use crate::util::{TempDir, shisetsu};
    let dir = TempDir::new();
    let report = |lang: &str| -> String {
        let out = dir.path().join(lang);
        let r = shisetsu(&[
            "import",
            "examples/import/ledger.csv",
            "examples/import/facility-list.csv",
            "--output",
            out.to_str().unwrap(),
            "--lang",
            lang,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        std::fs::read_to_string(out.join("import-report.md")).unwrap()
    };
    let (ja, en) = (report("ja"), report("en"));
    // The made-up city of examples/import/ is 架空市 (its mapping-free name, from the sources).
    assert!(ja.starts_with("# 取込み報告書: 架空市\n"), "{ja}");
    assert!(en.starts_with("# Import report: 架空市\n"), "{en}");
    // The same sections in the same order, each with the same count: only the words change.
    let headings = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with("## "))
            .map(str::to_string)
            .collect()
    };
    let count = |h: &str| -> String {
        h.rsplit(['(', '（'])
            .next()
            .unwrap()
            .trim_end_matches([')', '）'])
            .to_string()
    };
    let (hj, he) = (headings(&ja), headings(&en));
    assert_eq!(
        hj.iter()
            .map(|h| h.split(['(', '（']).next().unwrap())
            .collect::<Vec<_>>(),
        [
            "## 入力",
            "## 入力全体に関する仮定",
            "## 仮定を置いて採用した行",
            "## 除外した行",
            "## 他の行に統合した行",
            "## 注記",
            "## 公共施設一覧との照合",
            "## 採用した行"
        ]
    );
    assert_eq!(hj.len(), he.len());
    for (j, e) in hj.iter().zip(&he).skip(1) {
        assert_eq!(count(j), count(e), "{j} / {e}");
    }
    // Both sources are read as what their columns say: the ledger and the facility list.
    assert!(
        ja.contains("固定資産台帳として読込み（列から判定）"),
        "{ja}"
    );
    assert!(
        ja.contains("公共施設一覧として読込み（列から判定）"),
        "{ja}"
    );
    assert!(ja.contains("| 列 | 見出し | 読み方 |"));
}
