"""The Ray Data example on a local Ray (2 CPUs) gives the same rows as the planx CLI's JSON."""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal

import pytest

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import extract_to_parquet as example  # noqa: E402


def inputs(tmp):
    """The shared budget volumes and planbench PDFs when ../shared is there, else the samples."""
    shared = ROOT.parent / "shared"
    d = pathlib.Path(tmp) / "in"
    d.mkdir()
    files = sorted((shared / "realpdf").glob("*.pdf")) + sorted((shared / "planbench" / "dev").glob("*.pdf"))[:4] if shared.is_dir() else []
    files += sorted((ROOT / "samples").glob("*.txt"))
    for f in files:
        shutil.copy(f, d / f.name)
    return d


def key(r):
    return (r["document"], r["table"], r["row"], r["field"])


def test_ray_parquet_equals_cli():
    binary = os.environ.get("PLANX_BIN")
    if not binary:
        pytest.skip("PLANX_BIN not set")
    with tempfile.TemporaryDirectory() as tmp:
        src = inputs(tmp)
        out = pathlib.Path(tmp) / "parquet"
        # The workers import the example module from here.
        ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, runtime_env={"env_vars": {"PYTHONPATH": str(HERE)}})
        try:
            example.run(str(src), str(out))
        finally:
            ray.shutdown()
        got = sorted(pq.read_table(str(out)).to_pylist(), key=key)
        cli = pathlib.Path(tmp) / "cli"
        subprocess.run([binary, "extract", str(src), "--out", str(cli), "--quiet"], check=False, capture_output=True)
        want = []
        for f in sorted(src.iterdir()):
            j = cli / (f.stem + ".json")
            if j.exists():
                want.extend(example.value_rows(f.name, json.loads(j.read_text(), parse_float=Decimal)))
        want.sort(key=key)
        assert len(got) == len(want) and len(got) > 100
        assert got == want
