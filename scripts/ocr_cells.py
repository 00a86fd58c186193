#!/usr/bin/env python3
"""List a planbench document's ground-truth cells next to the predicted cells, for OCR work.

usage: ocr_cells.py PRED_DIR GT_DIR STEM [--all]

Rows are aligned by dynamic programming on the similarity of their squashed, normalized
cells (the scorer's normalization); cells by column. Prints every cell whose predicted
`norm` differs from the GT `grid_norm` (with `--all`, every non-empty cell), the raw
OCR `text`, the flags, and a class of the error:
  marks   only Thai upper/lower marks and vowels differ (same base letters)
  space   only whitespace differs (the scorer ignores it; shown for completeness)
  extra   the prediction has stray characters the GT lacks (GT is a subsequence)
  missing the prediction lacks characters (prediction is a subsequence of GT)
  other   anything else.
"""
import json
import os
import sys
from difflib import SequenceMatcher

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "planbench"))
try:
    from score import normalize, squash  # the scorer's own normalization
except ImportError:  # pragma: no cover
    import re
    import unicodedata

    def normalize(s):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()

    def squash(s):
        return re.sub(r"\s+", "", s or "")

MARKS = set(chr(c) for c in list(range(0x0E31, 0x0E3B)) + list(range(0x0E47, 0x0E4F)) if chr(c) not in "\u0E32\u0E33")


def is_subseq(a, b):
    it = iter(b)
    return all(c in it for c in a)


def classify(gt, pred):
    g, p = squash(normalize(gt)), squash(normalize(pred))
    if g == p:
        return "space"
    base = lambda s: "".join(c for c in s.replace("\u0E33", "\u0E32") if c not in MARKS)
    if base(g) == base(p):
        return "marks"
    if is_subseq(g, p):
        return "extra"
    if is_subseq(p, g):
        return "missing"
    return "other"


def row_sim(g, p):
    a = "|".join(squash(normalize(c)) for c in g)
    b = "|".join(squash(c.get("norm", c.get("text", "")) if isinstance(c, dict) else c) for c in p)
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def align(grows, prows):
    n, m = len(grows), len(prows)
    sim = [[row_sim(g, p) for p in prows] for g in grows]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            opts = []
            if i and j:
                opts.append((best[i - 1][j - 1] + sim[i - 1][j - 1], (i - 1, j - 1)))
            if i:
                opts.append((best[i - 1][j], (i - 1, j)))
            if j:
                opts.append((best[i][j - 1], (i, j - 1)))
            best[i][j], back[i][j] = max(opts, key=lambda o: o[0])
    pairs, i, j = [], n, m
    while i or j:
        pi, pj = back[i][j]
        if pi == i - 1 and pj == j - 1:
            pairs.append((i - 1, j - 1))
        i, j = pi, pj
    return pairs[::-1]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        sys.exit(__doc__)
    pred_dir, gt_dir, stem = args
    show_all = "--all" in sys.argv
    gt = json.load(open(os.path.join(gt_dir, stem + ".gt.json")))
    pred = json.load(open(os.path.join(pred_dir, stem + ".json")))
    grows = [r for t in gt["tables"] for r in t["grid_norm"]]
    prows = [r["cells"] for t in pred["tables"] for r in t["rows"]]
    counts = {}
    for gi, pi in align(grows, prows):
        for col, g in enumerate(grows[gi]):
            c = prows[pi][col] if col < len(prows[pi]) else {}
            p, raw, flags = c.get("norm", ""), c.get("text", ""), c.get("flags", [])
            ok = squash(normalize(g)) == squash(normalize(p))
            if ok and not (show_all and g):
                continue
            kind = "ok" if ok else classify(g, p)
            counts[kind] = counts.get(kind, 0) + 1
            print(f"r{gi}c{col} [{kind}] {','.join(f for f in flags if f != 'ocr')}")
            print(f"   gt  : {g}")
            print(f"   norm: {p}")
            if raw != p:
                print(f"   text: {raw}")
    print("classes:", " ".join(f"{k}={v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
