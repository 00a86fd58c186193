//! Page images for OCR: a page rendered to grey pixels by poppler's `pdftoppm`.
//!
//! Why pdftoppm rather than the embedded image: a scanned page is often one JPEG, but it
//! may also be strips, CCITT or JBIG2, masked or drawn rotated; pdftoppm applies every
//! filter and the page's transform the way viewers do, in about 0.1 s a page, and planx
//! needs no image decoder of its own. It is fed the PDF on stdin and writes PGM to stdout.

use super::image::Gray;
use std::io::Write;
use std::process::{Command, Stdio};

/// The renderer's program.
pub const PDFTOPPM: &str = "pdftoppm";

/// Renders page `page` (1-based) of the PDF in `bytes` at `dpi` as a grey image.
pub fn render(bytes: &[u8], page: u32, dpi: u32) -> Result<Gray, String> {
    let mut child = Command::new(PDFTOPPM)
        .args(["-gray", "-r", &dpi.to_string(), "-f", &page.to_string(), "-l", &page.to_string(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {PDFTOPPM} ({e}); install poppler-utils"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input = bytes.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().map_err(|e| format!("{PDFTOPPM} failed: {e}"))?;
    let _ = feeder.join();
    if !out.status.success() {
        return Err(format!("{PDFTOPPM} could not render the page ({})", out.status));
    }
    Gray::from_pgm(&out.stdout).ok_or_else(|| format!("{PDFTOPPM} gave no image"))
}
