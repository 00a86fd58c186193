//! Speed and memory of `planx text` against `pdftotext -layout` on the same PDF, in the
//! same run, one thread each (RAYON_NUM_THREADS=1). Prints wall times, peak RSS and the
//! ratio. Needs `pdftotext` (poppler-utils) and `/usr/bin/time` (GNU time).
//!
//! usage: cargo run --release --bin pdfbench -- FILE.pdf [RUNS]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs a command under GNU time; returns (wall seconds, peak RSS in KiB).
fn measure(cmd: &[&str], env: &[(&str, &str)]) -> Result<(f64, u64), String> {
    let tmp = std::env::temp_dir().join(format!("pdfbench-{}.time", std::process::id()));
    let mut c = Command::new("/usr/bin/time");
    c.arg("-f").arg("%M").arg("-o").arg(&tmp).args(cmd).stdout(Stdio::null()).stderr(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    let t = Instant::now();
    let st = c.status().map_err(|e| format!("{}: {e}", cmd[0]))?;
    let wall = t.elapsed().as_secs_f64();
    if !st.success() {
        return Err(format!("{} failed: {st}", cmd.join(" ")));
    }
    let rss = std::fs::read_to_string(&tmp).ok().and_then(|s| s.trim().lines().last().and_then(|l| l.trim().parse().ok())).unwrap_or(0);
    let _ = std::fs::remove_file(&tmp);
    Ok((wall, rss))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(pdf) = args.get(1) else {
        eprintln!("usage: pdfbench FILE.pdf [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let exe = std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join("planx"))).unwrap_or_else(|| PathBuf::from("planx"));
    let exe = exe.to_string_lossy().into_owned();
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..runs {
        // Interleaved, so that both see the same machine load.
        match measure(&[&exe, "text", pdf], &[("RAYON_NUM_THREADS", "1")]) {
            Ok(m) => ours.push(m),
            Err(e) => {
                eprintln!("pdfbench: {e}");
                std::process::exit(1);
            }
        }
        match measure(&["pdftotext", "-layout", pdf, "-"], &[]) {
            Ok(m) => theirs.push(m),
            Err(e) => {
                eprintln!("pdfbench: {e}");
                std::process::exit(1);
            }
        }
    }
    let best = |v: &[(f64, u64)]| v.iter().map(|m| m.0).fold(f64::MAX, f64::min);
    let median = |v: &[(f64, u64)]| {
        let mut w: Vec<f64> = v.iter().map(|m| m.0).collect();
        w.sort_by(f64::total_cmp);
        w[w.len() / 2]
    };
    let rss = |v: &[(f64, u64)]| v.iter().map(|m| m.1).max().unwrap_or(0);
    println!("file: {pdf} ({runs} runs each, interleaved, one thread)");
    println!("planx text        : best {:.3} s, median {:.3} s, peak RSS {:.1} MB", best(&ours), median(&ours), rss(&ours) as f64 / 1024.0);
    println!("pdftotext -layout : best {:.3} s, median {:.3} s, peak RSS {:.1} MB", best(&theirs), median(&theirs), rss(&theirs) as f64 / 1024.0);
    println!("ratio planx/pdftotext: best {:.2}x, median {:.2}x", best(&ours) / best(&theirs), median(&ours) / median(&theirs));
}
