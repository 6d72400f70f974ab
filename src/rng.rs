//! The random sequence every seeded draw uses (Monte Carlo runs, uncertainty draws, synthetic
//! inventories): SplitMix64, integer arithmetic only, so a seed gives the same numbers on every
//! machine. A leaf: it imports nothing of the crate.

/// SplitMix64: a small, fast, well-mixed sequence; deterministic for a seed.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A sequence starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), without modulo bias worth mentioning for n ≪ 2⁶⁴ (Lemire's
    /// multiply-shift).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `[0, 1)` with 53 random bits (the top bits of the next output), exactly
    /// representable as an `f64`.
    pub fn unit_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A binomial draw: how many of `n` independent trials succeed, each with probability
    /// `num / den` (`num ≤ den`, `den > 0`; a certain or impossible trial is exact).
    ///
    /// By inversion: one uniform number walks the cumulative distribution from 0, the
    /// probabilities following `P(k+1) = P(k) · (n−k)/(k+1) · p/q`; the cost grows with the mean
    /// `n · min(p, q)`, the count of the rarer outcome. Only IEEE additions, multiplications and
    /// divisions are used (no `exp`, `ln` or `powi` from a platform library), and those are
    /// correctly rounded everywhere, so a seed gives the same count on every machine. A draw
    /// whose first probability `q^n` would fall below 10⁻²⁸⁰ is split into two draws of half the
    /// trials each (a binomial of `a + b` trials is the sum of independent binomials of `a` and
    /// `b`). The probabilities are `f64`, exact to about 10⁻¹⁶.
    pub fn binomial(&mut self, n: u64, num: u64, den: u64) -> u64 {
        if n == 0 || num == 0 || den == 0 {
            return 0;
        }
        if num >= den {
            return n;
        }
        // Draw the rarer outcome: its mean bounds the walk.
        let (p, q) = (num as f64 / den as f64, (den - num) as f64 / den as f64);
        if num > den - num {
            n - self.binomial_walk(n, q, p)
        } else {
            self.binomial_walk(n, p, q)
        }
    }

    fn binomial_walk(&mut self, n: u64, p: f64, q: f64) -> u64 {
        // q^n by squaring: ordinary multiplications, the same on every machine.
        let mut first = 1.0f64;
        let (mut base, mut e) = (q, n);
        while e > 0 {
            if e & 1 == 1 {
                first *= base;
            }
            base *= base;
            e >>= 1;
        }
        if first < 1e-280 && n > 1 {
            let half = n / 2;
            return self.binomial_walk(half, p, q) + self.binomial_walk(n - half, p, q);
        }
        let u = self.unit_f64();
        let ratio = p / q;
        let (mut k, mut pk, mut cdf) = (0u64, first, first);
        while u >= cdf && k < n {
            pk *= ratio * (n - k) as f64 / (k + 1) as f64;
            k += 1;
            cdf += pk;
        }
        k
    }

    /// An index drawn with the given weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_fixed() {
        // SplitMix64 from seed 0: the first outputs of the reference implementation.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn binomial_draws_have_the_binomial_mean_and_variance() {
        // Edge cases are exact: no trials, impossible and certain trials.
        let mut r = SplitMix64::new(3);
        assert_eq!(r.binomial(0, 1, 2), 0);
        assert_eq!(r.binomial(10, 0, 7), 0);
        assert_eq!(r.binomial(10, 7, 7), 10);
        // n = 40, p = 1/20: mean n·p = 2, variance n·p·q = 2 × 19/20 = 1.9. Over 20,000 draws the
        // sample mean has standard error √(1.9 / 20000) = 0.0097: within 0.05 is over 5 standard
        // errors. The sample variance's standard error is about √(2/20000) × 1.9 ≈ 0.019 (near
        // normal): within 0.15 is over 7.
        let draws: Vec<f64> = (0..20_000).map(|_| r.binomial(40, 1, 20) as f64).collect();
        let mean = draws.iter().sum::<f64>() / 20_000.0;
        let var = draws.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / 19_999.0;
        assert!((mean - 2.0).abs() < 0.05, "{mean}");
        assert!((var - 1.9).abs() < 0.15, "{var}");
        // p = 19/20 draws the rarer outcome and subtracts: mean 40 × 19/20 = 38.
        let hi = (0..20_000).map(|_| r.binomial(40, 19, 20)).sum::<u64>() as f64 / 20_000.0;
        assert!((hi - 38.0).abs() < 0.05, "{hi}");
        // 30,000 trials at p = 1/20: q^n = 0.95^30000 ≈ 10⁻⁶⁶⁸ underflows, so the draw is split;
        // mean 1,500, standard deviation √(30000 × 0.05 × 0.95) = 37.7; 400 draws give a mean
        // with standard error 1.9: within 10 is over 5.
        let big = (0..400).map(|_| r.binomial(30_000, 1, 20)).sum::<u64>() as f64 / 400.0;
        assert!((big - 1500.0).abs() < 10.0, "{big}");
    }
}
