//! Provisioning: Einzelausstattung, Gerätepool, Dienstleister (design §2, reference §1.7).
//!
//! Sets: individual = Σ_groups ceil(staff × need_share); pool = ceil(Σ_groups staff ×
//! need_share × simultaneous_share × (1 + reserve)); service = `seats` (no purchases). Products
//! are rounded to nine decimals before `ceil`, so that binary noise (`100 × 0.7 =
//! 70.00000000000001`) does not add a set.
//!
//! Cash flow of year t = 0 … horizon−1: every item for every set is bought in year 0
//! (investment) and again in each year t > 0 that is a multiple of its life (replacement, the
//! year its life ends); per-unit `annual_eur` for every set each year; the option's own
//! `annual_eur` each year (the pool's handling cost); service: seats × monthly fee × 12 each
//! year. No residual values.
//!
//! Present value PV = Σ C_t / (1+i)^t; annuity A = PV · i(1+i)^n / ((1+i)^n − 1), n = horizon,
//! PV / n when i = 0. With flows at t = 0 … n−1 this is the "nachschüssig" equivalent annuity.

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub staff: f64,
    pub need_share: f64,
    pub simultaneous_share: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub price: f64,
    /// Whole years, ≥ 1 (0 is treated as "never replaced").
    pub life_years: u32,
    /// Running cost per unit and year.
    pub annual: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Individual,
    Pool { reserve: f64 },
    Service { seats: f64, seat_month: f64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct OptionInput {
    pub kind: Kind,
    /// Fixed cost of the option per year (the pool's handling cost).
    pub annual: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub horizon_years: u32,
    pub discount_rate: f64,
    pub groups: Vec<Group>,
    pub items: Vec<Item>,
    pub options: Vec<OptionInput>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Year {
    pub t: u32,
    /// Purchases in year 0.
    pub investment: f64,
    /// Purchases in later years (an item's life ended).
    pub replacement: f64,
    /// Running costs: per-unit annual costs, the option's annual cost, service fees.
    pub running: f64,
    pub total: f64,
    /// 1 / (1+i)^t
    pub factor: f64,
    pub present_value: f64,
    /// Items bought this year (indices into `Input::items`).
    pub purchased: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OptionResult {
    /// Sets (or seats) the option provides.
    pub sets: u64,
    /// The exact demand before rounding up (individual: Σ staff × need_share; pool: with
    /// simultaneity and reserve; service: seats).
    pub demand: f64,
    pub years: Vec<Year>,
    pub present_value: f64,
    pub annuity: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub options: Vec<OptionResult>,
    /// Lowest present value; ties keep input order.
    pub cheapest: Option<usize>,
}

/// `ceil` after rounding to nine decimals.
pub fn ceil_clean(x: f64) -> u64 {
    let r = (x * 1e9).round() / 1e9;
    super::whole_u64(r.ceil())
}

/// Σ_groups ceil(staff × need_share).
pub fn individual_sets(groups: &[Group]) -> u64 {
    groups
        .iter()
        .map(|g| ceil_clean(g.staff * g.need_share))
        .sum()
}

/// Σ_groups staff × need_share × simultaneous_share × (1 + reserve), before rounding up.
pub fn pool_demand(groups: &[Group], reserve: f64) -> f64 {
    groups
        .iter()
        .map(|g| g.staff * g.need_share * g.simultaneous_share)
        .sum::<f64>()
        * (1.0 + reserve)
}

pub fn pool_sets(groups: &[Group], reserve: f64) -> u64 {
    ceil_clean(pool_demand(groups, reserve))
}

/// Σ C_t / (1+i)^t for flows at t = 0, 1, …
pub fn present_value(flows: &[f64], rate: f64) -> f64 {
    flows
        .iter()
        .enumerate()
        .map(|(t, c)| c / (1.0 + rate).powi(t as i32))
        .sum()
}

/// PV · i(1+i)^n / ((1+i)^n − 1); PV / n when i = 0; 0 when n = 0.
pub fn annuity(pv: f64, rate: f64, n: u32) -> f64 {
    if n == 0 {
        return 0.0;
    }
    if rate.abs() < 1e-12 {
        return pv / f64::from(n);
    }
    let q = (1.0 + rate).powi(n as i32);
    pv * rate * q / (q - 1.0)
}

pub fn compute(input: &Input) -> Output {
    let options: Vec<OptionResult> = input.options.iter().map(|o| option(input, o)).collect();
    let cheapest = (0..options.len()).min_by(|&a, &b| {
        let key = |x: f64| super::whole_i64((x * 100.0).round());
        key(options[a].present_value)
            .cmp(&key(options[b].present_value))
            .then(a.cmp(&b))
    });
    Output { options, cheapest }
}

fn option(input: &Input, o: &OptionInput) -> OptionResult {
    let (sets, demand) = match o.kind {
        Kind::Individual => {
            let demand: f64 = input.groups.iter().map(|g| g.staff * g.need_share).sum();
            (individual_sets(&input.groups), demand)
        }
        Kind::Pool { reserve } => (
            pool_sets(&input.groups, reserve),
            pool_demand(&input.groups, reserve),
        ),
        Kind::Service { seats, .. } => (ceil_clean(seats), seats),
    };
    let n = sets as f64;
    let buys_items = !matches!(o.kind, Kind::Service { .. });
    let unit_running: f64 = input.items.iter().map(|i| i.annual).sum();
    let years: Vec<Year> = (0..input.horizon_years)
        .map(|t| {
            let mut purchased = Vec::new();
            let mut purchases = 0.0;
            if buys_items {
                for (k, item) in input.items.iter().enumerate() {
                    let due = t == 0 || (item.life_years > 0 && t % item.life_years == 0);
                    if due {
                        purchased.push(k);
                        purchases += n * item.price;
                    }
                }
            }
            let running = o.annual
                + match o.kind {
                    Kind::Service { seats, seat_month } => seats * seat_month * 12.0,
                    _ => n * unit_running,
                };
            let (investment, replacement) = if t == 0 {
                (purchases, 0.0)
            } else {
                (0.0, purchases)
            };
            let total = investment + replacement + running;
            let factor = 1.0 / (1.0 + input.discount_rate).powi(t as i32);
            Year {
                t,
                investment,
                replacement,
                running,
                total,
                factor,
                present_value: total * factor,
                purchased,
            }
        })
        .collect();
    let present_value = years.iter().map(|y| y.present_value).sum();
    OptionResult {
        sets,
        demand,
        annuity: annuity(present_value, input.discount_rate, input.horizon_years),
        present_value,
        years,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() < tol, "{a} != {b}");
    }

    #[test]
    fn reference_value_constant_flow() {
        // 1,000 €/a at t = 0 … 4, i = 3 %:
        // PV = 1000 · (1 + 1/1.03 + 1/1.03² + 1/1.03³ + 1/1.03⁴)
        //    = 1000 · (1 + 0.970874 + 0.942596 + 0.915142 + 0.888487) = 4717.10
        // A = PV · 0.03 · 1.03⁵ / (1.03⁵ − 1) = 4717.10 · 0.034778 / 0.159274 = 1030.00 (= 1000 · 1.03)
        let pv = present_value(&[1000.0; 5], 0.03);
        close(pv, 4717.10, 0.005);
        close(annuity(pv, 0.03, 5), 1030.00, 0.005);
        close(annuity(pv, 0.03, 5), 1030.0, 1e-9);
    }

    #[test]
    fn zero_rate_annuity_is_the_mean() {
        // i = 0: PV = 3 · 500 = 1500, A = 1500 / 3 = 500
        let pv = present_value(&[500.0; 3], 0.0);
        close(pv, 1500.0, 1e-9);
        close(annuity(pv, 0.0, 3), 500.0, 1e-9);
    }

    #[test]
    fn quantities() {
        let groups = vec![
            Group {
                staff: 10.0,
                need_share: 0.5,
                simultaneous_share: 0.4,
            },
            Group {
                staff: 7.0,
                need_share: 0.3,
                simultaneous_share: 0.5,
            },
            Group {
                staff: 100.0,
                need_share: 0.7,
                simultaneous_share: 1.0,
            },
        ];
        // individual: ceil(5) + ceil(2.1) + ceil(70) = 5 + 3 + 70 = 78
        // (100 × 0.7 is 70.00000000000001 in binary: still 70 sets)
        assert_eq!(individual_sets(&groups), 78);
        // pool, reserve 10 %: (10·0.5·0.4 + 7·0.3·0.5 + 100·0.7·1.0) · 1.1
        //   = (2 + 1.05 + 70) · 1.1 = 73.05 · 1.1 = 80.355 → 81
        close(pool_demand(&groups, 0.1), 80.355, 1e-9);
        assert_eq!(pool_sets(&groups, 0.1), 81);
        // exact whole demand is not rounded up further: (2 + 1.05 + 70 − 0.05 …) — 2·0.5·1.0 = 1
        assert_eq!(
            pool_sets(
                &[Group {
                    staff: 2.0,
                    need_share: 0.5,
                    simultaneous_share: 1.0
                }],
                0.0
            ),
            1
        );
        assert_eq!(ceil_clean(0.0), 0);
    }

    fn example() -> Input {
        Input {
            horizon_years: 3,
            discount_rate: 0.1,
            groups: vec![Group {
                staff: 10.0,
                need_share: 0.5,
                simultaneous_share: 0.4,
            }],
            items: vec![Item {
                price: 100.0,
                life_years: 2,
                annual: 10.0,
            }],
            options: vec![
                OptionInput {
                    kind: Kind::Individual,
                    annual: 0.0,
                },
                OptionInput {
                    kind: Kind::Pool { reserve: 0.2 },
                    annual: 30.0,
                },
                OptionInput {
                    kind: Kind::Service {
                        seats: 3.0,
                        seat_month: 20.0,
                    },
                    annual: 0.0,
                },
            ],
        }
    }

    #[test]
    fn cash_flows_by_hand() {
        let out = compute(&example());
        // individual: 10 × 0.5 = 5 sets
        //   t0: investment 5·100 = 500, running 5·10 = 50 → 550
        //   t1: running 50 → 50
        //   t2: life 2 ends → replacement 500, running 50 → 550
        let ind = &out.options[0];
        assert_eq!(ind.sets, 5);
        let flows: Vec<(f64, f64, f64, f64)> = ind
            .years
            .iter()
            .map(|y| (y.investment, y.replacement, y.running, y.total))
            .collect();
        assert_eq!(
            flows,
            vec![
                (500.0, 0.0, 50.0, 550.0),
                (0.0, 0.0, 50.0, 50.0),
                (0.0, 500.0, 50.0, 550.0)
            ]
        );
        assert_eq!(ind.years[2].purchased, vec![0]);
        assert!(ind.years[1].purchased.is_empty());
        // pool: 10 × 0.5 × 0.4 × 1.2 = 2.4 → 3 sets
        //   t0: 300 + 30 (per-unit) + 30 (handling) = 360; t1: 30 + 30 = 60; t2: 300 + 60 = 360
        let pool = &out.options[1];
        assert_eq!(pool.sets, 3);
        close(pool.demand, 2.4, 1e-9);
        let totals: Vec<f64> = pool.years.iter().map(|y| y.total).collect();
        assert_eq!(totals, vec![360.0, 60.0, 360.0]);
        // service: 3 seats × 20 € × 12 = 720 each year, nothing bought
        let svc = &out.options[2];
        assert_eq!(svc.sets, 3);
        assert!(
            svc.years
                .iter()
                .all(|y| y.total == 720.0 && y.purchased.is_empty())
        );
    }

    #[test]
    fn present_value_and_annuity_by_hand() {
        let out = compute(&example());
        // individual: 550 + 50/1.1 + 550/1.21 = 550 + 45.454545 + 454.545455 = 1050.00
        // A = 1050 · 0.1 · 1.1³ / (1.1³ − 1) = 1050 · 0.1331 / 0.331 = 422.220544
        close(out.options[0].present_value, 1050.0, 1e-9);
        close(out.options[0].annuity, 1050.0 * 0.1331 / 0.331, 1e-9);
        close(out.options[0].years[1].factor, 1.0 / 1.1, 1e-12);
        // pool: 360 + 60/1.1 + 360/1.21 = 360 + 54.545455 + 297.520661 = 712.066116
        close(
            out.options[1].present_value,
            360.0 + 60.0 / 1.1 + 360.0 / 1.21,
            1e-9,
        );
        close(out.options[1].present_value, 712.066116, 1e-6);
        // service: 720 · (1 + 1/1.1 + 1/1.21) = 720 · 2.735537 = 1969.586777; A = 720 · 1.1 = 792
        close(out.options[2].present_value, 1969.586777, 1e-6);
        close(out.options[2].annuity, 792.0, 1e-9);
        assert_eq!(out.cheapest, Some(1));
    }

    #[test]
    fn replacement_only_within_the_horizon() {
        // life 5 with a horizon of 5 (t = 0 … 4): bought once; life 1: bought every year.
        let input = Input {
            horizon_years: 5,
            discount_rate: 0.0,
            groups: vec![Group {
                staff: 1.0,
                need_share: 1.0,
                simultaneous_share: 1.0,
            }],
            items: vec![
                Item {
                    price: 100.0,
                    life_years: 5,
                    annual: 0.0,
                },
                Item {
                    price: 1.0,
                    life_years: 1,
                    annual: 0.0,
                },
            ],
            options: vec![OptionInput {
                kind: Kind::Individual,
                annual: 0.0,
            }],
        };
        let out = compute(&input);
        let totals: Vec<f64> = out.options[0].years.iter().map(|y| y.total).collect();
        assert_eq!(totals, vec![101.0, 1.0, 1.0, 1.0, 1.0]);
        // i = 0: PV = 105, A = 105 / 5 = 21
        close(out.options[0].present_value, 105.0, 1e-9);
        close(out.options[0].annuity, 21.0, 1e-9);
    }
}
