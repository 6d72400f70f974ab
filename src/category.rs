//! The classification every cost is reported by: the 13 MIC building classes (大分類) and the five
//! infrastructure asset types of the same method; and the kinds of cost ([`Kind`]).
//!
//! This module owns names only (keys, Japanese names, aliases accepted in inputs). Prices live in
//! the cost model, never here.

use std::fmt;

/// A MIC 大分類 for buildings, or an infrastructure asset type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// 市民文化系施設 (community centres, halls).
    CivicCulture,
    /// 社会教育系施設 (libraries, museums).
    SocialEducation,
    /// スポーツ・レクリエーション系施設.
    SportsRecreation,
    /// 産業系施設.
    Industrial,
    /// 学校教育系施設 (schools, school lunch centres).
    School,
    /// 子育て支援施設 (nurseries, children's centres).
    Childcare,
    /// 保健・福祉施設.
    HealthWelfare,
    /// 医療施設.
    Medical,
    /// 行政系施設 (offices, fire stations).
    Administrative,
    /// 公営住宅.
    PublicHousing,
    /// 公園 (park buildings).
    Park,
    /// 供給処理施設 (waste, water plant buildings).
    Utility,
    /// その他.
    Other,
    /// 一般道路 (infrastructure: general road, by area).
    RoadGeneral,
    /// 自転車歩行者道 (infrastructure: cycle and footpath, by area).
    RoadFootpath,
    /// 橋りょう (infrastructure: bridge, by deck area).
    Bridge,
    /// 上水道管 (infrastructure: water pipe, by length).
    WaterPipe,
    /// 下水道管 (infrastructure: sewer pipe, by length).
    SewerPipe,
}

/// Every category, in report order.
pub const ALL_CATEGORIES: [Category; 18] = [
    Category::CivicCulture,
    Category::SocialEducation,
    Category::SportsRecreation,
    Category::Industrial,
    Category::School,
    Category::Childcare,
    Category::HealthWelfare,
    Category::Medical,
    Category::Administrative,
    Category::PublicHousing,
    Category::Park,
    Category::Utility,
    Category::Other,
    Category::RoadGeneral,
    Category::RoadFootpath,
    Category::Bridge,
    Category::WaterPipe,
    Category::SewerPipe,
];

/// The 13 building categories, in report order.
pub const BUILDING_CATEGORIES: [Category; 13] = [
    Category::CivicCulture,
    Category::SocialEducation,
    Category::SportsRecreation,
    Category::Industrial,
    Category::School,
    Category::Childcare,
    Category::HealthWelfare,
    Category::Medical,
    Category::Administrative,
    Category::PublicHousing,
    Category::Park,
    Category::Utility,
    Category::Other,
];

/// The number of categories (the length of per-category arrays).
pub const N_CATEGORIES: usize = ALL_CATEGORIES.len();

impl Category {
    /// The machine key, e.g. `school`.
    pub fn key(self) -> &'static str {
        match self {
            Category::CivicCulture => "civic_culture",
            Category::SocialEducation => "social_education",
            Category::SportsRecreation => "sports_recreation",
            Category::Industrial => "industrial",
            Category::School => "school",
            Category::Childcare => "childcare",
            Category::HealthWelfare => "health_welfare",
            Category::Medical => "medical",
            Category::Administrative => "administrative",
            Category::PublicHousing => "public_housing",
            Category::Park => "park",
            Category::Utility => "utility",
            Category::Other => "other",
            Category::RoadGeneral => "road_general",
            Category::RoadFootpath => "road_footpath",
            Category::Bridge => "bridge",
            Category::WaterPipe => "water_pipe",
            Category::SewerPipe => "sewer_pipe",
        }
    }

    /// The Japanese name as the MIC tables write it, e.g. 学校教育系施設.
    pub fn name_ja(self) -> &'static str {
        match self {
            Category::CivicCulture => "市民文化系施設",
            Category::SocialEducation => "社会教育系施設",
            Category::SportsRecreation => "スポーツ・レクリエーション系施設",
            Category::Industrial => "産業系施設",
            Category::School => "学校教育系施設",
            Category::Childcare => "子育て支援施設",
            Category::HealthWelfare => "保健・福祉施設",
            Category::Medical => "医療施設",
            Category::Administrative => "行政系施設",
            Category::PublicHousing => "公営住宅",
            Category::Park => "公園",
            Category::Utility => "供給処理施設",
            Category::Other => "その他",
            Category::RoadGeneral => "一般道路",
            Category::RoadFootpath => "自転車歩行者道",
            Category::Bridge => "橋りょう",
            Category::WaterPipe => "上水道管",
            Category::SewerPipe => "下水道管",
        }
    }

    /// A short English label for reports.
    pub fn name_en(self) -> &'static str {
        match self {
            Category::CivicCulture => "Civic & culture",
            Category::SocialEducation => "Social education",
            Category::SportsRecreation => "Sports & recreation",
            Category::Industrial => "Industrial",
            Category::School => "Schools",
            Category::Childcare => "Childcare",
            Category::HealthWelfare => "Health & welfare",
            Category::Medical => "Medical",
            Category::Administrative => "Administrative",
            Category::PublicHousing => "Public housing",
            Category::Park => "Parks",
            Category::Utility => "Utilities",
            Category::Other => "Other",
            Category::RoadGeneral => "Roads",
            Category::RoadFootpath => "Footpaths",
            Category::Bridge => "Bridges",
            Category::WaterPipe => "Water pipes",
            Category::SewerPipe => "Sewer pipes",
        }
    }

    /// Whether this is one of the 13 building categories.
    pub fn is_building(self) -> bool {
        (self as usize) < BUILDING_CATEGORIES.len()
    }

    /// The position in [`ALL_CATEGORIES`], for dense per-category arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Reads a category from its key, its Japanese name, or its Japanese name without the trailing
    /// 施設 / 系施設 (e.g. `学校教育系`), ignoring surrounding spaces and the case of keys.
    pub fn parse(text: &str) -> Option<Category> {
        // Fast path: an exact key, as generated files and most inventories write it.
        let exact = match text {
            "civic_culture" => Some(Category::CivicCulture),
            "social_education" => Some(Category::SocialEducation),
            "sports_recreation" => Some(Category::SportsRecreation),
            "industrial" => Some(Category::Industrial),
            "school" => Some(Category::School),
            "childcare" => Some(Category::Childcare),
            "health_welfare" => Some(Category::HealthWelfare),
            "medical" => Some(Category::Medical),
            "administrative" => Some(Category::Administrative),
            "public_housing" => Some(Category::PublicHousing),
            "park" => Some(Category::Park),
            "utility" => Some(Category::Utility),
            "other" => Some(Category::Other),
            _ => None,
        };
        if exact.is_some() {
            return exact;
        }
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        let lower = t.to_ascii_lowercase().replace(['-', ' '], "_");
        ALL_CATEGORIES.iter().copied().find(|c| {
            c.key() == lower
                || c.name_ja() == t
                || c.name_ja().strip_suffix("施設") == Some(t)
                || c.name_ja().strip_suffix("系施設") == Some(t)
                || (*c == Category::Bridge && (t == "橋梁" || t == "橋りょう"))
        })
    }

    /// A list of the accepted keys, for error hints.
    pub fn building_keys_hint() -> String {
        BUILDING_CATEGORIES
            .iter()
            .map(|c| c.key())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A kind of cost, the columns of every projection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Running cost of an open facility (維持管理・運営): actual yen, or per m² by category.
    Operating,
    /// Annual repair charge per m² (修繕).
    Repair,
    /// Renovation due inside the horizon (大規模改修, 中規模修繕).
    Renovation,
    /// Rebuild due inside the horizon (建替え, infrastructure renewal).
    Rebuild,
    /// Renovation already overdue at the start, spread over the first years (積み残し).
    RenovationBacklog,
    /// Rebuild already overdue at the start, spread over the first years (積み残し).
    RebuildBacklog,
    /// Demolition of closed or reduced floor area (解体).
    Demolition,
    /// New construction (新築, 増築, 複合化).
    Construction,
}

/// Every kind, in report order.
pub const ALL_KINDS: [Kind; 8] = [
    Kind::Operating,
    Kind::Repair,
    Kind::Renovation,
    Kind::Rebuild,
    Kind::RenovationBacklog,
    Kind::RebuildBacklog,
    Kind::Demolition,
    Kind::Construction,
];

/// The number of kinds.
pub const N_KINDS: usize = ALL_KINDS.len();

impl Kind {
    /// The machine key, e.g. `renovation_backlog`.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Operating => "operating",
            Kind::Repair => "repair",
            Kind::Renovation => "renovation",
            Kind::Rebuild => "rebuild",
            Kind::RenovationBacklog => "renovation_backlog",
            Kind::RebuildBacklog => "rebuild_backlog",
            Kind::Demolition => "demolition",
            Kind::Construction => "construction",
        }
    }

    /// The Japanese label used in reports.
    pub fn name_ja(self) -> &'static str {
        match self {
            Kind::Operating => "維持管理・運営",
            Kind::Repair => "修繕",
            Kind::Renovation => "大規模改修",
            Kind::Rebuild => "建替え",
            Kind::RenovationBacklog => "積み残し改修",
            Kind::RebuildBacklog => "積み残し建替え",
            Kind::Demolition => "解体",
            Kind::Construction => "新築",
        }
    }

    /// The English label used in reports.
    pub fn name_en(self) -> &'static str {
        match self {
            Kind::Operating => "Operating",
            Kind::Repair => "Repair",
            Kind::Renovation => "Renovation",
            Kind::Rebuild => "Rebuild",
            Kind::RenovationBacklog => "Renovation backlog",
            Kind::RebuildBacklog => "Rebuild backlog",
            Kind::Demolition => "Demolition",
            Kind::Construction => "Construction",
        }
    }

    /// The position in [`ALL_KINDS`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Reads a kind from its key.
    pub fn parse(text: &str) -> Option<Kind> {
        ALL_KINDS.iter().copied().find(|k| k.key() == text.trim())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_by_key_or_japanese_name() {
        assert_eq!(Category::parse("school"), Some(Category::School));
        assert_eq!(Category::parse(" School "), Some(Category::School));
        assert_eq!(Category::parse("学校教育系施設"), Some(Category::School));
        assert_eq!(Category::parse("学校教育系"), Some(Category::School));
        assert_eq!(Category::parse("公営住宅"), Some(Category::PublicHousing));
        assert_eq!(
            Category::parse("スポーツ・レクリエーション系施設"),
            Some(Category::SportsRecreation)
        );
        assert_eq!(
            Category::parse("public-housing"),
            Some(Category::PublicHousing)
        );
        assert_eq!(Category::parse("橋梁"), Some(Category::Bridge));
        assert_eq!(Category::parse("gym"), None);
        assert_eq!(Category::parse(""), None);
    }

    #[test]
    fn building_categories_come_first() {
        assert!(BUILDING_CATEGORIES.iter().all(|c| c.is_building()));
        assert!(!Category::Bridge.is_building());
        for (i, c) in ALL_CATEGORIES.iter().enumerate() {
            assert_eq!(c.index(), i);
        }
    }
}

/// A building's structure (構造), which sets its demolition unit cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Structure {
    /// 鉄筋コンクリート造 (RC).
    Rc,
    /// 鉄骨鉄筋コンクリート造 (SRC).
    Src,
    /// 鉄骨造 (S).
    Steel,
    /// 木造 (W).
    Wood,
    /// コンクリートブロック造 (CB).
    Block,
    /// Other or unknown.
    #[default]
    Other,
}

/// Every structure, in report order.
pub const ALL_STRUCTURES: [Structure; 6] = [
    Structure::Rc,
    Structure::Src,
    Structure::Steel,
    Structure::Wood,
    Structure::Block,
    Structure::Other,
];

impl Structure {
    /// The machine key (`rc`, `src`, `s`, `w`, `cb`, `other`).
    pub fn key(self) -> &'static str {
        match self {
            Structure::Rc => "rc",
            Structure::Src => "src",
            Structure::Steel => "s",
            Structure::Wood => "w",
            Structure::Block => "cb",
            Structure::Other => "other",
        }
    }

    /// The position in [`ALL_STRUCTURES`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Reads a structure from its key, its usual abbreviation or its Japanese name (鉄筋コンクリート造,
    /// RC造, 木造, …). An empty cell is `Other`.
    pub fn parse(text: &str) -> Option<Structure> {
        // Fast path: an exact key.
        match text {
            "rc" => return Some(Structure::Rc),
            "src" => return Some(Structure::Src),
            "s" => return Some(Structure::Steel),
            "w" => return Some(Structure::Wood),
            "" => return Some(Structure::Other),
            _ => {}
        }
        let t = text.trim();
        if t.is_empty() {
            return Some(Structure::Other);
        }
        let t = t.strip_suffix('造').unwrap_or(t);
        let lower = t.to_ascii_lowercase();
        Some(match lower.as_str() {
            "rc" | "鉄筋コンクリート" => Structure::Rc,
            "src" | "鉄骨鉄筋コンクリート" => Structure::Src,
            "s" | "steel" | "鉄骨" => Structure::Steel,
            "w" | "wood" | "木" => Structure::Wood,
            "cb" | "block" | "コンクリートブロック" | "ブロック" => Structure::Block,
            "other" | "その他" => Structure::Other,
            _ => return None,
        })
    }
}

impl fmt::Display for Structure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}
