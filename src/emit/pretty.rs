//! The JSON layout of `serde_json`'s pretty printer (two-space indent, `": "` after keys),
//! byte for byte, with each line break and its indentation written at once: the stock
//! printer writes the indent one level at a time, one buffered write per level, and a
//! document's JSON is mostly indentation (12 MB for a 288-page budget volume).

use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Indentation levels written from one slice; deeper levels write the rest in steps.
const LEVELS: usize = 32;

/// `",\n"` then the spaces of `LEVELS` levels: a line break (with or without the comma
/// before it) and its indentation is one slice of this.
const BREAK: [u8; 2 + 2 * LEVELS] = {
    let mut b = [b' '; 2 + 2 * LEVELS];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// `serde_json::ser::PrettyFormatter` with its default indent, writing each line break
/// and indentation in one call.
#[derive(Default)]
pub struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break (after a comma when `comma`) and the current indentation.
    fn line<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        let from = usize::from(!comma);
        let levels = self.depth.min(LEVELS);
        w.write_all(&BREAK[from..2 + 2 * levels])?;
        for _ in levels..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Opens an array or object: one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or object, on its own line when it held anything.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `value` as pretty JSON (the bytes `serde_json::to_writer_pretty` writes).
pub fn to_writer<W: Write, T: ?Sized + serde::Serialize>(w: W, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, Pretty::default());
    value.serialize(&mut ser)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_bytes_of_the_stock_pretty_printer() {
        // Nesting past the slice's levels, empty containers, strings needing escapes.
        let mut deep = serde_json::json!("leaf \"quoted\"\nline");
        for i in 0..40 {
            deep = if i % 3 == 0 { serde_json::json!([deep, {}, [], i]) } else { serde_json::json!({ "k": deep, "e": [], "n": null, "f": 1.5 }) };
        }
        let v = serde_json::json!({ "a": [1, 2, { "b": "ไทย" }], "empty": {}, "deep": deep });
        let mut ours = Vec::new();
        to_writer(&mut ours, &v).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string_pretty(&v).unwrap());
    }
}
