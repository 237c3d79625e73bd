//! Inline SVG charts made by krisenfest: no library, no script. Every chart has `role="img"`,
//! a `<title>` and a `<desc>` (referenced by `aria-labelledby`), its labels and values as text
//! inside the SVG, and the page shows the same numbers in a table next to it.
//!
//! Colours (on the chart's own white background, so the contrast holds in dark mode too):
//! bars #2044aa (KERN darkblue-700, 8.5:1 against white), muted bars #6e7597 (4.6:1), text
//! #131525 (18.1:1), axis #51577a (7.0:1). Colour is never the only channel: a muted bar's label
//! says why it is muted. Coordinates are printed with one decimal, so the bytes are
//! deterministic.

use std::fmt::Write as _;

pub const BAR: &str = "#2044aa";
pub const BAR_MUTED: &str = "#6e7597";
pub const TEXT: &str = "#131525";
pub const AXIS: &str = "#51577a";

const WIDTH: f64 = 720.0;
const VALUE_SPACE: f64 = 120.0;
const ROW: f64 = 52.0;
const TOP: f64 = 8.0;
const FONT: f64 = 14.0;
const MAX_LABEL: usize = 88;

#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as printed (German format), next to the bar and in `<desc>`.
    pub value_text: String,
    /// Drawn in the muted colour (the label must say why).
    pub muted: bool,
}

#[derive(Debug, Clone)]
pub struct BarChart<'a> {
    /// Prefix of the element ids (unique on the page).
    pub id: &'a str,
    pub title: &'a str,
    /// Sentence describing the chart; the bars' labels and values are appended.
    pub desc: &'a str,
    pub bars: &'a [Bar],
    /// Upper end of the value axis; default: the largest value.
    pub max: Option<f64>,
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_LABEL {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX_LABEL - 1).collect();
        t.push('…');
        t
    }
}

/// A horizontal bar chart: each row has its label on top and the bar with its value below.
pub fn bar_chart(c: &BarChart<'_>) -> String {
    let largest = c.bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let max = c
        .max
        .filter(|m| *m > 0.0 && m.is_finite())
        .unwrap_or(largest)
        .max(largest);
    let max = if max > 0.0 { max } else { 1.0 };
    let bar_area = WIDTH - VALUE_SPACE;
    let height = TOP * 2.0 + ROW * c.bars.len() as f64;
    let id = escape(c.id);
    let mut desc = c.desc.trim_end().to_string();
    for b in c.bars {
        let _ = write!(desc, " {}: {}.", b.label, b.value_text);
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"kf-chart__svg\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-size=\"{FONT:.0}\">",
        w = WIDTH,
        h = height,
    );
    let _ = writeln!(s, "<title id=\"{id}-title\">{}</title>", escape(c.title));
    let _ = writeln!(s, "<desc id=\"{id}-desc\">{}</desc>", escape(&desc));
    let _ = writeln!(
        s,
        "<rect x=\"0\" y=\"0\" width=\"{WIDTH:.0}\" height=\"{height:.0}\" fill=\"#ffffff\"/>"
    );
    for (i, b) in c.bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let len = (b.value.max(0.0) / max * (bar_area - 2.0)).max(0.0);
        let fill = if b.muted { BAR_MUTED } else { BAR };
        let _ = writeln!(
            s,
            "<text x=\"2\" y=\"{:.1}\" fill=\"{TEXT}\">{}</text>",
            y + 16.0,
            escape(&shorten(&b.label))
        );
        let _ = writeln!(
            s,
            "<rect x=\"2\" y=\"{:.1}\" width=\"{len:.1}\" height=\"20\" fill=\"{fill}\"/>",
            y + 22.0
        );
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{TEXT}\">{}</text>",
            2.0 + len + 8.0,
            y + 37.0,
            escape(&b.value_text)
        );
    }
    let _ = writeln!(
        s,
        "<line x1=\"2\" y1=\"{:.1}\" x2=\"2\" y2=\"{:.1}\" stroke=\"{AXIS}\" stroke-width=\"1\"/>",
        TOP,
        height - TOP
    );
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let v = |i: usize| {
            let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * v(1) + 0.7152 * v(3) + 0.0722 * v(5)
    }

    fn contrast_with_white(hex: &str) -> f64 {
        1.05 / (luminance(hex) + 0.05)
    }

    #[test]
    fn colours_have_enough_contrast() {
        assert!(contrast_with_white(BAR) >= 3.0);
        assert!(contrast_with_white(BAR_MUTED) >= 3.0);
        assert!(contrast_with_white(TEXT) >= 4.5);
        assert!(contrast_with_white(AXIS) >= 3.0);
    }

    #[test]
    fn chart_markup() {
        let bars = vec![
            Bar {
                label: "A & B".into(),
                value: 8.0,
                value_text: "8,00".into(),
                muted: false,
            },
            Bar {
                label: "C (ausgeschlossen)".into(),
                value: 4.0,
                value_text: "4,00".into(),
                muted: true,
            },
        ];
        let svg = bar_chart(&BarChart {
            id: "nutzwerte",
            title: "Nutzwerte",
            desc: "Balkendiagramm.",
            bars: &bars,
            max: Some(10.0),
        });
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"nutzwerte-title nutzwerte-desc\""));
        assert!(svg.contains("<title id=\"nutzwerte-title\">Nutzwerte</title>"));
        assert!(svg.contains("<desc id=\"nutzwerte-desc\">Balkendiagramm. A &amp; B: 8,00. C (ausgeschlossen): 4,00.</desc>"));
        assert!(svg.contains(">A &amp; B</text>"));
        // bar length: 8 / 10 × (720 − 120 − 2) = 478.4; the muted one half of it
        assert!(svg.contains("width=\"478.4\" height=\"20\" fill=\"#2044aa\""));
        assert!(svg.contains("width=\"239.2\" height=\"20\" fill=\"#6e7597\""));
        assert!(svg.ends_with("</svg>"));
        // deterministic
        assert_eq!(
            svg,
            bar_chart(&BarChart {
                id: "nutzwerte",
                title: "Nutzwerte",
                desc: "Balkendiagramm.",
                bars: &bars,
                max: Some(10.0)
            })
        );
    }

    #[test]
    fn long_labels_are_shortened() {
        let long = "x".repeat(120);
        assert_eq!(shorten(&long).chars().count(), MAX_LABEL);
        assert!(shorten(&long).ends_with('…'));
    }
}
