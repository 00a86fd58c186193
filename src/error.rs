//! Errors with the context a user needs: which file, which page, what went wrong.

use std::fmt;
use std::path::{Path, PathBuf};

/// True for an error that says the disk (or the quota) is full: ENOSPC, EDQUOT.
pub fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(28) | Some(122))
}

/// An error about one input document (or one output file).
#[derive(Debug)]
pub struct Error {
    /// The file the error is about.
    pub path: PathBuf,
    /// The 1-based page, when the error is about one page.
    pub page: Option<u32>,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// What went wrong. More kinds may come, so a `match` needs a catch-all arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read or written.
    Io(std::io::Error),
    /// The file is not a document planx reads (binary junk, unknown extension).
    NotADocument(String),
    /// A text file that is not valid UTF-8; `offset` is the first bad byte.
    NotUtf8 {
        /// Byte offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// A PDF that could not be parsed.
    Pdf(String),
    /// The document panicked or timed out inside planx (a bug: please report it).
    Internal(String),
    /// Rules in `rules/` could not be loaded.
    Rules(String),
    /// The document took longer than `--timeout`.
    Timeout(std::time::Duration),
    /// Pages asked for that the document does not have.
    PageRange(String),
    /// The run was interrupted while the document was read: it was not written.
    Interrupted,
}

impl Error {
    /// An error of `kind` about the file at `path`.
    pub fn new(path: impl AsRef<Path>, kind: ErrorKind) -> Error {
        Error { path: path.as_ref().to_path_buf(), page: None, kind }
    }
    /// An I/O error reading or writing `path`.
    pub fn io(path: impl AsRef<Path>, e: std::io::Error) -> Error {
        Error::new(path, ErrorKind::Io(e))
    }
    /// The same error, about page `page` (1-based).
    pub fn at_page(mut self, page: u32) -> Error {
        self.page = Some(page);
        self
    }
    /// A short machine-friendly reason, used in manifests and summaries.
    pub fn reason(&self) -> &'static str {
        match &self.kind {
            ErrorKind::Io(e) if is_disk_full(e) => "disk_full",
            ErrorKind::Io(_) => "io",
            ErrorKind::NotADocument(_) => "not_a_document",
            ErrorKind::NotUtf8 { .. } => "not_utf8",
            ErrorKind::Pdf(_) => "pdf",
            ErrorKind::Internal(_) => "internal",
            ErrorKind::Rules(_) => "rules",
            ErrorKind::Timeout(_) => "timeout",
            ErrorKind::PageRange(_) => "page_range",
            ErrorKind::Interrupted => "interrupted",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(p) = self.page {
            write!(f, " (page {p})")?;
        }
        match &self.kind {
            ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::NotFound => write!(f, ": no such file or directory"),
            ErrorKind::Io(e) if is_disk_full(e) => {
                write!(f, ": no space left on the device (disk full); free some space and run again with --resume")
            }
            ErrorKind::Io(e) => write!(f, ": {e}"),
            ErrorKind::NotADocument(why) => write!(f, ": not a document planx can read: {why}"),
            ErrorKind::NotUtf8 { offset } => write!(
                f,
                ": not UTF-8 text (first invalid byte at offset {offset}); convert it first, e.g. `iconv -f TIS-620 -t UTF-8`"
            ),
            ErrorKind::Pdf(why) => write!(f, ": cannot read PDF: {why}"),
            ErrorKind::Internal(why) => write!(f, ": internal error (please report): {why}"),
            ErrorKind::Rules(why) => write!(f, ": bad rules: {why}"),
            ErrorKind::Timeout(d) => write!(f, ": gave up after {:.1} s (--timeout)", d.as_secs_f64()),
            ErrorKind::PageRange(why) => write!(f, ": {why}"),
            ErrorKind::Interrupted => write!(f, ": interrupted before it was finished; not written (--resume redoes it)"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// A result whose error names the file (and page) it is about.
pub type Result<T> = std::result::Result<T, Error>;
