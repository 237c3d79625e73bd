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
