//! Synthetic inventories for benchmarks and tests: any number of buildings, a realistic mix of
//! categories, construction years and floor areas, the same bytes for the same seed on every machine.
//!
//! Everything here is integer arithmetic on a SplitMix64 sequence (no floating point, no platform
//! maths library), so a seed names one inventory forever. The mix is an assumption shaped like Japan's
//! municipal stock: schools and public housing dominate, construction peaks in 1970–1989.

use std::fmt::Write as _;
use std::path::Path;

use crate::category::{BUILDING_CATEGORIES, Category};
use crate::error::{Error, Result};

pub use crate::rng::SplitMix64;

/// Share of buildings by category, per mille, in [`BUILDING_CATEGORIES`] order. An assumption shaped
/// like the national stock of municipal buildings (schools and public housing are most of the floor
/// area; many small park, fire and storage buildings).
const CATEGORY_MIX: [u32; 13] = [
    90,  // civic_culture: community centres, halls
    30,  // social_education
    70,  // sports_recreation
    30,  // industrial
    170, // school (several buildings each)
    45,  // childcare
    40,  // health_welfare
    8,   // medical
    140, // administrative (offices, fire stations, brigade sheds)
    180, // public_housing (one row per block)
    60,  // park
    27,  // utility
    110, // other
];

/// Median floor area of one building by category, m² (an assumption).
const MEDIAN_AREA_M2: [u32; 13] = [
    500, 900, 800, 600, 2200, 500, 700, 600, 300, 900, 60, 1200, 250,
];

/// Spread of floor areas around the median, per mille: 16 quantiles of a log-normal with σ ≈ 0.6.
const AREA_SPREAD: [u32; 16] = [
    370, 480, 560, 630, 700, 770, 850, 930, 1020, 1120, 1230, 1370, 1540, 1780, 2150, 2900,
];

/// Construction years: weights per five-year period from 1950, peaking 1970–1989 (an assumption
/// following the national pattern of municipal construction).
const YEAR_WEIGHTS: [u32; 15] = [1, 2, 4, 8, 13, 16, 15, 11, 10, 8, 5, 3, 2, 2, 1];
const FIRST_PERIOD: u32 = 1950;

/// One synthetic building.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthBuilding {
    /// Its category.
    pub category: Category,
    /// Floor area in tenths of m².
    pub area_dm2: u64,
    /// Year built.
    pub built: u32,
    /// Structure key.
    pub structure: &'static str,
}

/// Draws one building.
pub fn building(rng: &mut SplitMix64) -> SynthBuilding {
    let c = rng.weighted(&CATEGORY_MIX);
    let category = BUILDING_CATEGORIES[c];
    let spread = AREA_SPREAD[rng.below(16) as usize];
    let jitter = 900 + rng.below(201); // ±10 %
    // median m² × spread‰ × jitter‰, in tenths of m²
    let area_dm2 = (u64::from(MEDIAN_AREA_M2[c]) * u64::from(spread) * jitter / 100_000).max(10);
    let period = rng.weighted(&YEAR_WEIGHTS) as u32;
    let built = FIRST_PERIOD + 5 * period + rng.below(5) as u32;
    let structure = match (category, rng.below(10)) {
        (Category::Park | Category::Other, 0..=4) => "w",
        (Category::SportsRecreation, 0..=5) => "s",
        (Category::Administrative, 0..=3) => "s",
        (_, 0) => "s",
        _ => "rc",
    };
    SynthBuilding {
        category,
        area_dm2,
        built: built.min(2024),
        structure,
    }
}

/// Writes a single buildings CSV of `n` buildings.
///
/// # Errors
///
/// [`Error::Write`] when the file cannot be written.
pub fn write_buildings_csv(path: &Path, n: u64, seed: u64) -> Result<()> {
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::with_capacity((n as usize).saturating_mul(44).min(1 << 31));
    out.extend_from_slice(b"id,name,category,floor_area_m2,built_year,structure\n");
    let mut line = String::with_capacity(96);
    for i in 1..=n {
        let b = building(&mut rng);
        line.clear();
        let _ = writeln!(
            line,
            "B{i:07},bldg {i},{},{}.{},{},{}",
            b.category.key(),
            b.area_dm2 / 10,
            b.area_dm2 % 10,
            b.built,
            b.structure
        );
        out.extend_from_slice(line.as_bytes());
    }
    crate::atomic::write_atomic(path, &out)
}

/// Writes an inventory folder: `m` facilities holding `n` buildings, districts on a grid with roads
/// between neighbours, facilities linked to their district, and a plan (FY2022, 30 years). The
/// folder is written whole or not at all ([`crate::atomic::write_folder`]); an existing one is
/// replaced only if it holds nothing but an inventory's files.
///
/// # Errors
///
/// [`Error::Write`] when a file cannot be written (nothing is left behind); [`Error::Facilities`]
/// when `m` is 0 or larger than `n`; [`Error::FolderHoldsOthers`] when the folder holds other
/// files.
pub fn write_inventory(dir: &Path, n: u64, m: u64, seed: u64) -> Result<()> {
    if m == 0 || m > n {
        return Err(Error::Facilities {
            facilities: m,
            buildings: n,
        });
    }
    let mut rng = SplitMix64::new(seed);
    // Districts on a square grid, 3 km apart, about 20 facilities each.
    let n_districts = m.div_ceil(20).max(1);
    let side = (1..).find(|s: &u64| s * s >= n_districts).unwrap_or(1);
    let mut districts = String::from("id,name,population,data_source\n");
    let mut roads = String::from("from,to,km\n");
    for d in 0..n_districts {
        let _ = writeln!(
            districts,
            "D{d},district {d},{},estimated",
            2000 + rng.below(8000)
        );
        let (x, y) = (d % side, d / side);
        if x + 1 < side && d + 1 < n_districts {
            let _ = writeln!(
                roads,
                "D{d},D{},{}.{}",
                d + 1,
                3 + rng.below(2),
                rng.below(10)
            );
        }
        if y + 1 < side && d + side < n_districts {
            let _ = writeln!(
                roads,
                "D{d},D{},{}.{}",
                d + side,
                3 + rng.below(2),
                rng.below(10)
            );
        }
    }
    // Facilities take the category of their first building; buildings are dealt round-robin so
    // every facility has at least one.
    let mut facilities_cat: Vec<Option<Category>> = vec![None; m as usize];
    let mut buildings = String::with_capacity((n as usize).saturating_mul(48).min(1 << 31));
    buildings.push_str("id,facility_id,name,floor_area_m2,built_year,structure\n");
    for i in 0..n {
        let f = i % m;
        let mut b = building(&mut rng);
        let cat = *facilities_cat[f as usize].get_or_insert(b.category);
        b.category = cat;
        let _ = writeln!(
            buildings,
            "B{:07},F{:06},building {},{}.{},{},{}",
            i + 1,
            f + 1,
            i + 1,
            b.area_dm2 / 10,
            b.area_dm2 % 10,
            b.built,
            b.structure
        );
    }
    let mut facilities =
        String::from("id,name,category,district,functions,annual_users,capacity\n");
    for (f, cat) in facilities_cat.iter().enumerate() {
        let cat = cat.unwrap_or(Category::Other);
        let district = rng.below(n_districts);
        let function = function_of(cat);
        let users = 50 + rng.below(950);
        let _ = writeln!(
            facilities,
            "F{:06},facility {},{},D{district},{function},{users},{}",
            f + 1,
            f + 1,
            cat.key(),
            users + users / 4
        );
        let _ = writeln!(
            roads,
            "F{:06},D{district},{}.{}",
            f + 1,
            rng.below(3),
            1 + rng.below(9)
        );
    }
    let toml = format!(
        "# Synthetic inventory: {n} buildings in {m} facilities, seed {seed} (shisetsu generate).\n\
         name = \"synthetic {n}\"\nmodel = \"mic\"\n\n[plan]\nfirst_year = 2022\nyears = 30\n\n\
         [files]\nfacilities = \"facilities.csv\"\nbuildings = \"buildings.csv\"\n\
         districts = \"districts.csv\"\nroads = \"roads.csv\"\n\n[access]\ncommunity = 10\n\
         elementary_school = 4\n"
    );
    // The folder is written whole or not at all; an inventory folder it replaces goes whole too
    // (its infrastructure.csv, which is not written here, would otherwise be read as part of the
    // new one).
    crate::atomic::write_folder(
        dir,
        &[
            ("inventory.toml", toml.as_bytes()),
            ("facilities.csv", facilities.as_bytes()),
            ("buildings.csv", buildings.as_bytes()),
            ("districts.csv", districts.as_bytes()),
            ("roads.csv", roads.as_bytes()),
        ],
        true,
        &["infrastructure.csv"],
    )
}

/// `n` random, valid scenarios on the built-in Kanuma inventory, as `(path, text)` pairs under
/// `scenarios/generated/`: each closes or transfers 6 to 12 distinct facilities in FY2023–FY2050, and
/// one in ten also extends the life of one category. For benchmarks of many scenarios.
pub fn kanuma_scenarios(n: usize, seed: u64) -> Vec<(std::path::PathBuf, String)> {
    const N_FACILITIES: u64 = 323;
    const CATEGORIES: [&str; 4] = [
        "school",
        "civic_culture",
        "public_housing",
        "sports_recreation",
    ];
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|k| {
            let mut text = format!(
                "name = \"generated {k}\"\ninventory = \"../../facilities/kanuma\"\n"
            );
            let mut chosen: Vec<u64> = Vec::new();
            let count = 6 + rng.below(7);
            while (chosen.len() as u64) < count {
                let f = 1 + rng.below(N_FACILITIES);
                // F188 opens in FY2023 and the new city hall stays.
                if f == 1 || f == 188 || chosen.contains(&f) {
                    continue;
                }
                chosen.push(f);
                let kind = if rng.below(3) == 0 { "transfer" } else { "close" };
                let year = 2023 + rng.below(28);
                let _ = write!(
                    text,
                    "\n[[actions]]\ntype = \"{kind}\"\nfacility = \"F{f:03}\"\nyear = {year}\n"
                );
            }
            if rng.below(10) == 0 {
                let c = CATEGORIES[rng.below(4) as usize];
                let _ = write!(
                    text,
                    "\n[[actions]]\ntype = \"life_extension\"\ncategory = \"{c}\"\nrules = \"long-life\"\n"
                );
            }
            (std::path::PathBuf::from(format!("scenarios/generated/{k:04}.toml")), text)
        })
        .collect()
}

fn function_of(c: Category) -> &'static str {
    match c {
        Category::CivicCulture => "community",
        Category::SocialEducation => "library",
        Category::SportsRecreation => "sports",
        Category::Industrial => "market",
        Category::School => "elementary_school",
        Category::Childcare => "nursery",
        Category::HealthWelfare => "welfare",
        Category::Medical => "clinic",
        Category::Administrative => "office",
        Category::PublicHousing => "housing",
        Category::Park => "park",
        Category::Utility => "waste",
        _ => "storage",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buildings_are_plausible() {
        let mut r = SplitMix64::new(42);
        let mut schools = 0;
        let mut in_peak = 0;
        for _ in 0..10_000 {
            let b = building(&mut r);
            assert!((1950..=2024).contains(&b.built));
            assert!(b.area_dm2 >= 10);
            if b.category == Category::School {
                schools += 1;
            }
            if (1970..1990).contains(&b.built) {
                in_peak += 1;
            }
        }
        // 17 % schools by weight; 55 of 99 weight units fall in 1970–1989.
        assert!((1500..1900).contains(&schools), "{schools}");
        assert!((5100..6000).contains(&in_peak), "{in_peak}");
    }
}
