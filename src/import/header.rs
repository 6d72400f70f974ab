//! Finding the header of a sheet as people make them: title rows and blank rows above it, a
//! header over one row or two (`取得` above `年月日` and `価額`), headers with units and brackets in
//! any width, and columns named by a table of aliases (after NFKC, see `normal::header_key`) or
//! by the mapping file.
//!
//! This module owns which column plays which part ([`Role`]); what a cell means is the
//! interpreters' business.

use std::collections::BTreeMap;

use serde::Serialize;

use super::normal::{column_letters, header_key};
use super::sheet::{Cell, Row, Sheet};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// An asset's or row's number (財産番号, NO).
    Number,
    /// A branch number (枝番).
    Branch,
    /// An asset's name (資産名称, 件名, 名称).
    AssetName,
    /// A facility's name (施設名).
    FacilityName,
    /// A facility's number or id (施設番号, ID).
    FacilityNumber,
    /// An address (所在地, 住所).
    Address,
    /// The town part of an address (所在地_町字).
    Town,
    /// The municipality (市区町村名).
    Municipality,
    /// The account (勘定科目: 建物, 工作物, 土地 …).
    Account,
    /// The date acquired or built (取得年月日, 建築年度).
    Acquired,
    /// The date it entered service (供用開始年月日).
    InService,
    /// The structure (構造, 耐用年数分類).
    Structure,
    /// The floor area (延床面積).
    FloorArea,
    /// A quantity, for buildings their floor area (数量).
    Quantity,
    /// The unit of the quantity (単位).
    Unit,
    /// The use (用途, 施設分類, 種類).
    Use,
    /// The date disposed of (除却年月日).
    Disposed,
    /// A district (地区, 小学校区).
    District,
    /// Users a year (利用者数).
    Users,
    /// Capacity (定員).
    Capacity,
    /// Latitude (緯度).
    Lat,
    /// Longitude (経度).
    Lon,
    /// Population (人口), of a district.
    Population,
    /// The acquisition cost (取得価額): recognised, not imported.
    Cost,
    /// The useful life (耐用年数): recognised, not imported.
    UsefulLife,
    /// Accumulated depreciation (減価償却累計額): recognised, not imported.
    Depreciation,
    /// Notes (備考): recognised, not imported.
    Notes,
}

impl Role {
    /// Every role, in this order.
    pub const ALL: [Role; 27] = [
        Role::Number,
        Role::Branch,
        Role::AssetName,
        Role::FacilityName,
        Role::FacilityNumber,
        Role::Address,
        Role::Town,
        Role::Municipality,
        Role::Account,
        Role::Acquired,
        Role::InService,
        Role::Structure,
        Role::FloorArea,
        Role::Quantity,
        Role::Unit,
        Role::Use,
        Role::Disposed,
        Role::District,
        Role::Users,
        Role::Capacity,
        Role::Lat,
        Role::Lon,
        Role::Population,
        Role::Cost,
        Role::UsefulLife,
        Role::Depreciation,
        Role::Notes,
    ];

    /// The key a mapping file names the role by.
    pub fn key(self) -> &'static str {
        match self {
            Role::Number => "number",
            Role::Branch => "branch",
            Role::AssetName => "asset_name",
            Role::FacilityName => "facility_name",
            Role::FacilityNumber => "facility_number",
            Role::Address => "address",
            Role::Town => "town",
            Role::Municipality => "municipality",
            Role::Account => "account",
            Role::Acquired => "acquired",
            Role::InService => "in_service",
            Role::Structure => "structure",
            Role::FloorArea => "floor_area",
            Role::Quantity => "quantity",
            Role::Unit => "unit",
            Role::Use => "use",
            Role::Disposed => "disposed",
            Role::District => "district",
            Role::Users => "users",
            Role::Capacity => "capacity",
            Role::Lat => "lat",
            Role::Lon => "lon",
            Role::Population => "population",
            Role::Cost => "cost",
            Role::UsefulLife => "useful_life",
            Role::Depreciation => "depreciation",
            Role::Notes => "notes",
        }
    }

    /// Reads a role from its key.
    pub fn parse(key: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.key() == key.trim())
    }

    /// The header names that mean this role, as [`header_key`] writes them, most specific first
    /// (when two columns mean the same role, the one named by an earlier alias is read).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Role::Number => &[
                "財産番号",
                "資産番号",
                "固定資産番号",
                "台帳番号",
                "資産コード",
                "登録番号",
                "番号",
                "no",
                "no.",
                "資産no",
            ],
            Role::Branch => &["枝番", "枝番号"],
            Role::AssetName => &[
                "資産名称",
                "資産名",
                "資産の名称",
                "件名",
                "財産名",
                "財産名称",
                "建物名称",
                "建物名",
                "棟名称",
                "棟名",
                "名称",
                "name",
            ],
            Role::FacilityName => &["施設名", "施設名称", "所属施設名", "所属施設", "施設"],
            Role::FacilityNumber => &["施設番号", "施設コード", "施設id", "施設no", "id"],
            Role::Address => &[
                "所在地",
                "所在地_連結表記",
                "所在地連結表記",
                "住所",
                "所在",
                "所在地番",
            ],
            Role::Town => &["所在地_町字", "町字", "町名"],
            Role::Municipality => &["市区町村名", "所在地_市区町村", "地方公共団体名", "団体名"],
            Role::Account => &[
                "勘定科目",
                "勘定科目名",
                "科目",
                "科目名",
                "種目",
                "資産区分",
            ],
            Role::Acquired => &[
                "取得年月日",
                "取得日",
                "取得年月",
                "取得年度",
                "建築年月日",
                "建築年度",
                "建築年",
                "建設年度",
                "建設年",
                "竣工年月日",
                "竣工日",
                "竣工年度",
                "竣工年",
                "built_year",
            ],
            Role::InService => &["供用開始年月日", "供用開始日", "供用開始年度", "供用開始年"],
            Role::Structure => &[
                "構造",
                "構造区分",
                "構造種別",
                "構造名",
                "耐用年数分類",
                "structure",
            ],
            Role::FloorArea => &[
                "延床面積",
                "延べ床面積",
                "延面積",
                "延べ面積",
                "床面積",
                "建物面積",
                "面積",
                "floor_area_m2",
            ],
            Role::Quantity => &["数量", "数量面積"],
            Role::Unit => &["単位"],
            Role::Use => &[
                "用途",
                "用途名",
                "用途区分",
                "施設分類",
                "施設区分",
                "施設類型",
                "施設種別",
                "施設種類",
                "種類",
                "小区分",
                "事業分類",
                "大分類",
                "分類",
                "大区分",
                "category",
            ],
            Role::Disposed => &[
                "除却年月日",
                "除却日",
                "除却年度",
                "売却年月日",
                "処分年月日",
            ],
            Role::District => &[
                "地区",
                "地区名",
                "地域",
                "地域名",
                "小学校区",
                "学区",
                "中学校区",
                "district",
            ],
            Role::Users => &["年間利用者数", "利用者数", "年間利用者", "利用人数"],
            Role::Capacity => &["定員"],
            Role::Lat => &["緯度", "北緯", "latitude", "lat", "y座標"],
            Role::Lon => &["経度", "東経", "longitude", "lon", "lng", "x座標"],
            Role::Population => &["人口", "population"],
            Role::Cost => &["取得価額", "取得価格", "取得金額"],
            Role::UsefulLife => &["耐用年数"],
            Role::Depreciation => &["減価償却累計額", "償却累計額"],
            Role::Notes => &["備考"],
        }
    }
}

/// A sheet's header, found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The header's row numbers (one or two).
    pub rows: Vec<usize>,
    /// The position in the sheet's rows of the first row after the header.
    pub body_start: usize,
    /// The column read for each role.
    pub columns: BTreeMap<Role, usize>,
    /// Each column's label, as written (two header rows joined with a space).
    pub labels: Vec<String>,
    /// Columns with a label that no role reads, and why (`None`: not recognised).
    pub unused: Vec<(usize, Option<Role>)>,
}

impl Header {
    /// The column of a role.
    pub fn get(&self, role: Role) -> Option<usize> {
        self.columns.get(&role).copied()
    }

    /// The label of a column, as written, or its letters when it has none.
    pub fn label(&self, column: usize) -> String {
        match self.labels.get(column).filter(|l| !l.is_empty()) {
            Some(l) => l.clone(),
            None => column_letters(column),
        }
    }

    /// The column whose label is `name` (after NFKC and without brackets).
    pub fn find(&self, name: &str) -> Option<usize> {
        let k = header_key(name);
        self.labels.iter().position(|l| header_key(l) == k)
    }
}

/// How many rows from the top are searched for a header.
const SEARCH_ROWS: usize = 40;

/// The role a header text names: the mapping file's names first, then the aliases; with the rank
/// of the alias (lower: more specific).
fn role_of(label: &str, extra: &[(String, Role)]) -> Option<(Role, usize)> {
    let k = header_key(label);
    if k.is_empty() {
        return None;
    }
    if let Some((_, r)) = extra.iter().find(|(name, _)| header_key(name) == k) {
        return Some((*r, 0));
    }
    Role::ALL.iter().find_map(|r| {
        r.aliases()
            .iter()
            .position(|a| *a == k)
            .map(|rank| (*r, rank + 1))
    })
}

fn label_text(c: &Cell) -> String {
    match c {
        Cell::Text(t) => super::normal::tidy(t),
        _ => String::new(),
    }
}

/// A candidate header: each column's label and role.
struct Candidate {
    labels: Vec<String>,
    roles: Vec<Option<(Role, usize)>>,
}

impl Candidate {
    fn score(&self) -> usize {
        let mut seen: Vec<Role> = self.roles.iter().flatten().map(|(r, _)| *r).collect();
        seen.sort();
        seen.dedup();
        seen.len()
    }

    fn single(row: &Row, extra: &[(String, Role)]) -> Candidate {
        let labels: Vec<String> = row.cells.iter().map(label_text).collect();
        let roles = labels.iter().map(|l| role_of(l, extra)).collect();
        Candidate { labels, roles }
    }

    /// Two rows read as one header: for each column the upper label and the lower joined, or the
    /// lower after the nearest upper label to its left (a group label over several columns), or
    /// either alone; the first of these that names a role.
    fn pair(upper: &Row, lower: &Row, extra: &[(String, Role)]) -> Candidate {
        let width = upper.cells.len().max(lower.cells.len());
        let mut labels = Vec::with_capacity(width);
        let mut roles = Vec::with_capacity(width);
        let mut carried = String::new();
        for c in 0..width {
            let up = label_text(upper.cell(c));
            let low = label_text(lower.cell(c));
            if !up.is_empty() {
                carried = up.clone();
            }
            let mut options: Vec<String> = Vec::new();
            if !up.is_empty() && !low.is_empty() && up != low {
                options.push(format!("{up} {low}"));
            }
            if up.is_empty() && !low.is_empty() && !carried.is_empty() {
                options.push(format!("{carried} {low}"));
            }
            if !low.is_empty() {
                options.push(low.clone());
            }
            if !up.is_empty() {
                options.push(up.clone());
            }
            let found = options
                .iter()
                .find_map(|o| role_of(o, extra).map(|r| (o.clone(), r)));
            match found {
                Some((label, role)) => {
                    labels.push(label);
                    roles.push(Some(role));
                }
                None => {
                    labels.push(options.first().cloned().unwrap_or_default());
                    roles.push(None);
                }
            }
        }
        Candidate { labels, roles }
    }
}

/// Whether a row could be part of a header: it has text and no numbers or dates.
fn header_like(row: &Row) -> bool {
    row.cells.iter().any(|c| matches!(c, Cell::Text(_)))
        && !row
            .cells
            .iter()
            .any(|c| matches!(c, Cell::Number(_) | Cell::Date(_)))
}

/// Finds the header: the row (or pair of rows) among the first rows naming the most roles, at
/// least two. `extra` are the mapping file's header names.
pub fn detect(sheet: &Sheet, extra: &[(String, Role)]) -> Option<Header> {
    let mut best: Option<(usize, usize, usize, Candidate)> = None; // (score, start, n rows, c)
    let rows = &sheet.rows;
    for i in 0..rows.len().min(SEARCH_ROWS) {
        let single = Candidate::single(&rows[i], extra);
        let s = single.score();
        if s >= 2 && best.as_ref().is_none_or(|b| s > b.0) {
            best = Some((s, i, 1, single));
        }
        if let Some(next) = rows.get(i + 1) {
            if header_like(&rows[i]) && header_like(next) {
                let pair = Candidate::pair(&rows[i], next, extra);
                let p = pair.score();
                let lower_alone = Candidate::single(next, extra).score();
                if p >= 2 && p > s && p > lower_alone && best.as_ref().is_none_or(|b| p > b.0) {
                    best = Some((p, i, 2, pair));
                }
            }
        }
    }
    let (_, start, n, c) = best?;
    let mut columns: BTreeMap<Role, (usize, usize)> = BTreeMap::new(); // role → (rank, column)
    for (col, r) in c.roles.iter().enumerate() {
        if let Some((role, rank)) = r {
            match columns.get(role) {
                Some((best_rank, _)) if *best_rank <= *rank => {}
                _ => {
                    columns.insert(*role, (*rank, col));
                }
            }
        }
    }
    let unused = c
        .labels
        .iter()
        .enumerate()
        .filter(|(col, l)| !l.is_empty() && !columns.values().any(|(_, c)| c == col))
        .map(|(col, _)| (col, c.roles[col].map(|(r, _)| r)))
        .collect();
    Some(Header {
        rows: (start..start + n).map(|i| rows[i].number).collect(),
        body_start: start + n,
        columns: columns.into_iter().map(|(r, (_, c))| (r, c)).collect(),
        labels: c.labels,
        unused,
    })
}

/// Whether a row repeats the header (as exports do at every page break).
pub fn repeats_header(row: &Row, header: &Header, extra: &[(String, Role)]) -> bool {
    if !header_like(row) {
        return false;
    }
    let c = Candidate::single(row, extra);
    let s = c.score();
    s >= 2 && s * 2 >= header.columns.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: None,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    number: i + 1,
                    cells: r
                        .iter()
                        .map(|t| {
                            if t.is_empty() {
                                Cell::Empty
                            } else if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                                Cell::Number((*t).into())
                            } else {
                                Cell::Text((*t).into())
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn title_rows_then_a_header_with_units() {
        let s = sheet(&[
            &["固定資産台帳（建物）"],
            &["令和5年3月31日現在", "", "", "単位：円"],
            &[],
            &[
                "財産番号",
                "資産名称",
                "延床面積（㎡）",
                "取得年月日",
                "構造",
            ],
            &["1", "中央小学校 校舎", "3200", "S52.4.1", "RC"],
        ]);
        let h = detect(&s, &[]).unwrap();
        assert_eq!(h.rows, vec![4]);
        assert_eq!(h.body_start, 4);
        assert_eq!(h.get(Role::Number), Some(0));
        assert_eq!(h.get(Role::AssetName), Some(1));
        assert_eq!(h.get(Role::FloorArea), Some(2));
        assert_eq!(h.get(Role::Acquired), Some(3));
        assert_eq!(h.get(Role::Structure), Some(4));
        assert_eq!(h.label(2), "延床面積(m2)");
    }

    #[test]
    fn two_row_headers() {
        let s = sheet(&[
            &["番号", "資産名称", "取得", "", "延床面積", "構造"],
            &["", "", "年月日", "価額", "(㎡)", ""],
            &["1", "庁舎", "1983/10/01", "100000", "812.35", "RC"],
        ]);
        let h = detect(&s, &[]).unwrap();
        assert_eq!(h.rows, vec![1, 2]);
        assert_eq!(h.get(Role::Acquired), Some(2));
        assert_eq!(h.get(Role::Cost), Some(3));
        assert_eq!(h.get(Role::FloorArea), Some(4));
        assert_eq!(h.get(Role::Structure), Some(5));
        assert_eq!(h.label(2), "取得 年月日");
    }

    #[test]
    fn the_more_specific_alias_wins_and_mapping_names_count() {
        let s = sheet(&[&["名称", "延床面積", "面積", "建築年度", "地目"]]);
        let h = detect(&s, &[]).unwrap();
        assert_eq!(h.get(Role::FloorArea), Some(1));
        assert_eq!(h.unused, vec![(2, Some(Role::FloorArea)), (4, None)]);
        let extra = vec![("地目".to_string(), Role::Account)];
        let h = detect(&s, &extra).unwrap();
        assert_eq!(h.get(Role::Account), Some(4));
    }

    #[test]
    fn no_header() {
        assert!(detect(&sheet(&[&["a", "b"], &["1", "2"]]), &[]).is_none());
        assert!(detect(&sheet(&[]), &[]).is_none());
    }
}
