//! End-to-end tests of how a page is cut into tables: rectangles drawn with lines,
//! tables inside a frame or inside another table's cell, text beside a table.

use planx::dev::{one_page_pdf, read_pages};
use std::path::Path;

fn pdf_of(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("planx-seg-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf, one_page_pdf("/MediaBox [0 0 595 842]", content.as_bytes())).unwrap();
    pdf
}

fn text_of(pdf: &Path) -> String {
    let got = planx::pdf_text(pdf, None).expect("reads");
    std::fs::remove_dir_all(pdf.parent().unwrap()).ok();
    got
}

/// A filled bar drawn as a closed path of lines (`m l l l h f`), as some writers draw
/// every rule of a table.
fn bar(x0: f32, y0: f32, x1: f32, y1: f32) -> String {
    format!("{x0} {y0} m {x1} {y0} l {x1} {y1} l {x0} {y1} l h f\n")
}

/// The rules of a grid as thin filled bars (0.5 pt), or as strokes.
fn grid(xs: &[f32], ys: &[f32], bars: bool) -> String {
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let (ytop, ybot) = (ys[0], ys[ys.len() - 1]);
    let mut c = String::new();
    for &y in ys {
        c += &if bars { bar(x0, y - 0.25, x1, y + 0.25) } else { format!("{x0} {y} m {x1} {y} l S\n") };
    }
    for &x in xs {
        c += &if bars { bar(x - 0.25, ybot, x + 0.25, ytop) } else { format!("{x} {ybot} m {x} {ytop} l S\n") };
    }
    c
}

fn texts(items: &[(f32, f32, &str)]) -> String {
    items.iter().map(|(x, y, t)| format!("BT /F1 10 Tf 1 0 0 1 {x} {y} Tm ({t}) Tj ET\n")).collect()
}

#[test]
fn thin_rectangles_drawn_with_lines_are_rulings() {
    let c = format!("{}0 0 1 rg 100 500 m 300 500 l 300 500.5 l 100 500.5 l h f\n100 400 m 150 400 l 150 420 l 100 420 l h f\n", bar(50.0, 600.0, 50.5, 700.0));
    let pdf = pdf_of("bars", &c);
    let doc = read_pages(&pdf, &std::fs::read(&pdf).unwrap(), None).expect("reads");
    std::fs::remove_dir_all(pdf.parent().unwrap()).ok();
    let rs = &doc.pages[0].rulings;
    // The vertical bar and the horizontal one are rulings, the filled 50x20 box is not.
    assert_eq!(rs.len(), 2, "{rs:?}");
    assert!(rs.iter().any(|r| (r.x0 - 50.25).abs() < 0.01 && r.x1 == r.x0 && r.y0 == 600.0 && r.y1 == 700.0), "{rs:?}");
    assert!(rs.iter().any(|r| r.y0 == r.y1 && r.x0 == 100.0 && r.x1 == 300.0), "{rs:?}");
}

#[test]
fn a_table_ruled_with_filled_bars_is_read_cell_by_cell() {
    // Two words in one cell, far apart: only the ruled cell keeps them together.
    let mut c = grid(&[50.0, 250.0, 350.0], &[700.0, 680.0, 660.0, 640.0], true);
    c += &texts(&[(55.0, 685.0, "Name"), (255.0, 685.0, "Value"), (55.0, 665.0, "Left"), (180.0, 665.0, "part"), (255.0, 665.0, "1,200"), (55.0, 645.0, "Other"), (255.0, 645.0, "35")]);
    let got = text_of(&pdf_of("barred", &c));
    let rows: Vec<&str> = got.lines().filter(|l| l.contains('\t')).collect();
    assert_eq!(rows, ["Name\tValue", "Left part\t1,200", "Other\t35"], "{got}");
}

#[test]
fn a_table_inside_a_frame_or_a_cell_is_its_own_table() {
    // A page frame (no inner rules) around a ruled table.
    let mut c = grid(&[30.0, 560.0], &[800.0, 40.0], false);
    c += &grid(&[100.0, 250.0, 350.0], &[500.0, 480.0, 460.0], false);
    c += &texts(&[(105.0, 485.0, "Age"), (255.0, 485.0, "Rate"), (105.0, 465.0, "18-75"), (255.0, 465.0, "1,00%"), (40.0, 700.0, "Some text above")]);
    let got = text_of(&pdf_of("framed", &c));
    let rows: Vec<&str> = got.lines().filter(|l| l.contains('\t')).collect();
    assert_eq!(rows, ["Age\tRate", "18-75\t1,00%"], "{got}");
    // The same table inside the second cell of a two-column ruled table.
    let mut c = grid(&[30.0, 90.0, 560.0], &[800.0, 400.0], false);
    c += &grid(&[100.0, 250.0, 350.0], &[500.0, 480.0, 460.0], false);
    c += &texts(&[(105.0, 485.0, "Age"), (255.0, 485.0, "Rate"), (105.0, 465.0, "18-75"), (255.0, 465.0, "1,00%"), (35.0, 700.0, "CASE"), (100.0, 700.0, "The rates:")]);
    let got = text_of(&pdf_of("nested", &c));
    let rows: Vec<&str> = got.lines().filter(|l| l.contains('\t')).collect();
    assert_eq!(rows, ["CASE\tThe rates:", "Age\tRate", "18-75\t1,00%"], "{got}");
}
