use super::*;

#[test]
fn resolved_glyph_text_is_what_unicode_gives() {
    // A clean ToUnicode entry, a distrusted one with a repair, a U+FFFD entry, a
    // simple-font meaning (ignored: composite) and a code no map has.
    let mut cm = CMap::default();
    for (c, s) in [(1, "ก"), (2, "x\u{0E49}"), (3, "\u{FFFD}"), (4, "")] {
        cm.map.insert(c, s.to_string());
    }
    let mut f = Font { composite: true, to_unicode: Some(cm), ..Font::default() };
    f.distrust.insert(2, ());
    f.repair.insert(2, ("\u{0E49}".into(), GlyphOrigin::Sibling));
    f.repair.insert(3, ("\u{0E48}".into(), GlyphOrigin::Gap));
    f.simple.insert(5, ("a".into(), GlyphOrigin::Encoding));
    let codes = [1, 2, 3, 4, 5, 6];
    let same = |f: &Font| codes.iter().all(|&c| {
        let (s, o) = f.glyph_text(c);
        (s.to_string(), o) == f.unicode(c)
    });
    assert!(same(&f), "unresolved font");
    f.resolve();
    assert!(same(&f), "resolved font");
    assert_eq!(f.glyph_text(2), (Arc::from("\u{0E49}"), GlyphOrigin::Sibling));
    assert_eq!(f.glyph_text(6).1, GlyphOrigin::Unmapped);
    // Glyphs drawn with one code share one string.
    assert!(Arc::ptr_eq(&f.glyph_text(1).0, &f.glyph_text(1).0));
}

#[test]
fn glyph_names() {
    assert_eq!(glyph_name_to_unicode("uni0E01").as_deref(), Some("ก"));
    assert_eq!(glyph_name_to_unicode("uniF70A").as_deref(), Some("\u{0E48}"));
    assert_eq!(glyph_name_to_unicode("uni0E010E49").as_deref(), Some("ก\u{0E49}"));
    assert_eq!(glyph_name_to_unicode("A").as_deref(), Some("A"));
    assert_eq!(glyph_name_to_unicode("one.alt").as_deref(), Some("1"));
    assert_eq!(glyph_name_to_unicode("u1D400").as_deref(), Some("\u{1D400}"));
    assert_eq!(glyph_name_to_unicode("glyph123"), None);
    assert_eq!(glyph_name_to_unicode("eacute").as_deref(), Some("é"));
    assert_eq!(glyph_name_to_unicode("guillemotleft").as_deref(), Some("«"));
    assert_eq!(glyph_name_to_unicode("f_f_i").as_deref(), Some("ffi"));
    assert_eq!(glyph_name_to_unicode("a_glyph123"), None);
}
