//! Places on the map: facility coordinates and district centres (latitude and longitude in WGS 84
//! degrees, the optional `lat` / `lon` columns of `facilities.csv` and `districts.csv`), and the
//! distance between two of them when an inventory has no road table: the great-circle distance
//! (haversine) times a detour factor (`[distances] detour_factor` of `inventory.toml`).
//!
//! This module owns coordinates and straight-line distances only; which distances the access
//! analysis uses (roads first) is decided where the network is built (`super::network`). The
//! arithmetic is decimal (`rust_decimal`'s series for sine, cosine and square root, and a series
//! for the arc sine here), so a distance is the same on every machine; no cost depends on it.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

use rust_decimal::{Decimal, MathematicalOps};

use crate::error::{Diagnostic, Diagnostics};
use crate::input::csv::Column;
use crate::input::toml::SourceMap;

/// The Earth's mean radius in km (IUGG mean radius R₁ of GRS 80: H. Moritz, "Geodetic Reference
/// System 1980", Journal of Geodesy 74 (2000), 128–133).
pub const EARTH_RADIUS_KM: Decimal = Decimal::from_parts(63_710_088, 0, 0, false, 4);

/// The detour factor used when `inventory.toml` sets none: road distance ÷ straight-line distance.
///
/// An assumption: road distance between two places in a Japanese town is typically 1.2–1.4 times
/// the straight line (迂回率); 1.3 is the middle of that range. A city that has measured its own
/// sets `[distances] detour_factor` with its source.
pub const DEFAULT_DETOUR_FACTOR: Decimal = Decimal::from_parts(13, 0, 0, false, 1);

/// What `DEFAULT_DETOUR_FACTOR` rests on, as reports and written inventories label it.
pub const DEFAULT_DETOUR_SOURCE: &str = "assumption: road distance is typically 1.2–1.4 times the straight line (迂回率) in Japanese towns; 1.3 is the middle";

/// A point on the Earth: latitude and longitude in degrees (WGS 84), exact as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LatLon {
    lat: Decimal,
    lon: Decimal,
}

impl LatLon {
    /// A point, if the latitude lies in −90…90 and the longitude in −180…180.
    pub fn new(lat: Decimal, lon: Decimal) -> Option<LatLon> {
        let ninety = Decimal::from(90);
        let one_eighty = Decimal::from(180);
        (lat.abs() <= ninety && lon.abs() <= one_eighty).then_some(LatLon { lat, lon })
    }

    /// Reads a latitude and a longitude written in decimal degrees (`36.5653`, full-width digits
    /// too).
    ///
    /// # Errors
    ///
    /// A message saying which of the two is not a coordinate.
    pub fn parse(lat: &str, lon: &str) -> Result<LatLon, crate::messages::Message> {
        let read = |t: &str, what: crate::messages::Id, max: i64| {
            let n = crate::units::normalize_width(t.trim()).into_owned();
            match Decimal::from_str(&n) {
                Ok(d) if d.abs() <= Decimal::from(max) => Ok(d),
                _ => Err(crate::msg!(NotDegrees, value = format!("{t:?}"), what, max)),
            }
        };
        let lat = read(lat, crate::messages::Id::Latitude, 90)?;
        let lon = read(lon, crate::messages::Id::Longitude, 180)?;
        Ok(LatLon { lat, lon })
    }

    /// The latitude in degrees.
    pub fn lat(self) -> Decimal {
        self.lat
    }

    /// The longitude in degrees.
    pub fn lon(self) -> Decimal {
        self.lon
    }

    /// The point on the unit sphere (x, y, z).
    fn unit_vector(self) -> [Decimal; 3] {
        let to_radians = Decimal::PI / Decimal::from(180);
        let phi = self.lat * to_radians;
        let lambda = self.lon * to_radians;
        let (cos_phi, sin_phi) = (phi.cos(), phi.sin());
        [cos_phi * lambda.cos(), cos_phi * lambda.sin(), sin_phi]
    }
}

/// The great-circle distance between two points in km, on a sphere of [`EARTH_RADIUS_KM`].
///
/// Computed from the chord between the two points on the unit sphere: the central angle is
/// 2·asin(chord / 2), which is the haversine formula without its loss of precision near 0.
pub fn great_circle_km(a: LatLon, b: LatLon) -> Decimal {
    great_circle_km_between(&UnitPoint::of(a), &UnitPoint::of(b))
}

/// A point with its place on the unit sphere worked out once, for measuring from it many times
/// (the straight-line network measures from every source to every node).
#[derive(Clone, Copy, Debug)]
pub struct UnitPoint {
    point: LatLon,
    unit: [Decimal; 3],
}

impl UnitPoint {
    /// The point and its unit vector.
    pub fn of(point: LatLon) -> UnitPoint {
        UnitPoint {
            point,
            unit: point.unit_vector(),
        }
    }
}

/// [`great_circle_km`] between two points whose unit vectors are already worked out: the same
/// number.
pub fn great_circle_km_between(a: &UnitPoint, b: &UnitPoint) -> Decimal {
    if a.point == b.point {
        return Decimal::ZERO;
    }
    let (u, v) = (a.unit, b.unit);
    let chord_squared: Decimal = (0..3).map(|i| (u[i] - v[i]) * (u[i] - v[i])).sum();
    let chord = chord_squared.sqrt().unwrap_or(Decimal::ZERO);
    let half = (chord / Decimal::TWO).min(Decimal::ONE);
    EARTH_RADIUS_KM * Decimal::TWO * arc_sine(half)
}

/// The arc sine of `x` in 0…1, in radians.
///
/// Below 0.5 the Maclaurin series Σ (2n)! / (4ⁿ (n!)² (2n+1)) x^(2n+1), whose terms shrink at least
/// fourfold, is summed until a term no longer changes the sum; above, asin x = π/2 − 2 asin √((1−x)/2)
/// brings the argument below 0.5.
fn arc_sine(x: Decimal) -> Decimal {
    let half = Decimal::new(5, 1);
    if x > half {
        let inner = ((Decimal::ONE - x) / Decimal::TWO)
            .sqrt()
            .unwrap_or(Decimal::ZERO);
        return Decimal::PI / Decimal::TWO - Decimal::TWO * arc_sine(inner);
    }
    let x2 = x * x;
    let mut sum = x;
    // The coefficient (2n)! / (4ⁿ (n!)²) of term n, times x^(2n+1).
    let mut power = x;
    let mut coefficient = Decimal::ONE;
    for n in 1..200u32 {
        let n_dec = Decimal::from(n);
        coefficient = coefficient * (Decimal::TWO * n_dec - Decimal::ONE) / (Decimal::TWO * n_dec);
        power *= x2;
        let term = coefficient * power / (Decimal::TWO * n_dec + Decimal::ONE);
        let next = sum + term;
        if next == sum {
            break;
        }
        sum = next;
    }
    sum
}

/// The coordinates of an inventory and how distances are derived from them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Geo {
    /// Each facility's location, by its position in [`super::Inventory::facilities`].
    pub facilities: Vec<Option<LatLon>>,
    /// District centres by district id.
    pub districts: BTreeMap<String, LatLon>,
    /// Road distance ÷ straight-line distance.
    pub detour_factor: Decimal,
    /// Where the detour factor comes from (or that it is an assumption).
    pub detour_source: String,
}

impl Default for Geo {
    fn default() -> Geo {
        Geo {
            facilities: Vec::new(),
            districts: BTreeMap::new(),
            detour_factor: DEFAULT_DETOUR_FACTOR,
            detour_source: DEFAULT_DETOUR_SOURCE.to_string(),
        }
    }
}

impl Geo {
    /// Whether any facility has coordinates (then distances can be derived without roads).
    pub fn has_locations(&self) -> bool {
        self.facilities.iter().any(Option::is_some)
    }

    /// The road distance estimated between two points: the great-circle distance × the detour
    /// factor, in km.
    pub fn estimated_road_km(&self, a: LatLon, b: LatLon) -> Decimal {
        great_circle_km(a, b) * self.detour_factor
    }
}

super::tables::columns! {
    /// The columns read for coordinates (of any table with an id: facilities, districts).
    pub enum GeoColumn {
        /// `id`.
        Id = ("id", super::tables::ID, true),
        /// `lat`: latitude in decimal degrees.
        Lat = ("lat", &["緯度", "latitude"], false),
        /// `lon`: longitude in decimal degrees.
        Lon = ("lon", &["経度", "longitude", "lng"], false),
    }
}

/// `[distances]` of `inventory.toml`, as read.
pub struct Distances<'a> {
    /// The detour factor, if set.
    pub detour_factor: Option<Decimal>,
    /// Its source, if given.
    pub source: Option<&'a str>,
}

/// Reads the coordinates of the facilities and districts tables (`(file name, text)` of each) and
/// the `[distances]` settings. The tables' other problems are reported by their own readers; only
/// coordinates are checked here.
pub(crate) fn read(
    facilities: Option<(&str, &str)>,
    districts: Option<(&str, &str)>,
    facility_ids: &[&str],
    distances: Distances<'_>,
    map: &SourceMap<'_>,
    diags: &mut Diagnostics,
) -> Geo {
    let mut geo = Geo {
        facilities: vec![None; facility_ids.len()],
        ..Geo::default()
    };
    if let Some(f) = distances.detour_factor {
        if f < Decimal::ONE || f > Decimal::from(3) {
            diags.push(map.diag("distances.detour_factor", crate::msg!(DetourOutside)));
        } else {
            geo.detour_factor = f;
            geo.detour_source = distances
                .source
                .map(str::to_string)
                .unwrap_or_else(|| "set in inventory.toml without a source".to_string());
        }
    }
    let index: HashMap<&str, usize> = facility_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    if let Some((file, text)) = facilities {
        for (id, p) in points(file, text, diags) {
            if let Some(&i) = index.get(id.as_str()) {
                geo.facilities[i] = Some(p);
            }
        }
    }
    if let Some((file, text)) = districts {
        geo.districts.extend(points(file, text, diags));
    }
    geo
}

/// The (id, point) of every row of a table that has both coordinates; a row with one of them, or
/// with a value that is not a coordinate, is reported.
fn points(file: &str, text: &str, diags: &mut Diagnostics) -> Vec<(String, LatLon)> {
    let mut out = Vec::new();
    let mut own = Diagnostics::new();
    // The table's reader reports its header and width problems; they are not reported again here.
    let mut ignored = Diagnostics::new();
    super::tables::read_rows(text, file, GeoColumn::COLUMNS, &mut ignored, |r| {
        use GeoColumn as C;
        let (id, lat, lon) = (r.text(C::Id), r.text(C::Lat), r.text(C::Lon));
        let bad = |field: &str, message: crate::messages::Message| {
            Diagnostic::field(file, Some(r.line), field.to_string(), message)
        };
        match (lat, lon) {
            (None, None) => {}
            (Some(_), None) => own.push(bad("lon", crate::msg!(EmptyButLat))),
            (None, Some(_)) => own.push(bad("lat", crate::msg!(EmptyButLon))),
            (Some(a), Some(b)) => match LatLon::parse(a, b) {
                Ok(p) => {
                    if let Some(id) = id {
                        out.push((id.to_string(), p));
                    }
                }
                Err(message) => {
                    let field = if message.args().iter().any(|(_, a)| {
                        *a == crate::messages::IntoArg::into_arg(crate::messages::Id::Latitude)
                    }) {
                        "lat"
                    } else {
                        "lon"
                    };
                    own.push(bad(field, message));
                }
            },
        }
    });
    diags.extend(own);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: &str, lon: &str) -> LatLon {
        LatLon::parse(lat, lon).unwrap()
    }

    #[test]
    fn one_degree_of_latitude_is_r_times_pi_over_180() {
        // Along a meridian the central angle is the difference of latitudes: 1° = π/180 rad, so
        // 6371.0088 × 3.14159265358979… / 180 = 111.19508… km.
        let d = great_circle_km(p("35", "139"), p("36", "139"));
        assert_eq!(d.round_dp(5), Decimal::from_str("111.19508").unwrap());
    }

    #[test]
    fn a_quarter_of_the_equator() {
        // From (0, 0) to (0, 90): a right angle, R × π/2 = 6371.0088 × 1.5707963… = 10007.5572… km;
        // the chord is √2, so this goes through the branch above 0.5 of the arc sine.
        let d = great_circle_km(p("0", "0"), p("0", "90"));
        assert_eq!(d.round_dp(3), Decimal::from_str("10007.557").unwrap());
        // The antipode: π R = 20015.1144 km.
        let d = great_circle_km(p("0", "0"), p("0", "180"));
        assert_eq!(d.round_dp(3), Decimal::from_str("20015.114").unwrap());
    }

    #[test]
    fn tokyo_station_to_kanuma_city_hall() {
        // Tokyo Station (35.681236, 139.767125) to 鹿沼市役所 (36.567300, 139.745600): by the
        // haversine formula with R = 6371.0088 km, Δφ = 0.886064° and Δλ = −0.021525°:
        // a = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) = 5.978831e-5 + 0.6523845 × 3.528426e-8
        //   = 5.981133e-5, d = 2R asin √a = 2 × 6371.0088 × 0.00773386 = 98.545 km.
        let d = great_circle_km(p("35.681236", "139.767125"), p("36.5673", "139.7456"));
        assert_eq!(d.round_dp(2), Decimal::from_str("98.54").unwrap());
    }

    #[test]
    fn coordinates_are_checked() {
        assert!(
            LatLon::parse("91", "0")
                .unwrap_err()
                .to_string()
                .contains("latitude")
        );
        assert!(
            LatLon::parse("0", "181")
                .unwrap_err()
                .to_string()
                .contains("longitude")
        );
        assert!(LatLon::parse("abc", "0").is_err());
        assert_eq!(
            LatLon::parse("３６．５", "１３９").unwrap(),
            p("36.5", "139")
        );
    }
}
