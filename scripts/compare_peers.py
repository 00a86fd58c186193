#!/usr/bin/env python3
"""Compare planx's budget_items.csv with the community peers' CSVs ("V2" format).

Usage: scripts/compare_peers.py OUT_DIR [--peers DIR] [--list FILE] [--sample N]

OUT_DIR is a `planx extract` output folder holding budget_items.csv; DIR holds the peers'
CSVs (default ../shared/realpdf/peers), named `<peer>-<volume>.csv`. Rows are matched by
volume (REF_DOC), printed page number, amount and fiscal year (a multiset: two rows with
the same key match two rows). A printed "-" that planx leaves empty matches a peer's 0.

Reported per volume:
  both peers   rows that both peers have (by key), and how many of them planx has
  same path    of those, how many have planx's category path (CATEGORY_LV1..6) equal to
               napatswift's, level by level (compared without spaces, and a level agrees
               when nearly equal: napatswift's OCR has typos). tee4cute's Thai is garbled
               ("(cid:NNN)" glyph codes), so only its LV1 is compared, on its own line
  only planx   planx rows no peer has (leaf items and commitment years; parents listed
               apart, since the peers write leaves only)
  disagree     keys both peers have and planx has not, keys one peer and planx have and
               the other not, and matched rows whose path differs: listed in --list FILE
Standard library only.
"""
import argparse
import collections
import csv
import difflib
import os
import random
import re
import sys
from decimal import Decimal, InvalidOperation

CATS = [f"CATEGORY_LV{i}" for i in range(1, 7)]


def amount_key(text):
    t = (text or "").replace(",", "").strip()
    if t in ("", "-"):
        return "0"
    try:
        return format(Decimal(t).normalize(), "f")
    except InvalidOperation:
        return t


def squash(s):
    return re.sub(r"\s+|ๆ", "", s or "")


def peer_rows(path):
    out = []
    with open(path, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            key = (r["REF_DOC"], r["REF_PAGE_NO"].strip(), amount_key(r["AMOUNT"]), r["FISCAL_YEAR"].strip())
            path_ = [r.get(c, "") for c in CATS]
            out.append({"key": key, "path": path_, "desc": r.get("ITEM_DESCRIPTION", ""), "row": r})
    return out


def planx_rows(path):
    out = []
    with open(path, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if not r["fiscal_year"]:
                continue
            key = (r["ref_doc"], r["ref_page_no"], amount_key(r["amount"]), r["fiscal_year"])
            path_ = [r[c.lower()] for c in CATS]
            out.append({"key": key, "path": path_, "desc": r["item_description"], "row": r})
    return out


def similar(a, b):
    """Two labels agree: equal without spaces, or nearly (a peer's OCR typo, a word the
    layout glued on): difflib ratio at least 0.8."""
    a, b = squash(a), squash(b)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def same_path(a, b):
    pa = [x for x in a["path"] if x]
    pb = [x for x in b["path"] if x]
    return len(pa) == len(pb) and all(similar(x, y) for x, y in zip(pa, pb))


def label(x):
    p = " > ".join(c for c in x["path"] if c)
    return f"{p} :: {x['desc']}"[:160]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--peers", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "realpdf", "peers"))
    ap.add_argument("--list", help="write the disagreements here (CSV)")
    ap.add_argument("--sample", type=int, default=30, help="disagreements to print (seeded sample)")
    a = ap.parse_args()
    planx_csv = os.path.join(a.out, "budget_items.csv")
    if not os.path.exists(planx_csv):
        sys.exit(f"no {planx_csv}")
    if not os.path.isdir(a.peers):
        print(f"skipped: {a.peers} not present")
        return
    px = planx_rows(planx_csv)
    peers = collections.defaultdict(dict)  # volume -> peer -> rows
    for name in sorted(os.listdir(a.peers)):
        m = re.match(r"([a-z0-9]+)-(vol.+)\.csv$", name)
        if m and m.group(1) != "v2":
            peers[m.group(2)][m.group(1)] = peer_rows(os.path.join(a.peers, name))
    disagreements = []
    for vol, by_peer in sorted(peers.items()):
        names = sorted(by_peer)
        if len(names) != 2:
            continue
        p1, p2 = names
        ref = next(iter(by_peer[p1]))["key"][0]
        mine = [r for r in px if r["key"][0] == ref]
        mine_by = collections.defaultdict(list)
        for r in mine:
            mine_by[r["key"]].append(r)
        c1 = collections.Counter(r["key"] for r in by_peer[p1])
        c2 = collections.Counter(r["key"] for r in by_peer[p2])
        cm = collections.Counter(r["key"] for r in mine)
        both = c1 & c2
        n_both = sum(both.values())
        have = sum((both & cm).values())
        # Path agreement with napatswift (clean Thai) on rows all three have.
        clean = "napatswift" if "napatswift" in by_peer else p1
        used = collections.Counter()
        n_path = n_path_ok = 0
        for r in by_peer[clean]:
            k = r["key"]
            if both[k] == 0 or cm[k] == 0 or used[k] >= min(both[k], cm[k]):
                continue
            used[k] += 1
            n_path += 1
            if any(same_path(r, m) for m in mine_by[k]):
                n_path_ok += 1
            else:
                best = mine_by[k][0]
                disagreements.append((vol, "path", k, f"{clean}: {label(r)}", f"planx: {label(best)}"))
        # LV1 agreement with the other peer (its Thai is garbled: compare the letters left).
        other = p2 if clean == p1 else p1
        thai = lambda s: re.sub(r"\(cid:\d+\)|[^\u0e01-\u0e4f]", "", s or "")
        n_lv1 = n_lv1_ok = 0
        for r in by_peer[other]:
            k = r["key"]
            if cm[k] and r["path"][0]:
                n_lv1 += 1
                if any(thai(m["path"][0]) and (thai(m["path"][0])[:4] == thai(r["path"][0])[:4]) for m in mine_by[k]):
                    n_lv1_ok += 1
        for k in sorted(both - cm):
            disagreements.append((vol, "peers_only", k, f"{p1}: {label(next(r for r in by_peer[p1] if r['key'] == k))}", ""))
        for k in sorted(((c1 - c2) & cm) | ((c2 - c1) & cm)):
            who = p1 if c1[k] > c2[k] else p2
            disagreements.append((vol, f"{who}_and_planx_only", k, "", f"planx: {label(mine_by[k][0])}"))
        for k in sorted((c1 - cm) - c2) + sorted((c2 - cm) - c1):
            who = p1 if c1[k] else p2
            src = by_peer[who]
            disagreements.append((vol, f"{who}_only", k, f"{who}: {label(next(r for r in src if r['key'] == k))}", ""))
        peers_any = c1 | c2
        only = [r for r in mine if peers_any[r["key"]] == 0]
        only_leaf = [r for r in only if r["row"]["leaf"] == "true" or r["row"]["row_kind"] == "commitment"]
        for r in only_leaf:
            disagreements.append((vol, "planx_only", r["key"], "", f"planx: {label(r)}"))
        pct = lambda x, n: f"{100.0 * x / n:.1f}%" if n else "n/a"
        print(f"{vol} ({ref}): planx {len(mine)} rows, {p1} {len(by_peer[p1])}, {p2} {len(by_peer[p2])}")
        print(f"  both peers have {n_both}; planx has {have} of them ({pct(have, n_both)})")
        print(f"  same category path as {clean}: {n_path_ok}/{n_path} ({pct(n_path_ok, n_path)}); LV1 as {other}: {n_lv1_ok}/{n_lv1} ({pct(n_lv1_ok, n_lv1)})")
        print(f"  only planx: {len(only_leaf)} leaf/commitment rows ({len(only) - len(only_leaf)} parent rows the peers do not write)")
        print(f"  only {p1}: {sum(((c1 - cm) - c2).values())}, only {p2}: {sum(((c2 - cm) - c1).values())}, both peers not planx: {sum((both - cm).values())}")
    print(f"disagreements listed: {len(disagreements)}")
    if a.list:
        with open(a.list, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["volume", "kind", "ref_doc", "page", "amount", "fiscal_year", "peer", "planx"])
            for vol, kind, k, peer, mine in disagreements:
                w.writerow([vol, kind, *k, peer, mine])
    rnd = random.Random(14)
    for d in rnd.sample(disagreements, min(a.sample, len(disagreements))):
        vol, kind, k, peer, mine = d
        print(f"  [{kind}] {vol} p{k[1]} {k[2]} FY{k[3]} | {peer} | {mine}")


if __name__ == "__main__":
    main()
