//! A page's attributes and content: inherited attributes, boxes and rotation (the frame
//! glyph positions are read in), and the page's content streams inflated within bounds.

use super::font::{dget, num};
use super::limits::*;
use super::M;
use lopdf::{Document, Object, ObjectId};

/// An inheritable page attribute: on the page or the nearest ancestor that has it.
pub(super) fn inherited<'a>(doc: &'a Document, id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut cur = doc.get_dictionary(id).ok();
    for _ in 0..32 {
        let d = cur?;
        if let Some(o) = dget(doc, d, key) {
            return Some(o);
        }
        cur = match d.get(b"Parent") {
            Ok(Object::Reference(p)) => doc.get_dictionary(*p).ok(),
            _ => None,
        };
    }
    None
}

/// A page box (`/MediaBox`, `/CropBox`) as [llx, lly, urx, ury], if well formed.
pub(super) fn page_box(doc: &Document, id: ObjectId, key: &[u8]) -> Option<[f32; 4]> {
    let Some(Object::Array(a)) = inherited(doc, id, key) else { return None };
    let v: Vec<f32> = a.iter().filter_map(|o| num(doc.dereference(o).map(|x| x.1).unwrap_or(&Object::Null))).collect();
    (v.len() == 4 && v.iter().all(|x| x.is_finite()) && v[0] != v[2] && v[1] != v[3])
        .then(|| [v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])])
}

/// The page's size as displayed, and the matrix from its user space to display space
/// (origin at the bottom left of the visible page): the visible page is the crop box
/// within the media box, and `/Rotate` turns it (landscape tables are often portrait
/// pages turned by 90°); layout works on what the reader sees.
pub(super) fn page_frame(doc: &Document, id: ObjectId) -> (f32, f32, M) {
    let media = page_box(doc, id, b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let b = match page_box(doc, id, b"CropBox") {
        Some(c) => {
            let i = [c[0].max(media[0]), c[1].max(media[1]), c[2].min(media[2]), c[3].min(media[3])];
            if i[0] < i[2] && i[1] < i[3] { i } else { media }
        }
        None => media,
    };
    let [llx, lly, urx, ury] = b;
    let (w, h) = (urx - llx, ury - lly);
    let rotate = inherited(doc, id, b"Rotate").and_then(num).map_or(0, |r| (r as i64).rem_euclid(360) / 90 * 90);
    match rotate {
        90 => (h, w, [0.0, -1.0, 1.0, 0.0, -lly, urx]),
        180 => (w, h, [-1.0, 0.0, 0.0, -1.0, urx, ury]),
        270 => (h, w, [0.0, 1.0, -1.0, 0.0, ury, -llx]),
        _ => (w, h, [1.0, 0.0, 0.0, 1.0, -llx, -lly]),
    }
}

/// The page's content streams, inflated and joined by newlines (as lopdf's
/// `get_page_content` does); what could not be read is said in `errors`. A Flate stream
/// cut short gives the text before the cut, as viewers show it.
pub(super) fn page_content(doc: &Document, id: ObjectId, errors: &mut Vec<String>) -> Vec<u8> {
    let mut content = Vec::new();
    for sid in doc.get_page_contents(id) {
        let st = match doc.get_object(sid).and_then(Object::as_stream) {
            Ok(st) => st,
            Err(_) => {
                errors.push(format!("content stream {} {} R is missing or unreadable: its text is lost", sid.0, sid.1));
                continue;
            }
        };
        let remaining = MAX_STREAM_BYTES.saturating_sub(content.len());
        match inflate_whole(st, remaining).map_or_else(|| st.decompressed_content_with_limit(remaining), Ok) {
            Ok(data) if content.is_empty() => content = data,
            Ok(data) => content.extend_from_slice(&data),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                errors.push(format!("content stream not read (over {} MB inflated)", MAX_STREAM_BYTES >> 20));
                return Vec::new();
            }
            Err(e) if st.dict.get(b"Filter").is_ok() => {
                let partial = inflate_partial(&st.content, remaining);
                errors.push(format!(
                    "content stream {} {} R is damaged ({e}); {} bytes of it were read, the rest of the page may be missing",
                    sid.0,
                    sid.1,
                    partial.len()
                ));
                content.extend_from_slice(&partial);
            }
            Err(_) if st.content.len() <= remaining => content.extend_from_slice(&st.content),
            Err(_) => {
                errors.push(format!("content stream not read (over {} MB inflated)", MAX_STREAM_BYTES >> 20));
                return Vec::new();
            }
        }
        content.push(b'\n');
    }
    content
}

/// Inflated bytes per compressed byte to size the buffer of a content stream with
/// (budget volumes' streams inflate about sixfold): reading through lopdf grew it from
/// twice the input, zeroing a 32 KB read buffer per stream on the way.
const INFLATE_RATIO: usize = 6;

/// A content stream whose one filter is FlateDecode, without parameters, inflated in one
/// go into a buffer sized from its length, as lopdf inflates it when the stream is sound.
/// `None` for any other stream, and for one that is damaged, cut short or over `limit`
/// bytes: lopdf then reads it (and says what is wrong).
fn inflate_whole(st: &lopdf::Stream, limit: usize) -> Option<Vec<u8>> {
    use flate2::{Decompress, FlushDecompress, Status};
    let flate = |o: &Object| matches!(o, Object::Name(n) if n == b"FlateDecode");
    let lone = match st.dict.get(b"Filter").ok()? {
        Object::Array(a) => a.len() == 1 && flate(&a[0]),
        o => flate(o),
    };
    let input = st.content.as_slice();
    if !lone || st.dict.get(b"DecodeParms").is_ok() || input.is_empty() {
        return None;
    }
    let mut z = Decompress::new(true);
    let mut out = Vec::with_capacity(input.len().saturating_mul(INFLATE_RATIO).min(limit.saturating_add(1)).max(1024));
    loop {
        let (read, written) = (z.total_in(), z.total_out());
        let rest = input.get(usize::try_from(read).ok()?..)?;
        if z.decompress_vec(rest, &mut out, FlushDecompress::Finish).ok()? == Status::StreamEnd {
            return (out.len() <= limit).then_some(out);
        }
        if out.len() > limit {
            return None;
        }
        if out.len() == out.capacity() {
            out.reserve(out.capacity());
        } else if z.total_in() == read && z.total_out() == written {
            // No progress with room to write: the stream is cut short.
            return None;
        }
    }
}

/// What a zlib or raw deflate stream gives before it breaks off, at most `limit` bytes.
pub(super) fn inflate_partial(data: &[u8], limit: usize) -> Vec<u8> {
    use std::io::Read;
    let read = |r: &mut dyn Read| {
        let mut out = Vec::new();
        let mut buf = [0u8; 16 << 10];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    out.extend_from_slice(&buf[..n.min(limit.saturating_sub(out.len()))]);
                    if out.len() >= limit {
                        break;
                    }
                }
            }
        }
        out
    };
    let z = read(&mut flate2::read::ZlibDecoder::new(data));
    if !z.is_empty() {
        return z;
    }
    read(&mut flate2::read::DeflateDecoder::new(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Stream};
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn stream(filter: Object, params: bool, content: Vec<u8>) -> Stream {
        let mut d = Dictionary::new();
        d.set("Filter", filter);
        if params {
            let mut p = Dictionary::new();
            p.set("Predictor", Object::Integer(12));
            d.set("DecodeParms", Object::Dictionary(p));
        }
        Stream::new(d, content)
    }

    #[test]
    fn a_sound_flate_stream_inflates_as_lopdf_inflates_it() {
        let flate = || Object::Name(b"FlateDecode".to_vec());
        // Text, and zeros that inflate far past the first guess of the buffer's size.
        let text: Vec<u8> = (0..5000).flat_map(|i| format!("BT /F1 12 Tf {i} 700 Td (x) Tj ET\n").into_bytes()).collect();
        for data in [text, vec![0u8; 1 << 20]] {
            for filter in [flate(), Object::Array(vec![flate()])] {
                let st = stream(filter, false, zlib(&data));
                assert_eq!(inflate_whole(&st, MAX_STREAM_BYTES).as_deref(), Some(data.as_slice()));
                assert_eq!(st.decompressed_content_with_limit(MAX_STREAM_BYTES).unwrap(), data);
            }
        }
    }

    #[test]
    fn other_and_damaged_streams_are_left_to_lopdf() {
        let data = b"BT (hello) Tj ET".repeat(100);
        let z = zlib(&data);
        let flate = Object::Name(b"FlateDecode".to_vec());
        assert!(inflate_whole(&stream(flate.clone(), true, z.clone()), MAX_STREAM_BYTES).is_none(), "parameters");
        assert!(inflate_whole(&stream(Object::Name(b"ASCIIHexDecode".to_vec()), false, z.clone()), MAX_STREAM_BYTES).is_none());
        assert!(inflate_whole(&stream(Object::Array(vec![flate.clone(), flate.clone()]), false, z.clone()), MAX_STREAM_BYTES).is_none());
        assert!(inflate_whole(&stream(flate.clone(), false, z[..z.len() / 2].to_vec()), MAX_STREAM_BYTES).is_none(), "cut short");
        let mut bad = z.clone();
        let n = bad.len();
        bad[n - 1] ^= 0xFF;
        assert!(inflate_whole(&stream(flate.clone(), false, bad), MAX_STREAM_BYTES).is_none(), "checksum");
        assert!(inflate_whole(&stream(flate.clone(), false, z.clone()), data.len() - 1).is_none(), "over the limit");
        assert_eq!(inflate_whole(&stream(flate, false, z), data.len()).map(|v| v.len()), Some(data.len()));
    }
}
