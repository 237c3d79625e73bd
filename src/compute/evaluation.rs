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
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    fn crit(p: usize, w: f64, scores: &[f64]) -> Criterion {
        Criterion {
            perspective: p,
            weight: w,
            scores: scores.iter().map(|&s| Some(s)).collect(),
        }
    }

    #[test]
    fn utility_by_hand() {
        // Perspective 0 weighs 60 %, perspective 1 40 %.
        // P0: criteria weights 3 and 1 → shares 0.75 and 0.25
        //   option 0: 0.75·8 + 0.25·4 = 6 + 1 = 7
        //   option 1: 0.75·6 + 0.25·10 = 4.5 + 2.5 = 7
        // P1: one criterion (share 1)
        //   option 0: 5, option 1: 9
        // utility 0 = 0.6·7 + 0.4·5 = 4.2 + 2.0 = 6.2
        // utility 1 = 0.6·7 + 0.4·9 = 4.2 + 3.6 = 7.8
        let input = Input {
            options: 2,
            perspective_weights: vec![60.0, 40.0],
            gates: vec![],
            criteria: vec![
                crit(0, 3.0, &[8.0, 6.0]),
                crit(0, 1.0, &[4.0, 10.0]),
                crit(1, 2.0, &[5.0, 9.0]),
            ],
            annual_cost: vec![Some(10_000.0), Some(15_600.0)],
        };
        let out = compute(&input);
        close(out.shares[0], 0.75);
        close(out.shares[1], 0.25);
        close(out.shares[2], 1.0);
        close(out.partial[0][0].unwrap(), 7.0);
        close(out.partial[1][1].unwrap(), 9.0);
        close(out.utility[0].unwrap(), 6.2);
        close(out.utility[1].unwrap(), 7.8);
        assert_eq!(out.ranking, vec![1, 0]);
        assert_eq!(out.winner(), Some(1));
        // per 1,000 €: 6.2 / 10 = 0.62; 7.8 / 15.6 = 0.5
        close(out.per_1000_eur[0].unwrap(), 0.62);
        close(out.per_1000_eur[1].unwrap(), 0.5);
    }

    #[test]
    fn perspective_without_scored_criteria_is_left_out() {
        // Weights 50 / 30 / 20, but perspective 1 has only a gate → 50 and 20 are rescaled to
        // 50/70 = 71.43 % and 20/70 = 28.57 %.
        // option 0: (50·6 + 20·10) / 70 = (300 + 200) / 70 = 7.142857…
        let input = Input {
            options: 1,
            perspective_weights: vec![50.0, 30.0, 20.0],
            gates: vec![vec![Some(true)]],
            criteria: vec![crit(0, 1.0, &[6.0]), crit(2, 5.0, &[10.0])],
            annual_cost: vec![None],
        };
        let out = compute(&input);
        assert_eq!(out.effective_weights[1], None);
        close(out.effective_weights[0].unwrap(), 500.0 / 7.0);
        close(out.effective_weights[2].unwrap(), 200.0 / 7.0);
        close(out.utility[0].unwrap(), 500.0 / 70.0);
        assert_eq!(out.per_1000_eur[0], None);
    }

    #[test]
    fn gates_exclude_and_missing_answers_fail() {
        // Option 1 has the best utility (10) but fails gate 0; option 2 lacks an answer to gate 1.
        let input = Input {
            options: 3,
            perspective_weights: vec![100.0],
            gates: vec![
                vec![Some(true), Some(false), Some(true)],
                vec![Some(true), Some(true), None],
            ],
            criteria: vec![crit(0, 1.0, &[5.0, 10.0, 7.0])],
            annual_cost: vec![None; 3],
        };
        let out = compute(&input);
        assert_eq!(out.failed_gates, vec![vec![], vec![0], vec![1]]);
        assert_eq!(out.ranking, vec![0]);
        close(out.utility[1].unwrap(), 10.0);
        assert_eq!(out.winner(), Some(0));
        // one eligible option: nothing can overtake it
        assert!(out.sensitivity.iter().all(|s| s.change.is_none()));
    }

    #[test]
    fn ranking_ties_keep_input_order_and_missing_scores_are_unranked() {
        // options 0 and 2 both score 6; option 1 lacks its score.
        let input = Input {
            options: 3,
            perspective_weights: vec![100.0],
            gates: vec![],
            criteria: vec![Criterion {
                perspective: 0,
                weight: 1.0,
                scores: vec![Some(6.0), None, Some(6.0)],
            }],
            annual_cost: vec![None; 3],
        };
        let out = compute(&input);
        assert_eq!(out.utility[1], None);
        assert_eq!(out.ranking, vec![0, 2]);
    }

    #[test]
    fn sensitivity_two_perspectives_by_hand() {
        // P0 60 %, P1 40 %. A: P0 8, P1 5 → 4.8 + 2.0 = 6.8; B: P0 5, P1 9 → 3.0 + 3.6 = 6.6.
        // A wins. P0 at w: U_A = (8w + 5(100−w))/100 = 5 + 0.03w, U_B = (5w + 9(100−w))/100 = 9 − 0.04w
        //   equal at 0.07w = 4 → w = 57.142857 → Δ = −2.857143 pp, B leads below.
        // P1 at w: U_A = 8 − 0.03w, U_B = 5 + 0.04w → w = 3/0.07 = 42.857143 → Δ = +2.857143 pp.
        let input = Input {
            options: 2,
            perspective_weights: vec![60.0, 40.0],
            gates: vec![],
            criteria: vec![crit(0, 1.0, &[8.0, 5.0]), crit(1, 1.0, &[5.0, 9.0])],
            annual_cost: vec![None; 2],
        };
        let out = compute(&input);
        assert_eq!(out.winner(), Some(0));
        let s0 = out.sensitivity[0].change.as_ref().unwrap();
        close(s0.new_weight, 400.0 / 7.0);
        close(s0.delta, 400.0 / 7.0 - 60.0);
        assert_eq!(s0.new_winner, 1);
        let s1 = out.sensitivity[1].change.as_ref().unwrap();
        close(s1.new_weight, 300.0 / 7.0);
        close(s1.delta, 300.0 / 7.0 - 40.0);
        let smallest = out.smallest_change().unwrap();
        close(smallest.change.as_ref().unwrap().delta.abs(), 20.0 / 7.0);
    }

    #[test]
    fn sensitivity_three_perspectives_rescales_the_others() {
        // Weights 50 / 30 / 20; partial utilities (one criterion each):
        //   A: 9, 4, 4 → 4.5 + 1.2 + 0.8 = 6.5
        //   B: 5, 8, 7 → 2.5 + 2.4 + 1.4 = 6.3
        // Vary P0 to w; P1 and P2 keep their ratio 3:2 of the rest:
        //   R_A = (30·4 + 20·4)/50 = 4, R_B = (30·8 + 20·7)/50 = 380/50 = 7.6
        //   U_A = (9w + 4(100−w))/100, U_B = (5w + 7.6(100−w))/100
        //   equal: 9w + 400 − 4w = 5w + 760 − 7.6w → 5w + 2.6w = 360 → w = 360/7.6 = 47.368421
        //   Δ = −2.631579 pp
        // Vary P1 to w: R_A = (50·9 + 20·4)/70 = 530/70, R_B = (50·5 + 20·7)/70 = 390/70
        //   U_A − U_B = (w(4−8) + (100−w)(140/70))/100 = (−4w + 200 − 2w)/100 → 0 at w = 33.333…
        //   Δ = +3.333333 pp
        // Vary P2 to w: R_A = (50·9 + 30·4)/80 = 570/80 = 7.125, R_B = (50·5 + 30·8)/80 = 490/80 = 6.125
        //   U_A − U_B = (w(4−7) + (100−w)·1)/100 → 0 at −3w + 100 − w = 0 → w = 25, Δ = +5 pp
        let input = Input {
            options: 2,
            perspective_weights: vec![50.0, 30.0, 20.0],
            gates: vec![],
            criteria: vec![
                crit(0, 1.0, &[9.0, 5.0]),
                crit(1, 1.0, &[4.0, 8.0]),
                crit(2, 1.0, &[4.0, 7.0]),
            ],
            annual_cost: vec![None; 2],
        };
        let out = compute(&input);
        close(out.utility[0].unwrap(), 6.5);
        close(out.utility[1].unwrap(), 6.3);
        let d: Vec<f64> = out
            .sensitivity
            .iter()
            .map(|s| s.change.as_ref().unwrap().delta)
            .collect();
        close(d[0], 360.0 / 7.6 - 50.0);
        close(d[1], 100.0 / 3.0 - 30.0);
        close(d[2], 5.0);
        assert_eq!(out.smallest_change().unwrap().perspective, 0);
        // at the crossing both utilities are equal
        let u = utilities_at(&out, 2, 25.0);
        close(u[0], u[1]);
    }

    #[test]
    fn sensitivity_none_when_one_option_dominates() {
        // A is better in every perspective: no weight makes B win.
        let input = Input {
            options: 2,
            perspective_weights: vec![70.0, 30.0],
            gates: vec![],
            criteria: vec![crit(0, 1.0, &[9.0, 5.0]), crit(1, 1.0, &[6.0, 6.0])],
            annual_cost: vec![None; 2],
        };
        let out = compute(&input);
        assert!(out.sensitivity.iter().all(|s| s.change.is_none()));
        assert!(out.smallest_change().is_none());
    }

    #[test]
    fn sensitivity_picks_the_nearest_of_several_rivals() {
        // P0 50 %, P1 50 %. A: 8/6 → 7.0; B: 4/9 → 6.5; C: 7/6.5 → 6.75 (ranking A, C, B).
        // Raising P1 to w: U_A = (6w + 8(100−w))/100 = 8 − 0.02w; U_B = 4 + 0.05w; U_C = 7 − 0.005w
        //   A = B at 0.07w = 4 → w = 57.142857; A = C never for w ≤ 100 (A − C = 1 − 0.015w = 0 at 66.7
        //   but C is below B by then): first crossing is B at 57.14 → Δ = +7.142857 pp.
        let input = Input {
            options: 3,
            perspective_weights: vec![50.0, 50.0],
            gates: vec![],
            criteria: vec![
                crit(0, 1.0, &[8.0, 4.0, 7.0]),
                crit(1, 1.0, &[6.0, 9.0, 6.5]),
            ],
            annual_cost: vec![None; 3],
        };
        let out = compute(&input);
        assert_eq!(out.ranking, vec![0, 2, 1]);
        let c = out.sensitivity[1].change.as_ref().unwrap();
        close(c.new_weight, 400.0 / 7.0);
        assert_eq!(c.new_winner, 1);
    }

    /// The exact crossings agree with a brute-force scan over a fine grid.
    #[test]
    fn sensitivity_matches_a_scan() {
        let mut seed: u64 = 42;
        let mut rnd = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % 11) as f64
        };
        for _ in 0..200 {
            let n_opt = 3;
            let n_p = 3;
            let weights: Vec<f64> = (0..n_p).map(|_| rnd() + 1.0).collect();
            let criteria: Vec<Criterion> = (0..n_p)
                .map(|p| crit(p, 1.0, &(0..n_opt).map(|_| rnd()).collect::<Vec<_>>()))
                .collect();
            let out = compute(&Input {
                options: n_opt,
                perspective_weights: weights,
                gates: vec![],
                criteria,
                annual_cost: vec![None; n_opt],
            });
            let winner = out.winner().unwrap();
            for s in &out.sensitivity {
                // smallest grid distance (step 0.01) at which another option strictly leads
                let mut found: Option<f64> = None;
                for k in 0..=10_000 {
                    let w = k as f64 / 100.0;
                    let u = utilities_at(&out, s.perspective, w);
                    if u.iter()
                        .enumerate()
                        .any(|(o, &x)| o != winner && x > u[winner] + 1e-9)
                    {
                        let d = (w - s.weight).abs();
                        if found.is_none_or(|f| d < f) {
                            found = Some(d);
                        }
                    }
                }
                match (&s.change, found) {
                    (None, None) => {}
                    (Some(c), Some(f)) => assert!(
                        c.delta.abs() <= f + 1e-9 && f - c.delta.abs() <= 0.01 + 1e-9,
                        "exact {} vs scan {f}",
                        c.delta
                    ),
                    (Some(c), None) => assert!(
                        // a crossing that lies between grid points near the ends
                        c.new_weight > 99.99 || c.new_weight < 0.01,
                        "exact {c:?}, scan found nothing"
                    ),
                    (None, Some(f)) => panic!("scan found a change at {f}, exact none"),
                }
            }
        }
    }
}
