//! The content-stream interpreter: text state, CTM, clipping rectangles, marked content
//! with /ActualText and text-showing operators, one page at a time, into positioned
//! glyphs (the graphics operators that draw rulings are in [`graphics`]).

mod clip;
mod graphics;

use super::font::{dget, num, Font};
use super::limits::*;
use super::page::*;
use super::*;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Content bytes per glyph drawn on a text-heavy page, a little under what budget volumes
/// write (about 14), to size a page's glyph list before reading it.
const CONTENT_BYTES_PER_GLYPH: usize = 12;

#[derive(Clone)]
struct Gs {
    ctm: M,
    font: Option<usize>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    ts: f32,
    /// The clipping region's bounding box (x0, y0, x1, y1, display space); `None`: the page.
    clip: Option<[f32; 4]>,
}

struct Span {
    text: Option<String>,
    glyphs: Vec<Glyph>,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    font: FontId,
    code: u32,
    any: bool,
}

struct Walker<'a> {
    doc: &'a Document,
    fonts: &'a FontSet,
    /// Fonts that are direct objects in a resource dictionary (rare), loaded per page.
    local_fonts: Vec<Font>,
    page: PdfPage,
    spans: Vec<Span>,
    path: Vec<(f32, f32, f32, f32)>,
    sub_start: Option<(f32, f32)>,
    /// Where the current subpath's segments start in `path` (see `box_subpath`).
    sub_index: usize,
    cur: Option<(f32, f32)>,
    forms: Vec<ObjectId>,
    cancel: &'a Cancel,
    /// Work done on this page: operators, form invocations, content bytes.
    forms_run: usize,
    content_bytes: usize,
    /// Why the page stopped before its end (a work bound, a cancel), once set.
    stopped: Option<String>,
    /// Fonts named by `Tf` that the resources do not hold (their text is lost).
    missing_fonts: Vec<Vec<u8>>,
    /// Which way the page's glyphs are written (see [`upright`]).
    turns: upright::Turns,
    /// `W`/`W*` seen: the path being built becomes a clip when it ends.
    clip_pending: bool,
    /// The path being built has curves (its segments do not bound it).
    path_curved: bool,
}

pub(super) fn walk_page(doc: &Document, fonts: &FontSet, number: u32, id: ObjectId, cancel: &Cancel) -> PdfPage {
    let (width, height, base) = page_frame(doc, id);
    let mut w = Walker {
        doc,
        fonts,
        local_fonts: Vec::new(),
        page: PdfPage { number, width, height, ..PdfPage::default() },
        spans: Vec::new(),
        path: Vec::new(),
        sub_start: None,
        sub_index: 0,
        cur: None,
        forms: Vec::new(),
        cancel,
        forms_run: 0,
        content_bytes: 0,
        stopped: None,
        missing_fonts: Vec::new(),
        turns: upright::Turns::default(),
        clip_pending: false,
        path_curved: false,
    };
    if doc.get_dictionary(id).is_err() {
        w.page.errors.push("the page object is missing or unreadable: the page is empty".into());
    }
    let resources: Vec<&Dictionary> = match doc.get_page_resources(id) {
        Ok((own, inherited)) => {
            let mut v: Vec<&Dictionary> = own.into_iter().collect();
            v.extend(inherited.iter().filter_map(|i| doc.get_dictionary(*i).ok()));
            v
        }
        Err(e) => {
            w.page.errors.push(format!("resources: {e}"));
            Vec::new()
        }
    };
    let content = page_content(doc, id, &mut w.page.errors);
    // Room for the glyphs up front (a text-heavy page writes about one glyph per
    // CONTENT_BYTES_PER_GLYPH bytes of content): growing by doubling copied each page's
    // glyphs several times.
    w.page.glyphs.reserve((content.len() / CONTENT_BYTES_PER_GLYPH).min(MAX_GLYPHS_PER_PAGE));
    let mut gs = Gs { ctm: base, font: None, size: 0.0, tc: 0.0, tw: 0.0, th: 1.0, tl: 0.0, ts: 0.0, clip: None };
    w.run(&content, &resources, &mut gs);
    for f in std::mem::take(&mut w.missing_fonts) {
        w.page.errors.push(format!("font /{} is not in the page's resources: the text drawn with it is lost", String::from_utf8_lossy(&f)));
    }
    if let Some(why) = w.stopped.take() {
        w.page.errors.push(why);
    }
    upright::make_upright(&mut w.page, w.turns);
    w.page
}

fn lookup<'a>(doc: &'a Document, res: &[&'a Dictionary], cat: &[u8], name: &[u8]) -> Option<(Option<ObjectId>, &'a Object)> {
    for r in res {
        if let Some(Object::Dictionary(c)) = dget(doc, r, cat) {
            if let Ok(o) = c.get(name) {
                return match o {
                    Object::Reference(id) => doc.get_object(*id).ok().map(|x| (Some(*id), x)),
                    other => Some((None, other)),
                };
            }
        }
    }
    None
}

/// Text without Thai marks, SARA AM and spaces (empty when `s` is only marks).
fn skeleton(s: &str) -> String {
    s.chars().filter(|&c| !(c.is_whitespace() || c == '\u{0E31}' || ('\u{0E33}'..='\u{0E3A}').contains(&c) || ('\u{0E47}'..='\u{0E4E}').contains(&c))).collect()
}

/// What `actual` has after the text the span's glyphs drew, when it starts with that
/// text. Any whitespace matches any whitespace: Distiller's space glyph maps to TAB in
/// ToUnicode while the ActualText over it says SPACE.
fn strip_drawn<'t>(actual: &'t str, drawn: &str) -> Option<&'t str> {
    let mut rest = actual.char_indices();
    for d in drawn.chars() {
        let (_, a) = rest.next()?;
        if a != d && !(a.is_whitespace() && d.is_whitespace()) {
            return None;
        }
    }
    Some(rest.next().map_or("", |(i, _)| &actual[i..]))
}

fn pdf_text_string(b: &[u8]) -> String {
    if b.starts_with(&[0xFE, 0xFF]) {
        cmap::utf16be(&b[2..])
    } else if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(&b[3..]).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

impl<'a> Walker<'a> {
    fn run(&mut self, content: &[u8], res: &[&'a Dictionary], gs: &mut Gs) {
        let mut stack: Vec<Gs> = Vec::new();
        let mut tm: M = ID;
        let mut tlm: M = ID;
        let mut lexer = content::Lexer::new(content);
        self.content_bytes += content.len();
        if self.content_bytes > MAX_CONTENT_BYTES_PER_PAGE {
            self.stop(format!("more than {} MB of content", MAX_CONTENT_BYTES_PER_PAGE >> 20));
        }
        while let Some(operator) = lexer.next_op() {
            if self.stopped.is_some() {
                break;
            }
            self.page.operators += 1;
            if self.page.operators % 4096 == 0 && self.cancel.is_set() {
                self.stopped = Some("the run was interrupted or timed out while this page was read: its text is incomplete".into());
                break;
            }
            if self.page.operators > MAX_OPERATORS_PER_PAGE {
                self.stop(format!("{MAX_OPERATORS_PER_PAGE} operators"));
                break;
            }
            // Operators are ASCII: they are matched as bytes (anything else is no operator we know).
            let a = lexer.operands();
            let f = |i: usize| a.get(i).and_then(num).unwrap_or(0.0);
            match operator {
                b"q" if stack.len() < 256 => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(g) = stack.pop() {
                        *gs = g;
                    }
                }
                b"cm" => gs.ctm = mul(&[f(0), f(1), f(2), f(3), f(4), f(5)], &gs.ctm),
                b"BT" => {
                    tm = ID;
                    tlm = ID;
                }
                b"ET" => {}
                b"Tf" => {
                    gs.size = f(1);
                    let name = a.first().and_then(|n| n.as_name().ok());
                    gs.font = name.and_then(|n| self.font_index(res, n));
                    if let (None, Some(n)) = (gs.font, name) {
                        if !self.missing_fonts.iter().any(|m| m == n) && self.missing_fonts.len() < 8 {
                            self.missing_fonts.push(n.to_vec());
                        }
                    }
                }
                b"Tc" => gs.tc = f(0),
                b"Tw" => gs.tw = f(0),
                b"Tz" => gs.th = f(0) / 100.0,
                b"TL" => gs.tl = f(0),
                b"Ts" => gs.ts = f(0),
                b"Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(0), f(1)], &tlm);
                    tm = tlm;
                }
                b"TD" => {
                    gs.tl = -f(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, f(0), f(1)], &tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    tlm = [f(0), f(1), f(2), f(3), f(4), f(5)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                }
                b"Tj" => {
                    if let Some(Object::String(s, _)) = a.first() {
                        self.show(s, gs, &mut tm);
                    }
                }
                b"'" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = a.first() {
                        self.show(s, gs, &mut tm);
                    }
                }
                b"\"" => {
                    gs.tw = f(0);
                    gs.tc = f(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = a.get(2) {
                        self.show(s, gs, &mut tm);
                    }
                }
                b"TJ" => {
                    if let Some(Object::Array(items)) = a.first() {
                        for it in items {
                            match it {
                                Object::String(s, _) => self.show(s, gs, &mut tm),
                                other => {
                                    if let Some(v) = num(other) {
                                        let tx = -v / 1000.0 * gs.size * gs.th;
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                    }
                                }
                            }
                        }
                    }
                }
                b"BDC" | b"BMC" => {
                    let text = if operator == b"BDC" { self.actual_text(res, a.get(1)) } else { None };
                    self.spans.push(Span { text, glyphs: Vec::new(), x0: f32::MAX, x1: f32::MIN, y: 0.0, size: 0.0, font: 0, code: 0, any: false });
                }
                b"EMC" => {
                    if let Some(sp) = self.spans.pop() {
                        // ActualText replaces the span's glyphs (LibreOffice uses it for glyphs
                        // shared by several characters), except where it only appends marks
                        // to glyphs that have a clean meaning: Distiller writes a whole
                        // cluster ("น่") as the ActualText of the base glyph alone and draws
                        // the marks after the span, so honouring it would double the marks.
                        let clean = sp.glyphs.iter().all(|g| g.origin != GlyphOrigin::Unmapped && !g.unicode.contains('\u{FFFD}'));
                        let drawn: String = sp.glyphs.iter().map(|g| &*g.unicode).collect();
                        let cluster_only = sp.text.as_deref().is_some_and(|t| {
                            strip_drawn(t, &drawn).is_some_and(|rest| !rest.is_empty() && skeleton(rest).is_empty())
                        });
                        if clean && cluster_only && !sp.glyphs.is_empty() {
                            match self.spans.iter_mut().find(|s| s.text.is_some()) {
                                Some(outer) => outer.glyphs.extend(sp.glyphs),
                                None => self.page.glyphs.extend(sp.glyphs),
                            }
                        } else if let (Some(t), true) = (sp.text, sp.any) {
                            // Only the outermost span with text emits (inner glyphs went to it).
                            if !self.spans.iter().any(|s| s.text.is_some()) {
                                self.page.glyphs.push(Glyph {
                                    x: sp.x0,
                                    y: sp.y,
                                    width: (sp.x1 - sp.x0).max(0.0),
                                    size: sp.size,
                                    font: sp.font,
                                    code: sp.code,
                                    unicode: t.into(),
                                    origin: GlyphOrigin::ActualText,
                                    turn: 0,
                                });
                            }
                        }
                    }
                }
                b"Do" => {
                    if let Some(n) = a.first().and_then(|n| n.as_name().ok()) {
                        self.xobject(res, n, gs);
                    }
                }
                b"BI" => self.page.images += 1,
                // Paths → rulings.
                b"m" => {
                    let p = apply(&gs.ctm, f(0), f(1));
                    self.sub_start = Some(p);
                    self.sub_index = self.path.len();
                    self.cur = Some(p);
                }
                b"l" => {
                    let p = apply(&gs.ctm, f(0), f(1));
                    if let Some(c) = self.cur {
                        self.path.push((c.0, c.1, p.0, p.1));
                    }
                    self.cur = Some(p);
                }
                b"c" | b"v" | b"y" => {
                    self.path_curved = true;
                    // Curves are not rulings; keep the current point.
                    let k = a.len();
                    if k >= 2 {
                        self.cur = Some(apply(&gs.ctm, f(k - 2), f(k - 1)));
                    }
                }
                b"h" => {
                    if let (Some(c), Some(s)) = (self.cur, self.sub_start) {
                        self.path.push((c.0, c.1, s.0, s.1));
                        self.cur = Some(s);
                    }
                    self.box_subpath();
                }
                b"re" => {
                    let (x, y, wd, ht) = (f(0), f(1), f(2), f(3));
                    let p0 = apply(&gs.ctm, x, y);
                    let p1 = apply(&gs.ctm, x + wd, y + ht);
                    // A rectangle is kept as one "box" segment marker: four edges with a flag.
                    self.path.push((f32::NAN, 0.0, 0.0, 0.0));
                    self.path.push((p0.0.min(p1.0), p0.1.min(p1.1), p0.0.max(p1.0), p0.1.max(p1.1)));
                    self.sub_start = Some(p0);
                    self.sub_index = self.path.len();
                    self.cur = Some(p0);
                }
                b"W" | b"W*" => self.clip_pending = true,
                b"S" | b"s" => {
                    self.end_path(gs);
                    self.paint(true, operator == b"s")
                }
                b"f" | b"F" | b"f*" => {
                    self.end_path(gs);
                    self.paint(false, false)
                }
                b"B" | b"B*" | b"b" | b"b*" => {
                    self.end_path(gs);
                    self.paint(true, operator.starts_with(b"b"))
                }
                b"n" => {
                    self.end_path(gs);
                    self.path.clear();
                    self.sub_index = 0;
                    self.cur = None;
                }
                _ => {}
            }
        }
    }

    /// Stops the page at a work bound, saying which.
    fn stop(&mut self, bound: String) {
        if self.stopped.is_none() {
            self.stopped = Some(format!(
                "the page reached planx's work bound ({bound}): it was read only that far, and the rest of its text is missing"
            ));
        }
    }

    fn font_index(&mut self, res: &[&'a Dictionary], name: &[u8]) -> Option<usize> {
        let (id, obj) = lookup(self.doc, res, b"Font", name)?;
        if let Some(id) = id {
            if let Some(&k) = self.fonts.by_object.get(&id) {
                return Some(k as usize);
            }
        }
        if let Object::Dictionary(d) = obj {
            let mut f = Font::load(self.doc, id, d);
            f.resolve();
            self.local_fonts.push(f);
            return Some(self.fonts.fonts.len() + self.local_fonts.len() - 1);
        }
        None
    }

    fn actual_text(&self, res: &[&'a Dictionary], props: Option<&Object>) -> Option<String> {
        let d = match props? {
            Object::Dictionary(d) => d,
            Object::Name(n) => match lookup(self.doc, res, b"Properties", n)? {
                (_, Object::Dictionary(d)) => d,
                _ => return None,
            },
            _ => return None,
        };
        match dget(self.doc, d, b"ActualText")? {
            Object::String(s, _) => {
                let t = pdf_text_string(s);
                // U+FFFD says "unknown": fall back to the glyphs.
                if t.contains('\u{FFFD}') {
                    None
                } else {
                    Some(t)
                }
            }
            _ => None,
        }
    }

    fn show(&mut self, s: &[u8], gs: &Gs, tm: &mut M) {
        let fi = match gs.font {
            Some(fi) => fi,
            None => return,
        };
        let fonts = self.fonts;
        let font: &Font = if fi >= fonts.fonts.len() { &self.local_fonts[fi - fonts.fonts.len()] } else { &fonts.fonts[fi] };
        let font_id = if fi >= fonts.fonts.len() { u32::MAX } else { fi as u32 };
        let mut i = 0;
        // Inside a marked-content span with /ActualText the glyphs go to the span (`out`);
        // elsewhere straight onto the page.
        let in_span = self.spans.iter().any(|s| s.text.is_some());
        let mut out: Vec<Glyph> = Vec::new();
        while i < s.len() {
            let n = font.code_len(&s[i..]).max(1).min(s.len() - i);
            let code = s[i..i + n].iter().fold(0u32, |a, &b| a << 8 | b as u32);
            i += n;
            let w0 = font.width(code) * font.scale;
            let trm = mul(&[gs.size * gs.th, 0.0, 0.0, gs.size, 0.0, gs.ts], &mul(tm, &gs.ctm));
            let sx = (trm[0] * trm[0] + trm[1] * trm[1]).sqrt();
            let sy = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let (unicode, origin) = font.glyph_text(code);
            let g = Glyph { x: trm[4], y: trm[5], width: w0 * sx, size: sy, font: font_id, code, unicode, origin, turn: upright::quarter_turn(&trm) };
            if self.page.glyphs.len() + self.page.off_page.len() + out.len() >= MAX_GLYPHS_PER_PAGE {
                self.stop(format!("{MAX_GLYPHS_PER_PAGE} glyphs"));
                break;
            }
            if self.visible(&g) {
                let mut g = g;
                if trm[1] == 0.0 && trm[2] == 0.0 && trm[0] > 0.0 && trm[3] > 0.0 {
                    clip::unclip(&mut g, gs.clip);
                }
                self.turns.count(g.turn, &trm, &g.unicode);
                if in_span {
                    out.push(g);
                } else {
                    self.page.glyphs.push(g);
                }
            } else {
                self.page.off_page.push(g);
            }
            let mut tx = (w0 * gs.size + gs.tc) * gs.th;
            if n == 1 && code == 32 {
                tx += gs.tw * gs.th;
            }
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        }
        if let Some(sp) = self.spans.iter_mut().find(|s| s.text.is_some()) {
            for g in &out {
                if !sp.any {
                    sp.any = true;
                    sp.y = g.y;
                    sp.size = g.size;
                    sp.font = g.font;
                    sp.code = g.code;
                }
                sp.x0 = sp.x0.min(g.x);
                sp.x1 = sp.x1.max(g.x + g.width);
            }
            sp.glyphs.extend(out);
        }
    }

    /// True when some of the glyph lies on the visible page (display space starts at the
    /// page's bottom left corner).
    fn visible(&self, g: &Glyph) -> bool {
        const SLACK: f32 = 1.0;
        let (w, h) = (self.page.width, self.page.height);
        !(g.x + g.width < -SLACK || g.x > w + SLACK || g.y + g.size < -SLACK || g.y > h + SLACK)
    }
}
