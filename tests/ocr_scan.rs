//! OCR of a scanned page, end to end: a small ruled table drawn as a digital PDF is
//! rendered to pixels (pdftoppm) and wrapped into an image-only PDF; planx must read the
//! same table back through OCR, with every cell flagged `ocr`. Skips, saying so, where
//! tesseract with the Thai model or pdftoppm is missing.

use planx::dev::one_page_pdf;
use planx::model::Flag;
use std::process::{Command, Stdio};

fn tools_present() -> bool {
    let tess = Command::new("tesseract").arg("--list-langs").stderr(Stdio::null()).output();
    let tha = tess.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "tha"));
    let ppm = Command::new("pdftoppm").arg("-v").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    if !(tha && ppm) {
        eprintln!("skipped: tesseract with the Thai model (apt-get install tesseract-ocr tesseract-ocr-tha) or pdftoppm (poppler-utils) not present");
    }
    tha && ppm
}

/// The digital page: a ruled 2 × 3 table in Helvetica 14.
fn digital() -> Vec<u8> {
    let mut c = String::from("1 w ");
    for y in [700, 670, 640, 610] {
        c.push_str(&format!("100 {y} m 400 {y} l S "));
    }
    for x in [100, 250, 400] {
        c.push_str(&format!("{x} 610 m {x} 700 l S "));
    }
    for (row, (a, b)) in [("Item", "Amount"), ("Rice", "1,250"), ("Salt", "300")].iter().enumerate() {
        let y = 680 - 30 * row;
        c.push_str(&format!("BT /F1 14 Tf 110 {y} Td ({a}) Tj ET BT /F1 14 Tf 260 {y} Td ({b}) Tj ET "));
    }
    one_page_pdf("/MediaBox [0 0 595 842]", c.as_bytes())
}

/// A PGM's width, height and pixels.
fn parse_pgm(b: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 2;
    while fields.len() < 3 {
        while b[i].is_ascii_whitespace() {
            i += 1;
        }
        let s = i;
        while b[i].is_ascii_digit() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&b[s..i]).unwrap().parse::<usize>().unwrap());
    }
    let (w, h) = (fields[0], fields[1]);
    (w, h, b[i + 1..i + 1 + w * h].to_vec())
}

/// The page rendered at 150 dpi and drawn as one inline grey image: no text layer.
fn scanned(pdf: &[u8], dir: &std::path::Path) -> Vec<u8> {
    let src = dir.join("digital.pdf");
    std::fs::write(&src, pdf).unwrap();
    let out = Command::new("pdftoppm").args(["-gray", "-r", "150", "-singlefile"]).arg(&src).arg(dir.join("page")).output().unwrap();
    assert!(out.status.success());
    let (w, h, px) = parse_pgm(&std::fs::read(dir.join("page.pgm")).unwrap());
    let mut c = format!("q 595 0 0 842 0 0 cm BI /W {w} /H {h} /CS /G /BPC 8 ID\n").into_bytes();
    c.extend_from_slice(&px);
    c.extend_from_slice(b"\nEI Q");
    one_page_pdf("/MediaBox [0 0 595 842]", &c)
}

#[test]
fn a_scanned_ruled_table_is_read_like_the_digital_one() {
    if !tools_present() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("planx-ocr-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scan = scanned(&digital(), &dir);
    let path = dir.join("scan.pdf");
    std::fs::write(&path, &scan).unwrap();
    let x = planx::extract(&path).expect("extracts");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(x.tables.len(), 1, "one table: {:?}", x.tables.iter().map(|t| &t.rows).collect::<Vec<_>>());
    let rows: Vec<Vec<String>> = x.tables[0].rows.iter().map(|r| r.cells.iter().map(|c| c.norm.clone()).collect()).collect();
    assert_eq!(rows, vec![vec!["Item", "Amount"], vec!["Rice", "1,250"], vec!["Salt", "300"]]);
    for c in x.tables[0].rows.iter().flat_map(|r| &r.cells) {
        assert!(c.flags.contains(&Flag::Ocr), "{c:?}");
        assert!(c.ocr_confidence.is_some_and(|k| k <= 100), "{c:?}");
    }
}

#[test]
fn a_scanned_page_is_never_an_empty_ok() {
    // With or without an engine, a scanned page yields either text or a flagged note.
    let dir = std::env::temp_dir().join(format!("planx-ocr-test-blank-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = b"q 595 0 0 842 0 0 cm BI /W 4 /H 4 /CS /G /BPC 8 ID\n".to_vec();
    c.extend_from_slice(&[255u8; 16]);
    c.extend_from_slice(b"\nEI Q");
    let path = dir.join("blank-scan.pdf");
    std::fs::write(&path, one_page_pdf("/MediaBox [0 0 595 842]", &c)).unwrap();
    let x = planx::extract(&path).expect("extracts");
    let _ = std::fs::remove_dir_all(&dir);
    let flagged = x.text.iter().any(|l| l.flags.contains(&Flag::Ocr)) || x.tables.iter().any(|t| t.rows.iter().any(|r| r.cells.iter().any(|c| c.flags.contains(&Flag::Ocr))));
    assert!(flagged, "a scanned page read as nothing (or not read) must be flagged");
}
