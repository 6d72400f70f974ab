//! The import report: every source row used, merged, skipped or assumed, with the reason and its
//! place; what was assumed for whole sources; which facility-list rows joined which facilities;
//! and the folder's counts. Written as `import-report.md` for people and `import-report.json`
//! (`shisetsu/import-report/1`, a [`Report`]) for scripts; the same bytes for the same sources.
//! Reasons and notes are [`Message`]s until the report is written: the Markdown report is in the
//! user's language, the JSON report always in English (a machine format, the same in every
//! language).

use std::fmt::Write as _;

use serde::{Serialize, Serializer};

use super::{Draft, Kind, Loaded, Place};
use crate::messages::{Id, Lang, Message};
use crate::msg;

/// What became of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It became a building, a facility or a district as it is.
    Used,
    /// It became part of another (equipment of a building).
    Merged,
    /// It was not imported, for the reason given.
    Skipped,
    /// It was used, with an assumption to review.
    Assumed,
}

/// What a row became, before ids are given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Became {
    /// Nothing.
    Nothing,
    /// A draft building.
    Building(usize),
    /// A draft facility.
    Facility(usize),
    /// A district, by id.
    District(String),
}

/// How a facility-list row was joined to a facility.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinHow {
    /// The names are the same after normalisation.
    Exact,
    /// The mapping file's `[names]` joins them.
    Mapping,
    /// The only close name (to review).
    Close,
}

#[derive(Clone, Debug)]
struct RawEntry {
    place: Place,
    status: Status,
    reason: Option<Message>,
    became: Became,
}

#[derive(Clone, Debug)]
struct RawNote {
    place: Option<Place>,
    message: Message,
    assumption: bool,
}

/// The record kept while importing.
#[derive(Clone, Debug, Default)]
pub(crate) struct Log {
    sources: Vec<SourceReport>,
    entries: Vec<RawEntry>,
    notes: Vec<RawNote>,
    joins: Vec<(usize, Place, String, String, JoinHow)>,
    blank: Vec<usize>,
}

impl Log {
    /// Registers a source read.
    pub fn source(&mut self, s: &Loaded) {
        let h = &s.header;
        if self.blank.len() <= s.index {
            self.blank.resize(s.index + 1, 0);
        }
        let mut columns: Vec<ColumnReport> = h
            .columns
            .iter()
            .map(|(role, &c)| ColumnReport {
                column: super::normal::column_letters(c),
                header: h.label(c),
                role: Some(role.key().to_string()),
                note: None,
            })
            .collect();
        for (c, role) in &h.unused {
            columns.push(ColumnReport {
                column: super::normal::column_letters(*c),
                header: h.label(*c),
                role: None,
                note: Some(match role {
                    Some(r) => msg!(ImportReadAsOther, role = r.key()),
                    None => msg!(ImportNotRecognised),
                }),
            });
        }
        columns.sort_by_key(|c| (c.column.len(), c.column.clone()));
        self.sources.push(SourceReport {
            file: s.file.clone(),
            sheet: s.sheet.name.clone(),
            other_sheets: s.other_sheets.clone(),
            format: s.format.describe(),
            kind: s.kind,
            kind_detected: s.kind_detected,
            header_rows: h.rows.clone(),
            columns,
            rows: s.sheet.rows.len().saturating_sub(h.body_start),
            blank_rows: 0,
        });
    }

    /// Counts a blank row of source `index`.
    pub fn blank(&mut self, index: usize) {
        if self.blank.len() <= index {
            self.blank.resize(index + 1, 0);
        }
        self.blank[index] += 1;
    }

    /// A row used as it is.
    pub fn used(&mut self, place: Place, became: Became) {
        self.push(place, Status::Used, None, became);
    }

    /// A row made part of another.
    pub fn merged(&mut self, place: Place, reason: impl Into<Message>, became: Became) {
        self.push(place, Status::Merged, Some(reason.into()), became);
    }

    /// A row not imported.
    pub fn skipped(&mut self, place: Place, reason: impl Into<Message>) {
        self.push(place, Status::Skipped, Some(reason.into()), Became::Nothing);
    }

    /// A row used with an assumption (one call per assumption).
    pub fn assumed(&mut self, place: Place, reason: impl Into<Message>, became: Became) {
        self.push(place, Status::Assumed, Some(reason.into()), became);
    }

    fn push(&mut self, place: Place, status: Status, reason: Option<Message>, became: Became) {
        self.entries.push(RawEntry {
            place,
            status,
            reason,
            became,
        });
    }

    /// A note on a source or the whole import; `assumption` when it is one (refused when strict).
    pub fn note(&mut self, place: Option<Place>, message: Message, assumption: bool) {
        self.notes.push(RawNote {
            place,
            message,
            assumption,
        });
    }

    /// A facility-list row joined to facility `i`.
    pub fn join(&mut self, i: usize, place: Place, list_name: &str, name: &str, how: JoinHow) {
        self.joins
            .push((i, place, list_name.to_string(), name.to_string(), how));
    }

    /// The first `n` rows skipped, as `; skipped: place: reason …`, for a message (nothing when
    /// no row was skipped).
    pub fn skipped_summary(&self, n: usize) -> Message {
        let skipped: Vec<Message> = self
            .entries
            .iter()
            .filter(|e| e.status == Status::Skipped)
            .map(|e| {
                let reason = e.reason.clone().unwrap_or_else(|| msg!(Nothing));
                msg!(ImportSkippedRow, place = e.place.to_string(), reason)
            })
            .collect();
        let Some(rows) = skipped
            .iter()
            .take(n)
            .cloned()
            .reduce(|a, b| msg!(ImportSkippedAnd, a, b))
        else {
            return msg!(Nothing);
        };
        let more = if skipped.len() > n {
            msg!(ImportSkippedMore, n = skipped.len() - n)
        } else {
            msg!(Nothing)
        };
        msg!(ImportSkippedRows, rows, more)
    }

    /// Every assumption, row by row and then of whole sources, in place order (then in the
    /// order of their English text).
    pub fn assumptions(&self) -> Vec<(Option<Place>, Message)> {
        let mut out: Vec<(Option<Place>, String, Message)> = self
            .entries
            .iter()
            .filter(|e| e.status == Status::Assumed)
            .filter_map(|e| e.reason.clone().map(|r| (Some(e.place.clone()), r)))
            .chain(
                self.notes
                    .iter()
                    .filter(|n| n.assumption)
                    .map(|n| (n.place.clone(), n.message.clone())),
            )
            .map(|(place, m)| (place, m.render(Lang::En), m))
            .collect();
        out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        out.dedup_by(|a, b| (&a.0, &a.1) == (&b.0, &b.1));
        out.into_iter().map(|(place, _, m)| (place, m)).collect()
    }

    /// The report, with the ids the folder gave.
    pub fn finish(&self, folder: &super::folder::Folder, draft: &Draft) -> Report {
        let became = |b: &Became| -> Option<Message> {
            match b {
                Became::Nothing => None,
                Became::Building(i) => Some(msg!(
                    ImportBecameBuilding,
                    building = &folder.building_ids[*i],
                    facility = &folder.facility_ids[draft.buildings[*i].facility]
                )),
                Became::Facility(i) => Some(msg!(
                    ImportBecameFacility,
                    facility = &folder.facility_ids[*i]
                )),
                Became::District(id) => Some(msg!(ImportBecameDistrict, district = id)),
            }
        };
        let mut rows: Vec<RowReport> = self
            .entries
            .iter()
            .map(|e| RowReport {
                place: e.place.to_string(),
                at: e.place.clone(),
                status: e.status,
                reason: e.reason.clone(),
                became: became(&e.became),
            })
            .collect();
        // Source order, then row, then column; a row's entries keep the order they were found in.
        let order = |p: &Place| {
            self.sources
                .iter()
                .position(|s| s.file == p.file && s.sheet == p.sheet)
                .unwrap_or(usize::MAX)
        };
        rows.sort_by_cached_key(|r| {
            (
                order(&r.at),
                r.at.row,
                r.at.cell.is_some(),
                r.at.column.clone(),
            )
        });
        // Notes on the whole import first, then by source and row.
        let mut raw_notes: Vec<(&RawNote, String)> = self
            .notes
            .iter()
            .map(|n| (n, n.message.render(Lang::En)))
            .collect();
        raw_notes.sort_by_cached_key(|(n, english)| {
            (
                n.place
                    .as_ref()
                    .map(|p| (order(p), p.row, p.column.clone())),
                english.clone(),
            )
        });
        // Notes said twice are one (by their English text, the JSON report's).
        raw_notes.dedup_by(|(a, a_english), (b, b_english)| {
            (
                a.place.as_ref().map(ToString::to_string),
                a_english,
                a.assumption,
            ) == (
                b.place.as_ref().map(ToString::to_string),
                b_english,
                b.assumption,
            )
        });
        let notes: Vec<NoteReport> = raw_notes
            .into_iter()
            .map(|(n, _)| NoteReport {
                place: n.place.as_ref().map(ToString::to_string),
                message: n.message.clone(),
                assumption: n.assumption,
            })
            .collect();
        let mut sources = self.sources.clone();
        for (i, s) in sources.iter_mut().enumerate() {
            s.blank_rows = self.blank.get(i).copied().unwrap_or(0);
        }
        let joins = self
            .joins
            .iter()
            .map(|(i, place, list_name, name, how)| JoinReport {
                facility: folder.facility_ids[*i].clone(),
                name: name.clone(),
                list_row: place.to_string(),
                list_name: list_name.clone(),
                how: *how,
            })
            .collect();
        let count = |s: Status| {
            let mut places: Vec<(&str, Option<&str>, usize)> = self
                .entries
                .iter()
                .filter(|e| e.status == s)
                .map(|e| (e.place.file.as_str(), e.place.sheet.as_deref(), e.place.row))
                .collect();
            places.sort();
            places.dedup();
            places.len()
        };
        let summary = Summary {
            facilities: folder.facility_ids.len(),
            buildings: folder.building_ids.len(),
            districts: folder.n_districts,
            floor_area_m2: folder.floor_area.to_decimal().to_string(),
            located_facilities: folder.n_located,
            rows_used: count(Status::Used),
            rows_merged: count(Status::Merged),
            rows_skipped: count(Status::Skipped),
            rows_assumed: count(Status::Assumed),
            source_assumptions: notes.iter().filter(|n| n.assumption).count(),
            files: folder.file_names(),
        };
        Report {
            schema: "shisetsu/import-report/1",
            name: folder.name.clone(),
            sources,
            summary,
            notes,
            joins,
            rows,
        }
    }
}

/// A column of a source and what it was read as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ColumnReport {
    /// Its letters.
    pub column: String,
    /// Its header, as written.
    pub header: String,
    /// The role it was read as (`None`: not read).
    pub role: Option<String>,
    /// Why it was not read (in English in JSON).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "english_if_any"
    )]
    pub note: Option<Message>,
}

/// A source as it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceReport {
    /// The file.
    pub file: String,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// The workbook's other sheets, not read.
    pub other_sheets: Vec<String>,
    /// Its format (`CSV, Shift_JIS`, `xlsx`; in English in JSON).
    #[serde(serialize_with = "english")]
    pub format: Message,
    /// Its kind.
    pub kind: Kind,
    /// Whether the kind was told by its columns (rather than given).
    pub kind_detected: bool,
    /// The header's rows.
    pub header_rows: Vec<usize>,
    /// Its columns.
    pub columns: Vec<ColumnReport>,
    /// Rows after the header (blank ones included).
    pub rows: usize,
    /// Blank rows skipped.
    pub blank_rows: usize,
}

/// The counts of the import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Facilities written.
    pub facilities: usize,
    /// Buildings written.
    pub buildings: usize,
    /// Districts written.
    pub districts: usize,
    /// Total floor area, m².
    pub floor_area_m2: String,
    /// Facilities with coordinates.
    pub located_facilities: usize,
    /// Source rows used as they are.
    pub rows_used: usize,
    /// Source rows merged into others.
    pub rows_merged: usize,
    /// Source rows skipped.
    pub rows_skipped: usize,
    /// Source rows used with an assumption.
    pub rows_assumed: usize,
    /// Assumptions about whole sources (how rows are grouped, a missing column, the detour
    /// factor …).
    pub source_assumptions: usize,
    /// The folder's files.
    pub files: Vec<String>,
}

/// A note on a source or on the whole import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoteReport {
    /// Where, if it is about one place.
    pub place: Option<String>,
    /// What (in English in JSON).
    #[serde(serialize_with = "english")]
    pub message: Message,
    /// Whether it is an assumption (refused in strict mode).
    pub assumption: bool,
}

/// A facility-list row joined to a facility.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JoinReport {
    /// The facility's id.
    pub facility: String,
    /// The facility's name.
    pub name: String,
    /// The list's row.
    pub list_row: String,
    /// The name in the list.
    pub list_name: String,
    /// How.
    pub how: JoinHow,
}

/// One row's fate (a row with several assumptions has one entry for each).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowReport {
    /// Where, as text (`ledger.csv:12`, `ledger.xlsx: sheet 台帳, cell F12 (取得年月日)`).
    pub place: String,
    /// Where, by parts.
    pub at: Place,
    /// What became of it.
    pub status: Status,
    /// Why (none for a row used as it is; in English in JSON).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "english_if_any"
    )]
    pub reason: Option<Message>,
    /// What it became (a building, a facility, a district; in English in JSON).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "english_if_any"
    )]
    pub became: Option<Message>,
}

/// The import report (`shisetsu/import-report/1`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// `shisetsu/import-report/1`.
    pub schema: &'static str,
    /// The inventory's name.
    pub name: String,
    /// The sources, in order.
    pub sources: Vec<SourceReport>,
    /// The counts.
    pub summary: Summary,
    /// Notes on sources and on the import, assumptions among them.
    pub notes: Vec<NoteReport>,
    /// Facility-list rows joined to facilities.
    pub joins: Vec<JoinReport>,
    /// Every row used, merged, skipped or assumed, in source and row order.
    pub rows: Vec<RowReport>,
}

/// A message as its English text: the JSON report is the same in every language.
fn english<S: Serializer>(message: &Message, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&message.render(Lang::En))
}

/// [`english`], for a message that may be absent.
fn english_if_any<S: Serializer>(message: &Option<Message>, s: S) -> Result<S::Ok, S::Error> {
    match message {
        Some(m) => s.serialize_some(&m.render(Lang::En)),
        None => s.serialize_none(),
    }
}

/// Escapes a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

impl Report {
    /// The report as JSON.
    pub fn json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_string());
        s.push('\n');
        s
    }

    /// The rows of one status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &RowReport> {
        self.rows.iter().filter(move |r| r.status == status)
    }

    /// The report as Markdown in `lang`: its headings, sentences, reasons and notes (places,
    /// ids, headers and values stay as they are).
    pub fn markdown(&self, lang: Lang) -> String {
        let mut s = String::new();
        let m = &self.summary;
        let line = |s: &mut String, m: crate::messages::Message| {
            let _ = writeln!(s, "{}", m.render(lang));
        };
        line(&mut s, msg!(ImportReportTitle, name = &self.name));
        line(
            &mut s,
            msg!(
                ImportReportCounts,
                facilities = m.facilities,
                buildings = m.buildings,
                area = crate::money::group_thousands(&m.floor_area_m2),
                districts = m.districts,
                located = m.located_facilities
            ),
        );
        line(
            &mut s,
            msg!(
                ImportReportRows,
                used = m.rows_used,
                merged = m.rows_merged,
                skipped = m.rows_skipped,
                assumed = m.rows_assumed,
                assumptions = m.source_assumptions
            ),
        );
        line(&mut s, msg!(ImportReportFiles, files = m.files.join(", ")));
        line(&mut s, msg!(ImportReportSources));
        for src in &self.sources {
            let sheet = match &src.sheet {
                Some(x) => msg!(ImportReportSheet, sheet = x),
                None => msg!(Nothing),
            };
            let sheets = if src.other_sheets.is_empty() {
                msg!(ImportReportOneSheet)
            } else {
                msg!(ImportReportOtherSheets, names = src.other_sheets.join(", "))
            };
            let detected = if src.kind_detected {
                msg!(ImportReportDetected)
            } else {
                msg!(Nothing)
            };
            let rows = src
                .header_rows
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(Id::ImportReportAnd.template(lang));
            let (file, format, kind) = (&src.file, src.format.clone(), src.kind.describe_in(lang));
            let (n, blank) = (src.rows, src.blank_rows);
            line(
                &mut s,
                if src.header_rows.len() > 1 {
                    msg!(
                        ImportReportSourceMany,
                        file,
                        sheet,
                        format,
                        sheets,
                        kind,
                        detected,
                        rows,
                        n,
                        blank
                    )
                } else {
                    msg!(
                        ImportReportSourceOne,
                        file,
                        sheet,
                        format,
                        sheets,
                        kind,
                        detected,
                        rows,
                        n,
                        blank
                    )
                },
            );
            line(&mut s, msg!(ImportReportColumns));
            for c in &src.columns {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} |",
                    c.column,
                    cell(&c.header),
                    c.role
                        .clone()
                        .or_else(|| c
                            .note
                            .clone()
                            .map(|note| msg!(ImportNotRead, note).render(lang)))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(s);
        }
        let assumed_notes: Vec<&NoteReport> = self.notes.iter().filter(|n| n.assumption).collect();
        let other_notes: Vec<&NoteReport> = self.notes.iter().filter(|n| !n.assumption).collect();
        let none = Id::ImportReportNone.template(lang);
        let text = |m: &Option<Message>| m.as_ref().map(|m| m.render(lang)).unwrap_or_default();
        let section = |s: &mut String, title: Id, rows: &[&RowReport], with_became: bool| {
            let heading = msg!(ImportReportSection, title, n = rows.len());
            let _ = writeln!(s, "{}", heading.render(lang));
            if rows.is_empty() {
                let _ = writeln!(s, "{none}");
                return;
            }
            if with_became {
                let _ = writeln!(s, "{}", Id::ImportReportBecameTable.template(lang));
            } else {
                let _ = writeln!(s, "{}", Id::ImportReportWhyTable.template(lang));
            }
            for r in rows {
                if with_became {
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} |",
                        cell(&r.place),
                        cell(&text(&r.reason)),
                        cell(&text(&r.became))
                    );
                } else {
                    let _ = writeln!(s, "| {} | {} |", cell(&r.place), cell(&text(&r.reason)));
                }
            }
            let _ = writeln!(s);
        };
        line(
            &mut s,
            msg!(ImportReportAssumptions, n = assumed_notes.len()),
        );
        if assumed_notes.is_empty() {
            let _ = writeln!(s, "{none}");
        } else {
            for n in &assumed_notes {
                let _ = writeln!(
                    s,
                    "- {}{}",
                    n.place
                        .as_ref()
                        .map(|p| format!("{p}: "))
                        .unwrap_or_default(),
                    n.message.render(lang)
                );
            }
            let _ = writeln!(s);
        }
        let assumed: Vec<&RowReport> = self.with_status(Status::Assumed).collect();
        section(&mut s, Id::ImportReportAssumed, &assumed, true);
        let skipped: Vec<&RowReport> = self.with_status(Status::Skipped).collect();
        section(&mut s, Id::ImportReportSkipped, &skipped, false);
        let merged: Vec<&RowReport> = self.with_status(Status::Merged).collect();
        section(&mut s, Id::ImportReportMerged, &merged, true);
        line(&mut s, msg!(ImportReportNotes, n = other_notes.len()));
        if other_notes.is_empty() {
            let _ = writeln!(s, "{none}");
        } else {
            for n in &other_notes {
                let _ = writeln!(
                    s,
                    "- {}{}",
                    n.place
                        .as_ref()
                        .map(|p| format!("{p}: "))
                        .unwrap_or_default(),
                    n.message.render(lang)
                );
            }
            let _ = writeln!(s);
        }
        line(&mut s, msg!(ImportReportJoined, n = self.joins.len()));
        if self.joins.is_empty() {
            let _ = writeln!(s, "{none}");
        } else {
            let _ = writeln!(s, "{}", Id::ImportReportJoinTable.template(lang));
            for j in &self.joins {
                let how = match j.how {
                    JoinHow::Exact => Id::ImportReportSameName,
                    JoinHow::Mapping => Id::ImportReportMappingFile,
                    JoinHow::Close => Id::ImportReportCloseName,
                }
                .template(lang);
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {how} |",
                    j.facility,
                    cell(&j.name),
                    cell(&j.list_row),
                    cell(&j.list_name)
                );
            }
            let _ = writeln!(s);
        }
        let used: Vec<&RowReport> = self.with_status(Status::Used).collect();
        section(&mut s, Id::ImportReportUsed, &used, true);
        s
    }
}
