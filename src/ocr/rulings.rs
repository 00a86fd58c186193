//! Rulings in a page image: the long, thin dark runs a scanned table's lines leave
//! (horizontal and vertical), and the cells they enclose (the regions no rule crosses,
//! found as connected components, so that cells merged across rows or columns stay one).

use super::image::Gray;

/// A rule in pixels: x0 ≤ x1, y0 ≤ y1 (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixRule {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl PixRule {
    /// True when the rule is wider than high.
    pub fn horizontal(&self) -> bool {
        self.x1 - self.x0 >= self.y1 - self.y0
    }
}

/// How rules are told from text, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct RuleParams {
    /// A pixel darker than this is ink.
    pub dark: u8,
    /// A run of ink at least this long is (part of) a rule.
    pub min_len: usize,
    /// Light pixels a run may skip (a broken or faint scanned line).
    pub max_gap: usize,
    /// A rule thicker than this is a filled area or a picture, not a line.
    pub max_thick: usize,
    /// Pixels a rule may step across (up or down for a horizontal rule) along its length:
    /// a scan turned and turned back leaves its lines as staircases, whose treads are
    /// each shorter than `min_len` on a narrow column.
    pub step: usize,
}

/// The horizontal and vertical rules of an image: the runs of ink, and where those miss
/// part of a staircase (a rule whose treads are each too short), the parts of it found
/// with `step` allowed that no run covers.
pub fn find_rules(img: &Gray, p: &RuleParams) -> Vec<PixRule> {
    let (w, h) = (img.w, img.h);
    let dark: Vec<bool> = img.px.iter().map(|&v| v < p.dark).collect();
    let mut out = Vec::new();
    for horizontal in [true, false] {
        // Scan lines are rows for horizontal rules, columns for vertical ones.
        let (lines, len, stride) = if horizontal { (h, w, w) } else { (w, h, 1) };
        let at = |ink: &[bool], line: usize, pos: usize| if horizontal { ink[line * w + pos] } else { ink[pos * w + line] };
        let flat = runs_to_rules(lines, len, |l, q| at(&dark, l, q), p, p.max_thick, !horizontal);
        let mut more = Vec::new();
        if p.step > 0 {
            // A scan line sees the ink of the next `step` lines too, so that a staircase's
            // treads join into one run (each rule `step` pixels thicker, taken off after).
            let spread_ink = spread(&dark, w, h, p.step, stride);
            let stepped = runs_to_rules(lines, len, |l, q| at(&spread_ink, l, q), p, p.max_thick + p.step, !horizontal);
            for r in unstep(stepped, p.step, horizontal) {
                more.extend(uncovered(&r, &flat, horizontal, p));
            }
        }
        out.extend(flat);
        out.extend(more);
    }
    out
}

/// The parts of `r` that no rule of `flat` (same direction, within `step` across, ends
/// widened by `max_gap`) covers, each longer than `r` is thick.
fn uncovered(r: &PixRule, flat: &[PixRule], horizontal: bool, p: &RuleParams) -> Vec<PixRule> {
    // (along from, along to, across from, across to)
    let span = |r: &PixRule| if horizontal { (r.x0, r.x1, r.y0, r.y1) } else { (r.y0, r.y1, r.x0, r.x1) };
    let (a0, a1, c0, c1) = span(r);
    let mut cover: Vec<(usize, usize)> = flat
        .iter()
        .map(span)
        .filter(|f| f.2 <= c1 + p.step && c0 <= f.3 + p.step && f.0 <= a1 + p.max_gap && a0 <= f.1 + p.max_gap)
        .map(|f| (f.0.saturating_sub(p.max_gap), f.1 + p.max_gap))
        .collect();
    cover.sort_unstable();
    let mut out = Vec::new();
    let mut pos = a0;
    for (f0, f1) in cover.into_iter().chain([(a1 + 1, a1 + 1)]) {
        if pos > a1 {
            break;
        }
        let end = f0.min(a1 + 1);
        if end > pos && end - pos > c1 - c0 + 1 && end - pos > p.max_gap {
            let (s, e) = (pos, end - 1);
            out.push(if horizontal { PixRule { x0: s, y0: c0, x1: e, y1: c1 } } else { PixRule { x0: c0, y0: s, x1: c1, y1: e } });
        }
        pos = pos.max(f1 + 1);
    }
    out
}

/// `ink` where a pixel or one of the `step` pixels after it (`stride` apart: `w` down a
/// column, 1 along a row) is ink.
fn spread(ink: &[bool], w: usize, h: usize, step: usize, stride: usize) -> Vec<bool> {
    if step == 0 {
        return ink.to_vec();
    }
    let mut out = ink.to_vec();
    for y in 0..h {
        for x in 0..w {
            let room = if stride == 1 { w - 1 - x } else { h - 1 - y };
            let i = y * w + x;
            out[i] = (0..=step.min(room)).any(|k| ink[i + k * stride]);
        }
    }
    out
}

/// Rules found on spread ink, back to the ink's own extent (their first `step` scan lines
/// are the spread's).
fn unstep(rules: Vec<PixRule>, step: usize, horizontal: bool) -> Vec<PixRule> {
    rules
        .into_iter()
        .map(|mut r| {
            if horizontal {
                r.y0 = (r.y0 + step).min(r.y1);
            } else {
                r.x0 = (r.x0 + step).min(r.x1);
            }
            r
        })
        .collect()
}

/// Rules along one direction: `lines` scan lines of `len` pixels each; `ink(line, pos)`.
/// Long runs on neighbouring scan lines that overlap make one rule.
fn runs_to_rules(lines: usize, len: usize, ink: impl Fn(usize, usize) -> bool, p: &RuleParams, max_thick: usize, transposed: bool) -> Vec<PixRule> {
    // Open groups: (first line, last line, start, end).
    let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done: Vec<(usize, usize, usize, usize)> = Vec::new();
    for line in 0..lines {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut pos = 0;
        while pos < len {
            if !ink(line, pos) {
                pos += 1;
                continue;
            }
            let start = pos;
            let mut end = pos;
            let mut gap = 0;
            pos += 1;
            while pos < len && gap <= p.max_gap {
                if ink(line, pos) {
                    end = pos;
                    gap = 0;
                } else {
                    gap += 1;
                }
                pos += 1;
            }
            if end + 1 - start >= p.min_len {
                runs.push((start, end));
            }
        }
        let mut next: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (s, e) in runs {
            let hit = open.iter().position(|g| g.1 + 1 == line && s.max(g.2) <= e.min(g.3));
            match hit {
                Some(i) => {
                    let g = open.swap_remove(i);
                    next.push((g.0, line, g.2.min(s), g.3.max(e)));
                }
                None => next.push((line, line, s, e)),
            }
        }
        done.append(&mut open);
        open = next;
    }
    done.append(&mut open);
    done.into_iter()
        .filter(|g| g.1 - g.0 < max_thick)
        .map(|(l0, l1, s, e)| if transposed { PixRule { x0: l0, y0: s, x1: l1, y1: e } } else { PixRule { x0: s, y0: l0, x1: e, y1: l1 } })
        .collect()
}

/// The cells the rules enclose, as boxes (x0, y0, x1, y1; exclusive ends), top to bottom
/// then left to right: regions of the image no rule crosses that do not reach the
/// image's edge, at least `min_side` pixels both ways and smaller than `max_share` of the
/// image. Rules are widened by `pad` pixels so that a cell's box stays clear of its lines.
pub fn cells(w: usize, h: usize, rules: &[PixRule], pad: usize, min_side: usize, max_share: f32) -> Vec<(usize, usize, usize, usize)> {
    // Work at a quarter of the pixels: cells are large, and the labels stay cheap.
    const S: usize = 2;
    let (cw, ch) = (w.div_ceil(S), h.div_ceil(S));
    let mut wall = vec![false; cw * ch];
    for r in rules {
        let (x0, y0) = (r.x0.saturating_sub(pad) / S, r.y0.saturating_sub(pad) / S);
        let (x1, y1) = (((r.x1 + pad) / S).min(cw - 1), ((r.y1 + pad) / S).min(ch - 1));
        for y in y0..=y1 {
            for x in x0..=x1 {
                wall[y * cw + x] = true;
            }
        }
    }
    let mut seen = wall.clone();
    let mut out = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for start in 0..cw * ch {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        let mut area = 0usize;
        while let Some(i) = stack.pop() {
            let (x, y) = (i % cw, i / cw);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            area += 1;
            let mut push = |j: usize| {
                if !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                push(i - 1);
            }
            if x + 1 < cw {
                push(i + 1);
            }
            if y > 0 {
                push(i - cw);
            }
            if y + 1 < ch {
                push(i + cw);
            }
        }
        let edge = x0 == 0 || y0 == 0 || x1 + 1 == cw || y1 + 1 == ch;
        let (bw, bh) = ((x1 + 1 - x0) * S, (y1 + 1 - y0) * S);
        if edge || bw < min_side || bh < min_side || (bw * bh) as f32 > max_share * (w * h) as f32 {
            continue;
        }
        // A region much smaller than its box wraps around something: not a cell.
        if ((area * S * S) as f32) < 0.5 * (bw * bh) as f32 {
            continue;
        }
        out.push((x0 * S, y0 * S, ((x1 + 1) * S).min(w), ((y1 + 1) * S).min(h)));
    }
    out.sort_by_key(|c| (c.1, c.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 200 × 120 white image with a 2 × 2 grid of 2-pixel lines and a word-like blot.
    fn grid_image() -> Gray {
        let mut g = Gray::white(200, 120);
        for &y in &[10usize, 60, 110] {
            for x in 10..=190 {
                g.px[y * 200 + x] = 0;
                g.px[(y + 1) * 200 + x] = 0;
            }
        }
        for &x in &[10usize, 100, 190] {
            for y in 10..=111 {
                g.px[y * 200 + x] = 0;
                g.px[y * 200 + x + 1] = 0;
            }
        }
        for y in 30..38 {
            for x in 30..45 {
                g.px[y * 200 + x] = 0;
            }
        }
        g
    }

    #[test]
    fn grid_lines_are_rules_and_text_is_not() {
        let p = RuleParams { dark: 128, min_len: 40, max_gap: 2, max_thick: 6, step: 1 };
        let rules = find_rules(&grid_image(), &p);
        assert_eq!(rules.iter().filter(|r| r.horizontal()).count(), 3);
        assert_eq!(rules.iter().filter(|r| !r.horizontal()).count(), 3);
        let cs = cells(200, 120, &rules, 1, 10, 0.6);
        assert_eq!(cs.len(), 4, "{cs:?}");
        assert!(cs[0].0 > 10 && cs[0].2 < 100 && cs[0].1 > 10 && cs[0].3 < 60, "{:?}", cs[0]);
    }

    #[test]
    fn a_staircase_line_is_one_rule_when_steps_are_allowed() {
        // A 2-pixel line 120 pixels long that steps down by its thickness every 30 (a
        // turned scan): no scan line holds a run longer than 30.
        let mut g = Gray::white(160, 40);
        for x in 20..140 {
            let y = 15 + 2 * ((x - 20) / 30);
            g.px[y * 160 + x] = 0;
            g.px[(y + 1) * 160 + x] = 0;
        }
        let flat = RuleParams { dark: 128, min_len: 60, max_gap: 2, max_thick: 6, step: 0 };
        assert!(find_rules(&g, &flat).is_empty());
        let rules = find_rules(&g, &RuleParams { step: 2, ..flat });
        assert_eq!(rules.len(), 1, "{rules:?}");
        let r = rules[0];
        assert!(r.horizontal() && r.x0 <= 21 && r.x1 >= 138, "{r:?}");
        assert!(r.y0 >= 15 && r.y1 <= 22, "{r:?}");
    }
}
