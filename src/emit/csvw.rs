//! Long CSV tables with a CSVW sidecar (`values.csv`, `budget_items.csv`): the file's
//! bytes (optional byte-order mark, header, rows) and the sidecar's table metadata
//! naming the schema and every column's datatype. One writer for both tables, so they
//! cannot drift apart in dialect or metadata.

/// Appends one CSV record to `out`, byte for byte as the `csv` crate's default writer
/// writes it: fields joined by commas, a field quoted (its quotes doubled) only when it
/// holds a comma, quote, CR or LF, a record with nothing in it written as `""`, and LF
/// after it. Straight into the buffer: the crate's writer cost about 300 instructions a
/// field through its staging buffer (values.csv has some 300,000 fields per volume).
pub fn record<I, T>(out: &mut Vec<u8>, fields: I)
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    let start = out.len();
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let f = f.as_ref();
        if f.is_empty() {
            // Nearly half the fields of values.csv: nothing to scan or copy.
            continue;
        }
        if f.iter().any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            out.push(b'"');
            for (k, part) in f.split(|&b| b == b'"').enumerate() {
                if k > 0 {
                    out.extend_from_slice(b"\"\"");
                }
                out.extend_from_slice(part);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(f);
        }
    }
    if out.len() == start {
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
}

/// A table's columns: name and CSVW datatype, in order.
pub type Columns = [(&'static str, &'static str)];

/// The start of the file: optional byte-order mark and the header of `columns`. The rows
/// (already CSV-encoded) are written after it as they are, not copied behind it: a
/// volume's values.csv is megabytes, and a second buffer of it was only page faults.
pub fn csv_head(columns: &Columns, bom: bool) -> Vec<u8> {
    let mut buf = Vec::with_capacity(512);
    if bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record(columns.iter().map(|c| c.0)).expect("write to memory");
        w.flush().expect("flush to memory");
    }
    buf
}

/// The sidecar's text: CSVW table metadata for file `url` conforming to `schema`.
pub fn metadata_json(url: &str, schema: &str, columns: &Columns) -> String {
    let columns: Vec<serde_json::Value> = columns.iter().map(|(name, datatype)| serde_json::json!({ "name": name, "datatype": datatype })).collect();
    let meta = serde_json::json!({
        "@context": "http://www.w3.org/ns/csvw",
        "url": url,
        "dc:conformsTo": schema,
        "dialect": { "header": true, "encoding": "utf-8" },
        "tableSchema": { "columns": columns },
    });
    let mut s = serde_json::to_string_pretty(&meta).expect("metadata serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        let records: Vec<Vec<&str>> = vec![
            vec!["a", "b c", ""],
            vec!["1,000", "say \"hi\"", "\"", "line\nbreak", "cr\r", " lead", "ไทย"],
            vec![""],
            vec!["", ""],
            vec![],
            vec!["\"\"", ",", "tail,"],
            vec!["0123456789abcdefghij,k", "0123456789abcde\"", "0123456789abcdef0123456789abcdef"],
        ];
        for r in &records {
            let mut ours = Vec::new();
            record(&mut ours, r);
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            w.write_record(r).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(w.into_inner().unwrap()).unwrap(), "{r:?}");
        }
    }
}
