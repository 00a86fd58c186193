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
        match st.decompressed_content_with_limit(remaining) {
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
