//! The native half of the Python package `planx`: one document in, its planx/2 JSON out,
//! with the GIL released while the pipeline runs. The Python half (`planx/__init__.py`)
//! turns the JSON into dicts and DataFrames.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

create_exception!(_planx, PlanxError, PyException, "A document planx could not read: `path`, `page` (1-based or None) and `reason` say which and why.");

/// The pipeline with the built-in rules, loaded once per process.
fn pipeline() -> Result<&'static planx::Pipeline, planx::Error> {
    static PIPELINE: OnceLock<Result<planx::Pipeline, String>> = OnceLock::new();
    match PIPELINE.get_or_init(|| planx::Pipeline::new(None).map_err(|e| e.to_string())) {
        Ok(p) => Ok(p),
        Err(e) => Err(planx::Error::new(Path::new("rules"), planx::ErrorKind::Internal(e.clone()))),
    }
}

fn to_py(py: Python<'_>, e: planx::Error) -> PyErr {
    let err = PlanxError::new_err(e.to_string());
    let value = err.value(py);
    let _ = value.setattr("path", e.path.display().to_string());
    let _ = value.setattr("page", e.page);
    let _ = value.setattr("reason", e.reason());
    err
}

/// Extracts one document and returns its planx/2 JSON. `path` names the document (its
/// extension says text or PDF); with `data`, those bytes are read instead of the file.
#[pyfunction]
#[pyo3(signature = (path, data=None))]
fn extract_json(py: Python<'_>, path: PathBuf, data: Option<Vec<u8>>) -> PyResult<String> {
    let run = move || -> Result<String, planx::Error> {
        let p = pipeline()?;
        let x = match &data {
            Some(bytes) => p.extract_bytes(&path, bytes)?,
            None => p.extract(&path)?,
        };
        Ok(planx::emit::to_json(&x))
    };
    py.detach(run).map_err(|e| to_py(py, e))
}

/// A budget bill's line items as `budget_items.csv` has them: the rows as text (one per
/// item and fiscal year; none for other documents). `columns()` names and types them.
#[pyfunction]
#[pyo3(signature = (path, data=None))]
fn budget_item_rows(py: Python<'_>, path: PathBuf, data: Option<Vec<u8>>) -> PyResult<Vec<Vec<String>>> {
    let run = move || -> Result<Vec<Vec<String>>, planx::Error> {
        let p = pipeline()?;
        let x = match &data {
            Some(bytes) => p.extract_bytes(&path, bytes)?,
            None => p.extract(&path)?,
        };
        Ok(x.budget_items.as_ref().map(|b| planx::emit::budget::rows(&path.display().to_string(), b)).unwrap_or_default())
    };
    py.detach(run).map_err(|e| to_py(py, e))
}

/// The columns of `budget_items.csv`: (name, CSVW datatype).
#[pyfunction]
fn budget_item_columns() -> Vec<(&'static str, &'static str)> {
    planx::emit::budget::COLUMNS.to_vec()
}

/// The native module `planx._planx`.
#[pymodule]
fn _planx(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(budget_item_rows, m)?)?;
    m.add_function(wrap_pyfunction!(budget_item_columns, m)?)?;
    m.add("PlanxError", m.py().get_type::<PlanxError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
