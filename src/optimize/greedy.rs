//! A greedy plan: the fallback that always returns a plan, and the solver's starting point.
//!
//! Life extensions that lower the total first; then, while some year is over the cap, the choice
//! (a change in a year, or a renewal move) that removes the most excess over the cap per unit of
//! service lost (moves and changes that lose no service first, largest first); ties go to the
//! earlier column, which is the candidates' order (facility order). A choice is taken only if every
//! row of the model that involves no flow still holds. Then, with the cap met, changes that lose
//! no service and lower the total are added (the cost tie-break). The result is a full assignment
//! of the model's integer columns.

use std::collections::BTreeMap;

use super::model::{Built, Target};

/// Per column, the years its cost falls in: (year, 億円 as in the cap rows).
fn by_column(built: &Built) -> Vec<Vec<(usize, f64)>> {
    let mut out = vec![Vec::new(); built.model.cols.len()];
    for (t, terms) in built.year_terms.iter().enumerate() {
        for &(c, v) in terms {
            out[c].push((t, v));
        }
    }
    out
}

struct State<'b> {
    built: &'b Built,
    x: Vec<f64>,
    years: Vec<f64>,
    cols: Vec<Vec<(usize, f64)>>,
    /// Per column, the products it is a factor of: (w, the other factor).
    ands_of: Vec<Vec<(usize, usize)>>,
    /// Rows made only of integer columns, and the rows of each column among them.
    rows_of: Vec<Vec<usize>>,
    checked: Vec<bool>,
    /// Per column, every row it is in but the cap rows.
    all_rows_of: Vec<Vec<usize>>,
    base_closes: Vec<Option<i32>>,
}

impl State<'_> {
    fn excess(years: &[f64], cap: f64) -> f64 {
        years.iter().map(|t| (t - cap).max(0.0)).sum()
    }

    /// The yearly costs if column `c` changes by `d` (with the products it turns on or off).
    fn years_with(&self, c: usize, d: f64) -> Vec<f64> {
        let mut y = self.years.clone();
        for &(t, v) in &self.cols[c] {
            y[t] += v * d;
        }
        for &(w, other) in &self.ands_of[c] {
            if self.x[other] > 0.5 {
                for &(t, v) in &self.cols[w] {
                    y[t] += v * d;
                }
            }
        }
        y
    }

    fn set(&mut self, c: usize, value: f64) {
        let d = value - self.x[c];
        self.years = self.years_with(c, d);
        self.x[c] = value;
        for &(w, other) in &self.ands_of[c] {
            self.x[w] = if value > 0.5 && self.x[other] > 0.5 {
                1.0
            } else {
                0.0
            };
        }
    }

    fn closed_by(&self, f: usize, year: i32) -> bool {
        if self
            .base_closes
            .get(f)
            .copied()
            .flatten()
            .is_some_and(|y| y <= year)
        {
            return true;
        }
        self.built
            .vars
            .service_closing
            .get(&f)
            .into_iter()
            .flatten()
            .any(|&(c, y)| y <= year && self.x[c] > 0.5)
    }

    /// Sends the users of every closure taken to the nearest target still open.
    fn assign(&mut self, years_of: &[i32]) -> bool {
        let mut ok = true;
        let assigns = &self.built.vars.assigns;
        let mut values: Vec<(usize, f64)> = Vec::new();
        for a in assigns {
            let z = self.built.vars.option[a.option];
            let taken = self.x[z] > 0.5;
            let year = years_of[a.option];
            let mut chosen = None;
            if taken {
                for (t, c) in &a.to {
                    let open = match t {
                        Target::Node(r) => !self.closed_by(*r, year),
                        Target::Further | Target::Lost => true,
                    };
                    if open {
                        chosen = Some(*c);
                        break;
                    }
                }
                if chosen.is_none() {
                    ok = false;
                }
            }
            for (_, c) in &a.to {
                values.push((*c, if Some(*c) == chosen { 1.0 } else { 0.0 }));
            }
        }
        for (c, v) in values {
            self.x[c] = v;
        }
        ok
    }

    /// Sends users along the arcs the plan opens: a node that closes sends its own users and all
    /// it received (nodes in order of the year they close; a receiver closes after its senders).
    fn flow(&mut self, years_of_col: &BTreeMap<usize, i32>) {
        let v = &self.built.vars;
        let mut order: Vec<(i32, usize)> = Vec::new();
        for (k, choosers) in v.flow_choosers.iter().enumerate() {
            let active = choosers.iter().find(|&&c| self.x[c] > 0.5);
            self.x[v.flows[k].3] = 0.0;
            if let Some(c) = active {
                let year = years_of_col.get(c).copied().unwrap_or(i32::MAX);
                order.push((year, k));
            }
        }
        order.sort_unstable();
        let mut held: BTreeMap<(String, usize), f64> = v.own_users.clone();
        for (_, k) in order {
            let (g, from, to, col, _) = &v.flows[k];
            let users = held.remove(&(g.clone(), *from)).unwrap_or(0.0);
            self.x[*col] = users;
            if let Target::Node(r) = to {
                *held.entry((g.clone(), *r)).or_default() += users;
            }
        }
    }

    /// Whether every row holds but the cap rows, after the columns that differ from `before`
    /// changed: when every row held before (`held`), only the rows of those columns are judged
    /// again (the others keep their values); else all of them.
    fn rows_hold_after(&self, before: &[f64], held: bool) -> bool {
        if !held {
            return self.all_rows_hold();
        }
        let m = &self.built.model;
        let mut rows: Vec<usize> = (0..self.x.len())
            .filter(|&c| self.x[c] != before[c])
            .flat_map(|c| self.all_rows_of[c].iter().copied())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows.iter().all(|&r| {
            let row = &m.rows[r];
            let act: f64 = row.terms.iter().map(|&(c, v)| v * self.x[c]).sum();
            act >= row.lo - 1e-7 && act <= row.hi + 1e-7
        })
    }

    /// Whether every row holds but the cap rows (the cap is judged from the yearly costs).
    fn all_rows_hold(&self) -> bool {
        let m = &self.built.model;
        let caps: std::collections::BTreeSet<usize> =
            self.built.vars.cap_rows.iter().copied().collect();
        m.rows.iter().enumerate().all(|(r, row)| {
            if caps.contains(&r) {
                return true;
            }
            let act: f64 = row.terms.iter().map(|&(c, v)| v * self.x[c]).sum();
            act >= row.lo - 1e-7 && act <= row.hi + 1e-7
        })
    }

    fn rows_hold(&self, cols: &[usize]) -> bool {
        let m = &self.built.model;
        let mut rows: Vec<usize> = cols
            .iter()
            .flat_map(|&c| self.rows_of[c].iter().copied())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows.iter().all(|&r| {
            let row = &m.rows[r];
            let act: f64 = row.terms.iter().map(|&(c, v)| v * self.x[c]).sum();
            act >= row.lo - 1e-9 && act <= row.hi + 1e-9
        })
    }
}

/// The greedy plan at the cap (億円): values of every column (flows and other continuous columns
/// left at zero, for the solver to complete), and whether it meets the cap.
pub fn plan(
    built: &Built,
    cap: f64,
    service_estimate: &[f64],
    years_of: &[i32],
    base_closes: Vec<Option<i32>>,
) -> (Vec<f64>, bool) {
    let m = &built.model;
    let n = m.cols.len();
    let mut rows_of = vec![Vec::new(); n];
    let mut checked = vec![false; m.rows.len()];
    for (r, row) in m.rows.iter().enumerate() {
        if row.terms.iter().all(|&(c, _)| m.cols[c].integer) {
            checked[r] = true;
            for &(c, _) in &row.terms {
                rows_of[c].push(r);
            }
        }
    }
    let caps: std::collections::BTreeSet<usize> = built.vars.cap_rows.iter().copied().collect();
    let mut all_rows_of = vec![Vec::new(); n];
    for (r, row) in m.rows.iter().enumerate() {
        if !caps.contains(&r) {
            for &(c, _) in &row.terms {
                all_rows_of[c].push(r);
            }
        }
    }
    let mut ands_of = vec![Vec::new(); n];
    for &(w, z, l) in &built.vars.ands {
        ands_of[z].push((w, l));
        ands_of[l].push((w, z));
    }
    let mut st = State {
        built,
        x: vec![0.0; n],
        years: built.year_constants.clone(),
        cols: by_column(built),
        ands_of,
        rows_of,
        checked,
        all_rows_of,
        base_closes,
    };
    let _ = &st.checked;
    // Soft slacks on: the plan is feasible whatever it does to access and capacity.
    for &(_, _, c) in &built.vars.access_slack {
        st.x[c] = 1.0;
    }
    for &(_, _, c) in &built.vars.capacity_slack {
        st.x[c] = 1.0;
    }
    // The assignment columns are derived, not chosen.
    let mut derived = vec![false; n];
    for a in &built.vars.assigns {
        for (_, c) in &a.to {
            derived[*c] = true;
        }
    }
    let total = |st: &State<'_>, c: usize| -> f64 { st.cols[c].iter().map(|(_, v)| v).sum() };
    // Life extensions that lower the total, best first in each category.
    let mut lives: Vec<(f64, usize)> = built
        .vars
        .life
        .iter()
        .map(|&c| (total(&st, c), c))
        .filter(|(t, _)| *t < 0.0)
        .collect();
    lives.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, c) in lives {
        st.set(c, 1.0);
        if !st.rows_hold(&[c]) {
            st.set(c, 0.0);
        }
    }
    let choices: Vec<usize> = built
        .vars
        .decisions
        .iter()
        .copied()
        .filter(|c| !built.vars.life.contains(c))
        .collect();
    let option_of: BTreeMap<usize, usize> = built
        .vars
        .option
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i))
        .collect();
    let service = |c: usize| -> f64 {
        option_of
            .get(&c)
            .map_or(0.0, |&i| service_estimate.get(i).copied().unwrap_or(0.0))
    };
    // The year of each change's column, and of each receiver choice (its change's year).
    let mut years_of_col: BTreeMap<usize, i32> = BTreeMap::new();
    for (i, &c) in built.vars.option.iter().enumerate() {
        years_of_col.insert(c, years_of[i]);
    }
    for a in &built.vars.assigns {
        for (_, c) in &a.to {
            years_of_col.insert(*c, years_of[a.option]);
        }
    }
    // Whether every row holds (then a choice is judged by the rows it changes).
    let mut held = st.all_rows_hold();
    // Cap first.
    loop {
        let e = State::excess(&st.years, cap);
        if e <= 1e-9 {
            break;
        }
        let mut scored: Vec<(f64, usize)> = choices
            .iter()
            .copied()
            .filter(|&c| st.x[c] < 0.5 && m.cols[c].hi > 0.5)
            .filter_map(|c| {
                let gain = e - State::excess(&st.years_with(c, 1.0), cap);
                (gain > 1e-9).then(|| {
                    let s = service(c);
                    let score = if s <= 0.0 { 1e12 * gain } else { gain / s };
                    (score, c)
                })
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut taken = false;
        for &(_, c) in &scored {
            let before = st.x.clone();
            let years = st.years.clone();
            st.set(c, 1.0);
            let assigned = st.assign(years_of);
            st.flow(&years_of_col);
            if assigned && st.rows_hold_after(&before, held) {
                taken = true;
                held = true;
                break;
            }
            st.x = before;
            st.years = years;
        }
        if !taken {
            break;
        }
    }
    let meets = State::excess(&st.years, cap) <= 1e-9;
    // Then the tie-break: changes that lose no service and lower the total, largest first.
    if meets {
        let mut scored: Vec<(f64, usize)> = choices
            .iter()
            .copied()
            .filter(|&c| st.x[c] < 0.5 && m.cols[c].hi > 0.5 && service(c) <= 0.0)
            .map(|c| (total(&st, c), c))
            .filter(|(t, _)| *t < 0.0)
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, c) in scored {
            let before = st.x.clone();
            let years = st.years.clone();
            st.set(c, 1.0);
            let assigned = st.assign(years_of);
            st.flow(&years_of_col);
            if assigned
                && st.rows_hold_after(&before, held)
                && State::excess(&st.years, cap) <= 1e-9
            {
                held = true;
            } else {
                st.x = before;
                st.years = years;
            }
        }
    }
    (st.x, meets)
}
