//! Writes `examples/import/ledger.xlsx`: the made-up ledger of `examples/import/ledger.csv` (架空市,
//! a city that does not exist) as a workbook shaped like those city halls post: a merged title, a
//! header over two rows (`取得` above `年月日` and `価額`), dates as Excel date cells, a subtotal
//! and a total. `docs/import.md` imports both files and gets the same inventory.
//!
//! Run it from the repository's root: `cargo run --example import_examples`.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

/// A ledger row: 財産番号, 勘定科目, 施設名, 資産名称, 所在地, 用途, 構造, 延床面積, the date
/// (year, month, day) or its text, 取得価額, 耐用年数.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<f64>,
    Date,
    f64,
    Option<f64>,
);

/// A date cell: an Excel date, or text as some ledgers keep it.
enum Date {
    Ymd(u16, u8, u8),
    Text(&'static str),
}

const ROWS: [Row; 14] = [
    (
        "1001",
        "建物",
        "中央小学校",
        "中央小学校 校舎",
        "架空市中央町1-1",
        "小学校",
        "鉄筋コンクリート造",
        Some(3200.0),
        Date::Ymd(1977, 4, 1),
        480_000_000.0,
        Some(47.0),
    ),
    (
        "1002",
        "建物",
        "中央小学校",
        "中央小学校 体育館",
        "架空市中央町1-1",
        "小学校",
        "鉄骨造",
        Some(850.0),
        Date::Ymd(1980, 3, 31),
        120_000_000.0,
        Some(34.0),
    ),
    (
        "1003",
        "建物附属設備",
        "中央小学校",
        "中央小学校 校舎 電気設備",
        "架空市中央町1-1",
        "小学校",
        "",
        None,
        Date::Ymd(1977, 4, 1),
        30_000_000.0,
        Some(15.0),
    ),
    (
        "1004",
        "工作物",
        "中央小学校",
        "中央小学校 プール",
        "架空市中央町1-1",
        "小学校",
        "",
        None,
        Date::Ymd(1985, 7, 1),
        25_000_000.0,
        Some(30.0),
    ),
    (
        "1101",
        "建物",
        "北小学校",
        "北小学校 校舎",
        "架空市北町3-5",
        "小学校",
        "ＲＣ造",
        Some(2800.0),
        Date::Ymd(1983, 10, 1),
        390_000_000.0,
        Some(47.0),
    ),
    (
        "1102",
        "建物",
        "北小学校",
        "北小学校 体育館",
        "架空市北町3-5",
        "小学校",
        "RC",
        Some(780.0),
        Date::Text("昭58/4/1"),
        110_000_000.0,
        Some(47.0),
    ),
    (
        "1201",
        "建物",
        "南中学校",
        "南中学校 校舎",
        "架空市南町2-10",
        "中学校",
        "鉄筋コンクリート造",
        Some(4100.0),
        Date::Ymd(1991, 4, 1),
        620_000_000.0,
        Some(47.0),
    ),
    (
        "1301",
        "建物",
        "中央公民館",
        "中央公民館",
        "架空市中央町2-3",
        "公民館",
        "鉄筋コンクリート造",
        Some(1250.0),
        Date::Text("昭和60年6月15日"),
        210_000_000.0,
        Some(50.0),
    ),
    (
        "1401",
        "建物",
        "架空市立図書館",
        "架空市立図書館",
        "架空市中央町4-8",
        "図書館",
        "鉄筋コンクリート造",
        Some(1800.0),
        Date::Ymd(1989, 4, 1),
        350_000_000.0,
        Some(50.0),
    ),
    (
        "1501",
        "建物",
        "本庁舎",
        "本庁舎",
        "架空市中央町1-10",
        "庁舎",
        "鉄骨鉄筋コンクリート造",
        Some(6500.0),
        Date::Ymd(1975, 4, 1),
        1_500_000_000.0,
        Some(50.0),
    ),
    (
        "1601",
        "建物",
        "桜台市営住宅",
        "桜台市営住宅 1号棟",
        "架空市桜台1-2",
        "市営住宅",
        "鉄筋コンクリート造",
        Some(2400.0),
        Date::Ymd(1978, 4, 1),
        280_000_000.0,
        Some(47.0),
    ),
    (
        "1701",
        "建物",
        "東児童館",
        "東児童館",
        "架空市東町5-1",
        "児童館",
        "木造",
        Some(320.0),
        Date::Ymd(2019, 5, 1),
        95_000_000.0,
        Some(22.0),
    ),
    (
        "1801",
        "土地",
        "中央小学校",
        "中央小学校 敷地",
        "架空市中央町1-1",
        "小学校",
        "",
        None,
        Date::Ymd(1965, 4, 1),
        210_000_000.0,
        None,
    ),
    (
        "1901",
        "工作物",
        "中央公園",
        "中央公園 遊具",
        "架空市中央町6",
        "公園",
        "",
        None,
        Date::Ymd(2005, 3, 1),
        8_000_000.0,
        Some(10.0),
    ),
];

fn main() -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation time, so the file is the same each time it is written.
    book.set_properties(
        &DocProperties::new()
            .set_title("架空市 固定資産台帳 (made up for the documentation)")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 4, 1)?),
    );
    let sheet = book.add_worksheet();
    sheet.set_name("固定資産台帳")?;
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy/mm/dd");
    let area = Format::new().set_num_format("#,##0.00");
    sheet.merge_range(
        0,
        0,
        0,
        10,
        "架空市 固定資産台帳（建物・工作物・土地）",
        &title,
    )?;
    sheet.merge_range(
        1,
        0,
        1,
        10,
        "令和6年3月31日現在（この台帳は説明のための架空のものです）",
        &Format::new(),
    )?;
    // The header over rows 4 and 5; single labels merged down, 取得 over two columns.
    let plain = Format::new().set_align(FormatAlign::Center);
    for (c, label) in [
        (0, "財産番号"),
        (1, "勘定科目"),
        (2, "施設名"),
        (3, "資産名称"),
        (4, "所在地"),
        (5, "用途"),
        (6, "構造"),
        (10, "耐用年数"),
    ] {
        sheet.merge_range(3, c, 4, c, label, &plain)?;
    }
    sheet.write_string(3, 7, "延床面積")?;
    sheet.write_string(4, 7, "（㎡）")?;
    sheet.merge_range(3, 8, 3, 9, "取得", &plain)?;
    sheet.write_string(4, 8, "年月日")?;
    sheet.write_string(4, 9, "価額")?;
    let mut r = 5;
    for (i, row) in ROWS.iter().enumerate() {
        if i == 12 {
            // The buildings' subtotal, then the other assets.
            sheet.write_string(r, 1, "小計（建物等）")?;
            sheet.write_number(r, 9, 4_160_000_000.0)?;
            r += 1;
        }
        sheet.write_string(r, 0, row.0)?;
        sheet.write_string(r, 1, row.1)?;
        sheet.write_string(r, 2, row.2)?;
        sheet.write_string(r, 3, row.3)?;
        sheet.write_string(r, 4, row.4)?;
        sheet.write_string(r, 5, row.5)?;
        if !row.6.is_empty() {
            sheet.write_string(r, 6, row.6)?;
        }
        if let Some(a) = row.7 {
            sheet.write_number_with_format(r, 7, a, &area)?;
        }
        match row.8 {
            Date::Ymd(y, m, d) => {
                sheet.write_datetime_with_format(r, 8, ExcelDateTime::from_ymd(y, m, d)?, &date)?;
            }
            Date::Text(t) => {
                sheet.write_string(r, 8, t)?;
            }
        }
        sheet.write_number(r, 9, row.9)?;
        if let Some(l) = row.10 {
            sheet.write_number(r, 10, l)?;
        }
        r += 1;
    }
    r += 1;
    sheet.write_string(r, 1, "合計")?;
    sheet.write_number(r, 9, 4_378_000_000.0)?;
    book.save("examples/import/ledger.xlsx")?;
    Ok(())
}
