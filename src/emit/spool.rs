//! The rows of one run-level output (values.csv, budget_items.csv), kept in input order
//! one document at a time: in memory, or spooled to a temporary file in the output folder
//! (named `*.planx-tmp`, so an interrupted run's leftovers are removed like any other
//! temporary), so that a run of thousands of documents does not hold them all until the
//! end. The final file is then put together from the pieces, in order ([`Spool::write`]).

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One piece of the rows: bytes held, or a temporary file holding them.
#[derive(Debug)]
enum Piece {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// The rows of one output (CSV bytes, no header), as pieces in order.
#[derive(Debug, Default)]
pub struct Spool(Vec<Piece>);

impl Spool {
    /// The bytes at the end of the rows, to append more rows to.
    pub fn bytes_mut(&mut self) -> &mut Vec<u8> {
        if !matches!(self.0.last(), Some(Piece::Bytes(_))) {
            self.0.push(Piece::Bytes(Vec::new()));
        }
        match self.0.last_mut() {
            Some(Piece::Bytes(b)) => b,
            _ => unreachable!("a bytes piece was pushed above"),
        }
    }

    /// Appends another spool's pieces after this one's (nothing is copied).
    pub fn append(&mut self, other: Spool) {
        self.0.extend(other.0);
    }

    /// Moves the rows to the temporary file `path` (its name must end in `.planx-tmp`),
    /// which then stands in their place; nothing is written when there are no rows.
    pub fn spool_to(&mut self, path: &Path) -> Result<()> {
        if self.0.iter().all(|p| matches!(p, Piece::Bytes(b) if b.is_empty())) {
            self.0.clear();
            return Ok(());
        }
        let mut f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let pieces = std::mem::take(&mut self.0);
        copy_pieces(&mut f, path, &pieces)?;
        drop(f);
        remove_files(&pieces);
        self.0.push(Piece::File(path.to_path_buf()));
        Ok(())
    }

    /// Writes `head` then the rows to `path` atomically (a temporary name, then renamed),
    /// streaming the spooled pieces; their temporary files are removed once it is done.
    pub fn write(&self, path: &Path, head: &[u8]) -> Result<()> {
        super::write_atomic_with(path, |f, tmp| {
            f.write_all(head).map_err(|e| Error::io(tmp, e))?;
            copy_pieces(f, tmp, &self.0)
        })?;
        remove_files(&self.0);
        Ok(())
    }
}

/// Writes the pieces in order to `f` (named `to` in errors).
fn copy_pieces(f: &mut std::fs::File, to: &Path, pieces: &[Piece]) -> Result<()> {
    for p in pieces {
        match p {
            Piece::Bytes(b) => f.write_all(b).map_err(|e| Error::io(to, e))?,
            Piece::File(from) => {
                let mut r = std::fs::File::open(from).map_err(|e| Error::io(from, e))?;
                std::io::copy(&mut r, f).map_err(|e| Error::io(to, e))?;
            }
        }
    }
    Ok(())
}

/// Removes the temporary files among the pieces.
fn remove_files(pieces: &[Piece]) {
    for p in pieces {
        if let Piece::File(path) = p {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("planx-spool-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn pieces_in_memory_and_on_disk_are_written_in_order_and_the_files_removed() {
        let d = scratch("order");
        let mut a = Spool::default();
        a.bytes_mut().extend_from_slice(b"1\n");
        a.spool_to(&d.join("a.planx-tmp")).unwrap();
        let mut b = Spool::default();
        b.bytes_mut().extend_from_slice(b"2\n");
        let mut c = Spool::default();
        c.bytes_mut().extend_from_slice(b"3\n");
        c.spool_to(&d.join("c.planx-tmp")).unwrap();
        let mut all = Spool::default();
        all.append(a);
        all.append(b);
        all.append(c);
        all.bytes_mut().extend_from_slice(b"4\n");
        let out = d.join("out.csv");
        all.write(&out, b"n\n").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"n\n1\n2\n3\n4\n");
        assert!(!d.join("a.planx-tmp").exists() && !d.join("c.planx-tmp").exists());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn spooling_nothing_makes_no_file_and_respooling_keeps_the_rows() {
        let d = scratch("empty");
        let mut s = Spool::default();
        s.spool_to(&d.join("e.planx-tmp")).unwrap();
        assert!(!d.join("e.planx-tmp").exists());
        s.bytes_mut().extend_from_slice(b"x\n");
        s.spool_to(&d.join("f.planx-tmp")).unwrap();
        s.bytes_mut().extend_from_slice(b"y\n");
        s.spool_to(&d.join("g.planx-tmp")).unwrap();
        assert!(!d.join("f.planx-tmp").exists());
        let out = d.join("out.csv");
        s.write(&out, b"").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"x\ny\n");
        let _ = std::fs::remove_dir_all(&d);
    }
}
