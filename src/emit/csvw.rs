//! Long CSV tables with a CSVW sidecar (`values.csv`, `budget_items.csv`): the file's
//! bytes (optional byte-order mark, header, rows) and the sidecar's table metadata
//! naming the schema and every column's datatype. One writer for both tables, so they
//! cannot drift apart in dialect or metadata.

/// A table's columns: name and CSVW datatype, in order.
pub type Columns = [(&'static str, &'static str)];

/// The whole file: optional byte-order mark, the header of `columns`, then `rows`
/// (already CSV-encoded).
pub fn csv_bytes(columns: &Columns, rows: &[u8], bom: bool) -> Vec<u8> {
    let mut buf = Vec::with_capacity(rows.len() + 512);
    if bom {
        buf.extend_from_slice(b"\xEF\xBB\xBF");
    }
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record(columns.iter().map(|c| c.0)).expect("write to memory");
        w.flush().expect("flush to memory");
    }
    buf.extend_from_slice(rows);
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
