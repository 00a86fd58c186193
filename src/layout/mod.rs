//! Layout: turns what ingest read into lines, and groups lines into table blocks and
//! text blocks, in document order.
//!
//! A PDF's raw pages are laid out by [`pdf`] (glyphs → lines and cells, with the
//! tolerances of [`LayoutSettings`]); a text document's lines are already lines.
//!
//! A table block is a run of tabular lines (blank lines end it); a text block is a run of
//! non-blank, non-tabular lines. A lone tabular line with at most one non-empty cell
//! (a TAB left in running text) is text, not a table.

pub mod pdf;
pub mod settings;

pub use settings::LayoutSettings;

use crate::model::{Block, Line};

/// Splits lines into blocks. Blank lines separate blocks and are dropped.
pub fn blocks(lines: Vec<Line>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    let mut cur_tab = false;
    let flush = |cur: &mut Vec<Line>, tab: bool, out: &mut Vec<Block>| {
        if cur.is_empty() {
            return;
        }
        let run = std::mem::take(cur);
        if tab && !(run.len() == 1 && run[0].cells.iter().filter(|c| !c.is_empty()).count() <= 1) {
            out.push(Block::Table(run));
        } else {
            out.push(Block::Text(run));
        }
    };
    for line in lines {
        if line.is_blank() {
            flush(&mut cur, cur_tab, &mut out);
            continue;
        }
        if !cur.is_empty() && (line.tabular != cur_tab || line.page != cur[0].page && !line.tabular) {
            flush(&mut cur, cur_tab, &mut out);
        }
        cur_tab = line.tabular;
        cur.push(line);
    }
    flush(&mut cur, cur_tab, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::split_lines;

    #[test]
    fn groups_tab_runs_and_text_runs() {
        let b = blocks(split_lines("title\nsub\n\na\tb\nc\td\n\nend\tx\nlone\t\n"));
        let kinds: Vec<(bool, usize)> =
            b.iter().map(|b| match b { Block::Table(l) => (true, l.len()), Block::Text(l) => (false, l.len()) }).collect();
        assert_eq!(kinds, vec![(false, 2), (true, 2), (true, 2)]);
        let b = blocks(split_lines("x\n\nlone\t\n"));
        assert!(matches!(&b[1], Block::Text(l) if l.len() == 1));
    }
}
