//! Design tokens: colours, spacing and the light/dark visuals. Views never hard-code colours.

use egui::{Color32, Context};

/// Applies the light or dark theme with our spacing.
pub fn apply(ctx: &Context, dark: bool) {
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    for (theme, dark) in [(egui::Theme::Light, false), (egui::Theme::Dark, true)] {
        ctx.style_mut_of(theme, |style| readable_colours(&mut style.visuals, dark));
    }
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        // egui's 200 px hides the last of eight purchasers behind a scroll bar; a list shows
        // its entries whole up to this height, then scrolls.
        style.spacing.combo_height = COMBO_HEIGHT;
    });
}

/// Text colours that meet WCAG's 4.5:1 on every background of the theme: egui's weak text,
/// links, warnings and errors fall short of it (2.7 to 4.3).
fn readable_colours(v: &mut egui::Visuals, dark: bool) {
    v.weak_text_color = Some(muted(dark));
    v.hyperlink_color = accent(dark);
    v.error_fg_color = bad(dark);
    v.warn_fg_color = if dark {
        Color32::from_rgb(255, 170, 80)
    } else {
        Color32::from_rgb(150, 75, 0)
    };
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

/// The keyboard focus ring: a 2 px outline at least 3:1 against the panel.
pub fn focus_ring(dark: bool) -> Color32 {
    accent(dark)
}

/// A series colour for the theme's plot background (the same hue, lighter on dark).
pub fn series_on(i: usize, dark: bool) -> Color32 {
    let c = series(i);
    if !dark {
        return c;
    }
    let lift = |v: u8| (v as f32 + (255.0 - v as f32) * 0.35) as u8;
    Color32::from_rgb(lift(c.r()), lift(c.g()), lift(c.b()))
}

/// Distinct series colours for charts, each at least 3:1 against a light plot (the dark
/// theme lifts them with `series_on`).
pub fn series(i: usize) -> Color32 {
    const PALETTE: [Color32; 8] = [
        Color32::from_rgb(31, 119, 180),
        Color32::from_rgb(214, 96, 0),
        Color32::from_rgb(44, 160, 44),
        Color32::from_rgb(214, 39, 40),
        Color32::from_rgb(148, 103, 189),
        Color32::from_rgb(140, 86, 75),
        Color32::from_rgb(200, 82, 160),
        Color32::from_rgb(0, 140, 160),
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

/// `c` painted over the opaque `under`, as egui blends (premultiplied alpha; an alpha of 0
/// adds light, as egui's striped-row colour does).
pub fn painted_over(c: Color32, under: Color32) -> Color32 {
    let keep = 1.0 - c.a() as f32 / 255.0;
    let mix = |a: u8, b: u8| (a as f32 + b as f32 * keep).round().min(255.0) as u8;
    Color32::from_rgb(
        mix(c.r(), under.r()),
        mix(c.g(), under.g()),
        mix(c.b(), under.b()),
    )
}

/// WCAG 2.1 contrast ratio between `text` painted over the opaque `under` and `under`
/// itself (1 to 21).
pub fn contrast_ratio(text: Color32, under: Color32) -> f64 {
    let luminance = |c: Color32| {
        let lin = |v: u8| {
            let s = v as f64 / 255.0;
            if s <= 0.040_45 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    };
    let (a, b) = (luminance(painted_over(text, under)), luminance(under));
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    (hi + 0.05) / (lo + 0.05)
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
    use super::*;

    /// Every text colour against every background it is drawn on, and every chart colour
    /// against the plot's background, in one theme; the failures in words.
    fn contrast_failures(dark: bool) -> Vec<String> {
        let ctx = egui::Context::default();
        apply(&ctx, dark);
        let v = ctx
            .style_of(if dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            })
            .visuals
            .clone();
        let backgrounds = [
            ("panel", v.panel_fill),
            ("window", v.window_fill),
            ("text field", v.extreme_bg_color),
            ("striped row", painted_over(v.faint_bg_color, v.panel_fill)),
        ];
        let mut texts = vec![
            ("text", v.text_color()),
            ("weak text", v.weak_text_color()),
            ("strong text", v.strong_text_color()),
            ("link", v.hyperlink_color),
            ("better", good(dark)),
            ("worse", bad(dark)),
            ("accent", accent(dark)),
            ("muted", muted(dark)),
        ];
        texts.push(("warning", v.warn_fg_color));
        texts.push(("error", v.error_fg_color));
        let mut out = Vec::new();
        for (t, tc) in &texts {
            for (b, bc) in &backgrounds {
                let r = contrast_ratio(*tc, *bc);
                if r < 4.5 {
                    out.push(format!("{t} on {b}: {r:.2}"));
                }
            }
        }
        for (state, w) in [
            ("button", &v.widgets.inactive),
            ("hovered button", &v.widgets.hovered),
            ("pressed button", &v.widgets.active),
        ] {
            let r = contrast_ratio(
                w.fg_stroke.color,
                painted_over(w.weak_bg_fill, v.panel_fill),
            );
            if r < 4.5 {
                out.push(format!("{state} text: {r:.2}"));
            }
        }
        let r = contrast_ratio(
            v.selection.stroke.color,
            painted_over(v.selection.bg_fill, v.panel_fill),
        );
        if r < 4.5 {
            out.push(format!("selected text: {r:.2}"));
        }
        for i in 0..8 {
            let r = contrast_ratio(series_on(i, dark), v.extreme_bg_color);
            if r < 3.0 {
                out.push(format!("chart series {i}: {r:.2}"));
            }
        }
        let r = contrast_ratio(focus_ring(dark), v.panel_fill);
        if r < 3.0 {
            out.push(format!("focus ring: {r:.2}"));
        }
        out
    }

    #[test]
    fn the_light_theme_meets_wcag_contrast() {
        let failures = contrast_failures(false);
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn the_dark_theme_meets_wcag_contrast() {
        let failures = contrast_failures(true);
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn contrast_ratio_matches_wcag_reference_values() {
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        // #767676 on white is the lightest grey that passes 4.5:1 (4.54).
        let r = contrast_ratio(Color32::from_gray(0x76), Color32::WHITE);
        assert!((r - 4.54).abs() < 0.01, "{r}");
    }

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
