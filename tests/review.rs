//! Review end to end: corrections that survive a rerun (`planx apply`), and the HTML
//! report (`planx review`) opened in headless Chromium, its outlines checked against
//! where poppler (`pdftotext -bbox`) finds the flagged text on the page. The browser
//! tests skip, saying so, without chromium or poppler (.ci/run installs both); the vol17
//! test skips without ../shared.

mod common;

use common::{planx, tmpdir};

use planx::dev::one_page_pdf;
use std::path::Path;
use std::process::{Command, Output};

fn read_csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(p).unwrap();
    let head = r.headers().unwrap().iter().map(String::from).collect();
    (head, r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect())
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}

/// Three values corrected in review.csv, applied, then extracted again: the corrections
/// hold (cell norm, `corrected` with the original, who and when; record flagged), and a
/// correction naming text the cell does not hold is refused.
#[test]
fn three_corrections_survive_a_rerun() {
    let out = tmpdir("apply");
    let outs = out.to_str().unwrap();
    let samples = common::root().join("samples");
    ok(&planx(&["extract", samples.to_str().unwrap(), "--out", outs, "--quiet"]));
    let (head, rows) = read_csv(&out.join("review.csv"));
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    // Three distinct cells with a value.
    let mut picked: Vec<Vec<String>> = Vec::new();
    for r in rows.iter().filter(|r| !r[col("column")].is_empty() && !r[col("text")].is_empty()) {
        if !picked.iter().any(|p| p[col("file")] == r[col("file")] && p[col("table")] == r[col("table")] && p[col("row")] == r[col("row")] && p[col("column")] == r[col("column")]) {
            picked.push(r.clone());
        }
        if picked.len() == 3 {
            break;
        }
    }
    assert_eq!(picked.len(), 3);
    let fixes = ["111", "222", "333"];
    for (p, f) in picked.iter_mut().zip(fixes) {
        p[col("correction")] = f.to_string();
    }
    // A fourth row whose text is not what the cell holds: refused.
    let mut stale = picked[0].clone();
    stale[col("text")] = "not this".into();
    stale[col("correction")] = "999".into();
    let corr = out.join("my-corrections.csv");
    let mut w = csv::Writer::from_path(&corr).unwrap();
    w.write_record(&head).unwrap();
    for r in picked.iter().chain([&stale]) {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    let o = planx(&["apply", outs, corr.to_str().unwrap(), "--who", "reviewer-a"]);
    assert!(!o.status.success(), "a refused row makes apply exit 1");
    assert!(String::from_utf8_lossy(&o.stderr).contains("refused"), "{}", String::from_utf8_lossy(&o.stderr));
    let check = |when: &str| {
        for (p, f) in picked.iter().zip(fixes) {
            let stem = Path::new(&p[col("file")]).file_stem().unwrap().to_str().unwrap().to_string();
            let x: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join(format!("{stem}.json"))).unwrap()).unwrap();
            let t = x["tables"].as_array().unwrap().iter().find(|t| t["id"] == p[col("table")].as_str()).unwrap();
            let row: usize = p[col("row")].parse().unwrap();
            let c: usize = p[col("column")].parse().unwrap();
            let cell = &t["rows"][row]["cells"][c - 1];
            assert_eq!(cell["norm"], f, "{when}: {cell}");
            assert_eq!(cell["corrected"]["original"], p[col("text")].as_str(), "{when}");
            assert_eq!(cell["corrected"]["who"], "reviewer-a", "{when}");
            assert!(cell["flags"].as_array().unwrap().iter().any(|f| f == "corrected"), "{when}");
            let rec = x["records"].as_array().unwrap().iter().find(|r| r["table"] == t["id"] && r["row"] == row);
            if let Some(rec) = rec {
                assert!(rec["flags"].as_array().unwrap().iter().any(|f| f == "corrected"), "{when}: {rec}");
            }
        }
    };
    check("after apply");
    ok(&planx(&["extract", samples.to_str().unwrap(), "--out", outs, "--quiet"]));
    check("after a rerun");
    let _ = std::fs::remove_dir_all(&out);
}

/// The first working chromium, if any.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"].into_iter().find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        eprintln!("skipped: chromium not found (apt-get install -y chromium; .ci/run installs it)");
    }
    found
}

fn has_poppler() -> bool {
    let ok = ["pdftoppm", "pdftotext"].iter().all(|t| Command::new(t).arg("-v").output().is_ok());
    if !ok {
        eprintln!("skipped: poppler-utils (pdftoppm, pdftotext) not found");
    }
    ok
}

/// The report's DOM after the page loaded and its script ran.
fn dump_dom(browser: &str, html: &Path, dir: &Path) -> String {
    let profile = dir.join("chromium-profile");
    let o = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--virtual-time-budget=30000", "--dump-dom"])
        .arg(format!("file://{}", html.canonicalize().unwrap().display()))
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Words poppler finds on a page: (x0, top, x1, bottom) in points from the top left, text.
fn poppler_words(pdf: &Path, page: u32) -> Vec<([f32; 4], String)> {
    let o = Command::new("pdftotext").args(["-bbox", "-f", &page.to_string(), "-l", &page.to_string()]).arg(pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let re = regex::Regex::new(r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#).unwrap();
    re.captures_iter(&text).map(|c| ([1, 2, 3, 4].map(|i| c[i].parse::<f32>().unwrap()), c[5].to_string())).collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let k = format!(" {name}=\"");
    let i = tag.find(&k)? + k.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// What the browser check found on one report.
#[derive(Debug, Default)]
struct Seen {
    pages: usize,
    rendered: usize,
    outlines: usize,
    /// Outlines of a cell (with text) checked against poppler's words.
    cells: usize,
    /// Of those, outlines holding a poppler word that is part of the cell's text.
    on_text: usize,
}

/// Opens a report in Chromium and checks every page image loaded at the page's size and
/// every outline of a cell holds, as drawn, a word of that cell's text where poppler
/// finds it on the page.
fn browser_check(browser: &str, html: &Path, pdf: &Path, dir: &Path) -> Seen {
    let dom = dump_dom(browser, html, dir);
    assert!(dom.contains("data-ready=\"1\""), "the report's script did not run:\n{}", &dom[..dom.len().min(2000)]);
    let mut seen = Seen::default();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for sheet in dom.split("<div class=\"sheet\"").skip(1) {
        let tag = &sheet[..sheet.find('>').unwrap()];
        let page: u32 = attr(tag, "data-page").unwrap().parse().unwrap();
        let scale: f32 = attr(tag, "data-scale").unwrap().parse().unwrap();
        let height: f32 = attr(tag, "data-height").unwrap().parse().unwrap();
        seen.pages += 1;
        if let Some((w, h)) = attr(tag, "data-img").and_then(|d| d.split_once('x')) {
            let (w, h): (f32, f32) = (w.parse().unwrap(), h.parse().unwrap());
            assert!((h - height * scale).abs() <= 2.0, "page {page}: image {h} px high for {} px", height * scale);
            assert!(w > 0.0);
            seen.rendered += 1;
        }
        let words = poppler_words(pdf, page);
        let body = sheet.split("<div class=\"sheet\"").next().unwrap();
        for item in body.split("<div class=\"box item\"").skip(1) {
            let tag = &item[..item.find('>').unwrap()];
            seen.outlines += 1;
            let rect: Vec<f32> = attr(tag, "data-rect").expect("the script placed every outline").split(',').map(|v| v.parse().unwrap()).collect();
            let text = squash(&unescape(attr(tag, "data-text").unwrap_or("")));
            if text.is_empty() {
                continue;
            }
            seen.cells += 1;
            // The outline as drawn, in points from the page's top left, a point of slack.
            let [x0, y0, x1, y1] = [rect[0] / scale - 1.0, rect[1] / scale - 1.0, (rect[0] + rect[2]) / scale + 1.0, (rect[1] + rect[3]) / scale + 1.0];
            let inside = words.iter().filter(|(b, _)| {
                let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
                cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1
            });
            if inside.into_iter().any(|(_, w)| !squash(w).is_empty() && text.contains(&squash(w))) {
                seen.on_text += 1;
            }
        }
    }
    seen
}

/// A ruled table made here, with a text in a column of numbers (a `mixed_types` item):
/// the report of its run outlines the flagged cell over its text, in the browser.
#[test]
fn report_of_a_generated_pdf_outlines_the_flagged_cell() {
    let dir = tmpdir("gen");
    let mut c = String::from("0.5 w\n");
    for x in [50, 250, 350, 450] {
        c.push_str(&format!("{x} 700 m {x} 540 l S\n"));
    }
    for y in [700, 680, 660, 640, 620, 600, 580, 560, 540] {
        c.push_str(&format!("50 {y} m 450 {y} l S\n"));
    }
    let rows = [("Item", "Unit", "2565"), ("Rice", "kg", "1,200"), ("Salt", "kg", "35"), ("Fish", "kg", "7"), ("Oil", "litre", "450"), ("Milk", "litre", "1,310"), ("Tea", "kg", "80"), ("Corn", "kg", "unknown")];
    for (i, (a, b, v)) in rows.iter().enumerate() {
        let y = 686 - 20 * i as i32;
        for (x, t) in [(55, a), (255, b), (355, v)] {
            c.push_str(&format!("BT /F1 10 Tf 1 0 0 1 {x} {y} Tm ({t}) Tj ET\n"));
        }
    }
    let pdf = dir.join("made.pdf");
    std::fs::write(&pdf, one_page_pdf("/MediaBox [0 0 595 842]", c.as_bytes())).unwrap();
    let out = dir.join("out");
    let outs = out.to_str().unwrap();
    ok(&planx(&["extract", pdf.to_str().unwrap(), "--out", outs, "--quiet"]));
    let (head, items) = read_csv(&out.join("review.csv"));
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let flagged = items.iter().find(|r| r[col("text")] == "unknown").unwrap_or_else(|| panic!("the text among numbers is flagged: {items:?}"));
    assert_eq!(flagged[col("row_label")], "Corn");
    assert_eq!(flagged[col("column_name")], "2565");
    // Its box is where the text was drawn: x from 355, baseline 546.
    let b: Vec<f32> = ["x0", "y0", "x1", "y1"].iter().map(|k| flagged[col(k)].parse().unwrap()).collect();
    assert!((b[0] - 355.0).abs() < 1.0 && b[1] < 546.0 && b[3] > 546.0 && b[2] > 380.0, "{b:?}");
    if !has_poppler() {
        return;
    }
    let o = planx(&["review", outs]);
    ok(&o);
    let html = out.join("review").join("made.html");
    assert!(html.exists());
    let Some(browser) = chromium() else { return };
    let seen = browser_check(browser, &html, &pdf, &dir);
    eprintln!("generated PDF: {seen:?}");
    assert_eq!((seen.pages, seen.rendered), (1, 1), "{seen:?}");
    assert!(seen.cells >= 1 && seen.on_text == seen.cells, "every outlined cell is over its text: {seen:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A report whose source PDF cannot be found says so (in the report and on stderr).
#[test]
fn a_missing_source_pdf_is_said() {
    let dir = tmpdir("missing");
    let pdf = dir.join("gone.pdf");
    let c = "BT /F1 10 Tf 1 0 0 1 55 686 Tm (A) Tj ET\nBT /F1 10 Tf 1 0 0 1 255 686 Tm (B) Tj ET\n";
    std::fs::write(&pdf, one_page_pdf("/MediaBox [0 0 595 842]", c.as_bytes())).unwrap();
    let out = dir.join("out");
    ok(&planx(&["extract", pdf.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]));
    std::fs::remove_file(&pdf).unwrap();
    let o = planx(&["review", out.to_str().unwrap()]);
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not found") && err.contains("gone.pdf"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The vol17 report in the browser: every page with items renders, and the outlines of
/// flagged cells lie over their text as poppler places it.
#[test]
fn vol17_report_outlines_fall_on_the_flagged_cells() {
    let Some(shared) = common::shared() else { return };
    if !has_poppler() {
        return;
    }
    let Some(browser) = chromium() else { return };
    let dir = tmpdir("vol17");
    let pdf = shared.join("realpdf/budget-2565-doc3-vol17.pdf");
    let out = dir.join("out");
    ok(&planx(&["extract", pdf.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]));
    let (head, items) = read_csv(&out.join("review.csv"));
    let boxed = items.iter().filter(|r| !r[head.iter().position(|h| h == "x0").unwrap()].is_empty()).count();
    ok(&planx(&["review", out.to_str().unwrap()]));
    let seen = browser_check(browser, &out.join("review/budget-2565-doc3-vol17.html"), &pdf, &dir);
    eprintln!("vol17: {} review rows, {boxed} with a box; browser: {seen:?}", items.len());
    assert!(boxed * 100 >= items.len() * 99, "{boxed} of {} rows have a box", items.len());
    assert_eq!(seen.rendered, seen.pages, "every page image loads: {seen:?}");
    assert_eq!(seen.outlines, boxed, "every boxed item is outlined");
    assert!(seen.on_text * 100 >= seen.cells * 90, "outlines over their cell's text: {seen:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
