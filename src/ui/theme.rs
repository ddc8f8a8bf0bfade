//! Design tokens: colours, spacing and the light/dark visuals. Views never hard-code colours.

use egui::{Color32, Context};

/// Applies the light or dark theme with our spacing.
pub fn apply(ctx: &Context, dark: bool) {
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        // egui's 200 px hides the last of eight purchasers behind a scroll bar; a list shows
        // its entries whole up to this height, then scrolls.
        style.spacing.combo_height = COMBO_HEIGHT;
    });
}

/// The tallest a drop-down list grows before it scrolls: 16 entries.
pub const COMBO_HEIGHT: f32 = 16.0 * 24.0 + 16.0;

/// Better than the baseline (lower cost, higher quality).
pub fn good(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(110, 200, 130)
    } else {
        Color32::from_rgb(20, 120, 50)
    }
}

/// Worse than the baseline.
pub fn bad(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(240, 120, 110)
    } else {
        Color32::from_rgb(180, 40, 30)
    }
}

/// Accent for selections, badges and chart highlights.
pub fn accent(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(120, 170, 255)
    } else {
        Color32::from_rgb(30, 90, 200)
    }
}

/// Secondary text.
pub fn muted(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(150)
    } else {
        Color32::from_gray(110)
    }
}

/// Distinct series colours for charts.
pub fn series(i: usize) -> Color32 {
    const PALETTE: [Color32; 8] = [
        Color32::from_rgb(31, 119, 180),
        Color32::from_rgb(255, 127, 14),
        Color32::from_rgb(44, 160, 44),
        Color32::from_rgb(214, 39, 40),
        Color32::from_rgb(148, 103, 189),
        Color32::from_rgb(140, 86, 75),
        Color32::from_rgb(227, 119, 194),
        Color32::from_rgb(23, 190, 207),
    ];
    PALETTE[i % PALETTE.len()]
}

/// Height of a table row.
pub const ROW_HEIGHT: f32 = 22.0;
/// Width of the workspace panel.
pub const SIDE_PANEL_WIDTH: f32 = 230.0;

/// Windows at least this wide show the workspace panel by default (the app's own 1360 px
/// window does); narrower ones (1280 px laptops) give its room to the view.
pub const WIDE_WINDOW: f32 = 1340.0;

/// Heat-map fill for a value at `t` ∈ [0, 1] between the lowest (green) and highest (red).
pub fn heat(t: f32, dark: bool) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let (g, r) = (good(dark), bad(dark));
    let mix = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t) as u8;
    let alpha = if dark { 90 } else { 60 };
    Color32::from_rgba_unmultiplied(
        mix(g.r(), r.r()),
        mix(g.g(), r.g()),
        mix(g.b(), r.b()),
        alpha,
    )
}

/// One hue from light to dark, for values where neither direction is better.
pub fn heat_neutral(t: f32, dark: bool) -> Color32 {
    let alpha = (20.0 + 100.0 * t.clamp(0.0, 1.0)) as u8;
    let (r, g, b) = if dark { (120, 160, 230) } else { (40, 90, 180) };
    Color32::from_rgba_unmultiplied(r, g, b, alpha)
}

/// Plot grid steps of 1, 2 or 5 × 10ⁿ giving about five labelled lines over the visible
/// range, so a narrow range (a $540-$690 PMPM line) still shows several values.
pub fn nice_grid_spacer() -> impl Fn(egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    egui_plot::uniform_grid_spacer(|input| {
        let span = (input.bounds.1 - input.bounds.0).abs().max(1e-9);
        let rough = span / 5.0;
        let power = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * power)
            .find(|s| *s >= rough)
            .unwrap_or(10.0 * power);
        // Nested levels (each a multiple of the one below), so no mark of one level sits
        // beside a mark of another: 1 / 5 / 10, 0.5 / 2 / 4, 0.2 / 1 / 2.
        let mantissa = (step / power).round();
        let small = if mantissa == 2.0 {
            step / 4.0
        } else {
            step / 5.0
        };
        [small, step, step * 2.0]
    })
}

/// An axis mark in percent, with a decimal only where it has one: the half-steps of
/// `nice_grid_spacer` read `-7.5%`, never a second `-8%` beside `-8%`.
pub fn axis_percent(value: f64) -> String {
    if (value - value.round()).abs() < 1e-6 {
        crate::format::no_negative_zero(format!("{value:.0}%"))
    } else {
        crate::format::no_negative_zero(format!("{value:.1}%"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn half_step_axis_marks_keep_their_decimal() {
        assert_eq!(super::axis_percent(-7.5), "-7.5%");
        assert_eq!(super::axis_percent(-8.0), "-8%");
        assert_eq!(super::axis_percent(-0.0), "0%");
    }

    #[test]
    fn a_drop_down_of_a_dozen_entries_shows_every_one_without_scrolling() {
        let ctx = egui::Context::default();
        super::apply(&ctx, false);
        let row = 24.0;
        assert!(ctx.style_of(egui::Theme::Light).spacing.combo_height >= 13.0 * row);
    }
}
