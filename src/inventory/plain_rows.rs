//! The usual rows of an inventory folder's large tables (facilities, buildings, roads), read by a
//! plan specialised to each file's header: the columns' places resolved once, a line cut at its
//! separators ([`crate::input::plain_line`], as the buildings CSV's parser cuts its lines) and each
//! column read at its place, without a vector of fields per row.
//!
//! A plan takes only the usual row of a machine-written table (ids and names as written, exact
//! category keys, plain numbers, the columns it does not read empty) and declines any other, which
//! its caller then reads with the generic reader and the row rules of [`super::tables`]. It only
//! ever takes a row those rules accept, with the values they give: each plan says which rule it
//! follows, and tests compare them on every kind of field.

use rust_decimal::Decimal;

use super::fields::{quantity_units, yen_value};
use super::tables::{BuildingColumn, FacilityColumn, PlainBuilding, RoadColumn};
use crate::category::Category;
use crate::input::csv::Header;
use crate::input::plain_line::{CategoryKeys, Fields, MAX_FIELDS, visible};

/// The width of the lines a plan cuts: the header's, or 0 (no line) when it is too wide.
fn width(header: &Header) -> usize {
    if header.width() <= MAX_FIELDS {
        header.width()
    } else {
        0
    }
}

/// The usual row of `facilities.csv`, by the rules of [`super::tables::checked_facility`]: id,
/// name and category as written (the category by its exact key), the district empty or as
/// written, user counts and capacity empty or up to twelve digits, an operating cost empty or a
/// plain amount, a data source empty or `estimated` / `published`; functions and source URL as
/// they come (no rule reads them).
pub(crate) struct FacilityPlan {
    /// The number of fields of a line (0: the plan takes none).
    pub width: usize,
    id: usize,
    name: usize,
    category: usize,
    district: Option<usize>,
    counts: Vec<usize>,
    operating: Option<usize>,
    data_source: Option<usize>,
    keys: CategoryKeys,
}

/// A facility row as the projection needs it: its id, district, category and actual operating
/// cost.
pub(crate) type FacilityKeys<'t> = (&'t str, Option<&'t str>, Category, Option<Decimal>);

impl FacilityPlan {
    /// The plan of a facilities table with this header (resolved against
    /// [`FacilityColumn::COLUMNS`]).
    pub fn new(header: &Header) -> FacilityPlan {
        use FacilityColumn as C;
        let at = |c: C| header.positions[c as usize];
        let required = [C::Id, C::Name, C::Category].map(at);
        let [id, name, category] = required.map(|p| p.unwrap_or(0));
        FacilityPlan {
            width: if required.iter().all(Option::is_some) {
                width(header)
            } else {
                0
            },
            id,
            name,
            category,
            district: at(C::District),
            counts: [C::AnnualUsers, C::Capacity]
                .into_iter()
                .filter_map(at)
                .collect(),
            operating: at(C::OperatingCost),
            data_source: at(C::DataSource),
            keys: CategoryKeys::new(),
        }
    }

    /// The row of a line cut into the plan's width, or `None` when it is not the usual one.
    #[inline]
    pub fn parse<'t>(&self, l: &Fields<'t, '_>) -> Option<FacilityKeys<'t>> {
        let id = l.id(self.id)?;
        if !visible(l.bytes(self.name)) {
            return None;
        }
        let category = self.keys.of(l, self.category)?;
        let district = match self.district.map(|i| l.str(i)) {
            None | Some("") => None,
            Some(d) if visible(d.as_bytes()) => Some(d),
            Some(_) => return None,
        };
        for &i in &self.counts {
            let b = l.bytes(i);
            if b.len() > 12 || !b.iter().all(u8::is_ascii_digit) {
                return None;
            }
        }
        let operating = match self.operating.map(|i| l.str(i)) {
            None | Some("") => None,
            Some(t) if visible(t.as_bytes()) => Some(yen_value(t)?),
            Some(_) => return None,
        };
        if let Some(i) = self.data_source {
            if !matches!(l.bytes(i), b"" | b"estimated" | b"published") {
                return None;
            }
        }
        Some((id, district, category, operating))
    }
}

/// The usual row of a folder's `buildings.csv`, by the rules of [`super::tables::plain_building`]:
/// id and facility id as written, a plain floor area, a four-digit year built, a structure key or
/// empty, and every column those rules call unusual (condition, survey, renovation, own category,
/// data source, part grades) empty; name and source URL as they come (no rule refuses them).
pub(crate) struct BuildingPlan {
    /// The number of fields of a line (0: the plan takes none).
    pub width: usize,
    id: usize,
    facility_id: usize,
    area: usize,
    built: usize,
    structure: Option<usize>,
    /// The fields that must be empty.
    blank: Vec<usize>,
}

impl BuildingPlan {
    /// The plan of a buildings table with this header (resolved against
    /// [`BuildingColumn::COLUMNS`]).
    pub fn new(header: &Header) -> BuildingPlan {
        use BuildingColumn as C;
        let at = |c: C| header.positions[c as usize];
        let required = [C::Id, C::FacilityId, C::FloorArea, C::Built].map(at);
        let [id, facility_id, area, built] = required.map(|p| p.unwrap_or(0));
        let unusual = super::tables::UNUSUAL_BUILDING_COLUMNS;
        BuildingPlan {
            width: if required.iter().all(Option::is_some) {
                width(header)
            } else {
                0
            },
            id,
            facility_id,
            area,
            built,
            structure: at(C::Structure),
            blank: unusual.into_iter().filter_map(at).collect(),
        }
    }

    /// The row of a line cut into the plan's width, or `None` when it is not the usual one.
    #[inline]
    pub fn parse<'t>(&self, l: &Fields<'t, '_>) -> Option<PlainBuilding<'t>> {
        if !l.all_empty(&self.blank) {
            return None;
        }
        Some(PlainBuilding {
            id: l.id(self.id)?,
            facility_id: l.id(self.facility_id)?,
            floor_area: l.area(self.area)?,
            built: l.year(self.built)?,
            structure: l.structure(self.structure)?,
        })
    }
}

/// The usual row of `roads.csv`, by the rules of [`super::tables::road_row`]: two different
/// places as written and a plain distance.
pub(crate) struct RoadPlan {
    /// The number of fields of a line (0: the plan takes none).
    pub width: usize,
    from: usize,
    to: usize,
    km: usize,
}

impl RoadPlan {
    /// The plan of a roads table with this header (resolved against [`RoadColumn::COLUMNS`]).
    pub fn new(header: &Header) -> RoadPlan {
        use RoadColumn as C;
        let at = |c: C| header.positions[c as usize];
        let required = [C::From, C::To, C::Km].map(at);
        let [from, to, km] = required.map(|p| p.unwrap_or(0));
        RoadPlan {
            width: if required.iter().all(Option::is_some) {
                width(header)
            } else {
                0
            },
            from,
            to,
            km,
        }
    }

    /// The places of a line cut into the plan's width, or `None` when it is not the usual row.
    #[inline]
    pub fn parse<'t>(&self, l: &Fields<'t, '_>) -> Option<(&'t str, &'t str)> {
        let (from, to) = (l.id(self.from)?, l.id(self.to)?);
        let km = l.str(self.km);
        if from == to || !visible(km.as_bytes()) {
            return None;
        }
        quantity_units(km)?;
        Some((from, to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Diagnostics;
    use crate::input::csv::{Column, Reader};
    use crate::input::plain_line::{Separators, cut_line};
    use crate::inventory::fields::Row;
    use crate::inventory::tables;

    /// Every line made of `values` (per column its header name, then its values, the first the
    /// usual one; each value tried with the other columns at their usual values), read by `plan`
    /// and by `rule` on the generic reader's row: the plan never takes a line the rule refuses,
    /// and reads what the rule reads. Returns how many different lines the plan took.
    fn compare<T: std::fmt::Debug + PartialEq>(
        columns: &[Column],
        values: &[&[&str]],
        plan: &dyn Fn(&Header, &Fields<'_, '_>) -> Option<T>,
        rule: &dyn Fn(&mut Row<'_, '_>) -> Option<T>,
    ) -> usize {
        let names: Vec<&str> = values.iter().map(|v| v[0]).collect();
        let header_text = format!("{}\n", names.join(","));
        let header =
            Header::read(&mut Reader::new(&header_text), columns, "t").expect("a valid header");
        let mut lines = std::collections::BTreeSet::new();
        for col in 0..values.len() {
            for v in &values[col][1..] {
                let fields: Vec<&str> = (0..values.len())
                    .map(|c| if c == col { *v } else { values[c][1] })
                    .collect();
                lines.insert(format!("{}\n", fields.join(",")));
            }
        }
        let mut taken = 0;
        for line in &lines {
            let mut seps = Separators::new(line.as_bytes());
            let mut ends = vec![0; header.width()];
            let by_plan = cut_line(line.as_bytes(), &mut seps, &mut ends).and_then(|next| {
                assert_eq!(next, line.len());
                plan(
                    &header,
                    &Fields {
                        text: line,
                        start: 0,
                        ends: &ends,
                    },
                )
            });
            let mut diags = Diagnostics::new();
            let mut by_rule = None;
            let mut reader = Reader::new(line);
            tables::read_body(&mut reader, &header, "t", columns, &mut diags, &mut |r| {
                let got = rule(r);
                if r.diags.is_empty() {
                    by_rule = got;
                }
            });
            if let Some(p) = by_plan {
                taken += 1;
                assert!(diags.is_empty(), "{line:?}: taken, but the rule refuses it");
                assert_eq!(Some(p), by_rule, "{line:?}");
            }
        }
        taken
    }

    #[test]
    fn the_facility_plan_takes_what_the_facility_rule_takes() {
        // Each column: its header name, then its values (the first the usual one).
        let values: [&[&str]; 9] = [
            &["id", "F1", " F1", "F1 ", "", "Ｆ1"],
            &["name", "hall", "", " ", " hall", "会館", "a b"],
            &[
                "category",
                "school",
                "School",
                "学校教育系施設",
                "road_general",
                "",
                "schoo1",
            ],
            &["district", "D1", "", " D1", "D1 ", "地区"],
            &["functions", "library;hall", "", "図書館"],
            &[
                "annual_users",
                "120",
                "",
                "0",
                "007",
                "999999999999",
                "9999999999999",
                "1,200",
                "1.5",
                "-3",
            ],
            &[
                "operating_cost_yen",
                "",
                "1200000",
                "1200000.5",
                "0",
                "x",
                " 5",
                "1e3",
            ],
            &[
                "data_source",
                "",
                "estimated",
                "published",
                "Published",
                "公表",
                "guess",
            ],
            &["source_url", "", "https://example.jp/a"],
        ];
        let keys = |r: &mut Row<'_, '_>| {
            tables::checked_facility(r)
                .map(|(a, b, c, d)| (a.to_string(), b.map(str::to_string), c, d))
        };
        let taken = compare(
            FacilityColumn::COLUMNS,
            &values,
            &|h, l| {
                FacilityPlan::new(h)
                    .parse(l)
                    .map(|(a, b, c, d)| (a.to_string(), b.map(str::to_string), c, d))
            },
            &keys,
        );
        // The usual line; the name "a b"; the empty district; functions empty and 図書館; user
        // counts empty, 0, 007 and twelve nines (not thirteen, 1.5 or -3; "1,200" is two fields);
        // operating costs 1200000, 1200000.5, 0 and 1e3 (the rule's 1000 yen; not x or " 5");
        // data sources estimated and published (Published and 公表 go to the generic reader); the
        // URL: 1 + 1 + 1 + 2 + 4 + 4 + 2 + 1 = 16.
        assert_eq!(taken, 16);
    }

    #[test]
    fn the_building_plan_takes_what_the_building_rule_takes() {
        let values: [&[&str]; 9] = [
            &["id", "B1", " B1", "", "Ｂ1"],
            &["facility_id", "F1", "F1 ", ""],
            &["name", "a", "", " b ", "棟"],
            &[
                "floor_area_m2",
                "12.5",
                "1",
                "0",
                "0.0",
                "12.",
                ".5",
                "1000000",
                "1000000.000001",
                "0.000001",
                "1.0000001",
                "1,000",
                " 1",
            ],
            &[
                "built_year",
                "1975",
                "1849",
                "2200",
                "2201",
                "S50",
                "197",
                "19750",
                "",
            ],
            &[
                "structure",
                "rc",
                "s",
                "",
                "w",
                "src",
                "RC",
                "鉄筋コンクリート造",
                "x",
            ],
            &["condition", "", "A", " "],
            &["category", "", "school"],
            &["renovated_year", "", "2000", "1900"],
        ];
        let owned = |p: PlainBuilding<'_>| {
            (
                p.id.to_string(),
                p.facility_id.to_string(),
                p.floor_area,
                p.built,
                p.structure,
            )
        };
        let taken = compare(
            BuildingColumn::COLUMNS,
            &values,
            &|h, l| BuildingPlan::new(h).parse(l).map(owned),
            &|r| tables::plain_building(r).map(owned),
        );
        // The usual line; the names empty, " b " and 棟; the areas 1, 1000000 and 0.000001 (0,
        // 0.0, ".5", too large or too fine are refused; "12." and " 1" left to the generic
        // reader); the year 2200 (1849 and 2201 are out of range); the structures s, empty, w,
        // src, RC and 鉄筋コンクリート造 (not x); no id, facility id, condition, category or
        // renovation but the usual: 1 + 3 + 3 + 1 + 6 = 14.
        assert_eq!(taken, 14);
    }

    #[test]
    fn the_road_plan_takes_what_the_road_rule_takes() {
        let values: [&[&str]; 3] = [
            &["from", "D1", "F1", " D1", "", "地区"],
            &["to", "F1", "D1", "F1 ", ""],
            &["km", "1.5", "0", "12", "1.0000001", "1,5", "-1", "", " 2"],
        ];
        let taken = compare(
            RoadColumn::COLUMNS,
            &values,
            &|h, l| {
                RoadPlan::new(h)
                    .parse(l)
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            },
            &|r| {
                tables::road_row(r)
                    .1
                    .map(|road| (road.from.to_string(), road.to.to_string()))
            },
        );
        // The usual line and the distances 0 and 12: F1 to F1 and D1 to D1 are refused by both,
        // padded or empty places and " 2" left to the generic reader, 1.0000001 and -1 refused.
        assert_eq!(taken, 3);
    }
}
