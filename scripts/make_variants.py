#!/usr/bin/env python3
"""make_variants: unseen Thai plan documents with exact ground truth, planbench-style.

usage: scripts/make_variants.py OUT_DIR [--n N] [--seed S] [--src DIR] [--mimic STEM ...]
                                [--keep-fodt]

Source tables are the ground-truth tables of planbench's digit-keeping variants
(SRC/dev_00Na.gt.json: grid, header_rows, header_spans, section_rows); prose paragraphs
are the non-table lines of ../seeds. Each variant is written as Flat ODT (tables with
merged header cells, section rows merged across the table, repeated header rows, rows that
never split) and printed to PDF by LibreOffice headless (`soffice`). Settings drawn from
--seed: TLWG font (also fonts planbench never uses), table text size, ruled grid / no
rules / horizontal rules, digits kept / Thai / Arabic, column widths (from content, equal,
jittered, squeezed), orientation and margins, page-number footer, shaded header, SARA AM
split, longer tables (body rows repeated and shuffled) or tables of several seeds in one
file, a prose paragraph before tables.
The ground truth is read back from what LibreOffice printed: the same document is also
printed as tagged PDF, and the page of every table row and paragraph is taken from its
structure tree (the PDF handed to planx is the untagged one; both have the same layout).
Writes OUT_DIR/<stem>.pdf and <stem>.gt.json in planbench's format, so
`python3 ../shared/planbench/score.py PRED_DIR OUT_DIR` scores them.
--mimic dev_001b renders that planbench document's settings (a check of the generator:
planx should score about as on the original).
Standard library only (plus soffice on PATH).
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))
SEEN_FONTS = ["Laksaman", "Garuda", "Loma"]
UNSEEN_FONTS = ["Kinnari", "Norasi", "Sawasdee", "Umpush", "Waree", "Purisa", "TlwgTypo", "TlwgTypist"]
TH_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
AM_SPLIT_RE = re.compile("([\u0e48-\u0e4b]?)\u0e33")
MIMIC = {  # planbench dev documents: seed and settings (README table)
    "dev_000a": ("000", dict(font="Laksaman", border="grid", digits="keep", shade=True, footer=True)),
    "dev_000b": ("000", dict(font="Garuda", border="none", digits="thai")),
    "dev_001a": ("001", dict(font="Laksaman", border="grid", digits="keep", footer=True)),
    "dev_001b": ("001", dict(font="Loma", border="hrules", digits="thai")),
    "dev_002a": ("002", dict(font="Laksaman", border="grid", digits="keep", shade=True)),
    "dev_002b": ("002", dict(font="Loma", border="grid", digits="arabic", footer=True)),
    "dev_002c": ("002", dict(font="Garuda", border="hrules", digits="keep")),
    "dev_003a": ("003", dict(font="Laksaman", border="grid", digits="keep", footer=True)),
    "dev_003b": ("003", dict(font="Garuda", border="none", digits="arabic", am_split=True)),
    "dev_004a": ("004", dict(font="Laksaman", border="grid", digits="keep")),
    "dev_004b": ("004", dict(font="Loma", border="none", digits="thai", footer=True)),
}


# ---------------------------------------------------------------- normalization (score.py)
TH2AR = {ord(t): str(i) for i, t in enumerate(TH_DIGITS)}
ZW = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
AM_RE = re.compile("\u0e4d([\u0e48\u0e49\u0e4a\u0e4b]?)\u0e32")


def normalize(s):
    s = unicodedata.normalize("NFC", s).translate(ZW).translate(TH2AR)
    s = AM_RE.sub(lambda m: m.group(1) + "\u0e33", s)
    return re.sub(r"\s+", " ", s).strip()


# ---------------------------------------------------------------- sources
def load_sources(src):
    """seed -> {"tables": [...], "prose": [...]} from the digit-keeping planbench variants."""
    out = {}
    for seed in ("000", "001", "002", "003", "004"):
        gt = json.load(open(os.path.join(src, f"dev_{seed}a.gt.json"), encoding="utf-8"))
        tables = [dict(grid=t["grid"], header_rows=t["header_rows"], header_spans=t["header_spans"],
                       section_rows=t["section_rows"], n_cols=t["n_cols"]) for t in gt["tables"]]
        prose = []
        seeds = os.path.join(src, "..", "..", "seeds")
        for f in sorted(os.listdir(seeds)) if os.path.isdir(seeds) else []:
            if f.startswith(seed + "_"):
                for line in open(os.path.join(seeds, f), encoding="utf-8"):
                    t = re.sub(r"<[^>]+>|\*\*|^#+", "", line).strip()
                    if "\t" not in line and len(t) >= 12 and not t.startswith("|"):
                        prose.append(t)
        out[seed] = dict(tables=tables, prose=prose)
    return out


# ---------------------------------------------------------------- text variants
def to_digits(s, mode):
    if mode == "thai":
        return s.translate({ord(str(i)): TH_DIGITS[i] for i in range(10)})
    if mode == "arabic":
        return s.translate(TH2AR)
    return s


def am_split(s, rng):
    """SARA AM written as NIKHAHIT (+ tone) + SARA AA in about half of the words."""
    return AM_SPLIT_RE.sub(lambda m: ("\u0e4d" + m.group(1) + "\u0e32") if rng.random() < 0.5
                           else m.group(0), s)


# ---------------------------------------------------------------- variant settings
def draw_settings(rng, seed=None):
    seeds = ["000", "001", "002", "003", "004"]
    st = dict(
        font=rng.choice(UNSEEN_FONTS + SEEN_FONTS + UNSEEN_FONTS),
        size=rng.choice([8, 9, 10, 11, 12, 12, 13, 14, 14, 16]),
        border=rng.choice(["grid", "grid", "none", "hrules"]),
        digits=rng.choice(["keep", "keep", "thai", "arabic"]),
        shade=rng.random() < 0.35,
        footer=rng.random() < 0.5,
        am_split=rng.random() < 0.25,
        widths=rng.choice(["content", "content", "equal", "jitter", "squeeze"]),
        table_frac=rng.choice([1.0, 1.0, 0.9, 0.8]),
        margin_cm=rng.choice([1.0, 1.5, 2.0, 2.5]),
        orient=rng.choice(["auto", "auto", "auto", "flip"]),
        bold_header=rng.random() < 0.6,
        valign=rng.choice(["middle", "middle", "top"]),
        longer=rng.choice(["none", "none", "repeat", "mix"]),
        prose=rng.random() < 0.6,
        seeds=[seed or rng.choice(seeds)],
    )
    if st["longer"] == "mix":
        st["seeds"] += rng.sample([s for s in seeds if s != st["seeds"][0]], 1)
    return st


def mimic_settings(stem):
    seed, over = MIMIC[stem]
    st = dict(size=12, shade=False, footer=False, am_split=False, widths="content", table_frac=1.0,
              margin_cm=1.5, orient="auto", bold_header=True, valign="middle", longer="none", prose=True, seeds=[seed])
    st.update(over)
    return st


def build_tables(st, sources, rng):
    """[(prose or None, table)] in document order, text variants applied."""
    items = []
    for seed in st["seeds"]:
        src = sources[seed]
        prose = list(src["prose"])
        for i, t in enumerate(src["tables"]):
            grid = [list(r) for r in t["grid"]]
            sections = list(t["section_rows"])
            if st["longer"] == "repeat" and len(grid) - t["header_rows"] >= 3:
                body = list(range(t["header_rows"], len(grid)))
                extra = body[:]
                rng.shuffle(extra)
                order = list(range(len(grid))) + extra[: max(3, len(extra) * rng.choice([1, 2]) // 2)]
                sections = [k for k, o in enumerate(order) if o in t["section_rows"]]
                grid = [list(grid[o]) for o in order]
            p = None
            if st["prose"] and prose and (i == 0 or rng.random() < 0.5):
                p = prose[(i * 7 + len(grid)) % len(prose)]
            items.append((p, dict(grid=grid, header_rows=t["header_rows"], header_spans=t["header_spans"],
                                  section_rows=sections, n_cols=t["n_cols"])))
    for p, t in items:
        for r in t["grid"]:
            for j, c in enumerate(r):
                c = to_digits(c, st["digits"])
                r[j] = am_split(c, rng) if st["am_split"] else c
    return [(None if p is None else to_digits(p, st["digits"]), t) for p, t in items]


# ---------------------------------------------------------------- layout estimates
def char_w(size):
    return 0.55 * size  # pt, a generous mean advance of Thai letters and digits


def min_chars(t, cap):
    """Per column: the longest unbreakable token (numbers whole, Thai words capped)."""
    n = t["n_cols"]
    out = [1] * n
    spanned = {(r, c) for r, c, rs, cs in t["header_spans"] if cs > 1}
    for i, r in enumerate(t["grid"]):
        if i in t["section_rows"]:
            continue
        for j, c in enumerate(r[:n]):
            if (i, j) in spanned:
                continue
            for tok in c.split():
                num = any(ch.isdigit() for ch in tok)
                out[j] = max(out[j], len(tok) if num else min(len(tok), cap))
    return out


MIN_SHARE = 0.7


def pad_of(size):
    return 0.12 * size


def fit_size(t, st, text_w):
    """Largest size <= the drawn one (down to 6 pt for very wide tables) at which every
    column holds its longest number and a short Thai word within MIN_SHARE of the table
    width (the rest goes to the columns with long text)."""
    mc = min_chars(t, 6)
    size = st["size"] or 14
    while size > 6 and sum(x * char_w(size) + 2 * pad_of(size) + 2 for x in mc) > MIN_SHARE * text_w * st["table_frac"]:
        size -= 1
    return size


def col_widths(t, st, text_w, size, rng):
    """Absolute column widths (pt) summing to the table width: every column at least its
    minimum, the rest shared by content length (or equally, jittered, squeezed)."""
    n = t["n_cols"]
    hr, sec = t["header_rows"], set(t["section_rows"])
    need = [2.0] * n
    for i, r in enumerate(t["grid"]):
        if i in sec:
            continue
        for j, c in enumerate(r[:n]):
            if c:
                need[j] = max(need[j], min(len(c) if i >= hr else min(len(c), 12), 45))
    mode = st["widths"]
    share = {"equal": [1.0] * n, "jitter": [x ** 0.8 * rng.uniform(0.5, 1.8) for x in need],
             "squeeze": [x ** 0.4 for x in need]}.get(mode, [x ** 0.8 for x in need])
    mc = min_chars(t, 3 if mode == "squeeze" else 6)
    floor = [x * char_w(size) + 2 * pad_of(size) + 2 for x in mc]
    total = text_w * st["table_frac"]
    extra = max(0.0, total - sum(floor))
    s = sum(share)
    return [f + extra * x / s for f, x in zip(floor, share)]


# ---------------------------------------------------------------- Flat ODT
def fodt(st, items, landscape, rng):
    W, H = (29.7, 21.0) if landscape else (21.0, 29.7)
    m = st["margin_cm"]
    text_w_pt = (W - 2 * m) / 2.54 * 72
    font = st["font"]
    line = "0.5pt solid #000000"
    cellstyles, body = [], []
    for ti, (prose, t) in enumerate(items):
        size = fit_size(t, st, text_w_pt)
        widths = col_widths(t, st, text_w_pt, size, rng)
        body.append(f'<text:p text:style-name="Prose">{escape(prose or "")}</text:p>')
        tn = f"T{ti}"
        cellstyles.append(
            f'<style:style style:name="{tn}" style:family="table"><style:table-properties '
            f'style:width="{sum(widths):.2f}pt" table:align="left"/></style:style>')
        for j, w in enumerate(widths):
            cellstyles.append(f'<style:style style:name="{tn}C{j}" style:family="table-column">'
                              f'<style:table-column-properties style:column-width="{w:.2f}pt"/></style:style>')
        cellstyles.append(f'<style:style style:name="{tn}R" style:family="table-row"><style:table-row-properties '
                          f'fo:keep-together="always"/></style:style>')
        for kind in ("H", "B", "S"):
            b = {"grid": f'fo:border="{line}"', "none": 'fo:border="none"',
                 "hrules": f'fo:border-top="{line}" fo:border-bottom="{line}" fo:border-left="none" fo:border-right="none"'}[st["border"]]
            bg = ' fo:background-color="#d9d9d9"' if kind == "H" and st["shade"] else ""
            bg += f' style:vertical-align="{st["valign"]}"' if kind == "H" else ""
            cellstyles.append(f'<style:style style:name="{tn}{kind}" style:family="table-cell"><style:table-cell-properties '
                              f'{b}{bg} fo:padding="{pad_of(size):.2f}pt"/></style:style>')
            weight = ' fo:font-weight="bold" style:font-weight-complex="bold"' if kind == "H" and st["bold_header"] else ""
            align = ' fo:text-align="center"' if kind == "H" else ""
            cellstyles.append(
                f'<style:style style:name="{tn}P{kind}" style:family="paragraph"><style:paragraph-properties{align}/>'
                f'<style:text-properties style:font-name="{font}" style:font-name-complex="{font}" '
                f'fo:font-size="{size}pt" style:font-size-complex="{size}pt"{weight}/></style:style>')
        body.append(table_xml(t, tn))
    foot = ""
    if st["footer"]:
        foot = ('<style:footer><text:p text:style-name="Footer">- <text:page-number text:select-page="current">1'
                '</text:page-number> -</text:p></style:footer>')
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="{font}"/></office:font-face-decls>
<office:styles>
<style:style style:name="Standard" style:family="paragraph"><style:text-properties style:font-name="{font}"
 style:font-name-complex="{font}" fo:font-size="12pt" style:font-size-complex="12pt" fo:language="th" fo:country="TH"
 style:language-complex="th" style:country-complex="TH"/></style:style>
<style:style style:name="Prose" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:margin-top="6pt" fo:margin-bottom="4pt"/>
 <style:text-properties fo:font-size="{max(10, (st["size"] or 14))}pt" style:font-size-complex="{max(10, (st["size"] or 14))}pt"/></style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
 <style:paragraph-properties fo:text-align="center"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="{W}cm" fo:page-height="{H}cm"
 style:print-orientation="{"landscape" if landscape else "portrait"}" fo:margin-top="{m}cm" fo:margin-bottom="{m}cm"
 fo:margin-left="{m}cm" fo:margin-right="{m}cm"/>
 <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.2cm"/></style:footer-style>
</style:page-layout>
{"".join(cellstyles)}
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL">{foot}</style:master-page>
</office:master-styles>
<office:body><office:text>
{"".join(body)}
</office:text></office:body></office:document>
'''


def table_xml(t, tn):
    grid, n, hr = t["grid"], t["n_cols"], t["header_rows"]
    sec = set(t["section_rows"])
    span = {(r, c): (rs, cs) for r, c, rs, cs in t["header_spans"]}
    covered = set()
    for (r, c), (rs, cs) in span.items():
        for i in range(r, r + rs):
            for j in range(c, c + cs):
                if (i, j) != (r, c):
                    covered.add((i, j))
    out = [f'<table:table table:name="{tn}" table:style-name="{tn}">']
    out += [f'<table:table-column table:style-name="{tn}C{j}"/>' for j in range(n)]

    def para(txt, kind):
        lines = txt.split("\n")
        return "".join(f'<text:p text:style-name="{tn}P{kind}">{escape(x)}</text:p>' for x in lines)

    for i, row in enumerate(grid):
        if i == 0 and hr:
            out.append("<table:table-header-rows>")
        out.append(f'<table:table-row table:style-name="{tn}R">')
        kind = "H" if i < hr else ("S" if i in sec else "B")
        if kind == "S":
            out.append(f'<table:table-cell table:style-name="{tn}S" table:number-columns-spanned="{n}" '
                       f'office:value-type="string">{para(row[0], "B")}</table:table-cell>')
            out += ["<table:covered-table-cell/>"] * (n - 1)
        else:
            for j in range(n):
                c = row[j] if j < len(row) else ""
                if (i, j) in covered:
                    out.append("<table:covered-table-cell/>")
                    continue
                a = ""
                if (i, j) in span:
                    rs, cs = span[(i, j)]
                    a = (f' table:number-rows-spanned="{rs}"' if rs > 1 else "") + \
                        (f' table:number-columns-spanned="{cs}"' if cs > 1 else "")
                out.append(f'<table:table-cell table:style-name="{tn}{kind}"{a} office:value-type="string">'
                           f'{para(c, kind)}</table:table-cell>')
        out.append("</table:table-row>")
        if i == hr - 1:
            out.append("</table:table-header-rows>")
    out.append("</table:table>")
    return "".join(out)


# ---------------------------------------------------------------- LibreOffice
def to_pdf(fodt_path, outdir, tagged, profile):
    opts = '{"UseTaggedPDF":{"type":"boolean","value":"%s"}}' % ("true" if tagged else "false")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    f"pdf:writer_pdf_Export:{opts}", "--outdir", outdir, fodt_path],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return os.path.join(outdir, os.path.splitext(os.path.basename(fodt_path))[0] + ".pdf")


# ---------------------------------------------------------------- tagged PDF structure
OBJ_RE = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
REF_RE = re.compile(rb"(\d+) 0 R")


def pdf_objects(data):
    objs = {}
    for m in OBJ_RE.finditer(data):
        body = m.group(2)
        s = body.find(b"stream")
        if s >= 0 and b"/ObjStm" in body[:s]:
            raw = body[s + 6:].lstrip(b"\r\n")
            raw = zlib.decompress(raw[: raw.rfind(b"endstream")].rstrip())
            first = int(re.search(rb"/First (\d+)", body[:s]).group(1))
            nums = list(map(int, raw[:first].split()))
            for k in range(0, len(nums), 2):
                a = first + nums[k + 1]
                b = first + nums[k + 3] if k + 3 < len(nums) else len(raw)
                objs[nums[k]] = raw[a:b]
        else:
            objs[int(m.group(1))] = body[: s] if s >= 0 else body
    return objs


def dict_key(body, key):
    m = re.search(rb"/" + key + rb"\s*(\[[^\]]*\]|\d+ 0 R|\d+|/\w+)", body)
    return m.group(1) if m else None


def page_order(objs):
    pages = []

    def walk(num):
        body = objs[num]
        if re.search(rb"/Type\s*/Pages", body):
            for r in REF_RE.findall(dict_key(body, rb"Kids")):
                walk(int(r))
        else:
            pages.append(num)
    root = next(n for n, b in objs.items() if re.search(rb"/Type\s*/Catalog", b))
    walk(int(REF_RE.search(dict_key(objs[root], rb"Pages")).group(1)))
    return {p: i + 1 for i, p in enumerate(pages)}, root


def struct_leaves(objs):
    """Document-order list of (kind, pages) for the structure tree: kind 'P' (paragraph
    outside tables) or ('TR', table_index)."""
    pno, root = page_order(objs)
    tree = int(REF_RE.search(dict_key(objs[root], rb"StructTreeRoot")).group(1))
    out, ntab = [], [0]

    def pages_of(num, acc):
        body = objs[num]
        pg = dict_key(body, rb"Pg")
        if pg:
            acc.add(pno[int(REF_RE.search(pg).group(1))])
        for m in re.finditer(rb"/Pg\s*(\d+) 0 R", body):
            acc.add(pno[int(m.group(1))])
        for r in kids(body):
            pages_of(r, acc)
        return acc

    def kids(body):
        k = dict_key(body, rb"K")
        if k is None:
            return []
        return [int(r) for r in REF_RE.findall(k) if int(r) in objs and b"/S" in objs[int(r)]
                and b"/MCR" not in objs[int(r)]]

    def walk(num, tab):
        body = objs[num]
        s = re.search(rb"/S\s*/(\w+)", body)
        s = s.group(1).decode() if s else ""
        if s == "Table":
            ti = ntab[0]
            ntab[0] += 1
            for r in kids(body):
                walk(r, ti)
        elif s == "TR":
            out.append((("TR", tab), pages_of(num, set())))
        elif s in ("THead", "TBody", "TFoot"):
            for r in kids(body):
                walk(r, tab)
        elif s in ("P", "Standard", "Text Body") or (s.startswith("H") and s[1:].isdigit()):
            if tab is None:
                out.append(("P", pages_of(num, set())))
        else:
            for r in kids(body):
                walk(r, tab)
    walk(tree, None)
    return out, len(pno)


# ---------------------------------------------------------------- ground truth
def ground_truth(stem, st, items, tagged_pdf, landscape):
    objs = pdf_objects(open(tagged_pdf, "rb").read())
    leaves, npages = struct_leaves(objs)
    rows, paras, cur = {}, {}, set()
    for kind, pages in leaves:  # paragraphs before a table's first row are its prose
        if kind == "P":
            cur |= pages
        else:
            if kind[1] not in rows:
                paras[kind[1]] = cur
                cur = set()
            rows.setdefault(kind[1], []).append(pages)
    tables, page_items = [], [[] for _ in range(npages)]
    for ti, (prose, t) in enumerate(items):
        para_pages = paras.get(ti) or set()
        if prose and para_pages:
            page_items[min(para_pages) - 1].append(prose)
        rp = rows.get(ti, [])
        if len(rp) != len(t["grid"]) or any(len(p) != 1 for p in rp):
            raise RuntimeError(f"{stem}: table {ti}: {len(rp)} tagged rows for {len(t['grid'])} grid rows, "
                               f"pages {[sorted(p) for p in rp][:6]}")
        row_pages = [min(p) for p in rp]
        hr = t["header_rows"]
        seen = set()
        for i, (row, p) in enumerate(zip(t["grid"], row_pages)):
            if p not in seen and i >= hr and p != row_pages[0]:
                page_items[p - 1] += [" ".join(c for c in h if c) for h in t["grid"][:hr]]
            seen.add(p)
            page_items[p - 1].append(" ".join(c for c in row if c))
        tables.append(dict(pages=sorted(set(row_pages)), header_rows=hr, grid=t["grid"],
                           grid_norm=[[normalize(c) for c in r] for r in t["grid"]],
                           row_pages=row_pages, n_cols=t["n_cols"], header_spans=t["header_spans"],
                           section_rows=t["section_rows"]))
    if st["footer"]:
        for i, it in enumerate(page_items):
            it.append(to_digits(f"- {i + 1} -", st["digits"] if st["digits"] != "keep" else "arabic"))
    variant = {k: st[k] for k in ("font", "border", "digits", "shade", "footer", "am_split", "widths",
                                  "margin_cm", "longer", "prose", "bold_header", "valign", "table_frac")}
    variant.update(orient="landscape" if landscape else "portrait", seed="+".join(st["seeds"]), size=st["size"])
    return {"pdf": stem + ".pdf", "pages": npages, "tables": tables,
            "page_text": ["\n".join(x) for x in page_items], "variant": variant}


def make_one(stem, st, sources, rng, out, work, profile, keep_fodt):
    items = build_tables(st, sources, rng)
    maxc = max(t["n_cols"] for _, t in items)
    landscape = maxc >= 8
    if st["orient"] == "flip" and (maxc < 8 or maxc <= 10):
        landscape = not landscape
    path = os.path.join(work, stem + ".fodt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(fodt(st, items, landscape, rng))
    tdir = os.path.join(work, "tagged")
    os.makedirs(tdir, exist_ok=True)
    tagged = to_pdf(path, tdir, True, profile)
    gt = ground_truth(stem, st, items, tagged, landscape)
    plain = to_pdf(path, out, False, profile)
    assert os.path.basename(plain) == stem + ".pdf"
    with open(os.path.join(out, stem + ".gt.json"), "w", encoding="utf-8") as f:
        json.dump(gt, f, ensure_ascii=False)
    if keep_fodt:
        shutil.copy(path, os.path.join(out, stem + ".fodt"))
    return gt


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=24)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--src", default=os.path.join(SHARED, "planbench", "dev"))
    ap.add_argument("--mimic", nargs="*", default=[])
    ap.add_argument("--keep-fodt", action="store_true")
    a = ap.parse_args(argv)
    if not shutil.which("soffice"):
        sys.exit("soffice not found (package libreoffice-writer-nogui)")
    a.out = os.path.abspath(a.out)  # soffice needs absolute profile paths
    os.makedirs(a.out, exist_ok=True)
    sources = load_sources(a.src)
    work = tempfile.mkdtemp(prefix="mkvar-", dir=a.out)
    profile = os.path.join(work, "lo-profile")
    try:
        jobs = [(f"mimic_{s[4:]}", mimic_settings(s)) for s in a.mimic]
        rng = random.Random(a.seed)
        if not a.mimic:
            jobs = [(f"var{a.seed}_{k:02d}", draw_settings(rng)) for k in range(a.n)]
        for stem, st in jobs:
            gt = None
            for attempt in range(3):  # a row taller than a page splits: retry smaller
                try:
                    gt = make_one(stem, st, sources, random.Random(f"{a.seed}:{stem}"), a.out, work, profile,
                                  a.keep_fodt)
                    break
                except (RuntimeError, subprocess.SubprocessError) as e:
                    print(f"{stem}: attempt {attempt + 1}: {e}", file=sys.stderr)
                    st["size"] = max(6, (st["size"] or 14) - 3)
            if gt is None:
                continue
            v = gt["variant"]
            print(f"{stem}: {gt['pages']} p, {len(gt['tables'])} tables, {v['font']} {v['orient']} {v['border']} "
                  f"digits={v['digits']} widths={v['widths']} longer={v['longer']} seed={v['seed']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
