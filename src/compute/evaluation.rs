//! Nutzwertanalyse after UfAB (design §2, reference §1.6).
//!
//! Utility of an option = Σ_perspectives (perspective weight / 100) × Σ_criteria of that
//! perspective (criterion weight / sum of scored weights in that perspective) × score.
//! Perspectives without scored criteria are left out and the remaining perspective weights are
//! rescaled to 100 %. Gate criteria (UfAB A-Kriterien) exclude every option that does not pass
//! them; excluded options keep their computed utility for display but are never ranked.
//!
//! Sensitivity (exact, no search): change the (rescaled) weight `W` of one perspective `p` to
//! `w ∈ [0, 100]` and rescale the other perspectives proportionally to fill `100 − w`. Then every
//! utility is a straight line in `w`:
//!
//! ```text
//! U_o(w) = (w · S_po + (100 − w) · R_o) / 100,   R_o = Σ_{q≠p} W_q · S_qo / (100 − W)
//! ```
//!
//! (`S_po` = the option's partial utility in `p`, the weighted mean of its scores there; when
//! the other perspectives weigh 0 in total they share `100 − w` equally). The current winner `a`
//! stays on top until the first `w` at which another eligible option's line meets `a`'s line,
//! so the smallest change is found by solving `U_a(w) = U_b(w)` for every other eligible `b` in
//! both directions and taking the crossing nearest to `W`. The change reported is that crossing
//! (the options draw level there and `b` leads beyond it); a crossing exactly at 0 or 100 does
//! not count, since no weight inside the range would then put `b` ahead. The new winner is the
//! option that leads just beyond the crossing.

/// Tolerance for comparing utilities (scores are given with few decimals).
const EPS: f64 = 1e-9;

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Index into `Input::perspective_weights`.
    pub perspective: usize,
    /// Weight within its perspective (> 0).
    pub weight: f64,
    /// Score per option; None = missing (the option then has no utility).
    pub scores: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Input {
    /// Number of options.
    pub options: usize,
    /// Weight of every perspective the criteria refer to, in percent.
    pub perspective_weights: Vec<f64>,
    /// Gate answers: `[gate][option]`, None = not answered (counts as not passed).
    pub gates: Vec<Vec<Option<bool>>>,
    /// Scored criteria.
    pub criteria: Vec<Criterion>,
    /// Annual cost per option, for utility per 1,000 €.
    pub annual_cost: Vec<Option<f64>>,
}

/// A change of one perspective weight that changes the winner.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Signed change in percentage points (new weight − current weight).
    pub delta: f64,
    /// The perspective weight (percent) at which the new winner draws level.
    pub new_weight: f64,
    /// The option that leads beyond that weight.
    pub new_winner: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub perspective: usize,
    /// Current (rescaled) weight in percent.
    pub weight: f64,
    /// None: no weight within 0–100 changes the winner.
    pub change: Option<Change>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Output {
    /// Per perspective: weight rescaled over the perspectives in use (percent), None = not used.
    pub effective_weights: Vec<Option<f64>>,
    /// Per scored criterion: its weight / sum of scored weights in its perspective.
    pub shares: Vec<f64>,
    /// `[perspective][option]`: weighted mean score in that perspective (partial utility).
    pub partial: Vec<Vec<Option<f64>>>,
    /// Per option; None when a score is missing.
    pub utility: Vec<Option<f64>>,
    /// Per option: indices of the gates it fails (empty = eligible).
    pub failed_gates: Vec<Vec<usize>>,
    /// Eligible options (all gates passed, utility known), best first; ties keep input order.
    pub ranking: Vec<usize>,
    /// Per option: utility / (annual cost / 1,000 €), when the cost is known and > 0.
    pub per_1000_eur: Vec<Option<f64>>,
    /// Per perspective in use, in perspective order.
    pub sensitivity: Vec<Sensitivity>,
}

impl Output {
    /// The top-ranked eligible option.
    pub fn winner(&self) -> Option<usize> {
        self.ranking.first().copied()
    }

    /// The smallest change over all perspectives, None when no change within 0–100 changes
    /// the winner.
    pub fn smallest_change(&self) -> Option<&Sensitivity> {
        self.sensitivity
            .iter()
            .filter(|s| s.change.is_some())
            .min_by(|a, b| {
                let da = a.change.as_ref().map_or(f64::INFINITY, |c| c.delta.abs());
                let db = b.change.as_ref().map_or(f64::INFINITY, |c| c.delta.abs());
                da.total_cmp(&db)
            })
    }

    pub fn rank_of(&self, option: usize) -> Option<usize> {
        self.ranking
            .iter()
            .position(|&o| o == option)
            .map(|r| r + 1)
    }
}

/// Sort key of a utility that treats values within 1e-9 as equal.
fn key(u: f64) -> i64 {
    super::whole_i64((u / EPS).round())
}

pub fn compute(input: &Input) -> Output {
    let n_opt = input.options;
    let n_p = input.perspective_weights.len();

    // Sum of scored weights per perspective.
    let mut weight_sum = vec![0.0; n_p];
    for c in &input.criteria {
        if c.perspective < n_p {
            weight_sum[c.perspective] += c.weight;
        }
    }
    let used: Vec<usize> = (0..n_p).filter(|&p| weight_sum[p] > 0.0).collect();

    // Perspective weights rescaled to 100 % over the perspectives in use.
    let total: f64 = used.iter().map(|&p| input.perspective_weights[p]).sum();
    let mut effective_weights = vec![None; n_p];
    for &p in &used {
        effective_weights[p] = Some(if total.abs() > EPS {
            input.perspective_weights[p] / total * 100.0
        } else {
            100.0 / used.len() as f64
        });
    }

    let shares: Vec<f64> = input
        .criteria
        .iter()
        .map(|c| match weight_sum.get(c.perspective) {
            Some(&s) if s > 0.0 => c.weight / s,
            _ => 0.0,
        })
        .collect();

    // Partial utilities: weighted mean of the scores in each perspective.
    let mut partial: Vec<Vec<Option<f64>>> = vec![vec![None; n_opt]; n_p];
    for &p in &used {
        for (o, slot) in partial[p].iter_mut().enumerate() {
            let mut sum = 0.0;
            let mut complete = true;
            for (c, share) in input.criteria.iter().zip(&shares) {
                if c.perspective != p {
                    continue;
                }
                match c.scores.get(o).copied().flatten() {
                    Some(s) => sum += share * s,
                    None => complete = false,
                }
            }
            *slot = complete.then_some(sum);
        }
    }

    let utility: Vec<Option<f64>> = (0..n_opt)
        .map(|o| {
            let mut u = 0.0;
            for &p in &used {
                u += effective_weights[p]? / 100.0 * partial[p][o]?;
            }
            Some(u)
        })
        .collect();

    let failed_gates: Vec<Vec<usize>> = (0..n_opt)
        .map(|o| {
            input
                .gates
                .iter()
                .enumerate()
                .filter(|(_, g)| g.get(o).copied().flatten() != Some(true))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();

    let mut ranking: Vec<usize> = (0..n_opt)
        .filter(|&o| failed_gates[o].is_empty() && utility[o].is_some())
        .collect();
    ranking.sort_by(|&a, &b| {
        let (ua, ub) = (utility[a].unwrap_or(0.0), utility[b].unwrap_or(0.0));
        key(ub).cmp(&key(ua)).then(a.cmp(&b))
    });

    let per_1000_eur = (0..n_opt)
        .map(|o| {
            let u = utility[o]?;
            let cost = input.annual_cost.get(o).copied().flatten()?;
            (cost > 0.0).then(|| u / (cost / 1000.0))
        })
        .collect();

    let mut out = Output {
        effective_weights,
        shares,
        partial,
        utility,
        failed_gates,
        ranking,
        per_1000_eur,
        sensitivity: Vec::new(),
    };
    out.sensitivity = used
        .iter()
        .map(|&p| Sensitivity {
            perspective: p,
            weight: out.effective_weights[p].unwrap_or(0.0),
            change: sensitivity(&out, &used, p),
        })
        .collect();
    out
}

/// The two coefficients of `U_o(w) = (w · S_po + (100 − w) · R_o) / 100` for every option.
fn lines(out: &Output, used: &[usize], p: usize) -> Vec<(f64, f64)> {
    let n_opt = out.utility.len();
    let others: Vec<usize> = used.iter().copied().filter(|&q| q != p).collect();
    let rest: f64 = others
        .iter()
        .map(|&q| out.effective_weights[q].unwrap_or(0.0))
        .sum();
    (0..n_opt)
        .map(|o| {
            let s_p = out.partial[p][o].unwrap_or(0.0);
            let r = if rest.abs() > EPS {
                others
                    .iter()
                    .map(|&q| {
                        out.effective_weights[q].unwrap_or(0.0) * out.partial[q][o].unwrap_or(0.0)
                    })
                    .sum::<f64>()
                    / rest
            } else if others.is_empty() {
                s_p
            } else {
                others
                    .iter()
                    .map(|&q| out.partial[q][o].unwrap_or(0.0))
                    .sum::<f64>()
                    / others.len() as f64
            };
            (s_p, r)
        })
        .collect()
}

/// Utility of every option when perspective `p` weighs `w` percent (others rescaled).
pub fn utilities_at(out: &Output, p: usize, w: f64) -> Vec<f64> {
    let used: Vec<usize> = (0..out.effective_weights.len())
        .filter(|&q| out.effective_weights[q].is_some())
        .collect();
    lines(out, &used, p)
        .iter()
        .map(|(s, r)| (w * s + (100.0 - w) * r) / 100.0)
        .collect()
}

fn sensitivity(out: &Output, used: &[usize], p: usize) -> Option<Change> {
    if used.len() < 2 || out.ranking.len() < 2 {
        return None;
    }
    let a = out.ranking[0];
    let w0 = out.effective_weights[p]?;
    let l = lines(out, used, p);
    let at = |o: usize, w: f64| (w * l[o].0 + (100.0 - w) * l[o].1) / 100.0;
    // Best candidate so far: (Δ, change, steepness of the rival's lead beyond the crossing).
    let mut best: Option<(f64, Change, f64)> = None;
    for &b in out.ranking.iter().skip(1) {
        let d0 = at(a, w0) - at(b, w0);
        // slope of D(w) = U_a(w) − U_b(w)
        let s = ((l[a].0 - l[a].1) - (l[b].0 - l[b].1)) / 100.0;
        if s.abs() < 1e-15 {
            continue;
        }
        let crossing = w0 - d0 / s;
        let (w_star, valid, steep) = if s < 0.0 {
            let w = crossing.max(w0);
            (w, w < 100.0 - EPS, -s)
        } else {
            let w = crossing.min(w0);
            (w, w > EPS, s)
        };
        if !valid {
            continue;
        }
        let delta = w_star - w0;
        let cand = Change {
            delta,
            new_weight: w_star,
            new_winner: b,
        };
        let better = match &best {
            None => true,
            Some((bd, bc, bs)) => {
                let (da, db) = (delta.abs(), bd.abs());
                if (da - db).abs() > EPS {
                    da < db
                } else if (delta >= 0.0) != (bc.delta >= 0.0) {
                    delta >= 0.0
                } else {
                    // same crossing: the steeper line leads beyond it; else ranking order
                    steep > *bs + 1e-15
                }
            }
        };
        if better {
            best = Some((delta, cand, steep));
        }
    }
    best.map(|(_, c, _)| c)
}

#[cfg(test)]
mod tests;
