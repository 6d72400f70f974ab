//! SVG charts drawn by the engine, with no script and no external reference: a stacked bar chart
//! (one bar a year, one segment a series, horizontal lines for the cap and the average) and a line
//! chart (one line a series). Coordinates are computed in exact decimals and printed to a tenth of a
//! pixel; every bar and point carries its exact value in a `<title>` and a `data-` attribute.

use std::fmt::Write;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::money::group_thousands;

/// One series: a label, a colour, a value per year.
pub struct Series<'a> {
    /// Its label.
    pub label: &'a str,
    /// CSS colour.
    pub color: &'a str,
    /// One value a year (in the chart's unit).
    pub values: Vec<Decimal>,
    /// Drawn dashed (a line chart with more series than colours tells them apart so).
    pub dashed: bool,
}

/// A horizontal reference line.
pub struct Rule<'a> {
    /// What it is, for scripts and tests (`cap`, `average`): its `data-key`.
    pub key: &'a str,
    /// Its label.
    pub label: &'a str,
    /// Its value.
    pub value: Decimal,
    /// CSS colour.
    pub color: &'a str,
    /// Dashed or not.
    pub dashed: bool,
}

/// What a chart shows.
pub struct Chart<'a> {
    /// An id for the chart (also its `data-chart`).
    pub id: &'a str,
    /// Its title (also the SVG's accessible name).
    pub title: &'a str,
    /// The unit of the values, for the axis.
    pub unit: &'a str,
    /// Labels of the x positions (years).
    pub x_labels: Vec<String>,
    /// Every how many x positions a label is printed.
    pub label_every: usize,
}

const W: i64 = 960;
const H: i64 = 360;
const LEFT: i64 = 70;
const RIGHT: i64 = 20;
const TOP: i64 = 30;
const BOTTOM: i64 = 60;
const LEGEND_ROW: i64 = 16;

fn px(v: Decimal) -> String {
    format!("{:.1}", v.round_dp(1))
}

/// Escapes text for HTML and SVG (content and quoted attributes).
pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The y axis for values up to `max`: a grid step of 1, 2, 2.5 or 5 × 10^k, the smallest that covers
/// `max` in at most six steps, and the axis maximum, a whole number of steps.
fn axis(max: Decimal) -> (Decimal, Decimal) {
    if max <= Decimal::ZERO {
        return (Decimal::ONE, Decimal::new(2, 1));
    }
    let six = Decimal::from(6);
    let mut unit = Decimal::new(1, 6);
    loop {
        for m in [
            Decimal::ONE,
            Decimal::TWO,
            Decimal::new(25, 1),
            Decimal::from(5),
        ] {
            let step = unit * m;
            if step * six >= max {
                return ((max / step).ceil() * step, step);
            }
        }
        unit *= Decimal::TEN;
    }
}

struct Frame {
    y_max: Decimal,
    step: Decimal,
    n: usize,
    /// Rows of the legend (the chart grows downwards by a row each).
    legend_rows: i64,
}

impl Frame {
    fn plot_w() -> Decimal {
        Decimal::from(W - LEFT - RIGHT)
    }
    fn plot_h() -> Decimal {
        Decimal::from(H - TOP - BOTTOM)
    }
    fn new(max: Decimal, n: usize, legend: &[LegendItem<'_>]) -> Frame {
        let (y_max, step) = axis(max);
        Frame {
            y_max,
            step,
            n,
            legend_rows: legend_layout(legend).last().map_or(1, |&(_, row)| row + 1),
        }
    }
    fn height(&self) -> i64 {
        H + (self.legend_rows - 1) * LEGEND_ROW
    }
    fn y(&self, v: Decimal) -> Decimal {
        Decimal::from(TOP) + Frame::plot_h() * (Decimal::ONE - (v / self.y_max).min(Decimal::ONE))
    }
    fn slot(&self) -> Decimal {
        Frame::plot_w() / Decimal::from(self.n.max(1) as u64)
    }
    fn x(&self, i: usize) -> Decimal {
        Decimal::from(LEFT) + self.slot() * Decimal::from(i as u64)
    }
}

fn open(s: &mut String, c: &Chart<'_>, f: &Frame, kind: &str, bars: usize) {
    let _ = write!(
        s,
        r#"<svg class="chart {kind}" data-chart="{}" data-bars="{bars}" viewBox="0 0 {W} {}" width="100%" role="img" aria-label="{}">"#,
        esc(c.id),
        f.height(),
        esc(c.title)
    );
    let _ = write!(s, "<title>{}</title>", esc(c.title));
}

fn axes(s: &mut String, c: &Chart<'_>, f: &Frame) {
    // Horizontal grid, a line a step.
    let steps = (f.y_max / f.step).round().to_u32().unwrap_or(5);
    for k in 0..=steps {
        let v = f.step * Decimal::from(k);
        let y = px(f.y(v));
        let _ = write!(
            s,
            r##"<line class="grid" x1="{LEFT}" x2="{}" y1="{y}" y2="{y}" stroke="#ddd" stroke-width="1"/>"##,
            W - RIGHT
        );
        let _ = write!(
            s,
            r#"<text x="{}" y="{y}" dy="4" text-anchor="end" font-size="11">{}</text>"#,
            LEFT - 6,
            group_thousands(&v.normalize().to_string())
        );
    }
    let _ = write!(
        s,
        r#"<text x="12" y="{}" font-size="11" transform="rotate(-90 12 {})" text-anchor="middle">{}</text>"#,
        TOP + (H - TOP - BOTTOM) / 2,
        TOP + (H - TOP - BOTTOM) / 2,
        esc(c.unit)
    );
    for (i, label) in c.x_labels.iter().enumerate() {
        if i % c.label_every.max(1) != 0 {
            continue;
        }
        let x = px(f.x(i) + f.slot() / Decimal::TWO);
        let _ = write!(
            s,
            r#"<text x="{x}" y="{}" font-size="11" text-anchor="middle">{}</text>"#,
            H - BOTTOM + 16,
            esc(label)
        );
    }
}

/// Where each legend entry goes: its x and its row. Entries wrap to a new row at the right edge.
fn legend_layout(items: &[LegendItem<'_>]) -> Vec<(i64, i64)> {
    let mut out = Vec::with_capacity(items.len());
    let (mut x, mut row) = (LEFT, 0);
    for LegendItem { label, .. } in items {
        // Text width: about 7 px an ASCII character, 13 px a wide one, at 11 px.
        let width = 24
            + label
                .chars()
                .map(|c| if c.is_ascii() { 7 } else { 13 })
                .sum::<i64>();
        if x + width > W - RIGHT && x > LEFT {
            x = LEFT;
            row += 1;
        }
        out.push((x, row));
        x += width;
    }
    out
}

/// One entry of a legend.
struct LegendItem<'a> {
    label: &'a str,
    color: &'a str,
    /// A line (a rule or a line series) rather than a filled box.
    line: bool,
    dashed: bool,
}

fn legend(s: &mut String, items: &[LegendItem<'_>]) {
    for (
        LegendItem {
            label,
            color,
            line,
            dashed,
        },
        (x, row),
    ) in items.iter().zip(legend_layout(items))
    {
        let y = H - 18 + row * LEGEND_ROW;
        if *line {
            let dash = if *dashed {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            };
            let _ = write!(
                s,
                r#"<line x1="{x}" x2="{}" y1="{}" y2="{}" stroke="{color}" stroke-width="2"{dash}/>"#,
                x + 20,
                y - 4,
                y - 4
            );
        } else {
            let _ = write!(
                s,
                r#"<rect class="key" x="{x}" y="{}" width="12" height="10" fill="{color}"/>"#,
                y - 9
            );
        }
        let _ = write!(
            s,
            r#"<text x="{}" y="{y}" font-size="11">{}</text>"#,
            x + 17,
            esc(label)
        );
    }
}

fn rules(s: &mut String, f: &Frame, rules: &[Rule<'_>]) {
    for r in rules {
        let y = px(f.y(r.value));
        let dash = if r.dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r#"<line class="rule" data-key="{}" data-rule="{}" data-value="{}" x1="{LEFT}" x2="{}" y1="{y}" y2="{y}" stroke="{}" stroke-width="{}"{dash}><title>{}: {}</title></line>"#,
            esc(r.key),
            esc(r.label),
            r.value.normalize(),
            W - RIGHT,
            r.color,
            if r.dashed { "2.5" } else { "1.5" },
            esc(r.label),
            r.value.round_dp(2)
        );
    }
}

/// A stacked bar chart: one bar (`<g class="bar">`) per x position, one segment (`<rect>`) per
/// non-zero series value, and the rules drawn over the bars.
pub fn stacked_bars(c: &Chart<'_>, series: &[Series<'_>], lines: &[Rule<'_>]) -> String {
    let n = c.x_labels.len();
    let totals: Vec<Decimal> = (0..n)
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or_default())
                .sum()
        })
        .collect();
    let max = totals
        .iter()
        .copied()
        .chain(lines.iter().map(|r| r.value))
        .max()
        .unwrap_or(Decimal::ONE);
    let mut items: Vec<LegendItem<'_>> = series
        .iter()
        .map(|s| LegendItem {
            label: s.label,
            color: s.color,
            line: false,
            dashed: false,
        })
        .collect();
    items.extend(lines.iter().map(|r| LegendItem {
        label: r.label,
        color: r.color,
        line: true,
        dashed: r.dashed,
    }));
    let f = Frame::new(max, n, &items);
    let mut s = String::new();
    open(&mut s, c, &f, "stacked", n);
    axes(&mut s, c, &f);
    let bar_w = f.slot() * Decimal::new(7, 1);
    for (i, (label, total)) in c.x_labels.iter().zip(&totals).enumerate() {
        let x = f.x(i) + (f.slot() - bar_w) / Decimal::TWO;
        let _ = write!(
            s,
            r#"<g class="bar" data-x="{}" data-total="{}">"#,
            esc(label),
            total.normalize()
        );
        let mut base = Decimal::ZERO;
        for se in series {
            let v = se.values.get(i).copied().unwrap_or_default();
            if v.is_zero() {
                continue;
            }
            let (y0, y1) = (f.y(base), f.y(base + v));
            let _ = write!(
                s,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}" data-series="{}" data-value="{}"><title>{} {}: {}</title></rect>"#,
                px(x),
                px(y1),
                px(bar_w),
                px(y0 - y1),
                se.color,
                esc(se.label),
                v.normalize(),
                esc(&c.x_labels[i]),
                esc(se.label),
                v.round_dp(2)
            );
            base += v;
        }
        let _ = write!(s, "</g>");
    }
    rules(&mut s, &f, lines);
    legend(&mut s, &items);
    s.push_str("</svg>");
    s
}

/// A line chart: one `<polyline class="series">` per series, a point (`<circle>`) per value.
pub fn lines(c: &Chart<'_>, series: &[Series<'_>], refs: &[Rule<'_>]) -> String {
    let n = c.x_labels.len();
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .chain(refs.iter().map(|r| r.value))
        .max()
        .unwrap_or(Decimal::ONE);
    let mut items: Vec<LegendItem<'_>> = series
        .iter()
        .map(|s| LegendItem {
            label: s.label,
            color: s.color,
            line: true,
            dashed: s.dashed,
        })
        .collect();
    items.extend(refs.iter().map(|r| LegendItem {
        label: r.label,
        color: r.color,
        line: true,
        dashed: r.dashed,
    }));
    let f = Frame::new(max, n, &items);
    let mut s = String::new();
    open(&mut s, c, &f, "lines", 0);
    axes(&mut s, c, &f);
    rules(&mut s, &f, refs);
    let half = f.slot() / Decimal::TWO;
    for se in series {
        let points: Vec<String> = se
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{},{}", px(f.x(i) + half), px(f.y(*v))))
            .collect();
        let _ = write!(
            s,
            r#"<polyline class="series" data-series="{}" fill="none" stroke="{}" stroke-width="2"{} points="{}"/>"#,
            esc(se.label),
            se.color,
            if se.dashed {
                r#" stroke-dasharray="3 3""#
            } else {
                ""
            },
            points.join(" ")
        );
        for (i, v) in se.values.iter().enumerate() {
            let _ = write!(
                s,
                r#"<circle cx="{}" cy="{}" r="2.5" fill="{}"><title>{} {}: {}</title></circle>"#,
                px(f.x(i) + half),
                px(f.y(*v)),
                se.color,
                esc(se.label),
                esc(&c.x_labels[i]),
                v.round_dp(2)
            );
        }
    }
    legend(&mut s, &items);
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        // 55.8 / 6 = 9.3, so the step is 10 and the axis ends at ⌈5.58⌉ × 10 = 60.
        assert_eq!(
            axis(Decimal::new(5580, 2)),
            (Decimal::from(60), Decimal::from(10))
        );
        // 105.88 / 6 = 17.6: step 20, axis ⌈5.294⌉ × 20 = 120.
        assert_eq!(
            axis(Decimal::new(10588, 2)),
            (Decimal::from(120), Decimal::from(20))
        );
        // 283,607 m² / 6 = 47,268: step 50,000, axis ⌈5.67⌉ × 50,000 = 300,000.
        assert_eq!(
            axis(Decimal::from(283_607)),
            (Decimal::from(300_000), Decimal::from(50_000))
        );
        // 15.01 / 6 = 2.50…: 2.5 × 6 = 15 is short by 0.01, so step 5 and axis 20.
        assert_eq!(
            axis(Decimal::new(1501, 2)),
            (Decimal::from(20), Decimal::from(5))
        );
    }

    #[test]
    fn the_legend_wraps_at_the_right_edge() {
        // Each entry is 24 + 7 × 10 = 94 px wide; from x = 70 the plot ends at 960 − 20 = 940, so
        // nine fit in a row (70 + 9 × 94 = 916) and the tenth starts a second row.
        let items: Vec<LegendItem<'_>> = (0..10)
            .map(|_| LegendItem {
                label: "abcdefghij",
                color: "#000",
                line: false,
                dashed: false,
            })
            .collect();
        let layout = legend_layout(&items);
        assert_eq!(layout[8], (70 + 8 * 94, 0));
        assert_eq!(layout[9], (70, 1));
    }

    #[test]
    fn one_bar_per_year_and_a_segment_per_non_zero_value() {
        let c = Chart {
            id: "t",
            title: "t",
            unit: "億円",
            x_labels: vec!["2022".into(), "2023".into()],
            label_every: 1,
        };
        let svg = stacked_bars(
            &c,
            &[
                Series {
                    label: "a",
                    color: "#111",
                    values: vec![Decimal::ONE, Decimal::ZERO],
                    dashed: false,
                },
                Series {
                    label: "b",
                    color: "#222",
                    values: vec![Decimal::TWO, Decimal::TWO],
                    dashed: false,
                },
            ],
            &[Rule {
                key: "cap",
                label: "cap",
                value: Decimal::from(3),
                color: "#c00",
                dashed: true,
            }],
        );
        assert_eq!(svg.matches(r#"<g class="bar""#).count(), 2);
        assert_eq!(svg.matches("<rect x=").count(), 3);
        assert!(svg.contains(r#"data-bars="2""#));
        assert!(!svg.contains("http"));
    }
}
