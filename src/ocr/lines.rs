//! Clean-up of the lines the engine read in one cell: a "line" that is only the marks of
//! a taller line next to it is dropped ([`drop_mark_lines`]).

use super::engine::OcrLine;

/// Drops the lines of one cell that are the upper or lower marks of a taller line read
/// as a line of their own. Thai marks stand a few rows apart from their letters, and
/// where a cell's lines are set tight the engine often cuts the marks of a line off as a
/// strip of its own, which it reads as junk letters and digits (the marks of ตัวชี้วัด as
/// "ฒฆรัม", of ที่ as "«"); that junk then sits inside the cell's text. Such a strip is
/// lower than `height_share` of a line it lies beside, is at least half inside that
/// line's columns, and at least `cover` of its rows are rows of such taller lines; a
/// short line of its own (the last letter of a wrapped word, a year) stands apart from
/// its neighbours by paper and is kept. The dropped marks are put back, where they are
/// missed, by the word repair.
pub fn drop_mark_lines(lines: &mut Vec<OcrLine>, height_share: f32, cover: f32) {
    if lines.len() < 2 || cover > 1.0 {
        return;
    }
    let boxes: Vec<(usize, usize, usize, usize)> = lines.iter().map(OcrLine::bbox).collect();
    let marks: Vec<bool> = boxes
        .iter()
        .enumerate()
        .map(|(i, &(x0, y0, x1, y1))| {
            let h = (y1 - y0).max(1);
            let w = (x1 - x0).max(1);
            // The taller lines beside this one, as row ranges.
            let taller: Vec<(usize, usize)> = boxes
                .iter()
                .enumerate()
                .filter(|&(j, o)| j != i && (h as f32) < height_share * (o.3 - o.1) as f32)
                .filter(|(_, o)| o.2.min(x1).saturating_sub(o.0.max(x0)) * 2 >= w)
                .map(|(_, o)| (o.1, o.3))
                .collect();
            let covered = (y0..y1).filter(|&y| taller.iter().any(|&(a, b)| (a..b).contains(&y))).count();
            !taller.is_empty() && covered as f32 >= cover * h as f32
        })
        .collect();
    let mut i = 0;
    lines.retain(|_| {
        i += 1;
        !marks[i - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::engine::OcrWord;

    fn line(x0: usize, y0: usize, x1: usize, y1: usize, text: &str) -> OcrLine {
        OcrLine { words: vec![OcrWord { x0, y0, x1, y1, text: text.into(), conf: 50.0 }] }
    }

    fn texts(lines: &[OcrLine]) -> Vec<&str> {
        lines.iter().map(|l| l.words[0].text.as_str()).collect()
    }

    #[test]
    fn a_strip_of_marks_inside_a_taller_line_is_dropped() {
        // The marks strip overlaps the line under it by 24 of its 38 rows.
        let mut l = vec![line(118, 247, 234, 285, "junk"), line(114, 261, 437, 325, "text")];
        drop_mark_lines(&mut l, 0.7, 0.4);
        assert_eq!(texts(&l), vec!["text"]);
        // Between two lines, covered by both.
        let mut l = vec![line(24, 0, 504, 72, "one"), line(243, 59, 524, 90, "junk"), line(7, 73, 517, 134, "two")];
        drop_mark_lines(&mut l, 0.7, 0.4);
        assert_eq!(texts(&l), vec!["one", "two"]);
    }

    #[test]
    fn short_lines_of_their_own_stay() {
        // The end of a wrapped word under its line, paper between them.
        let mut l = vec![line(18, 159, 173, 234, "word"), line(80, 247, 110, 279, "end")];
        drop_mark_lines(&mut l, 0.7, 0.4);
        assert_eq!(l.len(), 2);
        // Touching a tall line by a row or two only.
        let mut l = vec![line(5, 0, 175, 82, "tall"), line(4, 81, 151, 113, "next")];
        drop_mark_lines(&mut l, 0.7, 0.4);
        assert_eq!(l.len(), 2);
        // Beside a taller line but in other columns.
        let mut l = vec![line(0, 10, 100, 74, "left"), line(300, 20, 360, 50, "right")];
        drop_mark_lines(&mut l, 0.7, 0.4);
        assert_eq!(l.len(), 2);
        // Off (cover above 1).
        let mut l = vec![line(118, 247, 234, 285, "junk"), line(114, 261, 437, 325, "text")];
        drop_mark_lines(&mut l, 0.7, 1.5);
        assert_eq!(l.len(), 2);
    }

    #[test]
    fn on_a_page_the_marks_over_a_wide_line_go_and_a_short_line_apart_stays() {
        // A page's line across 1000 px, the strip of its upper marks over part of it, and
        // a short header line (a row of years) standing apart above.
        let mut l = vec![line(0, 60, 200, 75, "60 61"), line(200, 92, 400, 108, "we aw"), line(0, 100, 1000, 140, "text across the page")];
        drop_mark_lines(&mut l, 0.7, 0.4);
        assert_eq!(texts(&l), vec!["60 61", "text across the page"]);
    }
}
