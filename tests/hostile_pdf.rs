//! Hostile PDFs (made by tests/fixtures/hostile/make.py): each is refused with a clear
//! reason or read, never a panic or a hang, and one bad file never stops the others.

mod common;

use std::process::Command;

#[test]
fn hostile_pdfs_fail_cleanly_and_the_rest_is_written() {
    let dir = common::root().join("tests/fixtures/hostile");
    let out = std::env::temp_dir().join(format!("planx-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let o = Command::new(env!("CARGO_BIN_EXE_planx"))
        .args(["extract", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "--timeout", "60", "--jobs", "2"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(!err.contains("panic") && !report.contains("panic"), "{err}\n{report}");
    assert!(!report.contains("gave up after"), "nothing may hang:\n{report}");
    assert_eq!(o.status.code(), Some(1), "some files are refused: exit 1\n{err}");
    // Readable: written, with the text they hold.
    for name in ["good", "encrypted-open", "broken-xref", "cyclic-form", "cyclic-pages", "many-glyphs", "truncated", "bomb"] {
        let json = out.join(format!("{name}.json"));
        assert!(json.exists(), "{name}.pdf should be read\n{report}");
    }
    for name in ["good", "encrypted-open"] {
        let text = std::fs::read_to_string(out.join(format!("{name}.json"))).unwrap();
        assert!(text.contains("Hello planx"), "{name}: the text is extracted");
    }
    // Refused, each with its reason named next to its path.
    let line = report.lines().find(|l| l.contains("encrypted-locked.pdf")).expect("reported");
    assert!(line.starts_with("failed:") && line.contains("password"), "{line}");
    // Truncated: what could be read is kept, and a person is told the file is cut short.
    let t = std::fs::read_to_string(out.join("truncated.json")).unwrap();
    assert!(t.contains("probably truncated"), "the truncation is in the review list");
    // The bomb is not inflated: its page is reported as not read.
    let b = std::fs::read_to_string(out.join("bomb.json")).unwrap();
    assert!(b.contains("content stream not read"), "the bomb is reported");
    // The cyclic page tree yields its one page once; the deep nesting is read or refused.
    let c: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.join("cyclic-pages.json")).unwrap()).unwrap();
    assert_eq!(c["source"]["pages"], 1);
    assert!(report.lines().any(|l| l.contains("deep-nesting.pdf")), "deep-nesting.pdf not reported:\n{report}");
}
