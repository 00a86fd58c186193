#!/usr/bin/env python3
"""adj_diff: where one planbench document loses adjacency relations.

usage: scripts/adj_diff.py PRED_DIR GT_DIR STEM [--raw] [--max N]

Scores STEM the way ../shared/planbench/score.py does (its own functions, imported from
GT_DIR/../score.py) and lists, per GT table, the missing relations (in the GT, not
predicted) grouped by GT row, and the extra ones (predicted, not in the GT) grouped by
predicted table and row. Each relation is `a -R-> b` (nearest non-empty cell to the
right) or `a -D-> b` (below). A hint says what the cell `a` looks like on the other side:
  [cell?]  the text of `a` is no cell of the other side (wrapped/merged/split cell text,
           normalization)
  [moved]  `a` is a cell there, but its neighbour differs (split/merged columns or rows,
           empty cells, section rows)
Rows are tagged H (header), S (section row), B (body) on the GT side, and with the
predicted row kind on the prediction side. Relations of unassigned predicted tables are
all extra and listed as such.
"""
import importlib.util
import json
import os
import sys
from collections import Counter, defaultdict


def load_scorer(gt_dir):
    here = os.path.join(gt_dir, "..", "score.py")
    spec = importlib.util.spec_from_file_location("pbscore", here)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def positioned(sc, grid):
    """[(relation, row, col)] in the scorer's order."""
    out = []
    for i, row in enumerate(grid):
        for j, c in enumerate(row):
            a = sc.squash(c)
            if not a:
                continue
            for k in range(j + 1, len(row)):
                b = sc.squash(row[k])
                if b:
                    out.append(((a, b, "R"), i, j))
                    break
            for k in range(i + 1, len(grid)):
                b = sc.squash(grid[k][j]) if j < len(grid[k]) else ""
                if b:
                    out.append(((a, b, "D"), i, j))
                    break
    return out


def short(s, n=28):
    return s if len(s) <= n else s[: n - 1] + "…"


def diff(rel_from, rel_other):
    """Relations of rel_from ([(rel, r, c)]) not matched in rel_other (Counter), as a
    multiset: the first occurrences are taken as matched, the rest are unmatched."""
    left = Counter(rel_other)
    miss = []
    for rel, r, c in rel_from:
        if left[rel] > 0:
            left[rel] -= 1
        else:
            miss.append((rel, r, c))
    return miss


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    raw = "--raw" in argv
    mx = 12
    if "--max" in argv:
        mx = int(argv[argv.index("--max") + 1])
        args = [a for a in args if a != str(mx)]
    if len(args) != 3:
        print(__doc__)
        return 2
    pred_dir, gt_dir, stem = args
    sc = load_scorer(gt_dir)
    gt = json.load(open(os.path.join(gt_dir, stem + ".gt.json"), encoding="utf-8"))
    tables, _, status = sc.load_pred(os.path.join(pred_dir, stem + ".json"))
    kinds = []
    try:
        obj = json.load(open(os.path.join(pred_dir, stem + ".json"), encoding="utf-8"))
        kinds = [[r.get("kind", "?") for r in t.get("rows", [])] for t in obj.get("tables", [])]
    except Exception:
        pass
    key, gkey = ("text", "grid") if raw else ("norm", "grid_norm")
    G = gt.get("tables") or []
    gbags = [Counter(sc.squash(c) for r in g["grid_norm"] for c in r if sc.squash(c)) for g in G]
    gpages = [set(g.get("pages") or []) for g in G]
    assign = []
    for p in tables:
        bag = sc.cell_bag(p["text"])
        n = sum(bag.values())
        best, bi = 0.0, None
        for gi, gb in enumerate(gbags):
            if n and not (p["pages"] and gpages[gi] and not (p["pages"] & gpages[gi])):
                share = sum((bag & gb).values()) / n
                if share > best:
                    best, bi = share, gi
        assign.append(bi if best >= 0.3 else None)
    tot = Counter()
    for gi, g in enumerate(G):
        pis = sorted([i for i, a in enumerate(assign) if a == gi],
                     key=lambda i: (min(tables[i]["pages"]) if tables[i]["pages"] else 0, i))
        # concatenated prediction with (table, row) origin per row
        cat, origin = [], []
        for i in pis:
            for ri, r in enumerate(tables[i][key]):
                cat.append(r)
                origin.append((i, ri))
        gg = g[gkey]
        gr, pr = positioned(sc, gg), positioned(sc, cat)
        missing = diff(gr, Counter(r for r, _, _ in pr))
        extra = diff(pr, Counter(r for r, _, _ in gr))
        pcells = Counter(sc.squash(c) for r in cat for c in r if sc.squash(c))
        gcells = Counter(sc.squash(c) for r in gg for c in r if sc.squash(c))
        tot["gt"] += len(gr)
        tot["pred"] += len(pr)
        tot["missing"] += len(missing)
        tot["extra"] += len(extra)
        hdr = g.get("header_rows", 0)
        sec = set(g.get("section_rows") or [])
        print(f"== GT table {gi} pages {g.get('pages')} {len(gg)} rows x {g.get('n_cols')} cols,"
              f" header {hdr}; predicted tables {pis} ({len(cat)} rows);"
              f" relations gt {len(gr)} pred {len(pr)} missing {len(missing)} extra {len(extra)}")
        if not pis:
            continue
        by_row = defaultdict(list)
        for rel, r, c in missing:
            by_row[r].append((rel, c))
        shown = 0
        for r in sorted(by_row):
            if shown >= mx:
                print(f"   … {len(by_row) - shown} more GT rows")
                break
            shown += 1
            tag = "H" if r < hdr else ("S" if r in sec else "B")
            cells = " | ".join(short(sc.squash(x), 14) for x in gg[r])
            print(f"  missing GT row {r} {tag} p{(g.get('row_pages') or [0]*len(gg))[r]}: [{short(cells, 110)}]")
            for (a, b, d), c in by_row[r]:
                hint = "[moved]" if pcells[a] else "[cell?]"
                print(f"      c{c} {short(a)} -{d}-> {short(b)} {hint}")
        by_prow = defaultdict(list)
        for rel, r, c in extra:
            by_prow[r].append((rel, c))
        shown = 0
        for r in sorted(by_prow):
            if shown >= mx:
                print(f"   … {len(by_prow) - shown} more predicted rows")
                break
            shown += 1
            ti, ri = origin[r]
            kind = kinds[ti][ri] if ti < len(kinds) and ri < len(kinds[ti]) else "?"
            cells = " | ".join(short(sc.squash(x), 14) for x in cat[r])
            print(f"  extra  pred t{ti} row {ri} {kind}: [{short(cells, 110)}]")
            for (a, b, d), c in by_prow[r]:
                hint = "[moved]" if gcells[a] else "[cell?]"
                print(f"      c{c} {short(a)} -{d}-> {short(b)} {hint}")
    for pi, gi in enumerate(assign):
        if gi is None:
            n = sum(sc.relations(tables[pi][key]).values())
            tot["extra"] += n
            tot["pred"] += n
            first = " | ".join(short(sc.squash(x), 14) for x in (tables[pi][key] or [[]])[0])
            print(f"== unassigned predicted table {pi} pages {sorted(tables[pi]['pages'])}"
                  f" {len(tables[pi][key])} rows, {n} extra relations; first row [{short(first, 100)}]")
    p, r, f = sc.prf(tot["gt"] - tot["missing"], tot["pred"], tot["gt"])
    print(f"TOTAL {stem} ({status}): gt {tot['gt']} pred {tot['pred']} missing {tot['missing']}"
          f" extra {tot['extra']}  P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
