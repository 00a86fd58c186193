"""planx on Ray Data: a folder of PDFs (or text documents) to one Parquet dataset of values.

    python extract_to_parquet.py INPUT_DIR OUTPUT_DIR [--num-cpus N]

Reads the documents as binary files, runs planx on each (`map_batches`; the extraction
releases the GIL), and writes every typed value of every record as one row: document,
page, line, table, row, template, field, type, the value as text, as a number (float64)
and, for money, exact baht as text. One row per value keeps the Parquet schema the same
for every document, whatever templates its tables fit. On a cluster, point `ray.init` at
it (`RAY_ADDRESS`) and INPUT_DIR/OUTPUT_DIR at storage every node sees (s3://..., a
shared filesystem).
"""

import argparse
import os

import pyarrow as pa
import ray

import planx

SCHEMA = pa.schema([
    ("document", pa.string()), ("page", pa.int64()), ("line", pa.int64()), ("table", pa.string()),
    ("row", pa.int64()), ("template", pa.string()), ("field", pa.string()), ("type", pa.string()),
    ("text", pa.string()), ("number", pa.float64()), ("thb", pa.string()), ("confidence", pa.float64()),
])


def value_rows(document, doc):
    """Long rows of a planx/2 document's records (the same function tests compare the CLI's JSON with)."""
    rows = []
    for r in doc.get("records", []):
        for field, v in r["fields"].items():
            t = v.get("type")
            if t in ("empty",):
                continue
            number = v.get("value") if t in ("number", "percent", "count") else v.get("thb")
            text = {"text": v.get("text"), "code": v.get("code")}.get(t) or str(planx._scalar(v))
            rows.append({
                "document": document, "page": r.get("page"), "line": r.get("line"), "table": r["table"],
                "row": r["row"], "template": r["template"], "field": field, "type": t, "text": text,
                "number": float(number) if number is not None else None,
                "thb": str(v["thb"]) if "thb" in v else None, "confidence": float(r["confidence"]),
            })
    return rows


def extract_batch(batch):
    out = []
    for path, data in zip(batch["path"], batch["bytes"]):
        name = os.path.basename(path)
        try:
            doc = planx.extract(bytes(data), name=name)
        except planx.PlanxError:
            continue  # a document planx cannot read adds no rows; the CLI's manifest lists why
        out.extend(value_rows(name, doc))
    return pa.Table.from_pylist(out, schema=SCHEMA)


def run(input_dir, output_dir):
    ds = ray.data.read_binary_files(input_dir, include_paths=True, file_extensions=["pdf", "txt", "md"])
    ds = ds.map_batches(extract_batch, batch_size=1, batch_format="numpy")
    ds.write_parquet(output_dir)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input_dir")
    ap.add_argument("output_dir")
    ap.add_argument("--num-cpus", type=int, default=None)
    a = ap.parse_args()
    ray.init(num_cpus=a.num_cpus, include_dashboard=False)
    run(os.path.abspath(a.input_dir), os.path.abspath(a.output_dir))


if __name__ == "__main__":
    main()
