"""The Python package against what the planx binary gives for the same documents."""

import json
import os
import pathlib
import subprocess
import tempfile
from decimal import Decimal

import pytest

import planx

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
SAMPLE = ROOT / "samples" / "002_4c5d6eec96b307b3.txt"


def test_extract_path_is_the_planx_json():
    doc = planx.extract(SAMPLE)
    assert doc["schema"] == "planx/2"
    assert doc["tables"] and doc["records"]
    assert doc["source"]["path"].endswith(SAMPLE.name)


def test_bytes_give_the_same_tables_as_the_path():
    by_path = planx.extract(SAMPLE)
    by_bytes = planx.extract(SAMPLE.read_bytes(), name=SAMPLE.name)
    assert by_bytes["tables"] == by_path["tables"]
    assert by_bytes["records"] == by_path["records"]


def test_records_are_typed_and_exact():
    rows = planx.records(SAMPLE, as_frame=False)
    amounts = [r["budget_2560"] for r in rows if isinstance(r.get("budget_2560"), Decimal)]
    assert amounts, "typed amounts in baht"
    assert Decimal("5000000.00") in amounts  # "5" ล้านบาท in the seed, as baht
    assert all(0.0 <= r["confidence"] <= 1.0 for r in rows)
    assert {"document", "page", "table", "row", "template"} <= set(rows[0])


def test_records_match_the_cli_json():
    binary = os.environ.get("PLANX_BIN")
    if not binary:
        pytest.skip("PLANX_BIN not set")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([binary, "extract", str(SAMPLE), "--out", out, "--quiet"], check=True, capture_output=True)
        cli = json.loads((pathlib.Path(out) / (SAMPLE.stem + ".json")).read_text(), parse_float=Decimal)
    assert planx.extract(SAMPLE)["records"] == cli["records"]


def test_dataframe_columns_are_typed():
    pd = pytest.importorskip("pandas")
    df = planx.records(SAMPLE)
    assert isinstance(df, pd.DataFrame)
    assert str(df["budget_2560"].dtype) == "float64"
    assert df["budget_2560"].max() > 0
    assert str(df["row"].dtype) in ("int64", "Int64")


def test_errors_name_the_file():
    with pytest.raises(planx.PlanxError) as e:
        planx.extract(b"%PDF-1.7\nthis is not really a pdf", name="broken.pdf")
    assert e.value.path == "broken.pdf"
    assert e.value.reason
    with pytest.raises(planx.PlanxError) as e:
        planx.extract(ROOT / "no-such-file.pdf")
    assert "no-such-file.pdf" in e.value.path


def test_threads_extract_in_parallel():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        docs = list(pool.map(planx.extract, SAMPLES))
    assert [d["tables"] for d in docs] == [planx.extract(s)["tables"] for s in SAMPLES]


def _generated_bill():
    """A budget bill's detail page as text, like the one tests/budget_items.rs generates."""
    shared = ROOT.parent / "shared" / "realpdf" / "budget-2565-doc3-vol17.pdf"
    return shared if shared.exists() else None


def test_budget_items_match_the_cli_csv():
    import csv

    binary = os.environ.get("PLANX_BIN")
    bill = _generated_bill()
    if not binary or bill is None:
        pytest.skip("PLANX_BIN not set or ../shared absent")
    items = planx.budget_items(bill, as_frame=False)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([binary, "extract", str(bill), "--out", out, "--quiet"], check=True, capture_output=True)
        with open(pathlib.Path(out) / "budget_items.csv", encoding="utf-8") as f:
            cli = list(csv.DictReader(f))
    assert len(items) == len(cli) > 100
    for got, want in zip(items, cli):
        assert got["item_id"] == want["item_id"]
        assert got["amount"] == (Decimal(want["amount"]) if want["amount"] else None)
        assert isinstance(got["fiscal_year"], int) and got["fiscal_year"] == int(want["fiscal_year"])


def test_budget_items_empty_for_other_documents():
    assert planx.budget_items(SAMPLE, as_frame=False) == []
