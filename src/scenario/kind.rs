//! The kinds of action a scenario takes: each kind's name in files, the keys it takes and needs,
//! and its Japanese label, declared once here for the file reader, the builder's checks and the
//! outputs alike.

use serde::{Deserialize, Serialize};

/// What an action does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Close a facility (廃止).
    Close,
    /// Merge facilities into another (統合).
    Merge,
    /// Build a multi-purpose facility that replaces others (複合化).
    Complex,
    /// Hand a facility over to the private sector (民間移譲).
    Transfer,
    /// Demolish part of a building (減築).
    Reduce,
    /// Switch the renewal rules of some buildings (長寿命化).
    LifeExtension,
    /// Move one renewal event of a building to another year (更新時期の変更).
    Shift,
}

impl ActionKind {
    /// Every kind, in the order files and messages list them.
    pub const ALL: [ActionKind; 7] = [
        ActionKind::Close,
        ActionKind::Merge,
        ActionKind::Complex,
        ActionKind::Transfer,
        ActionKind::Reduce,
        ActionKind::LifeExtension,
        ActionKind::Shift,
    ];

    /// Its name in files (`type = "close"`).
    pub fn key(self) -> &'static str {
        match self {
            ActionKind::Close => "close",
            ActionKind::Merge => "merge",
            ActionKind::Complex => "complex",
            ActionKind::Transfer => "transfer",
            ActionKind::Reduce => "reduce",
            ActionKind::LifeExtension => "life_extension",
            ActionKind::Shift => "shift",
        }
    }

    /// The kind named `key` in a file.
    pub fn parse(key: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Every kind's name, as messages list them.
    pub fn keys_hint() -> &'static str {
        "close, merge, complex, transfer, reduce, life_extension, shift"
    }

    /// Its Japanese name, as plans write it.
    pub fn name_ja(self) -> &'static str {
        match self {
            ActionKind::Close => "廃止",
            ActionKind::Merge => "統合",
            ActionKind::Complex => "複合化",
            ActionKind::Transfer => "民間移譲",
            ActionKind::Reduce => "減築",
            ActionKind::LifeExtension => "長寿命化",
            ActionKind::Shift => "更新時期の変更",
        }
    }

    /// The keys an action of this kind may set (besides `type` and `note`), in the order messages
    /// list them.
    pub fn allowed_keys(self) -> &'static [&'static str] {
        match self {
            ActionKind::Close => &["year", "facility", "demolish", "proceeds_yen"],
            ActionKind::Merge => &[
                "year",
                "facilities",
                "into",
                "demolish",
                "added_floor_area_m2",
                "capacity",
                "construction_years",
                "proceeds_yen",
            ],
            ActionKind::Complex => &[
                "year",
                "id",
                "name",
                "category",
                "floor_area_m2",
                "replaces",
                "site",
                "structure",
                "capacity",
                "operating_cost_yen",
                "construction_years",
                "demolish",
                "proceeds_yen",
            ],
            ActionKind::Transfer => &["year", "facility", "proceeds_yen", "service_continues"],
            ActionKind::Reduce => &["year", "building", "floor_area_m2"],
            ActionKind::LifeExtension => &["rules", "category", "facility"],
            ActionKind::Shift => &["building", "event", "from_year", "to_year"],
        }
    }

    /// The keys an action of this kind must set.
    pub fn required_keys(self) -> &'static [&'static str] {
        match self {
            ActionKind::Close | ActionKind::Transfer => &["year", "facility"],
            ActionKind::Merge => &["year", "facilities", "into"],
            ActionKind::Complex => &["year", "id", "category", "floor_area_m2", "replaces"],
            ActionKind::Reduce => &["year", "building", "floor_area_m2"],
            ActionKind::LifeExtension => &["rules"],
            ActionKind::Shift => &["building", "event", "from_year", "to_year"],
        }
    }
}

impl std::fmt::Display for ActionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_required_keys_are_allowed() {
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::parse(k.key()), Some(k));
            for r in k.required_keys() {
                assert!(k.allowed_keys().contains(r), "{k}: {r}");
            }
        }
        let listed: Vec<&str> = ActionKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(listed.join(", "), ActionKind::keys_hint());
        assert_eq!(ActionKind::parse("demolish"), None);
    }
}
