//! Inline reference links in the browser: underlined, and told apart from the text by
//! colour too (issue 17.12, WCAG technique G183).
//!
//! Contrast is computed from the computed styles the browser applied, with the WCAG
//! relative-luminance formula: the link against the text around it (≥ 3:1) and against
//! the background behind it (≥ 4.5:1). The background is the first ancestor with an
//! opaque background colour.

use serde_json::{Value, json};

use crate::cdp::Browser;

/// Link text against the sentence around it.
const MIN_AGAINST_TEXT: f64 = 3.0;
/// Link text against the background (normal-size text).
const MIN_AGAINST_BACKGROUND: f64 = 4.5;

/// The measurements of every inline reference on the page (at most 40), as
/// `{ underlined, link, text, background }` with colours as `[r, g, b]`.
const MEASURE: &str = r#"(() => {
    const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
    const opaque = c => { const v = rgb(c); return v.length === 3 || (v.length === 4 && v[3] > 0.99); };
    const background = el => {
        for (let e = el; e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor;
            if (opaque(c)) return rgb(c).slice(0, 3);
        }
        return [255, 255, 255];
    };
    return Array.from(document.querySelectorAll('.prose a.ref')).slice(0, 40).map(a => {
        const style = getComputedStyle(a);
        return {
            href: a.getAttribute('href'),
            underlined: style.textDecorationLine.includes('underline'),
            link: rgb(style.color).slice(0, 3),
            text: rgb(getComputedStyle(a.parentElement).color).slice(0, 3),
            background: background(a),
        };
    });
})()"#;

/// Checks the inline references on the current page; returns how many it checked.
pub fn check_link_contrast(
    browser: &mut Browser,
    page: &str,
    scheme: &str,
    problems: &mut Vec<String>,
) -> usize {
    let links = browser.evaluate(MEASURE).unwrap_or_else(|e| panic!("{e}"));
    let links = links.as_array().cloned().unwrap_or_default();
    for link in &links {
        let href = link["href"].as_str().unwrap_or("?");
        if link["underlined"] != true {
            problems.push(format!(
                "{page} ({scheme}): inline reference to {href} is not underlined"
            ));
        }
        let (colour, text, background) = (
            colour(&link["link"]),
            colour(&link["text"]),
            colour(&link["background"]),
        );
        let against_text = contrast(colour, text);
        let against_background = contrast(colour, background);
        if against_text < MIN_AGAINST_TEXT || against_background < MIN_AGAINST_BACKGROUND {
            problems.push(format!(
                "{page} ({scheme}): inline reference to {href} {colour:?} has {against_text:.2}:1 \
                 against the text {text:?} (want {MIN_AGAINST_TEXT}) and \
                 {against_background:.2}:1 against the background {background:?} \
                 (want {MIN_AGAINST_BACKGROUND})"
            ));
        }
    }
    links.len()
}

/// Switches `prefers-color-scheme` to `dark`, or back to the default with `None`.
pub fn emulate_color_scheme(browser: &mut Browser, scheme: Option<&str>) {
    let features = match scheme {
        Some(value) => json!([{ "name": "prefers-color-scheme", "value": value }]),
        None => json!([]),
    };
    browser
        .call(
            "Emulation.setEmulatedMedia",
            json!({ "features": features }),
        )
        .unwrap_or_else(|e| panic!("{e}"));
}

fn colour(value: &Value) -> [f64; 3] {
    let channel = |i: usize| value[i].as_f64().unwrap_or(0.0);
    [channel(0), channel(1), channel(2)]
}

/// WCAG 2 contrast ratio of two sRGB colours (channels 0–255).
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

#[test]
fn contrast_matches_the_wcag_reference_values() {
    assert!((contrast([0.0; 3], [255.0; 3]) - 21.0).abs() < 1e-9);
    // #767676 on white is the well-known 4.54:1 grey.
    assert!((contrast([118.0; 3], [255.0; 3]) - 4.54).abs() < 0.01);
    assert!((contrast([31.0, 95.0, 214.0], [28.0, 35.0, 48.0]) - 2.75).abs() < 0.01);
}
