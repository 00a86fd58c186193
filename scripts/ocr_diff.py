#!/usr/bin/env python3
"""Cell-by-cell diff of a planx extract against planbench ground truth, for OCR work.

usage: ocr_diff.py PRED_DIR GT_DIR [STEM ...] [--all] [--summary]

For each document (default: every <stem>.gt.json in GT_DIR that has a <stem>.json in
PRED_DIR), the predicted tables are joined in order and their rows aligned to the GT
table's rows (dynamic programming on row text similarity), then the cells of aligned
rows are aligned by column (DP again, so a missing or extra column shifts only locally).
Each GT cell whose normalized, squashed text differs from its predicted cell is listed
with an error class; --all lists the correct cells too. The summary counts classes and
the adjacency pairs each class costs (a wrong cell breaks its right and down pairs).

Error classes (first that fits):
  missing    GT cell has text, prediction empty (or no aligned cell)
  extra      prediction has text where GT is empty
  number     GT is a number (or a dash) and the prediction is not that number
  latin      the prediction holds Latin letters the GT does not (junk read as Latin)
  marks      prediction equals GT once Thai marks (tone, above/below vowels) are removed
  space/punct prediction equals GT once spaces and punctuation are removed
  split      prediction is a part of GT, or GT is a part of the prediction (merged/split cells)
  junk       short cell (<= 3 chars GT) read with other characters
  chars      anything else (one or more letters read wrong); edit distance shown
Standard library only.
"""
import json
import os
import re
import sys
import unicodedata

TH2AR = {ord(t): str(i) for i, t in enumerate("๐๑๒๓๔๕๖๗๘๙")}
ZW = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
NUM = re.compile(r"^-?\d+(,\d{3})*(\.\d+)?$")


def norm(s):
    s = unicodedata.normalize("NFC", s or "").translate(ZW).translate(TH2AR)
    s = re.sub("\u0e4d([\u0e48-\u0e4b]?)\u0e32", "\\1\u0e33", s)
    return re.sub(r"\s+", "", s)


def lev(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def sim(a, b):
    if not a and not b:
        return 1.0
    return 1.0 - lev(a, b) / max(len(a), len(b))


def align(xs, ys, score, gap=0.0):
    """Monotonic alignment maximizing the summed score; pairs (i or None, j or None)."""
    n, m = len(xs), len(ys)
    dp = [[0.0] * (m + 1) for _ in range(n + 1)]
    bt = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        bt[i][0] = "u"
    for j in range(1, m + 1):
        bt[0][j] = "l"
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            c = [(dp[i - 1][j - 1] + score(xs[i - 1], ys[j - 1]), "d"), (dp[i - 1][j] + gap, "u"), (dp[i][j - 1] + gap, "l")]
            dp[i][j], bt[i][j] = max(c)
    out, i, j = [], n, m
    while i or j:
        b = bt[i][j]
        if b == "d":
            out.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif b == "u":
            out.append((i - 1, None))
            i -= 1
        else:
            out.append((None, j - 1))
            j -= 1
    return out[::-1]


def classify(g, p):
    if g and not p:
        return "missing"
    if p and not g:
        return "extra"
    if NUM.match(g) or g == "-":
        return "number"
    if re.search("[A-Za-z]", p) and not re.search("[A-Za-z]", g):
        return "latin"
    if MARKS.sub("", g) == MARKS.sub("", p):
        return "marks"
    strip = lambda s: re.sub(r"[\W_]", "", s)
    if strip(g) == strip(p):
        return "space/punct"
    if (len(p) >= 2 and p in g) or (len(g) >= 2 and g in p):
        return "split"
    if len(g) <= 3:
        return "junk"
    return "chars"


def pred_rows(pred):
    rows = []
    for t in pred.get("tables", []):
        for r in t.get("rows", []):
            cells = r.get("cells", []) if isinstance(r, dict) else r
            rows.append([c if isinstance(c, dict) else {"text": c, "norm": c} for c in cells])
    return rows


def diff_doc(pred, gt, show_all):
    prow = pred_rows(pred)
    out, counts, costs = [], {}, {}
    for gi, t in enumerate(gt["tables"]):
        grid = t["grid_norm"]
        gn = [[norm(c) for c in r] for r in grid]
        pn = [[norm(c.get("norm", c.get("text", ""))) for c in r] for r in prow]
        pair = align(gn, pn, lambda a, b: sim("".join(a), "".join(b)) - 0.3, gap=0.0)
        cellmap = {}
        for i, j in pair:
            if i is None:
                continue
            if j is None:
                for k, g in enumerate(gn[i]):
                    cellmap[(i, k)] = ("", None)
                continue
            cp = align(gn[i], pn[j], lambda a, b: (sim(a, b) if a or b else 0.5) - 0.2, gap=-0.05)
            for a, b in cp:
                if a is None:
                    continue
                conf = prow[j][b].get("ocr_confidence") if b is not None else None
                cellmap[(i, a)] = (pn[j][b] if b is not None else "", conf)
        for i, r in enumerate(gn):
            for k, g in enumerate(r):
                p, conf = cellmap.get((i, k), ("", None))
                if g == p:
                    if show_all and g:
                        out.append(f"  ok   r{i:02d} c{k:02d} {g}")
                    continue
                cls = classify(g, p)
                counts[cls] = counts.get(cls, 0) + 1
                # Pairs this cell takes part in: to the next non-empty cell right and below, and from those left and above.
                pairs = 0
                if g:
                    pairs += any(r[k + 1:]) + any(gn[y][k] for y in range(i + 1, len(gn)))
                    pairs += any(r[:k]) + any(gn[y][k] for y in range(i))
                costs[cls] = costs.get(cls, 0) + pairs
                extra = f" d={lev(g, p)}" if cls == "chars" else ""
                c = f" conf={conf}" if conf is not None else ""
                out.append(f"  {cls:<11} r{i:02d} c{k:02d}{c}{extra}\n      gt:   {g}\n      pred: {p}")
    return out, counts, costs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_all, summary = "--all" in sys.argv, "--summary" in sys.argv
    if len(args) < 2:
        print(__doc__)
        return 2
    pred_dir, gt_dir, stems = args[0], args[1], args[2:]
    if not stems:
        stems = sorted(f[:-8] for f in os.listdir(gt_dir) if f.endswith(".gt.json") and os.path.exists(os.path.join(pred_dir, f[:-8] + ".json")))
    tot, totc = {}, {}
    for s in stems:
        gt = json.load(open(os.path.join(gt_dir, s + ".gt.json")))
        pred = json.load(open(os.path.join(pred_dir, s + ".json")))
        out, counts, costs = diff_doc(pred, gt, show_all)
        if not summary:
            print(f"== {s}")
            print("\n".join(out))
        print(f"{s}: " + ", ".join(f"{k} {v} ({costs[k]} pair-ends)" for k, v in sorted(counts.items(), key=lambda kv: -costs[kv[0]])))
        for k, v in counts.items():
            tot[k] = tot.get(k, 0) + v
            totc[k] = totc.get(k, 0) + costs[k]
    if len(stems) > 1:
        print("ALL: " + ", ".join(f"{k} {v} ({totc[k]})" for k, v in sorted(tot.items(), key=lambda kv: -totc[kv[0]])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
