#!/usr/bin/env python3
"""List the budget detail pages that yield no budget item.

usage: budget_pages.py OUT_DIR [-v]

For each document JSON in OUT_DIR (written by `planx extract`) that has `budget_items`
(a budget-bill volume), the pages whose text holds an amount followed by "บาท"
("1,234,500 บาท", also "- บาท") are split into summary pages (the unit's section 7 plans,
outputs and projects, its totals) and detail pages (the "รายละเอียดงบประมาณจำแนกตาม
งบรายจ่าย" pages and their continuations: see DETAIL_LINE). It prints, per volume, how many
of each there are (-v: the summary pages' numbers too), how many yield at least one budget item (an item or a
commitment year whose `page` is that page), and each detail page that yields none, with
its amount lines, so that it can be looked up. Stdlib only. Exit status 0 always: this is
a listing for a reader, not a test.
"""
import json
import os
import re
import sys

AMOUNT_BAHT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*บาท|(?<![\w,])-\s+บาท")
# The lines of a budget detail page ("รายละเอียดงบประมาณจำแนกตามงบรายจ่าย"): an expense
# category "1. งบเงินอุดหนุน", a sub-item "1) …" / "(3) …" / "(5.1) …", a commitment's
# "วงเงินทั้งสิ้น" / "เงินนอกงบประมาณ" / "เงินงบประมาณ" / "ปี 2565 ตั้งงบประมาณ" rows.
# The other pages with amounts are the unit's summaries (section 7.x plans, outputs and
# projects with "วงเงินทั้งสิ้นของโครงการ", "- เงินงบประมาณ"; the unit's "งบประมาณรายจ่าย /
# รายจ่ายประจำ / รายจ่ายลงทุน"; the volume's list of units).
DETAIL_HEAD = "รายละเอียดงบประมาณจำแนกตามงบรายจ่าย"
DETAIL_LINE = re.compile(
    r"^(?:\d+\.\s*งบ|\d+(?:\.\d+)*\)\s|\(\d+(?:\.\d+)*\)\s|ปี\s*25\d\d|วงเงินทั้งสิ้น\s|เงินนอกงบประมาณ\s|เงินงบประมาณ\s)")


def kind(text, lines):
    if DETAIL_HEAD in text.replace(" ", "") or any(DETAIL_LINE.search(l) for l in lines):
        return "detail"
    return "summary"


NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?=\s*บาท)")


def item_pages(items):
    """page -> the amounts (digits only) planx took from it: items' amounts, off-budget
    money, commitment totals, budget money (and so the commitment's off-budget money,
    their difference) and years."""
    pages = {}
    for it in items:
        got = pages.setdefault(it.get("page"), set())
        got.update(str(v) for v in (it.get("amount"), it.get("off_budget")) if v)
        c = it.get("commitment") or {}
        got.update(str(v) for v in (c.get("total"), c.get("budget_money")) if v)
        if c.get("total") and c.get("budget_money"):
            # The commitment's own off-budget row: its total less its budget money.
            got.add(str(int(c["total"]) - int(c["budget_money"])))
        for y in c.get("years") or []:
            pages.setdefault(y.get("page"), set()).update([str(y["amount"])] if y.get("amount") else [])
    return pages


def digits(n):
    n = n.replace(",", "")
    return n[:-3] if n.endswith(".00") else n


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    flags = [a for a in sys.argv[1:] if a.startswith("-")]
    if len(args) != 1:
        sys.exit(__doc__)
    out = args[0]
    total_missing = 0
    for name in sorted(os.listdir(out)):
        if not name.endswith(".json") or name.startswith("README"):
            continue
        with open(os.path.join(out, name), encoding="utf-8") as f:
            doc = json.load(f)
        bi = doc.get("budget_items")
        if not bi or not bi.get("items"):
            continue
        yielded = item_pages(bi["items"])
        detail, missing, summary, unaccounted = [], [], [], []
        for i, text in enumerate(doc.get("page_text") or [], start=1):
            lines = [l.strip() for l in (text or "").splitlines() if AMOUNT_BAHT.search(l)]
            if not lines:
                continue
            if kind(text, lines) == "summary":
                summary.append(i)
                if i in yielded:
                    print(f"  note: pdf page {i} yields items but looks like a summary page")
                continue
            detail.append(i)
            if i not in yielded:
                missing.append((i, lines))
            else:
                # Every amount in บาท on a detail page should be one planx took.
                left = [l for l in lines for n in NUMBER.findall(l) if digits(n) not in yielded[i]]
                if left:
                    unaccounted.append((i, left))
        print(f"{name} ({bi.get('ref_doc', '')}): {len(detail) + len(summary)} pages with amounts in บาท; "
              f"{len(summary)} summary pages (section 7 plans/outputs/projects, unit totals), "
              f"{len(detail)} detail pages: {len(detail) - len(missing)} yield items, {len(missing)} yield none")
        if "-v" in flags:
            print(f"  summary pages: {' '.join(map(str, summary))}")
        for page, lines in missing:
            print(f"  detail pdf page {page} yields no item: {len(lines)} amount lines")
            for l in lines[:6]:
                print(f"      {l[:110]}")
            if len(lines) > 6:
                print(f"      … {len(lines) - 6} more")
        for page, lines in unaccounted:
            print(f"  detail pdf page {page}: amounts no item took: " + " | ".join(l[:80] for l in lines[:4]))
        total_missing += len(missing)
    print(f"detail pages without items: {total_missing}")


if __name__ == "__main__":
    main()
