#!/usr/bin/env python3
"""Prints the layout's done-criteria (issue 13) and the scanned-page ones (issue 15),
each measured now with the release build against ../shared, beside its target.

usage: scripts/layout_bench.py [--planx BIN] [--shared DIR] [--no-ocr] [--no-speed] [--runs N]

Measured (all with the tools ../shared ships, so the figures are the ones the issues name):
  tablesuite   adjacency F1 (all, ruled, unruled) and tables found, `tablesuite/score.py`
  budget       share of amounts in multi-amount cells, `tools/merged_amounts.py`
  planbench    dev adjNrm, tblR, split (micro), `planbench/score.py`; dev_000c alone (OCR)
  U+FFFD       in `planx text` of both volumes and of every tablesuite PDF
  speed        `pdfbench` median ratio extract/pdftotext -layout per volume (one thread)
Nothing here is timed against a fixed number: speed is a ratio to pdftotext run
alongside. Exit status 0 whatever the figures (a report, not a test); 2 when ../shared or
the binary is missing.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def arg(name, default):
    a = sys.argv
    return a[a.index(name) + 1] if name in a and a.index(name) + 1 < len(a) else default


ROOT = Path(__file__).resolve().parent.parent
PLANX = Path(arg("--planx", ROOT / "target/release/planx"))
SHARED = Path(arg("--shared", ROOT.parent / "shared"))
RUNS = arg("--runs", "3")


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)


def extract(src, out):
    r = run([PLANX, "extract", src, "--out", out, "--quiet"])
    if r.returncode not in (0, 1):
        sys.exit(f"planx extract {src} failed ({r.returncode}): {r.stderr.strip()}")


def line(name, got, target, ok):
    print(f"  {name:44s} {got:>16s}   target {target:10s} {'met' if ok else 'NOT met'}")


def main():
    if not PLANX.is_file():
        print(f"no planx binary at {PLANX}: cargo build --release --locked", file=sys.stderr)
        return 2
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} not present", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="planx-layout-bench-"))

    print("tablesuite (../shared/tablesuite)")
    extract(SHARED / "tablesuite/pdfs", tmp / "ts")
    run([sys.executable, SHARED / "tablesuite/score.py", SHARED / "tablesuite/gt", tmp / "ts", "--json", tmp / "ts.json", "--quiet"])
    o = json.loads((tmp / "ts.json").read_text())["overall"]
    a = o["all"]
    line("adjacency F1, all", f"{a['adj_F1']:.3f}", ">= 0.85", a["adj_F1"] >= 0.85)
    line("tables found", f"{a['found']}/{a['n']}", ">= 40", a["found"] >= 40)
    line("ruled (lattice) F1", f"{o['lattice']['adj_F1']:.3f}", ">= 0.92", o["lattice"]["adj_F1"] >= 0.92)
    line("unruled (stream) F1", f"{o['stream']['adj_F1']:.3f}", ">= 0.80", o["stream"]["adj_F1"] >= 0.80)

    print("budget volumes (../shared/realpdf)")
    extract(SHARED / "realpdf", tmp / "rp")
    m = json.loads(run([sys.executable, SHARED / "tools/merged_amounts.py", tmp / "rp", "--json"]).stdout)
    line("amounts in multi-amount cells", f"{m['misplaced']}/{m['amounts']} {100 * m['share']:.2f}%", "<= 1%", m["share"] <= 0.01)
    for doc, d in sorted(m["documents"].items()):
        if d["amounts"]:
            print(f"    {doc}: {d['misplaced']}/{d['amounts']}")

    print("planbench dev (../shared/planbench/dev)")
    dev = SHARED / "planbench/dev"
    dig = tmp / "pbdig"
    scan = tmp / "pbscan"
    for d in (dig, scan):
        d.mkdir()
    for f in dev.iterdir():
        (scan if f.name.startswith("dev_000c") else dig).joinpath(f.name).symlink_to(f)
    extract(dig, tmp / "pbd")
    sets = [("all 12 documents", dev), ("11 digital documents", dig)]
    if "--no-ocr" not in sys.argv:
        extract(scan, tmp / "pbs")
        # The whole set from both runs' outputs (the same files one run writes).
        both = tmp / "pball"
        both.mkdir()
        for d in (tmp / "pbd", tmp / "pbs"):
            for f in d.iterdir():
                if f.suffix == ".json" and f.name.startswith("dev_"):
                    both.joinpath(f.name).symlink_to(f)
        sets.insert(1, ("dev_000c (scanned, OCR)", scan))
    else:
        sets = sets[1:]
    outs = {dev: tmp / "pball", dig: tmp / "pbd", scan: tmp / "pbs"}
    for name, gt in sets:
        j = tmp / f"pb-{gt.name}.json"
        run([sys.executable, SHARED / "planbench/score.py", outs[gt], gt, "--json", j, "--quiet"])
        mi = json.loads(j.read_text())["overall_micro"]
        print(f"  {name}: adjNrm {mi['adj_norm_F1']:.3f}  tblR {mi['tables_R']:.3f}  split {mi['split']:.3f}  numR {mi['numeric_R']:.3f}")
        if gt == dev:
            line("adjNrm (micro)", f"{mi['adj_norm_F1']:.3f}", ">= 0.95", mi["adj_norm_F1"] >= 0.95)
            line("tblR (micro)", f"{mi['tables_R']:.3f}", ">= 0.98", mi["tables_R"] >= 0.98)
            line("split (micro)", f"{mi['split']:.3f}", "1.00", abs(mi["split"] - 1.0) < 0.005)
        if gt == scan:
            line("dev_000c adjNrm (issue 15)", f"{mi['adj_norm_F1']:.3f}", ">= 0.85", mi["adj_norm_F1"] >= 0.85)
            line("dev_000c numR (issue 15)", f"{mi['numeric_R']:.3f}", ">= 0.95", mi["numeric_R"] >= 0.95)
            line("dev_000c split (issue 15)", f"{mi['split']:.3f}", "1.0", abs(mi["split"] - 1.0) < 0.005)

    print("U+FFFD in `planx text`")
    pdfs = sorted((SHARED / "realpdf").glob("*.pdf")) + sorted((SHARED / "tablesuite/pdfs").glob("*.pdf"))
    total, worst = 0, []
    for p in pdfs:
        n = run([PLANX, "text", p]).stdout.count("\ufffd")
        total += n
        if n:
            worst.append(f"{p.name} {n}")
    line("U+FFFD, both volumes and tablesuite", str(total), "0", total == 0)
    for w in worst:
        print(f"    {w}")

    bench = PLANX.parent / "pdfbench"
    if "--no-speed" not in sys.argv and bench.is_file():
        print(f"speed (pdfbench --runs {RUNS}, one thread, median)")
        for p in sorted((SHARED / "realpdf").glob("*.pdf")):
            out = run([bench, "--runs", RUNS, p]).stdout
            r = re.search(r"ratio extract/pdftotext : best ([\d.]+)x, median ([\d.]+)x", out)
            if r:
                line(f"extract/pdftotext {p.stem}", f"{r.group(2)}x", "<= 1.0x", float(r.group(2)) <= 1.0)
    elif "--no-speed" not in sys.argv:
        print("speed: no pdfbench binary (cargo build --release --locked --bin pdfbench)")
    print(f"(outputs kept in {tmp})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
