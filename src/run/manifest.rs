//! The manifest `OUT/manifest.jsonl`: one line per document of a run (what it was, what
//! became of it, which build and rules made it), read back by `--resume` and `planx merge`.

use super::{Report, Status, BUILD, VERSION};
use crate::run::Counts;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The manifest's file name inside the output directory.
pub const MANIFEST: &str = "manifest.jsonl";

#[derive(Serialize, serde::Deserialize)]
pub(super) struct ManifestLine {
    pub(super) path: String,
    pub(super) output: String,
    pub(super) sha256: Option<String>,
    pub(super) planx: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(super) build: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(super) rules: Option<String>,
    pub(super) status: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(super) reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(super) message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(super) page: Option<u32>,
    /// In a shard's manifest: the shard, and the document's place in the whole run's
    /// input order (so that `planx merge` restores that order).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(super) shard: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(super) index: Option<usize>,
    pub(super) ms: u64,
    #[serde(flatten)]
    pub(super) counts: Counts,
}

impl Report {
    pub(super) fn manifest_line(&self, rules: &str) -> ManifestLine {
        let (status, counts, err) = match &self.status {
            Status::Written(c) => ("ok", *c, None),
            Status::Skipped(c) => ("skipped", *c, None),
            Status::Failed(e) => ("failed", Counts::default(), Some(e)),
        };
        ManifestLine {
            path: self.path.display().to_string(),
            output: if self.stem.is_empty() { String::new() } else { format!("{}.json", self.stem) },
            sha256: self.sha256.clone(),
            planx: VERSION.to_string(),
            build: Some(BUILD.to_string()),
            rules: Some(rules.to_string()),
            status: status.to_string(),
            reason: err.map(|e| e.reason().to_string()),
            message: err.map(|e| e.to_string()),
            page: err.and_then(|e| e.page),
            shard: None,
            index: None,
            ms: self.elapsed.as_millis() as u64,
            counts,
        }
    }
}

/// Every input of the run in `out`, failed ones included, in the run's order: what a
/// rerun of that run (`planx apply`) extracts again, so that its manifest and output
/// names are those of the run it redoes.
pub fn manifest_inputs(out: &Path) -> Result<Vec<PathBuf>, String> {
    let p = out.join(MANIFEST);
    let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e} (not a planx output folder?)", p.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| serde_json::from_str::<ManifestLine>(l).ok())
        .map(|l| PathBuf::from(l.path))
        .collect())
}

/// Manifest lines of an earlier run, by output file name (the last line of each wins).
pub(super) fn previous_manifest(out: &Path) -> HashMap<String, ManifestLine> {
    let mut m = HashMap::new();
    if let Ok(text) = std::fs::read_to_string(out.join(MANIFEST)) {
        for line in text.lines() {
            if let Ok(l) = serde_json::from_str::<ManifestLine>(line) {
                m.insert(l.output.clone(), l);
            }
        }
    }
    m
}

