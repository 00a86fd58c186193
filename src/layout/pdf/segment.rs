//! Segmenting a page into tables: which ruled regions are tables and which are frames
//! drawn around other content (a box around a page or around a table is not itself a
//! one-cell table).

use super::grid::Grid;
use super::LayoutSettings;

/// Whether the grid is a box drawn around other content: no inner vertical rule, its
/// two sides drawn over most of its height, and another grid inside it.
fn is_frame(g: &Grid, all: &[Grid], set: &LayoutSettings) -> bool {
    if g.xs.len() != 2 {
        return false;
    }
    let (x0, x1) = (g.xs[0], g.xs[1]);
    let (top, bottom) = (g.ys[0], g.ys[g.ys.len() - 1]);
    let height = top - bottom;
    let side = |x: f32| {
        let drawn: f32 = g.v.iter().filter(|r| (r.x0 - x).abs() <= set.rule_match).map(|r| r.y1 - r.y0).sum();
        drawn >= set.frame_side_share * height
    };
    if !side(x0) || !side(x1) {
        return false;
    }
    let e = set.grid_slack;
    all.iter().any(|o| {
        !std::ptr::eq(o, g)
            && o.xs[0] >= x0 - e
            && o.xs[o.xs.len() - 1] <= x1 + e
            && o.ys[0] <= top + e
            && o.ys[o.ys.len() - 1] >= bottom - e
            && o.area() < g.area()
    })
}

/// The grids that are tables: frames drawn around other grids are dropped, so that what
/// they hold is laid out as the page is (their inner grids, unruled tables, text).
pub(super) fn table_grids(gs: Vec<Grid>, set: &LayoutSettings) -> Vec<Grid> {
    let keep: Vec<bool> = gs.iter().map(|g| !is_frame(g, &gs, set)).collect();
    gs.into_iter().zip(keep).filter(|(_, k)| *k).map(|(g, _)| g).collect()
}

#[cfg(test)]
mod tests {
    use super::super::grid::grids;
    use super::super::testutil::{hrule, ruled_grid, vrule};
    use super::*;

    #[test]
    fn a_box_around_a_table_is_a_frame_not_a_table() {
        let set = LayoutSettings::default();
        // A box 50..550 x 100..800, and inside it a 3-column grid.
        let mut rs = vec![hrule(50.0, 550.0, 800.0), hrule(50.0, 550.0, 100.0), vrule(50.0, 100.0, 800.0), vrule(550.0, 100.0, 800.0)];
        rs.extend(ruled_grid(&[100.0, 200.0, 300.0, 400.0], &[600.0, 580.0, 560.0]));
        let gs = table_grids(grids(&rs, &set), &set);
        assert_eq!(gs.len(), 1);
        assert_eq!(gs[0].xs.len(), 4);
    }

    #[test]
    fn a_box_alone_and_a_grid_with_columns_around_a_table_are_kept() {
        let set = LayoutSettings::default();
        let rs = vec![hrule(50.0, 550.0, 800.0), hrule(50.0, 550.0, 100.0), vrule(50.0, 100.0, 800.0), vrule(550.0, 100.0, 800.0)];
        assert_eq!(table_grids(grids(&rs, &set), &set).len(), 1);
        // An outer grid with a column rule holds a table in one of its cells: both stay.
        let mut rs = ruled_grid(&[50.0, 150.0, 550.0], &[800.0, 100.0]);
        rs.extend(ruled_grid(&[200.0, 300.0, 400.0], &[600.0, 580.0, 560.0]));
        assert_eq!(table_grids(grids(&rs, &set), &set).len(), 2);
    }
}
