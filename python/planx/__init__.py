"""planx for Python: Thai plan and budget documents to typed, checked tables.

    >>> import planx
    >>> doc = planx.extract("budget.pdf")          # the planx/2 JSON as a dict
    >>> recs = planx.records("budget.pdf")         # typed records (a DataFrame with pandas)

A document is a path (str or os.PathLike) or its bytes (then ``name`` says what it is,
e.g. ``"vol17.pdf"``; without one, bytes starting with ``%PDF`` are a PDF and others
text). Money stays exact: amounts are :class:`decimal.Decimal` baht in dicts; in a
DataFrame, numeric columns are float64 (pandas has no decimal type) and the exact text
is in the dicts. Errors raise :class:`PlanxError` with ``path``, ``page`` and ``reason``.
The native extraction runs without the GIL, so threads extract documents in parallel.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any, Dict, List, Optional, Union

from ._planx import PlanxError, __version__, budget_item_columns, budget_item_rows, extract_json

__all__ = ["extract", "records", "budget_items", "PlanxError", "__version__"]

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]


def _args(source: Source, name: Optional[str]):
    """(name, bytes or None) for the native functions."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if name is None:
            name = "document.pdf" if data.lstrip()[:5] == b"%PDF-" else "document.txt"
        return name, data
    if name is None:
        return os.fspath(source), None
    with open(source, "rb") as f:
        return name, f.read()


def _call(source: Source, name: Optional[str]) -> str:
    return extract_json(*_args(source, name))


def extract(source: Source, *, name: Optional[str] = None) -> Dict[str, Any]:
    """One document's full output (schema ``planx/2``: source, tables, text, review,
    records) as a dict; decimals as :class:`decimal.Decimal`."""
    return json.loads(_call(source, name), parse_float=Decimal)


def _scalar(v: Dict[str, Any]) -> Any:
    """A typed field value as one Python value: baht for amounts, the year as printed
    (Buddhist era) for years, None for empty cells and "-"."""
    t = v.get("type")
    if t == "amount" or t == "year_range_amount":
        return Decimal(v["thb"])
    if t in ("number", "percent", "count"):
        return Decimal(v["value"])
    if t == "year":
        return int(v["be"])
    if t == "year_range":
        return f'{v["start"]["be"]}-{v["end"]["be"]}'
    if t == "check":
        return bool(v["value"])
    if t == "code":
        return v["code"]
    if t == "text":
        return v["text"]
    if t == "date":
        return v["start"] if v["start"] == v["end"] else f'{v["start"]}/{v["end"]}'
    if t == "arrow":
        return v["arrow"]
    return None


def _record_rows(doc: Dict[str, Any], document: str) -> List[Dict[str, Any]]:
    rows = []
    for r in doc.get("records", []):
        row: Dict[str, Any] = {
            "document": document,
            "page": r.get("page"),
            "line": r.get("line"),
            "table": r["table"],
            "row": r["row"],
            "template": r["template"],
        }
        for k, v in r["fields"].items():
            row[k] = _scalar(v)
        row["confidence"] = float(r["confidence"])
        row["flags"] = [f if isinstance(f, str) else f.get("flag", str(f)) for f in r.get("flags", [])]
        rows.append(row)
    return rows


def _frame(rows: List[Dict[str, Any]], as_frame: Optional[bool]):
    if as_frame is False:
        return rows
    try:
        import pandas as pd
    except ImportError:
        if as_frame:
            raise
        return rows
    df = pd.DataFrame(rows)
    for c in df.columns:
        present = df[c].dropna()
        if len(present) and all(isinstance(x, Decimal) for x in present):
            df[c] = pd.to_numeric(df[c].map(lambda x: None if x is None else float(x)), errors="coerce").astype("float64")
        elif len(present) and all(isinstance(x, bool) for x in present):
            df[c] = df[c].astype("boolean")
        elif len(present) and all(isinstance(x, int) and not isinstance(x, bool) for x in present):
            df[c] = df[c].astype("Int64")
    return df


def records(source: Source, *, name: Optional[str] = None, as_frame: Optional[bool] = None):
    """Typed records of a document: one per table row that fits a template, with its
    place (document, page, line, table, row, template), each field as one typed value,
    its confidence and flags. A pandas DataFrame when pandas is installed (``as_frame``
    None), else a list of dicts; ``as_frame=False`` always gives the list."""
    document = name or (os.fspath(source) if not isinstance(source, (bytes, bytearray, memoryview)) else "document")
    return _frame(_record_rows(extract(source, name=name), document), as_frame)


_TYPES = {
    "decimal": lambda v: Decimal(v),
    "integer": int,
    "double": float,
    "boolean": lambda v: v == "true",
}


def budget_items(source: Source, *, name: Optional[str] = None, as_frame: Optional[bool] = None):
    """Budget-bill line items of a document, as ``budget_items.csv`` has them (schema
    ``planx-budget-items/1``): one per item and fiscal year, with its place in the
    budget's hierarchy, amount in baht (Decimal), PDF page and box, confidence and
    doubts. Empty for documents that are not budget bills. A DataFrame when pandas is
    installed, else a list of dicts."""
    columns = budget_item_columns()
    rows = []
    for cells in budget_item_rows(*_args(source, name)):
        row = {}
        for (col, kind), text in zip(columns, cells):
            row[col] = None if text == "" else _TYPES.get(kind, str)(text)
        rows.append(row)
    return _frame(rows, as_frame)
