//! Nothing is lost: every non-blank line of every seed ends up in a table row (or is
//! joined into one), in a table's header or its repeated headers, or in the running text;
//! and the characters of the output's raw text are exactly those of the source.

mod common;

use std::collections::{BTreeMap, HashMap};

fn char_bag(s: &str) -> HashMap<char, usize> {
    let mut b = HashMap::new();
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        *b.entry(c).or_insert(0) += 1;
    }
    b
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_source_line_and_character_is_accounted_for() {
    let pipeline = planx::Pipeline::new(None).unwrap();
    for sample in common::samples() {
        let source = std::fs::read_to_string(&sample).unwrap();
        let lines: Vec<&str> = source.split('\n').collect();
        let x = pipeline.extract(&sample).unwrap();

        // Where each line went.
        let mut placed: BTreeMap<u32, &str> = BTreeMap::new();
        let mut out_text = String::new();
        for t in &x.tables {
            for r in &t.rows {
                placed.insert(r.line, "row");
                for l in &r.joined_lines {
                    placed.insert(*l, "joined");
                }
                for c in &r.cells {
                    out_text.push_str(&c.text);
                    out_text.push(' ');
                }
            }
            // A repeated header is dropped from the rows only when it says what the header says.
            let header: String = t.rows[..t.header_rows].iter().flat_map(|r| r.cells.iter()).map(|c| squash(&c.norm)).collect();
            let repeated: String = t.repeated_header_lines.iter().map(|&l| squash(&pipeline.normalizer().normalize(lines[l as usize - 1]).text)).collect();
            for l in &t.repeated_header_lines {
                placed.insert(*l, "repeated header");
            }
            let per_copy = t.repeated_header_lines.len() / t.header_rows.max(1);
            assert_eq!(repeated, header.repeat(per_copy), "{}: table {} dropped repeated header lines that differ from its header", sample.display(), t.id);
        }
        for tl in &x.text {
            placed.insert(tl.line, "text");
            out_text.push_str(&tl.text);
            out_text.push(' ');
        }

        let mut src_text = String::new();
        for (i, l) in lines.iter().enumerate() {
            let n = (i + 1) as u32;
            if l.trim().is_empty() {
                continue;
            }
            let how = placed.get(&n).copied();
            assert!(how.is_some(), "{}: line {n} is in no row, header or text: {l:?}", sample.display());
            if how != Some("repeated header") {
                src_text.push_str(l);
                src_text.push(' ');
            }
        }
        assert_eq!(char_bag(&out_text), char_bag(&src_text), "{}: characters differ between source and output", sample.display());
    }
}
