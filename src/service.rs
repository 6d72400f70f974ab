//! Service loss: how much service a plan takes from the people who use the facilities, measured the
//! same way for every scenario, written by hand or by the optimizer, so plans can be ranked on one
//! scale.
//!
//! The measures come from a run's access analysis and effects, never from costs: users moved × the
//! road distance to where they go (user-km a year), users of a function no open facility offers any
//! more, district × function pairs the plan leaves beyond the access standard, receivers over
//! capacity, and floor area removed. Their weighted sum is the plan's service loss; the optimizer
//! adds the plan's total cost with a tiny weight, as a tie-break between plans that lose the same
//! service. This module owns the measures and the weights' defaults; it computes no cost and reads
//! no file (the optimizer's candidates file is where weights are written).

use rust_decimal::Decimal;

use crate::money::Yen;
use crate::scenario::Effects;
use crate::scenario::access::AccessReport;
use crate::units::AreaSum;

/// How much each measure of service loss weighs.
///
/// The defaults, and why:
/// - `user_km` 1: the unit of the scale is one user a year going one km further;
/// - `users_lost` 100: a user who loses a service altogether weighs as one sent 100 km, further
///   than any trip inside a municipality;
/// - `access_pair` 10,000 and `over_capacity` 10,000: a district losing a service within its
///   standard, or a receiver over capacity, weighs as 10,000 user-km (the optimizer treats both as
///   hard constraints unless told otherwise; the weights score plans that break them);
/// - `floor_area_m2` 0: floor area is what plans are meant to cut, not a loss in itself;
/// - `cost_per_oku_yen` 0.001: a tie-break, so that among plans losing the same service the
///   cheapest wins: 1,000億円 of cost weighs as one user-km.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights {
    /// Per user-km (users a year × km).
    pub user_km: Decimal,
    /// Per user a year who loses a service no open facility offers.
    pub users_lost: Decimal,
    /// Per district × function pair left beyond the access standard.
    pub access_pair: Decimal,
    /// Per receiver (facility × function) over capacity.
    pub over_capacity: Decimal,
    /// Per m² of floor area removed (demolished or transferred).
    pub floor_area_m2: Decimal,
    /// Per 億円 of total cost over the plan (the tie-break).
    pub cost_per_oku_yen: Decimal,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            user_km: Decimal::ONE,
            users_lost: Decimal::from(100),
            access_pair: Decimal::from(10_000),
            over_capacity: Decimal::from(10_000),
            floor_area_m2: Decimal::ZERO,
            cost_per_oku_yen: Decimal::new(1, 3),
        }
    }
}

/// The measures of a plan's service loss.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceLoss {
    /// Σ users moved × road km to where they go (a user moved twice counts twice).
    pub user_km: Decimal,
    /// Users moved whose distance is unknown (no road between the two): not in `user_km`.
    pub users_moved_unknown_km: u64,
    /// Users of a function that no open facility offers any more.
    pub users_lost: u64,
    /// District × function pairs that had the function within the standard and lose it.
    pub access_pairs: usize,
    /// Receivers (facility × function) over capacity.
    pub over_capacity: usize,
    /// Floor area demolished or transferred (not netted against what is built).
    pub floor_area_removed: AreaSum,
}

impl ServiceLoss {
    /// The measures of a run, from its access analysis and effects.
    pub fn measure(access: &AccessReport, effects: &Effects) -> ServiceLoss {
        let mut loss = ServiceLoss {
            access_pairs: access.left_without.len(),
            over_capacity: access.over_capacity.len(),
            ..ServiceLoss::default()
        };
        // Users who lose a service are counted as the run reports them (one measure, one place).
        loss.users_lost = access.users_losing_service();
        for m in &access.moves {
            match (m.to, m.km) {
                (None, _) => {}
                // Saturating, not panicking, on absurd inputs: a plan that large loses everything.
                (Some(_), Some(km)) => {
                    loss.user_km = Decimal::from(m.users)
                        .checked_mul(km)
                        .and_then(|x| loss.user_km.checked_add(x))
                        .unwrap_or(Decimal::MAX);
                }
                (Some(_), None) => {
                    loss.users_moved_unknown_km =
                        loss.users_moved_unknown_km.saturating_add(m.users);
                }
            }
        }
        loss.floor_area_removed = effects.demolished_m2;
        loss.floor_area_removed.add_sum(effects.transferred_m2);
        loss
    }

    /// The weighted total of the measures (without cost).
    ///
    /// Saturates at [`Decimal::MAX`] rather than overflow (absurd weights or inputs).
    pub fn weighted(&self, w: &Weights) -> Decimal {
        let terms = [
            (w.user_km, self.user_km),
            (w.users_lost, Decimal::from(self.users_lost)),
            (w.access_pair, Decimal::from(self.access_pairs as u64)),
            (w.over_capacity, Decimal::from(self.over_capacity as u64)),
            (w.floor_area_m2, self.floor_area_removed.to_decimal()),
        ];
        terms
            .iter()
            .try_fold(Decimal::ZERO, |sum, (weight, x)| {
                weight.checked_mul(*x).and_then(|t| sum.checked_add(t))
            })
            .unwrap_or(Decimal::MAX)
    }

    /// The optimizer's objective for a plan of this service loss and total cost: the weighted
    /// service loss plus the cost's tie-break.
    pub fn objective(&self, w: &Weights, total_cost: Yen) -> Decimal {
        (total_cost.get() / Decimal::from(100_000_000))
            .checked_mul(w.cost_per_oku_yen)
            .and_then(|c| c.checked_add(self.weighted(w)))
            .unwrap_or(Decimal::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weighted_total_and_the_objective() {
        let loss = ServiceLoss {
            user_km: Decimal::from(3_100),
            users_lost: 80,
            access_pairs: 1,
            over_capacity: 2,
            ..ServiceLoss::default()
        };
        let w = Weights::default();
        // 1 × 3,100 user-km + 100 × 80 users lost + 10,000 × 1 pair + 10,000 × 2 receivers
        // = 3,100 + 8,000 + 10,000 + 20,000 = 41,100.
        assert_eq!(loss.weighted(&w), Decimal::from(41_100));
        // Plus 0.001 per 億円 of a 5億円 plan: 41,100 + 0.005.
        assert_eq!(
            loss.objective(&w, Yen::new(Decimal::from(500_000_000))),
            Decimal::new(41_100_005, 3)
        );
    }

    #[test]
    fn an_absurd_total_saturates_instead_of_overflowing() {
        let loss = ServiceLoss {
            user_km: Decimal::MAX,
            users_lost: u64::MAX,
            ..ServiceLoss::default()
        };
        assert_eq!(loss.weighted(&Weights::default()), Decimal::MAX);
    }
}
