//! Finding the documents of a run: files and folders walked in a stable order, each
//! document once, with what cannot be read (missing paths, FIFOs, link loops) reported.

use crate::error::{Error, ErrorKind};
use crate::ingest;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Files under the given paths that planx reads, sorted, each once. Paths that do not
/// exist, that are not regular files (a FIFO, a device) and directories without documents
/// come back as errors. Directories are walked with link-loop detection: a symbolic link
/// back to an ancestor is reported once, not followed forever.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let before = files.len();
                walk(p, &mut files, &mut errors);
                if files.len() == before {
                    errors.push(Error::new(p, ErrorKind::NotADocument("directory holds no .txt, .md or .pdf documents".into())));
                }
            }
            Ok(m) if m.is_file() => files.push(p.clone()),
            Ok(_) => errors.push(Error::new(p, ErrorKind::NotADocument("not a regular file (a pipe, socket or device)".into()))),
            Err(e) => errors.push(Error::io(p, e)),
        }
    }
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    for entry in walker {
        match entry {
            Ok(e) => {
                // Regular files only (after links): a FIFO named x.pdf would block a read.
                if e.file_type().is_file() && ingest::kind_of(e.path()).is_some() {
                    files.push(e.into_path());
                } else if !e.file_type().is_file() && !e.file_type().is_dir() && ingest::kind_of(e.path()).is_some() {
                    errors.push(Error::new(e.path(), ErrorKind::NotADocument("not a regular file (a pipe, socket or device)".into())));
                }
            }
            // A link back to a folder above it holds nothing new: not followed.
            Err(e) if e.loop_ancestor().is_some() => {}
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                match e.into_io_error() {
                    Some(io) => errors.push(Error::io(path, io)),
                    None => errors.push(Error::new(path, ErrorKind::NotADocument("cannot be walked".into()))),
                }
            }
        }
    }
}

/// Output stems, one per input, made unique in input order ("a", "a-2", ...).
pub fn stems(files: &[PathBuf]) -> Vec<String> {
    let mut used: HashMap<String, usize> = HashMap::new();
    files
        .iter()
        .map(|f| {
            let base = f.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_string();
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}-{n}")
            }
        })
        .collect()
}
