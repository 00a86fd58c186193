//! End-to-end tests of PDF input. Tests that need `../shared` (the planbench PDFs and
//! the real Distiller volumes) skip with a message when it is not there.

use planx::dev::one_page_pdf;
use planx::model::{Flag, Value};
use std::path::{Path, PathBuf};

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("shared").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared not present ({} not found)", p.display());
        None
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The table with the ground truth's header is found, with its header cells in one row,
/// and the page text is given per page.
#[test]
fn planbench_ruled_table_is_found_with_its_header() {
    let Some(pdf) = shared("planbench/dev/dev_004a.pdf") else { return };
    let gt: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(pdf.with_extension("gt.json")).unwrap()).unwrap();
    let x = planx::extract(&pdf).expect("extracts");
    let want: Vec<String> = gt["tables"][0]["grid_norm"][0].as_array().unwrap().iter().map(|c| squash(c.as_str().unwrap())).collect();
    let found = x.tables.iter().any(|t| {
        t.rows.iter().take(t.header_rows.max(1)).any(|r| {
            let got: Vec<String> = r.cells.iter().map(|c| squash(&c.norm)).collect();
            want.iter().filter(|w| !w.is_empty()).all(|w| got.contains(w))
        })
    });
    assert!(found, "no table has the header {want:?}");
    assert_eq!(x.page_text.len() as u64, gt["pages"].as_u64().unwrap());
}

/// An unruled table (no rules at all) is found too, and its numbers are in its rows.
#[test]
fn planbench_unruled_table_keeps_its_numbers() {
    let Some(pdf) = shared("planbench/dev/dev_004b.pdf") else { return };
    let gt: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(pdf.with_extension("gt.json")).unwrap()).unwrap();
    let x = planx::extract(&pdf).expect("extracts");
    let cells: std::collections::HashSet<String> =
        x.tables.iter().flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter().map(|c| squash(&c.norm)))).collect();
    let nums: Vec<String> = gt["tables"][0]["grid_norm"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter().map(|c| squash(c.as_str().unwrap())))
        .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == ',' || ch == '.'))
        .collect();
    assert!(!nums.is_empty());
    let hit = nums.iter().filter(|n| cells.contains(*n)).count();
    assert!(hit * 10 >= nums.len() * 9, "only {hit} of {} numeric cells found", nums.len());
}

/// Ground-truth grid rows, normalized and squashed.
fn gt_rows(gt: &serde_json::Value, table: usize) -> Vec<Vec<String>> {
    gt["tables"][table]["grid_norm"].as_array().unwrap().iter().map(|r| r.as_array().unwrap().iter().map(|c| squash(c.as_str().unwrap())).collect()).collect()
}

/// An unruled table whose three header rows are not separated by anything but position
/// (cells centred vertically, merged cells centred over their columns): every header row
/// comes out as the ground truth has it, merged cells in their top-left slot, on every
/// page the header is repeated on.
#[test]
fn planbench_unruled_multirow_header_matches_ground_truth() {
    for (stem, table) in [("dev_000b", 0usize), ("dev_003b", 0)] {
        let Some(pdf) = shared(&format!("planbench/dev/{stem}.pdf")) else { return };
        let gt: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(pdf.with_extension("gt.json")).unwrap()).unwrap();
        let want = gt_rows(&gt, table);
        let k = gt["tables"][table]["header_rows"].as_u64().unwrap() as usize;
        let x = planx::extract(&pdf).expect("extracts");
        let t = &x.tables[table];
        let got: Vec<Vec<String>> = t.rows.iter().take(k).map(|r| r.cells.iter().map(|c| squash(&c.norm)).collect()).collect();
        assert_eq!(t.header_rows, k, "{stem}: header rows");
        assert_eq!(got, want[..k].to_vec(), "{stem}: header");
    }
}

/// The scanned variant has no text layer: it is read by OCR (its table found, every
/// non-empty cell flagged `ocr`), or, where tesseract is missing, every page is reported.
#[test]
fn scanned_pages_are_read_or_reported() {
    let Some(pdf) = shared("planbench/dev/dev_000c.pdf") else { return };
    let x = planx::extract(&pdf).expect("extracts");
    let noted = x.text.iter().filter(|t| t.flags.contains(&Flag::Ocr)).count() as u32;
    if x.tables.is_empty() {
        eprintln!("OCR did not run (tesseract with the Thai model missing?): checking the pages are reported");
        assert_eq!(noted, x.source.pages);
        return;
    }
    let cells: Vec<_> = x.tables.iter().flat_map(|t| &t.rows).flat_map(|r| &r.cells).filter(|c| !c.text.is_empty()).collect();
    assert!(cells.len() > 100, "{} cells", cells.len());
    assert!(cells.iter().all(|c| c.flags.contains(&Flag::Ocr) && c.ocr_confidence.is_some()));
}

/// Page 5 of vol17 reads correctly after font repair, and the repaired cell is flagged.
#[test]
fn distiller_volume_page_5_after_repair() {
    let Some(pdf) = shared("realpdf/budget-2565-doc3-vol17.pdf") else { return };
    let text = planx::pdf_text(&pdf, Some((5, 5))).expect("reads");
    assert!(text.contains("หน่วยงานอื่นของรัฐ"), "page 5: {}", &text[..text.len().min(400)]);
    assert!(text.contains("ประจำปี"));
    assert!(!text.contains('\u{FFFD}'));
    // The repaired words carry their origin: glyph_inferred, in a table cell or a text line.
    let x = planx::extract(&pdf).expect("extracts");
    let in_cells = x.tables.iter().flat_map(|t| &t.rows).filter(|r| r.page == 5).flat_map(|r| &r.cells);
    let flagged_cell = in_cells.filter(|c| c.text.contains("หน่วยงานอื่นของรัฐ")).any(|c| c.flags.contains(&Flag::GlyphInferred));
    let flagged_line = x.text.iter().filter(|t| t.page == 5 && t.text.contains("หน่วยงานอื่นของรัฐ")).any(|t| t.flags.contains(&Flag::GlyphInferred));
    assert!(flagged_cell || flagged_line, "page 5: the repaired words are not flagged glyph_inferred");
}

/// Distiller writes "จำ" as the ActualText of a span over a space glyph (ToUnicode: TAB)
/// and จ, then draws NIKHAHIT + SARA AA after the span: SARA AM must not come out twice.
/// The table of contents on vol17 p.5 reads "ระยะปานกลาง จำแนกตามแหล่งเงิน".
#[test]
fn distiller_actual_text_over_a_space_does_not_double_sara_am() {
    let Some(pdf) = shared("realpdf/budget-2565-doc3-vol17.pdf") else { return };
    let text = planx::pdf_text(&pdf, Some((5, 5))).expect("reads");
    assert!(text.contains("ระยะปานกลาง จำแนกตามแหล่งเงิน"), "page 5: {text}");
    assert!(!text.contains("ำำ"));
}

/// DilleniaUPC's NIKHAHIT glyph (GID 206) is mapped to a space in ToUnicode; the font
/// family's glyph order says NIKHAHIT, and with SARA AA after it the page prints SARA AM
/// (vol3-5 p.18: "งบดำเนินงาน", "จำแนกตามกิจกรรม").
#[test]
fn a_thai_mark_mapped_to_a_space_is_repaired() {
    let Some(pdf) = shared("realpdf/budget-2565-doc3-vol3-5.pdf") else { return };
    let text = planx::pdf_text(&pdf, Some((18, 18))).expect("reads");
    assert!(text.contains("งบดำเนินงาน"), "page 18: {text}");
    assert!(text.contains("จำแนกตามกิจกรรม"));
    assert!(!text.contains("ดาเนิน"));
}

/// A unit caption ("หน่วย : ล้านบาท") applies to the table right below it, on its page:
/// PDF lines are numbered per page, and the caption on vol17 p.44 (line 3) once made the
/// bottles of antivenom in the table at the top of p.45 into 60,000 million baht.
#[test]
fn a_unit_caption_on_another_page_does_not_apply() {
    let Some(pdf) = shared("realpdf/budget-2565-doc3-vol17.pdf") else { return };
    let x = planx::extract(&pdf).expect("extracts");
    let r = x
        .records
        .iter()
        .find(|r| r.fields.get("item").map(|v| v.csv()).as_deref() == Some("- ตัวชี้วัดเชิงปริมาณ : จำนวนเซรุ่มแก้พิษงู"))
        .expect("the antivenom row is read");
    assert_eq!(r.fields["unit"], Value::Text { text: "ขวด".into() });
    for (name, v) in &r.fields {
        assert!(!matches!(v, Value::Amount { .. }), "{name} read as money: {v:?}");
    }
    assert_eq!(r.fields["amount_2565"], Value::Number { value: 60000.into() });
}

/// Excel tables that rule their columns but not their rows: every indicator is a row
/// (vol17 p.42, one band of 15 indicators), a label merged over three records is written
/// once (p.10), and amounts listed at line pitch are rows too (p.11, section 3.1).
#[test]
fn records_without_rules_between_them_are_rows() {
    let Some(pdf) = shared("realpdf/budget-2565-doc3-vol17.pdf") else { return };
    let text = planx::pdf_text(&pdf, Some((10, 11))).expect("reads");
    let lines: Vec<&str> = text.lines().collect();
    let row = |start: &str| lines.iter().find(|l| l.trim_start_matches('\t').starts_with(start)).copied();
    assert_eq!(row("รายจ่ายประจำ"), Some("รายจ่ายประจำ\t473,710,000\tบาท"));
    assert_eq!(row("รายจ่ายลงทุน"), Some("รายจ่ายลงทุน\t5,256,500\tบาท"));
    let economy = row("เศรษฐกิจฐานราก").expect("the third record of the first band");
    assert!(economy.starts_with('\t') && economy.ends_with("\t4.0847"), "{economy:?}");
    let text = planx::pdf_text(&pdf, Some((42, 42))).expect("reads");
    let indicators = text.lines().filter(|l| l.starts_with("- ตัวชี้วัด :")).count();
    assert!(indicators >= 15, "{indicators} indicator rows on p.42:\n{text}");
    assert!(text.contains("- ตัวชี้วัด : จำนวนเซรุ่มแก้พิษงู\tขวด\t60,000\t60,000"));
}

/// The same on a page made here: columns ruled, rows not; a label wraps below its first
/// line, and a value over a prior-year figure in brackets stays one record.
#[test]
fn a_band_of_records_between_two_rules_is_cut_into_rows() {
    let mut c = String::from("0.5 w\n");
    for x in [50, 250, 350, 450] {
        c.push_str(&format!("{x} 700 m {x} 500 l S\n"));
    }
    for y in [700, 680, 500] {
        c.push_str(&format!("50 {y} m 450 {y} l S\n"));
    }
    let text = [
        (55, 686, "Item"), (255, 686, "Unit"), (355, 686, "2565"),
        (55, 665, "- Rice"), (255, 665, "kg"), (355, 665, "1,200"),
        (55, 651, "grown in the north"),
        (55, 637, "- Salt"), (255, 637, "kg"), (355, 637, "35"), (355, 623, "(30)"),
        (55, 609, "- Fish"), (255, 609, "kg"), (355, 609, "7"),
    ];
    for (x, y, t) in text {
        c.push_str(&format!("BT /F1 10 Tf 1 0 0 1 {x} {y} Tm ({t}) Tj ET\n"));
    }
    let dir = std::env::temp_dir().join(format!("planx-band-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("band.pdf");
    std::fs::write(&pdf, one_page_pdf("/MediaBox [0 0 595 842]", c.as_bytes())).unwrap();
    let got = planx::pdf_text(&pdf, None).expect("reads");
    std::fs::remove_dir_all(&dir).ok();
    let rows: Vec<&str> = got.lines().filter(|l| l.contains('\t')).collect();
    assert_eq!(rows, ["Item\tUnit\t2565", "- Rice grown in the north\tkg\t1,200", "- Salt\tkg\t35 (30)", "- Fish\tkg\t7"], "{got}");
}

/// A cover printed as a spread (back, spine, front) on a page whose box shows the front
/// only: the text beside the box is not laid out with the page (it would interleave
/// with the front's lines) but kept as a flagged note, as on vol3-5 p.1.
#[test]
fn text_outside_the_visible_page_is_kept_apart() {
    let content = "BT /F1 20 Tf 1 0 0 1 100 700 Tm (Budget) Tj 1 0 0 1 -400 700 Tm (Back) Tj ET \
                   BT /F1 20 Tf 1 0 0 1 100 650 Tm (Volume) Tj 1 0 0 1 700 650 Tm (Spine) Tj ET";
    let dir = std::env::temp_dir().join(format!("planx-offpage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("cover.pdf");
    std::fs::write(&pdf, one_page_pdf("/MediaBox [-500 0 1000 842] /CropBox [0 0 595 842]", content.as_bytes())).unwrap();
    let text = planx::pdf_text(&pdf, None).expect("reads");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[..2], ["Budget", "Volume"], "{text}");
    assert_eq!(lines[2], "[planx: page 1: text drawn outside the visible page] Back / Spine");
    let x = planx::extract(&pdf).expect("extracts");
    std::fs::remove_dir_all(&dir).ok();
    assert!(x.text.iter().any(|t| t.text.contains("Back / Spine") && t.flags.contains(&Flag::Residue)));
}

/// A header framed by horizontal rules only, over narrow year columns whose wrapped words
/// run almost into each other: each label of the header's lowest row heads its own
/// column, and a cell's words are not pulled into the next column (dev_002c p.11).
#[test]
fn narrow_columns_under_a_rules_only_header_stay_apart() {
    let Some(pdf) = shared("planbench/dev/dev_002c.pdf") else { return };
    let x = planx::extract(&pdf).expect("extracts");
    let row = x
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .find(|r| r.cells.first().is_some_and(|c| c.norm.starts_with("3.4 ส่งเสริมพัฒนา")))
        .expect("row 3.4 is read");
    let cells: Vec<String> = row.cells.iter().map(|c| squash(&c.norm)).collect();
    assert_eq!(cells[2..6], ["ร้อยละ80", "ร้อยละ80", "ร้อยละ80", "ร้อยละ80"], "{cells:?}");
}

#[test]
fn broken_inputs_fail_cleanly() {
    let dir = std::env::temp_dir().join(format!("planx-pdf-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let junk = dir.join("junk.pdf");
    std::fs::write(&junk, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF").unwrap();
    let e = planx::extract(&junk).unwrap_err();
    assert_eq!(e.reason(), "pdf");
    // Truncated copies of a real PDF: an error or a partial read, never a panic.
    if let Some(pdf) = shared("planbench/dev/dev_001a.pdf") {
        let bytes = std::fs::read(pdf).unwrap();
        for cut in [100, bytes.len() / 3, bytes.len() / 2, bytes.len() - 200] {
            let p = dir.join(format!("cut{cut}.pdf"));
            std::fs::write(&p, &bytes[..cut]).unwrap();
            let r = std::panic::catch_unwind(|| planx::extract(&p).map(|x| x.source.pages));
            assert!(r.is_ok(), "panic on a PDF cut at {cut}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A landscape table printed on a portrait page turned by `/Rotate`: the text comes out
/// as the reader sees it, the same as the table drawn on an upright landscape page.
#[test]
fn rotated_pages_read_as_displayed() {
    // (x, y) as displayed on an 842 x 595 landscape page.
    let cells = [(60.0, 500.0, "Item"), (300.0, 500.0, "Amount"), (60.0, 474.0, "Rice"), (300.0, 474.0, "1200"), (60.0, 448.0, "Salt"), (300.0, 448.0, "35")];
    let upright: String = cells.iter().map(|(x, y, t)| format!("BT /F1 12 Tf 1 0 0 1 {x} {y} Tm ({t}) Tj ET\n")).collect();
    let dir = std::env::temp_dir().join(format!("planx-rotate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let flat = dir.join("upright.pdf");
    std::fs::write(&flat, one_page_pdf("/MediaBox [0 0 842 595]", upright.as_bytes())).unwrap();
    let want = planx::pdf_text(&flat, None).expect("reads the upright page");
    assert!(want.contains("Item\tAmount") && want.contains("Rice\t1200"), "upright page read as {want:?}");
    // The same page as portrait user space, shown turned: display (x, y) is user (595 - y, x)
    // for /Rotate 90, text running up the page; user (y, 842 - x) for /Rotate 270.
    for (rotate, to_user, tm) in [
        (90, Box::new(|x: f64, y: f64| (595.0 - y, x)) as Box<dyn Fn(f64, f64) -> (f64, f64)>, "0 1 -1 0"),
        (270, Box::new(|x: f64, y: f64| (y, 842.0 - x)), "0 -1 1 0"),
    ] {
        let content: String = cells
            .iter()
            .map(|(x, y, t)| {
                let (ux, uy) = to_user(*x, *y);
                format!("BT /F1 12 Tf {tm} {ux} {uy} Tm ({t}) Tj ET\n")
            })
            .collect();
        let pdf = dir.join(format!("rotate{rotate}.pdf"));
        std::fs::write(&pdf, one_page_pdf(&format!("/MediaBox [0 0 595 842] /Rotate {rotate}"), content.as_bytes())).unwrap();
        let got = planx::pdf_text(&pdf, None).expect("reads the rotated page");
        assert_eq!(got, want, "/Rotate {rotate}");
        // The same turned text without /Rotate (the text matrix alone turns it): the page
        // is turned the way most of its text runs and reads the same.
        let pdf = dir.join(format!("turned{rotate}.pdf"));
        std::fs::write(&pdf, one_page_pdf("/MediaBox [0 0 595 842]", content.as_bytes())).unwrap();
        let got = planx::pdf_text(&pdf, None).expect("reads the turned page");
        assert_eq!(got, want, "text turned as for /Rotate {rotate}, page not rotated");
    }
    std::fs::remove_dir_all(&dir).ok();
}
