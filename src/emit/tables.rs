//! A document's tables as CSV: by default one file for the whole document
//! (`OUT/<stem>.tables.csv`, [`tables_csv`]), or with `--csv-per-table` one file per table
//! under `OUT/<stem>/` ([`table_csv`], the earlier layout). Both say the same: each
//! column's header path, then every row (header rows included) with normalized text.

use super::csvw;
use crate::model::{Column, Row, Table};
use std::path::{Path, PathBuf};

/// How a document's tables are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TablesLayout {
    /// One CSV for all the tables of a document: `OUT/<stem>.tables.csv`.
    #[default]
    OneFile,
    /// One CSV per table: `OUT/<stem>/<table id>.csv`.
    PerTable,
}

/// The file name of a document's combined tables CSV in the output folder.
pub fn tables_csv_name(stem: &str) -> String {
    format!("{stem}.tables.csv")
}

/// Where `--csv-per-table` writes table `id` of document `stem`: `out/<stem>/<id>.csv`.
pub fn table_csv_path(out: &Path, stem: &str, id: &str) -> PathBuf {
    out.join(stem).join(format!("{id}.csv"))
}

/// A column's name in the CSV: its header path joined with " / ", or `column N` when the
/// table printed no header above it.
fn column_name(c: &Column) -> String {
    if c.path.is_empty() {
        format!("column {}", c.index + 1)
    } else {
        c.path.join(" / ")
    }
}

/// A row's leading fields: kind, page, line, section (sections joined with " > ").
fn row_lead(r: &Row) -> [String; 4] {
    [r.kind.name().to_string(), r.page.to_string(), r.line.to_string(), r.section.join(" > ")]
}

/// A table as CSV: one header line (`kind,page,line,section`, then each column's name),
/// then every row, header rows included, with normalized text.
pub fn table_csv(t: &Table, bom: bool) -> Vec<u8> {
    let mut buf = Vec::new();
    if bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut head = vec!["kind".to_string(), "page".into(), "line".into(), "section".into()];
    head.extend(t.columns.iter().map(column_name));
    csvw::record(&mut buf, &head);
    for r in &t.rows {
        let lead = row_lead(r);
        csvw::record(&mut buf, lead.iter().map(String::as_bytes).chain(r.cells.iter().map(|c| c.norm.as_bytes())));
    }
    buf
}

/// All the tables of a document as one rectangular CSV: header
/// `table,kind,page,line,section,column 1,…,column N` with N the widest table's columns.
/// Each table gives first a row of kind `columns` whose cells are its column names (as
/// the first line of its [`table_csv`]), then its rows as there; narrower tables are
/// padded with empty fields. A document without tables gives the header alone.
pub fn tables_csv(tables: &[Table], bom: bool) -> Vec<u8> {
    let width = tables.iter().map(|t| t.columns.len().max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0))).max().unwrap_or(0);
    let mut buf = Vec::new();
    if bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut head = vec!["table".to_string(), "kind".into(), "page".into(), "line".into(), "section".into()];
    head.extend((1..=width).map(|i| format!("column {i}")));
    csvw::record(&mut buf, &head);
    let pad = |n: usize| std::iter::repeat(&b""[..]).take(width.saturating_sub(n));
    for t in tables {
        let id = t.id.as_bytes();
        let names: Vec<String> = t.columns.iter().map(column_name).collect();
        let lead: [&[u8]; 5] = [id, b"columns", b"", b"", b""];
        csvw::record(&mut buf, lead.into_iter().chain(names.iter().map(String::as_bytes)).chain(pad(names.len())));
        for r in &t.rows {
            let lead = row_lead(r);
            let cells = r.cells.iter().map(|c| c.norm.as_bytes());
            csvw::record(&mut buf, std::iter::once(id).chain(lead.iter().map(String::as_bytes)).chain(cells).chain(pad(r.cells.len())));
        }
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OutCell, RowKind};

    fn row(kind: RowKind, page: u32, line: u32, section: &[&str], cells: &[&str]) -> Row {
        Row {
            kind,
            page,
            line,
            section: section.iter().map(|s| s.to_string()).collect(),
            cells: cells.iter().map(|c| OutCell { text: format!("raw {c}"), norm: c.to_string(), ..Default::default() }).collect(),
            flags: Vec::new(),
            joined_lines: Vec::new(),
            bbox: None,
        }
    }

    fn table(id: &str, paths: &[&[&str]], rows: Vec<Row>) -> Table {
        Table {
            id: id.into(),
            pages: vec![1],
            header_rows: rows.iter().filter(|r| r.kind == RowKind::Header).count(),
            columns: paths.iter().enumerate().map(|(index, p)| Column { index, path: p.iter().map(|s| s.to_string()).collect() }).collect(),
            rows,
            duplicate_of: None,
            source_lines: Vec::new(),
            repeated_header_lines: Vec::new(),
            flags: Vec::new(),
            boxes: Vec::new(),
        }
    }

    fn two_tables() -> Vec<Table> {
        let t1 = table(
            "t1",
            &[&["รายการ"], &["งบประมาณ", "2569"], &[]],
            vec![
                row(RowKind::Header, 1, 3, &[], &["รายการ", "งบประมาณ 2569", ""]),
                row(RowKind::Data, 1, 5, &["แผนงาน ก", "โครงการ"], &["say \"hi\", then\nbreak", "1,000", "x"]),
            ],
        );
        let t2 = table("t2", &[&["a"], &[]], vec![row(RowKind::Total, 2, 9, &[], &["รวม", "7"])]);
        vec![t1, t2]
    }

    fn parse(bytes: &[u8]) -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
        r.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
    }

    #[test]
    fn all_tables_in_one_rectangular_csv() {
        let tables = two_tables();
        let rows = parse(&tables_csv(&tables, false));
        let want: Vec<Vec<&str>> = vec![
            vec!["table", "kind", "page", "line", "section", "column 1", "column 2", "column 3"],
            vec!["t1", "columns", "", "", "", "รายการ", "งบประมาณ / 2569", "column 3"],
            vec!["t1", "header", "1", "3", "", "รายการ", "งบประมาณ 2569", ""],
            vec!["t1", "data", "1", "5", "แผนงาน ก > โครงการ", "say \"hi\", then\nbreak", "1,000", "x"],
            vec!["t2", "columns", "", "", "", "a", "column 2", ""],
            vec!["t2", "total", "2", "9", "", "รวม", "7", ""],
        ];
        assert_eq!(rows, want);
        // Every table's part says what its own CSV says: the columns row is that file's
        // header line (after kind,page,line,section), and the rows are its rows.
        for t in &tables {
            let own = parse(&table_csv(t, false));
            let part: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == t.id).collect();
            assert_eq!(part[0][5..5 + t.columns.len()], own[0][4..]);
            for (mine, theirs) in part[1..].iter().zip(&own[1..]) {
                assert_eq!(mine[1..1 + theirs.len()], theirs[..]);
            }
            assert_eq!(part.len(), own.len());
        }
    }

    #[test]
    fn byte_order_mark_and_no_tables() {
        let with = tables_csv(&two_tables(), true);
        assert_eq!(&with[..3], b"\xEF\xBB\xBF");
        assert_eq!(&with[3..], &tables_csv(&two_tables(), false)[..]);
        assert_eq!(tables_csv(&[], false), b"table,kind,page,line,section\n");
        assert_eq!(&table_csv(&two_tables()[1], true)[..3], b"\xEF\xBB\xBF");
    }
}
