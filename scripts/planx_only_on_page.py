#!/usr/bin/env python3
"""The rows of OUT/budget_items.csv that no peer has (same page, amount and year, as
compare_peers.py keys them): is each amount printed on the row's page, in a line ending
in บาท, and with the row's code ("1.", "1.1", "2)", "(1)") on that line?

usage: planx_only_on_page.py OUT [--peers DIR]   (stdlib only)
"""
import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import compare_peers as cp  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--peers", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "realpdf", "peers"))
    a = ap.parse_args()
    keys = collections.Counter()
    for name in sorted(os.listdir(a.peers)):
        if name.endswith(".csv") and not name.startswith("v2"):
            for r in cp.peer_rows(os.path.join(a.peers, name)):
                keys[r["key"]] += 1
    texts = {}
    for name in os.listdir(a.out):
        if name.endswith(".json") and not name.startswith("README"):
            with open(os.path.join(a.out, name), encoding="utf-8") as f:
                doc = json.load(f)
            if doc.get("budget_items"):
                texts[doc["budget_items"]["ref_doc"]] = doc.get("page_text") or []
    only = [r for r in cp.planx_rows(os.path.join(a.out, "budget_items.csv")) if keys[r["key"]] == 0 and r["row"]["ref_doc"] in texts]
    n_line = n_code = 0
    for r in only:
        row = r["row"]
        t = texts[row["ref_doc"]][int(row["pdf_page"]) - 1]
        lines = [l for l in t.splitlines() if row["amount_text"] in l and "บาท" in l]
        n_line += bool(lines)
        if any(row["code"] in l for l in lines):
            n_code += 1
        else:
            print(f"  not beside its code: {row['ref_doc']} pdf page {row['pdf_page']} {row['code']} {row['amount_text']} leaf={row['leaf']} {row['item_description'][:50]}")
    n_leaf = sum(r["row"]["leaf"] == "true" for r in only)
    print(f"{len(only)} planx-only rows ({n_leaf} leaves); amount printed on its page: {n_line}; beside the row's code: {n_code}")


if __name__ == "__main__":
    main()
