//! `planx review OUT_DIR`: a static HTML report per document of a run, to work through
//! its review items page by page, offline from the file system.
//!
//! `OUT_DIR/review/index.html` lists the documents; `OUT_DIR/review/<stem>.html` shows
//! each page that has review items as an image (rendered by `pdftoppm` into
//! `OUT_DIR/review/<stem>/page-N.png`) with every table cell of the page drawn over it
//! (tables blue, cells faint) and each flagged item outlined red and numbered, beside the
//! list of the page's items (numbered the same, in review.csv's order). Text documents and
//! PDFs whose source is not found get the lists without images, and the report says why.
//!
//! Boxes are in PDF points from the bottom-left of the displayed page (docs/schema.md); at
//! `dpi` a point is `dpi / 72` pixels and `y` is flipped against the page height.

use crate::model::{BBox, Extraction, SourceKind};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Resolution the pages are rendered at: sharp enough for Thai marks, light enough for a
/// 300-page volume.
pub const DEFAULT_DPI: u32 = 100;

/// One review item as the report shows it (a row of review.csv).
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// Document (the manifest's path).
    pub file: String,
    /// 1-based page.
    pub page: u32,
    /// Table id.
    pub table: String,
    /// The row's label.
    pub label: String,
    /// The column's header path.
    pub column: String,
    /// The cell's text.
    pub text: String,
    /// The flag.
    pub flag: String,
    /// What to look at.
    pub message: String,
    /// The item's confidence.
    pub confidence: String,
    /// The box on the page (PDF points), if any.
    pub bbox: Option<BBox>,
}

/// What `review` did: reports written, pages drawn, and what could not be done.
#[derive(Debug, Default)]
pub struct Summary {
    /// Reports written (index first).
    pub written: Vec<PathBuf>,
    /// Page images rendered.
    pub pages: usize,
    /// Items outlined on a page image.
    pub outlined: usize,
    /// Items listed in all.
    pub items: usize,
    /// Problems a person should know about (source not found, renderer missing).
    pub warnings: Vec<String>,
}

/// Reads `OUT_DIR/review.csv` into items, in its order.
pub fn read_items(out: &Path) -> Result<Vec<Item>, String> {
    let p = out.join("review.csv");
    let mut r = csv::Reader::from_path(&p).map_err(|e| format!("{}: {e} (run planx extract first)", p.display()))?;
    let head = r.headers().map_err(|e| format!("{}: {e}", p.display()))?.clone();
    let at = |name: &str| head.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
    let col = |rec: &csv::StringRecord, name: &str| at(name).and_then(|i| rec.get(i)).unwrap_or("").to_string();
    let mut items = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", p.display()))?;
        let num = |name: &str| col(&rec, name).parse::<f32>().ok();
        let bbox = match (num("x0"), num("y0"), num("x1"), num("y1")) {
            (Some(x0), Some(y0), Some(x1), Some(y1)) => Some(BBox { x0, y0, x1, y1 }),
            _ => None,
        };
        items.push(Item {
            file: col(&rec, "file"),
            page: col(&rec, "page").parse().unwrap_or(0),
            table: col(&rec, "table"),
            label: col(&rec, "row_label"),
            column: col(&rec, "column_name"),
            text: col(&rec, "text"),
            flag: col(&rec, "flag"),
            message: col(&rec, "message"),
            confidence: col(&rec, "confidence"),
            bbox,
        });
    }
    Ok(items)
}

/// The documents of a run: (path as the manifest names it, output JSON file name).
pub fn manifest_outputs(out: &Path) -> Result<Vec<(String, String)>, String> {
    let p = out.join(crate::run::MANIFEST);
    let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e} (not a planx output folder?)", p.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["status"] != "failed")
        .filter_map(|v| Some((v["path"].as_str()?.to_string(), v["output"].as_str()?.to_string())))
        .filter(|(_, o)| !o.is_empty())
        .collect())
}

/// Text escaped for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

/// Renders one page of `pdf` to `png` (path without `.png`) with pdftoppm.
fn render_page(pdf: &Path, page: u32, dpi: u32, png: &Path) -> Result<(), String> {
    let o = Command::new("pdftoppm")
        .args(["-png", "-singlefile", "-r", &dpi.to_string(), "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(png)
        .output()
        .map_err(|e| format!("pdftoppm could not be run ({e}): install poppler-utils to see the pages"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!("pdftoppm failed on page {page}: {}", String::from_utf8_lossy(&o.stderr).trim()))
    }
}

/// CSS for a box on a page of height `h` points at `s` pixels per point.
fn place(b: &BBox, h: f32, s: f32) -> String {
    format!("left:{:.1}px;top:{:.1}px;width:{:.1}px;height:{:.1}px", b.x0 * s, (h - b.y1) * s, (b.x1 - b.x0).max(1.0) * s, (b.y1 - b.y0).max(1.0) * s)
}

const STYLE: &str = "body{font-family:sans-serif;margin:1em}
.page{display:flex;gap:1.5em;align-items:flex-start;margin-bottom:2em;border-top:2px solid #888;padding-top:.5em}
.sheet{position:relative;flex:none;border:1px solid #ccc}
.sheet img{display:block}
.box{position:absolute;box-sizing:border-box;pointer-events:none}
.table{border:1.5px solid rgba(0,90,255,.8)}
.cell{border:1px solid rgba(0,90,255,.25)}
.item{border:2px solid #e00;background:rgba(255,0,0,.08)}
.num{position:absolute;left:-1.6em;top:-.2em;background:#e00;color:#fff;font:bold 11px sans-serif;padding:0 3px;border-radius:3px}
ol{font-size:14px;max-width:40em}
li{margin-bottom:.6em}
.flag{font-weight:bold;color:#b00}
.warn{background:#fee;border:1px solid #e00;padding:.5em}
";

/// Writes down, once the page has loaded, where each outline and image was drawn (CSS
/// pixels from the page image's top left, and whether the image loaded), so a headless
/// browser's `--dump-dom` shows what a person sees.
const SCRIPT: &str = "window.addEventListener('load',function(){
document.querySelectorAll('.sheet').forEach(function(s){
var o=s.getBoundingClientRect(),img=s.querySelector('img');
if(img){s.setAttribute('data-img',img.complete&&img.naturalWidth>0?img.naturalWidth+'x'+img.naturalHeight:'missing');}
s.querySelectorAll('.item').forEach(function(b){var r=b.getBoundingClientRect();
b.setAttribute('data-rect',(r.left-o.left).toFixed(1)+','+(r.top-o.top).toFixed(1)+','+r.width.toFixed(1)+','+r.height.toFixed(1));});});
document.body.setAttribute('data-ready','1');});";

/// Writes the report of one document; returns its path.
fn document_report(out: &Path, stem: &str, source: &str, x: Option<&Extraction>, items: &[&Item], dpi: u32, sum: &mut Summary) -> Result<PathBuf, String> {
    let dir = out.join("review");
    let img_dir = dir.join(stem);
    let mut warn = Vec::new();
    let is_pdf = x.is_some_and(|x| x.source.kind == SourceKind::Pdf);
    let pdf = Path::new(source);
    let can_draw = is_pdf && {
        if pdf.is_file() {
            true
        } else {
            warn.push(format!("the source PDF {source} (the manifest's path) is not found from here ({}): pages are listed without images; run planx review from the folder planx extract was run in", std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default()));
            false
        }
    };
    let mut pages: BTreeMap<u32, Vec<&Item>> = BTreeMap::new();
    for it in items {
        pages.entry(it.page).or_default().push(it);
    }
    let s = dpi as f32 / 72.0;
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\"><title>review: {t}</title><style>{STYLE}</style><script>{SCRIPT}</script></head><body>\n<h1>{t}</h1>\n<p><a href=\"index.html\">all documents</a> · {n} items on {p} pages · red: flagged item (numbered as in the list), blue: tables and cells found</p>\n",
        t = esc(source),
        n = items.len(),
        p = pages.len()
    );
    let mut draw = can_draw;
    for (&page, its) in &pages {
        let _ = write!(html, "<section class=\"page\" id=\"p{page}\">");
        let size = x.and_then(|x| x.source.page_sizes.get((page as usize).wrapping_sub(1))).copied().filter(|s| s[0] > 0.0 && s[1] > 0.0);
        if let (true, Some([w, h])) = (draw, size) {
            let png = img_dir.join(format!("page-{page}"));
            std::fs::create_dir_all(&img_dir).map_err(|e| format!("{}: {e}", img_dir.display()))?;
            match render_page(pdf, page, dpi, &png) {
                Ok(()) => sum.pages += 1,
                Err(e) => {
                    warn.push(e);
                    draw = !warn.last().is_some_and(|w| w.starts_with("pdftoppm could not be run"));
                }
            }
            let _ = write!(
                html,
                "<div class=\"sheet\" data-page=\"{page}\" data-scale=\"{s:.6}\" data-height=\"{h}\" style=\"width:{:.0}px;height:{:.0}px\"><img src=\"{}/page-{page}.png\" width=\"{:.0}\" height=\"{:.0}\" alt=\"page {page}\">",
                w * s,
                h * s,
                esc(stem),
                w * s,
                h * s
            );
            for t in x.map_or(&[][..], |x| &x.tables[..]) {
                for b in t.boxes.iter().filter(|b| b.page == page) {
                    let _ = write!(html, "<div class=\"box table\" title=\"{}\" style=\"{}\"></div>", esc(&t.id), place(&b.bbox, h, s));
                }
                for r in t.rows.iter().filter(|r| r.page == page) {
                    for c in r.cells.iter().filter_map(|c| c.bbox) {
                        let _ = write!(html, "<div class=\"box cell\" style=\"{}\"></div>", place(&c, h, s));
                    }
                }
            }
            for (i, it) in its.iter().enumerate() {
                if let Some(b) = &it.bbox {
                    sum.outlined += 1;
                    let _ = write!(html, "<div class=\"box item\" data-n=\"{n}\" data-text=\"{}\" style=\"{}\"><span class=\"num\">{n}</span></div>", esc(&it.text), place(b, h, s), n = i + 1);
                }
            }
            html.push_str("</div>");
        }
        let _ = write!(html, "<div><h2>page {page}</h2><ol>");
        for it in its {
            sum.items += 1;
            let _ = write!(html, "<li><span class=\"flag\">{}</span> ", esc(&it.flag));
            if !it.table.is_empty() {
                let _ = write!(html, "table {} · ", esc(&it.table));
            }
            if !it.label.is_empty() {
                let _ = write!(html, "row <b>{}</b> · ", esc(&it.label));
            }
            if !it.column.is_empty() {
                let _ = write!(html, "column <b>{}</b> · ", esc(&it.column));
            }
            if !it.text.is_empty() {
                let _ = write!(html, "text “{}” · ", esc(&it.text));
            }
            let _ = write!(html, "confidence {}<br>{}</li>", esc(&it.confidence), esc(&it.message));
        }
        html.push_str("</ol></div></section>\n");
    }
    if !warn.is_empty() {
        let notes: String = warn.iter().map(|w| format!("<p>{}</p>", esc(w))).collect();
        html = html.replacen("<h1>", &format!("<div class=\"warn\">{notes}</div><h1>"), 1);
        sum.warnings.extend(warn.into_iter().map(|w| format!("{source}: {w}")));
    }
    html.push_str("</body></html>\n");
    let p = dir.join(format!("{stem}.html"));
    crate::emit::write_atomic(&p, html.as_bytes()).map_err(|e| e.to_string())?;
    Ok(p)
}

/// Writes the review report of the run in `out` (see the module doc).
pub fn write_report(out: &Path, dpi: u32) -> Result<Summary, String> {
    let items = read_items(out)?;
    let docs = manifest_outputs(out)?;
    let mut sum = Summary::default();
    let mut index = format!("<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\"><title>planx review</title><style>{STYLE}</style></head><body><h1>planx review: {}</h1><ul>\n", esc(&out.display().to_string()));
    let mut written = Vec::new();
    for (path, output) in &docs {
        let stem = output.strip_suffix(".json").unwrap_or(output);
        let mine: Vec<&Item> = items.iter().filter(|i| &i.file == path).collect();
        let x: Option<Extraction> = std::fs::read_to_string(out.join(output)).ok().and_then(|t| serde_json::from_str(&t).ok());
        if x.is_none() {
            sum.warnings.push(format!("{path}: {output} could not be read; its items are listed without pages"));
        }
        let p = document_report(out, stem, path, x.as_ref(), &mine, dpi, &mut sum)?;
        let _ = writeln!(index, "<li><a href=\"{}.html\">{}</a>: {} items</li>", esc(stem), esc(path), mine.len());
        written.push(p);
    }
    index.push_str("</ul></body></html>\n");
    let p = out.join("review").join("index.html");
    crate::emit::write_atomic(&p, index.as_bytes()).map_err(|e| e.to_string())?;
    sum.written.push(p);
    sum.written.extend(written);
    Ok(sum)
}
