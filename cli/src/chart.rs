//! SVG charts through `plotters`' SVG backend (no system libraries).
//!
//! A chart is a picture of figures the core computed: values become `f64`
//! only here, for pixel positions, never for money. Each chart carries its
//! series as text in `<desc>` so a screen reader, a test or `grep` can read
//! the exact figures the lines show.

use plotters::prelude::*;
use salesphysics_core::Decimal;

use crate::fail::Failure;

/// One named line: a value per month.
pub struct Series {
    /// The legend label.
    pub label: String,
    /// One value per month.
    pub values: Vec<Decimal>,
}

/// One panel: a title, the month labels and its series.
pub struct Panel {
    /// Above the plot.
    pub title: String,
    /// The x axis's description.
    pub x_label: &'static str,
    /// Whether the series stack (area) or overlap (lines).
    pub stacked: bool,
    /// The lines or areas.
    pub series: Vec<Series>,
}

const COLORS: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// Draws `panels` one above the other into an SVG document.
pub fn svg(title: &str, panels: &[Panel]) -> Result<Vec<u8>, Failure> {
    let mut text = String::new();
    let height = 420u32.saturating_mul(u32::try_from(panels.len()).unwrap_or(1).max(1));
    {
        let root = SVGBackend::with_string(&mut text, (900, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_failed)?;
        let areas = root.split_evenly((panels.len().max(1), 1));
        for (panel, area) in panels.iter().zip(&areas) {
            draw(panel, area)?;
        }
        root.present().map_err(draw_failed)?;
    }
    Ok(with_description(&text, title, panels).into_bytes())
}

fn draw(
    panel: &Panel,
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
) -> Result<(), Failure> {
    let months = panel
        .series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0);
    let stacked = stack(panel);
    let (low, high) = stacked
        .iter()
        .flat_map(|(_, values)| values.iter().copied())
        .fold((0f64, 1f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(70)
        .build_cartesian_2d(0usize..months.saturating_sub(1).max(1), low..high)
        .map_err(draw_failed)?;
    chart
        .configure_mesh()
        .x_desc(panel.x_label)
        .draw()
        .map_err(draw_failed)?;
    for (i, (label, values)) in stacked.iter().enumerate() {
        let color = i
            .checked_rem(COLORS.len())
            .and_then(|i| COLORS.get(i))
            .copied()
            .unwrap_or(BLACK);
        let points = values.iter().copied().enumerate();
        let drawn = if panel.stacked {
            chart.draw_series(AreaSeries::new(points, 0.0, color.mix(0.5)).border_style(color))
        } else {
            chart.draw_series(LineSeries::new(points, color.stroke_width(2)))
        }
        .map_err(draw_failed)?;
        drawn.label(label.as_str()).legend(move |(x, y)| {
            Rectangle::new(
                [
                    (x, y.saturating_sub(5)),
                    (x.saturating_add(14), y.saturating_add(5)),
                ],
                color.filled(),
            )
        });
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(draw_failed)?;
    Ok(())
}

/// Each series as pixel-ready values; a stacked panel's series are drawn
/// as running totals (largest first, so every area stays visible).
#[allow(clippy::float_arithmetic)] // pixel positions of a picture, not money
fn stack(panel: &Panel) -> Vec<(String, Vec<f64>)> {
    let mut running: Vec<f64> = Vec::new();
    let mut out: Vec<(String, Vec<f64>)> = panel
        .series
        .iter()
        .map(|s| {
            let values: Vec<f64> = s.values.iter().map(|v| pixel(*v)).collect();
            if panel.stacked {
                running.resize(running.len().max(values.len()), 0.0);
                for (sum, v) in running.iter_mut().zip(&values) {
                    *sum += v;
                }
                (s.label.clone(), running.clone())
            } else {
                (s.label.clone(), values)
            }
        })
        .collect();
    if panel.stacked {
        // Draw the tallest running total first so smaller ones lie on top.
        out.reverse();
    }
    out
}

/// A decimal as a pixel coordinate (display only).
fn pixel(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

fn draw_failed<E: core::fmt::Debug>(error: E) -> Failure {
    Failure::internal(format!("cannot draw the chart: {error:?}"))
}

/// Puts `<title>` and a `<desc>` listing every series' exact values right
/// after the opening `<svg …>` tag.
fn with_description(svg: &str, title: &str, panels: &[Panel]) -> String {
    let mut desc = String::new();
    for panel in panels {
        for series in &panel.series {
            let values: Vec<String> = series.values.iter().map(ToString::to_string).collect();
            desc.push_str(&format!(
                "{} / {}: {}\n",
                panel.title,
                series.label,
                values.join(", ")
            ));
        }
    }
    let head = format!(
        "<title>{}</title>\n<desc>{}</desc>\n",
        escape(title),
        escape(&desc)
    );
    match svg.find("<svg").and_then(|at| {
        svg.get(at..)?
            .find('>')
            .map(|end| at.saturating_add(end).saturating_add(1))
    }) {
        Some(cut) => {
            let (open, rest) = svg.split_at(cut);
            format!("{open}\n{head}{rest}")
        }
        None => svg.to_owned(),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
