//! Distributions of uncertain inputs (construction-cost escalation, unit costs) and drawing from
//! them with exact decimal arithmetic, so a seed gives the same draws on every machine.

use rust_decimal::{Decimal, MathematicalOps};

use super::Check;
use super::raw::{RawDistribution, RawUncertainty};
use crate::messages::Message;
use crate::msg;
use crate::rng::SplitMix64;

/// A distribution of a decimal quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distribution {
    /// Always this value.
    Fixed(Decimal),
    /// Uniform between `min` and `max`.
    Uniform {
        /// Lower bound.
        min: Decimal,
        /// Upper bound.
        max: Decimal,
    },
    /// Triangular with a mode.
    Triangular {
        /// Lower bound.
        min: Decimal,
        /// Most likely value.
        mode: Decimal,
        /// Upper bound.
        max: Decimal,
    },
    /// Normal, approximated by the sum of twelve uniforms (Irwin–Hall: mean 0, variance 1, bounded
    /// at ±6 sd), which needs no transcendental functions and so draws the same on every machine.
    Normal {
        /// Mean.
        mean: Decimal,
        /// Standard deviation.
        sd: Decimal,
    },
}

/// A uniform draw in [0, 1) with 53 bits, exact as a decimal.
fn unit(rng: &mut SplitMix64) -> Decimal {
    Decimal::from(rng.next_u64() >> 11) / Decimal::from(1u64 << 53)
}

impl Distribution {
    /// Draws one value.
    pub fn draw(&self, rng: &mut SplitMix64) -> Decimal {
        match *self {
            Distribution::Fixed(v) => v,
            Distribution::Uniform { min, max } => min + (max - min) * unit(rng),
            Distribution::Triangular { min, mode, max } => {
                let u = unit(rng);
                let span = max - min;
                if span.is_zero() {
                    return min;
                }
                let f = (mode - min) / span;
                if u < f {
                    min + (u * span * (mode - min)).sqrt().unwrap_or(Decimal::ZERO)
                } else {
                    max - ((Decimal::ONE - u) * span * (max - mode))
                        .sqrt()
                        .unwrap_or(Decimal::ZERO)
                }
            }
            Distribution::Normal { mean, sd } => {
                let sum: Decimal = (0..12).map(|_| unit(rng)).sum();
                mean + sd * (sum - Decimal::from(6))
            }
        }
    }

    /// Its mean.
    pub fn mean(&self) -> Decimal {
        match *self {
            Distribution::Fixed(v) => v,
            Distribution::Uniform { min, max } => (min + max) / Decimal::TWO,
            Distribution::Triangular { min, mode, max } => (min + mode + max) / Decimal::from(3),
            Distribution::Normal { mean, .. } => mean,
        }
    }

    /// Whether it always gives the same value.
    pub fn is_fixed(&self) -> bool {
        match *self {
            Distribution::Fixed(_) => true,
            Distribution::Uniform { min, max } => min == max,
            Distribution::Triangular { min, max, .. } => min == max,
            Distribution::Normal { sd, .. } => sd.is_zero(),
        }
    }
}

/// The uncertainties of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Uncertainty {
    /// Yearly construction-cost escalation (0.01 = 1 % a year), drawn once per run.
    pub escalation: Distribution,
    /// Multiplier on renewal and construction unit costs, drawn once per run.
    pub renewal_unit_cost: Distribution,
}

impl Default for Uncertainty {
    fn default() -> Uncertainty {
        Uncertainty {
            escalation: Distribution::Fixed(Decimal::ZERO),
            renewal_unit_cost: Distribution::Fixed(Decimal::ONE),
        }
    }
}

/// What a drawn quantity may be: every value its distribution can give lies in `lo ..= hi`.
struct Domain {
    lo: Decimal,
    hi: Decimal,
    what: crate::messages::Id,
}

/// A yearly escalation: the range of `escalation.rate`, so that `1 + rate` stays positive and a
/// price at most doubles in a year.
const ESCALATION: Domain = Domain {
    lo: Decimal::from_parts(5, 0, 0, true, 1),
    hi: Decimal::ONE,
    what: crate::messages::Id::EscalationDomain,
};

/// A multiplier of unit costs: not negative (a cost does not become a payment), and at most ten
/// times the table (a bid at ten times the ministry's price is a different building).
const MULTIPLIER: Domain = Domain {
    lo: Decimal::ZERO,
    hi: Decimal::TEN,
    what: crate::messages::Id::MultiplierDomain,
};

/// The distributions of `[uncertainty]` by key, with their domains.
fn keyed(raw: &RawUncertainty) -> [(&'static str, Option<&RawDistribution>, Domain); 2] {
    [
        ("escalation", raw.escalation.as_ref(), ESCALATION),
        (
            "renewal_unit_cost",
            raw.renewal_unit_cost.as_ref(),
            MULTIPLIER,
        ),
    ]
}

pub(super) fn check(raw: &RawUncertainty, c: &mut Check<'_, '_>) {
    for (key, d, domain) in keyed(raw) {
        if let Some(Err(msg)) = d.map(|d| lower_one(d, &domain)) {
            c.err(&format!("uncertainty.{key}"), msg);
        }
    }
}

/// The uncertainties of a (checked) model; a distribution that does not lower is an error with
/// its key, never left out.
pub(super) fn lower(raw: Option<&RawUncertainty>) -> Result<Uncertainty, Vec<(String, Message)>> {
    let mut u = Uncertainty::default();
    let mut problems = Vec::new();
    if let Some(r) = raw {
        for (key, d, domain) in keyed(r) {
            match d.map(|d| lower_one(d, &domain)) {
                None => {}
                Some(Ok(d)) if key == "escalation" => u.escalation = d,
                Some(Ok(d)) => u.renewal_unit_cost = d,
                Some(Err(msg)) => problems.push((format!("uncertainty.{key}"), msg)),
            }
        }
    }
    if problems.is_empty() {
        Ok(u)
    } else {
        Err(problems)
    }
}

impl Distribution {
    /// The least and the greatest value a draw can give (a normal draw is bounded at ± 6 sd, see
    /// [`Distribution::Normal`]); `None` when they leave the exact decimal range.
    pub fn reach(&self) -> Option<(Decimal, Decimal)> {
        match *self {
            Distribution::Fixed(v) => Some((v, v)),
            Distribution::Uniform { min, max } | Distribution::Triangular { min, max, .. } => {
                Some((min, max))
            }
            Distribution::Normal { mean, sd } => {
                let six = sd.checked_mul(Decimal::from(6))?;
                Some((mean.checked_sub(six)?, mean.checked_add(six)?))
            }
        }
    }
}

fn lower_one(d: &RawDistribution, domain: &Domain) -> Result<Distribution, Message> {
    let out = lower_shape(d)?;
    let how = if matches!(out, Distribution::Normal { .. }) {
        msg!(MeanSixSd)
    } else {
        msg!(Nothing)
    };
    let what = domain.what;
    match out.reach() {
        Some((lo, hi)) if lo >= domain.lo && hi <= domain.hi => Ok(out),
        Some((lo, hi)) if lo == hi => Err(msg!(DrawsReach, lo, what)),
        Some((lo, hi)) => Err(msg!(DrawsReachTo, lo, hi, how, what)),
        None => Err(msg!(DrawsBeyond, how, what)),
    }
}

fn lower_shape(d: &RawDistribution) -> Result<Distribution, Message> {
    let need = |v: Option<crate::input::toml::TomlDecimal>, k: &str| {
        v.map(|x| x.0)
            .ok_or_else(|| msg!(DistributionNeeds, kind = &d.distribution, k))
    };
    let extra = |allowed: &[&str]| -> Result<(), Message> {
        let given = [
            ("value", d.value.is_some()),
            ("min", d.min.is_some()),
            ("max", d.max.is_some()),
            ("mode", d.mode.is_some()),
            ("mean", d.mean.is_some()),
            ("sd", d.sd.is_some()),
        ];
        match given.iter().find(|(k, set)| *set && !allowed.contains(k)) {
            Some((k, _)) => Err(msg!(NotKeyOfDistribution, k = *k, kind = &d.distribution)),
            None => Ok(()),
        }
    };
    let out = match d.distribution.as_str() {
        "fixed" => {
            extra(&["value"])?;
            Distribution::Fixed(need(d.value, "value")?)
        }
        "uniform" => {
            extra(&["min", "max"])?;
            let (min, max) = (need(d.min, "min")?, need(d.max, "max")?);
            if min > max {
                return Err(msg!(MinAboveMax));
            }
            Distribution::Uniform { min, max }
        }
        "triangular" => {
            extra(&["min", "mode", "max"])?;
            let (min, mode, max) = (
                need(d.min, "min")?,
                need(d.mode, "mode")?,
                need(d.max, "max")?,
            );
            if !(min <= mode && mode <= max) {
                return Err(msg!(NeedsMinModeMax));
            }
            Distribution::Triangular { min, mode, max }
        }
        "normal" => {
            extra(&["mean", "sd"])?;
            let (mean, sd) = (need(d.mean, "mean")?, need(d.sd, "sd")?);
            if sd < Decimal::ZERO {
                return Err(msg!(SdNegative));
            }
            Distribution::Normal { mean, sd }
        }
        other => {
            return Err(msg!(NotDistribution, value = format!("{other:?}")));
        }
    };
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn draws_have_the_stated_mean_and_bounds() {
        let mut rng = SplitMix64::new(9);
        for dist in [
            Distribution::Uniform {
                min: d("0.9"),
                max: d("1.3"),
            },
            Distribution::Triangular {
                min: d("0.9"),
                mode: d("1.0"),
                max: d("1.3"),
            },
            Distribution::Normal {
                mean: d("0.01"),
                sd: d("0.005"),
            },
        ] {
            let n = 20_000;
            let draws: Vec<Decimal> = (0..n).map(|_| dist.draw(&mut rng)).collect();
            let mean = draws.iter().sum::<Decimal>() / Decimal::from(n);
            // The standard error of the mean is below 0.002 for all three; allow 0.005.
            assert!(
                (mean - dist.mean()).abs() < d("0.005"),
                "{dist:?}: mean {mean}"
            );
            if let Distribution::Triangular { min, max, .. } | Distribution::Uniform { min, max } =
                dist
            {
                assert!(draws.iter().all(|x| *x >= min && *x <= max));
            }
        }
        assert_eq!(Distribution::Fixed(d("0.02")).draw(&mut rng), d("0.02"));
    }
}
