//! Deskew: a scan turned by a small angle (up to about a degree and a half) is turned
//! back before its rules are looked for, since a tilted rule is no long horizontal run.
//! The angle is the one at which the rows of ink line up best (the sharpest projection
//! profile), found on a reduced image.

use super::image::Gray;

/// The page's tilt in degrees (positive: the content runs upward to the right), searched
/// within ±`max_deg` in steps of `step_deg`; 0 when nothing is gained.
pub fn skew_angle(img: &Gray, dark: u8, max_deg: f32, step_deg: f32) -> f32 {
    const S: usize = 4;
    let pts: Vec<(f32, f32)> = (0..img.h / S)
        .flat_map(|y| (0..img.w / S).map(move |x| (x, y)))
        .filter(|&(x, y)| img.px[y * S * img.w + x * S] < dark)
        .map(|(x, y)| (x as f32, y as f32))
        .collect();
    if pts.len() < 100 || step_deg <= 0.0 {
        return 0.0;
    }
    let rows = img.h / S;
    let score = |deg: f32| -> f64 {
        let t = deg.to_radians().tan();
        let mut bins = vec![0u32; rows * 2 + 4];
        for &(x, y) in &pts {
            // The row a point falls in once the page is turned back by `deg`.
            let r = y + x * t + rows as f32 / 2.0;
            if r >= 0.0 && (r as usize) < bins.len() {
                bins[r as usize] += 1;
            }
        }
        bins.iter().map(|&b| (b as f64) * (b as f64)).sum()
    };
    let steps = (max_deg / step_deg).round() as i32;
    let flat = score(0.0);
    let (mut best, mut best_score) = (0.0f32, flat);
    for k in -steps..=steps {
        let deg = k as f32 * step_deg;
        let s = score(deg);
        if s > best_score * 1.0001 {
            (best, best_score) = (deg, s);
        }
    }
    best
}

/// The image turned by `deg` degrees about its centre (nearest pixel; white outside).
pub fn rotate(img: &Gray, deg: f32) -> Gray {
    if deg == 0.0 {
        return img.clone();
    }
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (img.w as f32 / 2.0, img.h as f32 / 2.0);
    let mut out = Gray::white(img.w, img.h);
    for y in 0..img.h {
        let dy = y as f32 - cy;
        for x in 0..img.w {
            let dx = x as f32 - cx;
            // The source pixel: the output point turned back.
            let sx = c * dx + s * dy + cx;
            let sy = -s * dx + c * dy + cy;
            out.px[y * img.w + x] = img.at(sx.round() as isize, sy.round() as isize);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilted_set_of_lines_is_measured_and_turned_back() {
        let mut g = Gray::white(800, 600);
        for k in 0..10 {
            for x in 50..750 {
                g.px[(100 + 40 * k) * 800 + x] = 0;
            }
        }
        assert_eq!(skew_angle(&g, 128, 1.5, 0.1), 0.0);
        let tilted = rotate(&g, 0.8);
        let a = skew_angle(&tilted, 128, 1.5, 0.1);
        assert!((a.abs() - 0.8).abs() < 0.15, "{a}");
        let back = rotate(&tilted, a);
        assert!(skew_angle(&back, 128, 1.5, 0.1).abs() < 0.15);
    }
}
