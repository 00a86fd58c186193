//! Thai font repair: rebuilds broken code → Unicode maps from the font data in the file.
//!
//! The Distiller volumes embed Thai fonts as Identity-H CID subsets that keep the
//! original glyph numbering (CID = GID) and carry a ToUnicode map that is wrong in three
//! ways: entries polluted with a whole cluster ("น้" for น), SARA AM as U+FFFD (or, in
//! DilleniaUPC, NIKHAHIT as a space), and glyphs (shifted tone marks, upper vowels,
//! digits) left out. Sources, best first:
//!
//! 1. a sibling simple TrueType subset of the same font in the same file, whose `post`
//!    table names every glyph (`uni0E01`, legacy `uniF70A` → MAI EK); used when it
//!    agrees with the clean ToUnicode entries (same glyph order);
//! 2. a table learned from such siblings and shipped in `rules/fonts/` (same family);
//! 3. the first character of a polluted ToUnicode entry;
//! 4. Unicode-order gap filling between mapped neighbours (the glyph order of these
//!    fonts runs in Unicode order).
//!
//! Every meaning that did not come straight from the PDF is marked with its origin, and
//! the layout flags the cells that hold such glyphs.

use super::font::{dget, glyph_name_to_unicode, Font, GlyphOrigin};
use crate::celltext::{is_consonant, is_mark, is_thai, SARA_AM};
use lopdf::{Document, Object};
use std::collections::HashMap;

/// The learned per-family tables (`rules/fonts/*.tsv`), compiled in.
const LEARNED: &[(&str, &str)] = &[
    ("UPCxD-Bold", include_str!("../../../rules/fonts/UPCxD-Bold.tsv")),
    ("DilleniaUPC", include_str!("../../../rules/fonts/DilleniaUPC.tsv")),
    ("DilleniaUPCBold", include_str!("../../../rules/fonts/DilleniaUPCBold.tsv")),
    ("THSarabunPSK", include_str!("../../../rules/fonts/THSarabunPSK.tsv")),
];

/// The font name without its subset tag ("ABCDEF+UPCxD-Bold" → "UPCxD-Bold").
pub fn family(base: &str) -> &str {
    match base.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => base,
    }
}

/// The family without weight ("UPCxD-Bold" → "UPCxD", "DilleniaUPCBold" → "DilleniaUPC").
pub fn family_root(fam: &str) -> &str {
    for suf in ["-BoldItalic", "-Bold", ",Bold", "Bold", "-Italic"] {
        if let Some(r) = fam.strip_suffix(suf) {
            return r;
        }
    }
    fam
}

/// Big-endian u16 at `o`, if the data holds it.
fn rd16(data: &[u8], o: usize) -> Option<usize> {
    data.get(o..o + 2).map(|b| u16::from_be_bytes([b[0], b[1]]) as usize)
}

/// Big-endian u32 at `o`, if the data holds it.
fn rd32(data: &[u8], o: usize) -> Option<usize> {
    data.get(o..o + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// Offset of a TrueType table (`post`, `cmap`, ...) from the font's table directory.
fn table_offset(data: &[u8], tag: &[u8; 4]) -> Option<usize> {
    let n = rd16(data, 4)?;
    (0..n.min(64)).map(|i| 12 + 16 * i).rfind(|&rec| data.get(rec..rec + 4) == Some(&tag[..])).and_then(|rec| rd32(data, rec + 8))
}

/// Parses a TrueType `post` table (format 2) into GID → glyph name.
pub fn truetype_glyph_names(data: &[u8]) -> HashMap<u32, String> {
    let mut out = HashMap::new();
    let rd16 = |o: usize| rd16(data, o);
    let rd32 = |o: usize| rd32(data, o);
    let Some(p) = table_offset(data, b"post") else { return out };
    if rd32(p) != Some(0x0002_0000) {
        return out;
    }
    let Some(ng) = rd16(p + 32) else { return out };
    let idx_at = p + 34;
    let mut names: Vec<String> = Vec::new();
    let mut o = idx_at + 2 * ng;
    while o < data.len() && names.len() < 0x1_0000 {
        let len = data[o] as usize;
        let Some(s) = data.get(o + 1..o + 1 + len) else { break };
        names.push(String::from_utf8_lossy(s).into_owned());
        o += 1 + len;
    }
    for g in 0..ng {
        let Some(ix) = rd16(idx_at + 2 * g) else { break };
        let name = if ix < 258 {
            mac_standard_name(ix)
        } else {
            names.get(ix - 258).cloned()
        };
        if let Some(nm) = name {
            out.insert(g as u32, nm);
        }
    }
    out
}

/// Parses a TrueType `cmap` (the (3,1) or (3,0) format 4 subtable) into GID → Unicode.
/// Where a glyph has several code points, the standard one wins over a legacy PUA one
/// (which is mapped to its standard mark), and the lowest wins among standard ones.
pub fn truetype_cmap(data: &[u8]) -> HashMap<u32, String> {
    let mut out: HashMap<u32, String> = HashMap::new();
    let rd16 = |o: usize| rd16(data, o);
    let rd32 = |o: usize| rd32(data, o);
    let Some(c) = table_offset(data, b"cmap") else { return out };
    let Some(nsub) = rd16(c + 2) else { return out };
    let mut sub = None;
    for i in 0..nsub.min(32) {
        let r = c + 4 + 8 * i;
        let (Some(pid), Some(eid), Some(off)) = (rd16(r), rd16(r + 2), rd32(r + 4)) else { break };
        if pid == 3 && (eid == 1 || eid == 0) && rd16(c + off) == Some(4) && (sub.is_none() || eid == 1) {
            sub = Some(c + off);
        }
    }
    let Some(b) = sub else { return out };
    let Some(segx2) = rd16(b + 6) else { return out };
    let seg = segx2 / 2;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for k in 0..seg {
        let (Some(end), Some(start), Some(delta), Some(ro)) =
            (rd16(b + 14 + 2 * k), rd16(b + 16 + segx2 + 2 * k), rd16(b + 16 + 2 * segx2 + 2 * k), rd16(b + 16 + 3 * segx2 + 2 * k))
        else {
            break;
        };
        if start > end || end - start > 0x4000 {
            continue;
        }
        for cp in start..=end {
            if cp == 0xFFFF {
                continue;
            }
            let g = if ro == 0 {
                (cp + delta) & 0xFFFF
            } else {
                let at = b + 16 + 3 * segx2 + 2 * k + ro + 2 * (cp - start);
                match rd16(at) {
                    Some(0) | None => 0,
                    Some(g) => (g + delta) & 0xFFFF,
                }
            };
            if g != 0 {
                pairs.push((g as u32, cp as u32));
            }
        }
    }
    pairs.sort_by_key(|&(g, cp)| (g, (0xE000..=0xF8FF).contains(&cp), cp));
    for (g, cp) in pairs {
        if out.contains_key(&g) {
            continue;
        }
        let ch = super::font::legacy_thai_pua(cp).or_else(|| char::from_u32(cp).filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c)));
        if let Some(ch) = ch {
            // Unassigned Thai code points (U+0E00, U+0E3B–U+0E3E) name no letter.
            if matches!(cp, 0x0E00 | 0x0E3B..=0x0E3E | 0x0E5C..=0x0E7F) {
                continue;
            }
            out.insert(g, ch.to_string());
        }
    }
    out
}

/// The printable-ASCII part of the Macintosh standard glyph order (indices 0–97).
fn mac_standard_name(ix: usize) -> Option<String> {
    const HEAD: [&str; 19] = [
        ".notdef", ".null", "nonmarkingreturn", "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand",
        "quotesingle", "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash",
    ];
    const DIG: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    const MID: [&str; 7] = ["colon", "semicolon", "less", "equal", "greater", "question", "at"];
    const MID2: [&str; 6] = ["bracketleft", "backslash", "bracketright", "asciicircum", "underscore", "grave"];
    const TAIL: [&str; 4] = ["braceleft", "bar", "braceright", "asciitilde"];
    let s = match ix {
        0..=18 => HEAD[ix].to_string(),
        19..=28 => DIG[ix - 19].to_string(),
        29..=35 => MID[ix - 29].to_string(),
        36..=61 => ((b'A' + (ix - 36) as u8) as char).to_string(),
        62..=67 => MID2[ix - 62].to_string(),
        68..=93 => ((b'a' + (ix - 68) as u8) as char).to_string(),
        94..=97 => TAIL[ix - 94].to_string(),
        _ => return None,
    };
    Some(s)
}

/// GID → Unicode of a simple TrueType font's embedded program, from its glyph names.
fn sibling_table(doc: &Document, f: &Font) -> Option<HashMap<u32, String>> {
    let d = doc.get_dictionary(f.object?).ok()?;
    let fd = match dget(doc, d, b"FontDescriptor")? {
        Object::Dictionary(fd) => fd,
        _ => return None,
    };
    let data = match dget(doc, fd, b"FontFile2")? {
        Object::Stream(s) => s.decompressed_content_with_limit(super::MAX_STREAM_BYTES).ok()?,
        _ => return None,
    };
    // The embedded program's own cmap, then its glyph names where the cmap is silent.
    let mut table = truetype_cmap(&data);
    for (g, n) in truetype_glyph_names(&data) {
        if let Some(u) = glyph_name_to_unicode(&n) {
            table.entry(g).or_insert(u);
        }
    }
    (table.values().filter(|u| u.chars().any(is_thai)).count() >= 10).then_some(table)
}

/// Parses a learned table: `gid<TAB>U+XXXX[ U+XXXX]` lines, `#` comments.
pub fn parse_learned(text: &str) -> HashMap<u32, String> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(g), Some(u)) = (parts.next(), parts.next()) else { continue };
        let Ok(g) = g.trim().parse::<u32>() else { continue };
        let s: Option<String> =
            u.split_whitespace().map(|cp| u32::from_str_radix(cp.trim_start_matches("U+"), 16).ok().and_then(char::from_u32)).collect();
        if let Some(s) = s {
            out.insert(g, s);
        }
    }
    out
}

/// Share of the font's clean single-character ToUnicode entries that a table agrees
/// with, and how many it could be compared on.
fn agreement(f: &Font, table: &HashMap<u32, String>) -> (f64, usize) {
    let Some(tu) = &f.to_unicode else { return (0.0, 0) };
    let (mut n, mut ok) = (0usize, 0usize);
    for (code, s) in &tu.map {
        if s.chars().count() != 1 || !s.chars().all(is_thai) {
            continue;
        }
        if let Some(t) = table.get(code) {
            n += 1;
            if t == s {
                ok += 1;
            }
        }
    }
    if n == 0 {
        (0.0, 0)
    } else {
        (ok as f64 / n as f64, n)
    }
}

/// A table is used only when it agrees with most of what can be checked.
const MIN_AGREEMENT: f64 = 0.7;
const MIN_COMPARED: usize = 8;

/// GID → Unicode tables of the simple TrueType subsets in a document, by family: the
/// programs' own cmap and glyph names (what `examples/learn_fonts.rs` ships as tables).
pub fn sibling_tables(doc: &Document, fonts: &[Font]) -> HashMap<String, Vec<HashMap<u32, String>>> {
    let mut siblings: HashMap<String, Vec<HashMap<u32, String>>> = HashMap::new();
    for f in fonts.iter() {
        if f.composite || f.subtype != "TrueType" {
            continue;
        }
        if let Some(t) = sibling_table(doc, f) {
            siblings.entry(family(&f.base_font).to_string()).or_default().push(t);
        }
    }
    siblings
}

/// Repairs every font of a document in place.
pub fn repair_fonts(doc: &Document, fonts: &mut [Font]) {
    let siblings = sibling_tables(doc, fonts);
    let learned: HashMap<&str, HashMap<u32, String>> = LEARNED.iter().map(|(k, v)| (*k, parse_learned(v))).collect();
    for f in fonts.iter_mut().filter(|f| f.composite) {
        repair_font(f, &siblings, &learned);
    }
}

/// Repairs one CID font from the sources above.
pub fn repair_font(f: &mut Font, siblings: &HashMap<String, Vec<HashMap<u32, String>>>, learned: &HashMap<&str, HashMap<u32, String>>) {
    let fam = family(&f.base_font).to_string();
    let root = family_root(&fam).to_string();
    // 1–2: the best table that agrees with the clean ToUnicode entries.
    let mut candidates: Vec<(&HashMap<u32, String>, GlyphOrigin)> = Vec::new();
    // Same family first, then other weights of it (one glyph order per family); the
    // agreement test below refuses a table in another order.
    for (k, ts) in siblings {
        if *k == fam || family_root(k) == root {
            for t in ts {
                candidates.push((t, GlyphOrigin::Sibling));
            }
        }
    }
    for (k, t) in learned {
        if *k == fam || family_root(k) == root {
            candidates.push((t, GlyphOrigin::Learned));
        }
    }
    let chosen = candidates
        .into_iter()
        .map(|(t, o)| (agreement(f, t), t, o))
        .filter(|((share, n), _, _)| *share >= MIN_AGREEMENT && *n >= MIN_COMPARED)
        .max_by(|a, b| a.0 .0.total_cmp(&b.0 .0).then(a.0 .1.cmp(&b.0 .1)));
    let tu: super::cmap::CodeMap<String> = f.to_unicode.as_ref().map(|t| t.map.clone()).unwrap_or_default();
    if let Some((_, table, origin)) = chosen {
        for (code, u) in table {
            if !u.chars().any(is_thai) && !u.chars().all(|c| c.is_ascii_graphic()) {
                continue;
            }
            match tu.get(code) {
                Some(s) if s == u => {}
                Some(s) => {
                    // A ToUnicode entry that disagrees with the font's own glyph name is
                    // wrong (polluted cluster, U+FFFD, a mark mapped elsewhere, a Thai
                    // glyph mapped to a space: DilleniaUPC's NIKHAHIT, GID 206, is " ").
                    let blank_for_thai = s.trim().is_empty() && u.chars().any(is_thai);
                    if s.chars().any(is_thai) || s == "\u{FFFD}" || s.is_empty() || blank_for_thai {
                        f.distrust.insert(*code, ());
                        f.repair.insert(*code, (u.clone(), origin));
                    }
                }
                None => {
                    f.repair.insert(*code, (u.clone(), origin));
                }
            }
        }
    }
    // 3: polluted multi-character Thai entries → their first character.
    // Only a consonant followed by marks is a polluted entry; a mark ligature ("ุ่") is
    // a real two-character glyph.
    for (code, s) in &tu {
        let mut it = s.chars();
        let polluted = it.next().is_some_and(is_consonant) && s.chars().count() > 1 && it.all(|c| is_mark(c) || c == SARA_AM);
        if polluted && !f.repair.contains_key(code) {
            let first = s.chars().next().map(String::from).unwrap_or_default();
            f.distrust.insert(*code, ());
            f.repair.insert(*code, (first, GlyphOrigin::Cluster));
        }
    }
    // 4: Unicode-order gap filling between single-character Thai neighbours.
    let known = |c: u32, f: &Font| -> Option<char> {
        let s = if f.distrust.contains_key(&c) { f.repair.get(&c).map(|r| r.0.as_str()) } else { tu.get(&c).map(String::as_str) }?;
        let mut it = s.chars();
        let ch = it.next()?;
        (it.next().is_none() && is_thai(ch)).then_some(ch)
    };
    let mut codes: Vec<u32> = tu.keys().copied().chain(f.repair.keys().copied()).collect();
    codes.sort_unstable();
    codes.dedup();
    let mapped: Vec<(u32, char)> = codes.iter().filter_map(|&c| known(c, f).map(|ch| (c, ch))).collect();
    // Only in fonts whose glyph order runs in Unicode order (original glyph numbering
    // kept); subsets numbered in order of use (LibreOffice) have no such order.
    let pairs = mapped.windows(2).count();
    let rising = mapped.windows(2).filter(|w| w[1].1 > w[0].1).count();
    let linear = mapped.windows(2).filter(|w| w[1].1 as u32 >= w[0].1 as u32 && w[1].1 as u32 - w[0].1 as u32 == w[1].0 - w[0].0).count();
    let ordered = pairs >= 10 && rising * 10 >= pairs * 9 && linear * 2 >= pairs;
    let mut fills: Vec<(u32, char)> = Vec::new();
    for w in mapped.windows(2).filter(|_| ordered) {
        let ((a, ua), (b, ub)) = (w[0], w[1]);
        if b - a < 2 || b - a > 16 || (ub as u32) < (ua as u32) || (ub as u32 - ua as u32) != b - a {
            continue;
        }
        for c in a + 1..b {
            let clean = tu.get(&c).is_some_and(|s| s != "\u{FFFD}" && !s.is_empty()) && !f.distrust.contains_key(&c);
            if clean || f.repair.contains_key(&c) {
                continue;
            }
            if let Some(ch) = char::from_u32(ua as u32 + (c - a)) {
                fills.push((c, ch));
            }
        }
    }
    for (c, ch) in fills {
        f.distrust.insert(c, ());
        f.repair.insert(c, (ch.to_string(), GlyphOrigin::Gap));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::pdf::cmap::CMap;

    fn font(entries: &[(u32, &str)]) -> Font {
        let mut cm = CMap::default();
        for (c, s) in entries {
            cm.map.insert(*c, s.to_string());
        }
        Font { base_font: "ABCDEF+TestUPC".into(), composite: true, to_unicode: Some(cm), ..Font::default() }
    }

    #[test]
    fn polluted_entries_fffd_and_gaps_are_repaired() {
        // 200 → MAITAIKHU, 206 → NIKHAHIT: 201–205 are the five marks between them.
        let mut entries: Vec<(u32, String)> = (0..12).map(|i| (9 + i, char::from_u32(0x0E01 + i).unwrap().to_string())).collect();
        for (c, s) in [(30, "\u{0E16}\u{0E36}"), (56, "\u{0E30}"), (57, "\u{0E31}"), (58, "\u{0E32}"), (59, "\u{FFFD}"), (60, "\u{0E34}"), (62, "\u{0E36}"), (200, "\u{0E47}"), (206, "\u{0E4D}")] {
            entries.push((c, s.to_string()));
        }
        let refs: Vec<(u32, &str)> = entries.iter().map(|(c, s)| (*c, s.as_str())).collect();
        let mut f = font(&refs);
        repair_font(&mut f, &HashMap::new(), &HashMap::new());
        assert_eq!(f.unicode(30).0, "\u{0E16}");
        assert_eq!(f.unicode(59).0, "\u{0E33}");
        assert_eq!(f.unicode(202).0, "\u{0E49}");
        assert_eq!(f.unicode(205).0, "\u{0E4C}");
        assert!(f.unicode(202).1.inferred());
        assert_eq!(f.unicode(57), ("\u{0E31}".to_string(), GlyphOrigin::ToUnicode));
        // Far outside any mapped pair: left unmapped, not guessed.
        assert_eq!(f.unicode(300).1, GlyphOrigin::Unmapped);
        // Subset numbered in order of use: no gap filling, mark ligatures kept whole.
        let mut f = font(&[(1, "\u{0E2A}"), (2, "\u{0E38}\u{0E48}"), (3, "\u{0E01}"), (5, "\u{0E03}"), (6, "\u{0E32}")]);
        repair_font(&mut f, &HashMap::new(), &HashMap::new());
        assert_eq!(f.unicode(2).0, "\u{0E38}\u{0E48}");
        assert_eq!(f.unicode(4).1, GlyphOrigin::Unmapped);
    }

    #[test]
    fn sibling_table_overrides_disagreeing_entries_only_when_it_agrees_overall() {
        let mut entries: Vec<(u32, String)> = (0..20).map(|i| (9 + i, char::from_u32(0x0E01 + i).unwrap().to_string())).collect();
        entries.push((63, "\u{0E48}".into()));
        let refs: Vec<(u32, &str)> = entries.iter().map(|(c, s)| (*c, s.as_str())).collect();
        let mut table: HashMap<u32, String> = (0..20).map(|i| (9 + i, char::from_u32(0x0E01 + i).unwrap().to_string())).collect();
        table.insert(63, "\u{0E37}".into());
        table.insert(265, "\u{0E48}".into());
        let mut sib = HashMap::new();
        sib.insert("TestUPC".to_string(), vec![table.clone()]);
        let mut f = font(&refs);
        repair_font(&mut f, &sib, &HashMap::new());
        assert_eq!(f.unicode(63), ("\u{0E37}".to_string(), GlyphOrigin::Sibling));
        assert_eq!(f.unicode(265).0, "\u{0E48}");
        // A table in another glyph order (shifted by one) is refused.
        let shifted: HashMap<u32, String> = table.iter().map(|(k, v)| (k + 1, v.clone())).collect();
        sib.insert("TestUPC".to_string(), vec![shifted]);
        let mut f = font(&refs);
        repair_font(&mut f, &sib, &HashMap::new());
        assert_eq!(f.unicode(63).0, "\u{0E48}");
    }

    #[test]
    fn names() {
        assert_eq!(family("FYPLXI+UPCxD-Bold"), "UPCxD-Bold");
        assert_eq!(family_root("UPCxD-Bold"), "UPCxD");
        assert_eq!(family_root("DilleniaUPCBold"), "DilleniaUPC");
        assert_eq!(parse_learned("# x\n9\tU+0E01\n10\tU+0E02 U+0E49\n").get(&10).map(String::as_str), Some("\u{0E02}\u{0E49}"));
    }
}
