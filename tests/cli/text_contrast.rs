//! Text contrast in the browser, in both colour schemes (issue 17.5, 17.12): every
//! visible piece of text against what is behind it, from the computed styles the
//! browser applied, with the WCAG relative-luminance formula: at least 4.5:1, or 3:1
//! for large text. Behind an element are its ancestors' backgrounds blended upward to
//! the first opaque one; behind a graph label, its box's fill. Text faded on purpose
//! (an opacity below 1, like the graph's focus mode) is not measured.

use crate::cdp::Browser;

/// Every element whose own text is under the contrast it needs, once per element kind
/// and ratio, as `{ element, text, ratio, fg, bg }`.
const MEASURE: &str = r#"(() => {
    const rgba = c => (c.match(/[\d.]+/g) || []).map(Number);
    const parse = c => { const v = rgba(c); return v.length >= 3 ? [v[0], v[1], v[2], v.length === 4 ? v[3] : 1] : null; };
    const blend = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3]));
    const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    // The colour behind an element: its ancestors' backgrounds, blended bottom-up.
    const behind = el => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c && c[3] > 0) { layers.push(c); if (c[3] > 0.99) break; }
        }
        let colour = parse(getComputedStyle(document.documentElement).backgroundColor) || [255, 255, 255, 1];
        if (colour[3] < 1) colour = [255, 255, 255, 1];
        colour = colour.slice(0, 3);
        for (const c of layers.reverse()) colour = blend(c, colour);
        return colour;
    };
    const faded = el => { for (let e = el; e; e = e.parentElement) if (parseFloat(getComputedStyle(e).opacity) < 1) return true; return false; };
    const problems = [];
    const seen = new Set();
    for (const el of document.querySelectorAll('body *')) {
        const own = Array.from(el.childNodes).filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim()).join(' ');
        if (!own || el.closest('[hidden], .visually-hidden, .sr-only, svg title') || !el.getClientRects().length || faded(el)) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        let fg, bg;
        if (el instanceof SVGElement) {
            const node = el.closest('a.node, g');
            const rect = node && node.querySelector('rect');
            fg = parse(style.fill);
            bg = rect ? blend(parse(getComputedStyle(rect).fill) || [255, 255, 255, 1], behind(el.ownerSVGElement)) : behind(el.ownerSVGElement);
        } else {
            fg = parse(style.color);
            bg = behind(el);
        }
        if (!fg) continue;
        fg = blend(fg, bg);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
        const r = ratio(fg, bg);
        const min = large ? 3 : 4.5;
        const key = el.tagName + '.' + (el.getAttribute('class') || '') + ':' + Math.round(r * 100);
        if (r < min && !seen.has(key)) {
            seen.add(key);
            problems.push({ element: el.tagName.toLowerCase() + (el.getAttribute('class') ? '.' + el.getAttribute('class').split(' ').join('.') : ''), text: own.slice(0, 40), ratio: Math.round(r * 100) / 100, fg: fg.map(Math.round), bg: bg.map(Math.round) });
        }
    }
    return problems;
})()"#;

/// Checks the text on the current page in the current colour scheme.
pub fn check_text_contrast(
    browser: &mut Browser,
    page: &str,
    scheme: &str,
    problems: &mut Vec<String>,
) {
    let found = browser.evaluate(MEASURE).unwrap_or_else(|e| panic!("{e}"));
    for p in found.as_array().into_iter().flatten() {
        problems.push(format!(
            "{page} ({scheme}): {} \"{}\" has contrast {}:1 ({} on {})",
            p["element"].as_str().unwrap_or("?"),
            p["text"].as_str().unwrap_or(""),
            p["ratio"],
            p["fg"],
            p["bg"]
        ));
    }
}
