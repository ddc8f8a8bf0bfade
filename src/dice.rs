//! Seeded random numbers for the sample-data generator and Monte Carlo models.
//! ChaCha8 keeps the stream identical across platforms and crate upgrades, so a seed
//! always produces the same workspace.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// A deterministic random source with the few distributions the models need.
pub struct Dice {
    rng: ChaCha8Rng,
    spare_normal: Option<f64>,
}

impl Dice {
    /// A source seeded from `seed`; the same seed gives the same sequence.
    pub fn new(seed: u64) -> Self {
        Dice {
            rng: ChaCha8Rng::seed_from_u64(seed),
            spare_normal: None,
        }
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform integer in [lo, hi] (inclusive).
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo + 1) as u64;
        lo + (self.rng.next_u64() % span) as i64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Picks an index according to relative `weights`.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// Standard normal (Box–Muller, caching the second value).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let u1 = self.uniform().max(f64::MIN_POSITIVE);
        let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt();
        let theta = std::f64::consts::TAU * u2;
        self.spare_normal = Some(r * theta.sin());
        r * theta.cos()
    }

    /// Lognormal with the given arithmetic `mean` and coefficient of variation `cv`.
    pub fn lognormal_mean_cv(&mut self, mean: f64, cv: f64) -> f64 {
        let (mu, sigma) = lognormal_params(mean, cv);
        (mu + sigma * self.normal()).exp()
    }
}

/// μ and σ of the underlying normal for a lognormal with arithmetic `mean` and `cv`.
pub fn lognormal_params(mean: f64, cv: f64) -> (f64, f64) {
    let sigma2 = (1.0 + cv * cv).ln();
    (mean.ln() - sigma2 / 2.0, sigma2.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_same_sequence() {
        let draws = |seed| {
            let mut d = Dice::new(seed);
            (0..1_000)
                .map(|_| {
                    (
                        d.int(0, 1_000_000),
                        d.lognormal_mean_cv(100.0, 0.5).to_bits(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8), "another seed gives another sequence");
    }

    #[test]
    fn lognormal_sample_mean_is_close_to_requested_mean() {
        let mut d = Dice::new(1);
        let n = 200_000;
        let mean: f64 = (0..n).map(|_| d.lognormal_mean_cv(100.0, 0.5)).sum::<f64>() / n as f64;
        assert!((mean - 100.0).abs() < 1.0, "mean {mean}");
    }
}
