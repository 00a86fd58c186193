//! Work bounds of a page and a document, and cancelling a document's reading (a
//! timeout, an interrupted run): what keeps hostile PDFs from taking unbounded time or
//! memory.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Form XObjects nested deeper than this are skipped.
pub(super) const MAX_FORM_DEPTH: usize = 12;
/// Work bounds of one page (forms included): a page past one stops there and says so.
/// Real pages stay far below them (a dense budget-volume page: ~5,000 glyphs, ~20,000
/// operators); a few kilobytes of form XObjects that draw each other many times would
/// otherwise draw billions of glyphs.
pub const MAX_OPERATORS_PER_PAGE: u64 = 4_000_000;
pub const MAX_GLYPHS_PER_PAGE: usize = 200_000;
pub const MAX_FORMS_PER_PAGE: usize = 10_000;
/// Bytes of content (page and forms, inflated) one page may tokenize.
pub const MAX_CONTENT_BYTES_PER_PAGE: usize = 256 << 20;
/// Work bounds of one document: the pages after the one that reaches them are not read.
pub const MAX_GLYPHS_PER_DOCUMENT: usize = 4_000_000;
pub const MAX_OPERATORS_PER_DOCUMENT: u64 = 200_000_000;
/// Pages read at once (and so held beyond the document's bound at most).
pub(super) const PAGES_AT_ONCE: usize = 16;

/// Stops the reading of a document: set by a timeout or an interruption, checked by the
/// content-stream walker as it goes.
#[derive(Clone, Default)]
pub struct Cancel(Option<Arc<AtomicBool>>);

static STOP_ALL: AtomicBool = AtomicBool::new(false);

thread_local! {
    static CURRENT: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

impl Cancel {
    /// The flag of the document read on this thread (see [`with_cancel`]).
    pub fn current() -> Cancel {
        Cancel(CURRENT.with(|c| c.borrow().clone()))
    }
    pub fn is_set(&self) -> bool {
        STOP_ALL.load(Ordering::Relaxed) || self.0.as_ref().is_some_and(|f| f.load(Ordering::Relaxed))
    }
}

/// Runs `f` (which reads a document on this thread) so that setting `flag` stops its
/// PDF reading soon: a document given up on (`--timeout`) stops using memory and time.
pub fn with_cancel<T>(flag: Arc<AtomicBool>, f: impl FnOnce() -> T) -> T {
    CURRENT.with(|c| *c.borrow_mut() = Some(flag));
    let r = f();
    CURRENT.with(|c| *c.borrow_mut() = None);
    r
}

/// Stops the reading of every document (an interrupted run).
pub fn stop_all() {
    STOP_ALL.store(true, Ordering::Relaxed);
}
/// Most bytes one content stream (page or form) may inflate to. Real pages stay far below
/// a few MB; a stream past this is a decompression bomb and is not read.
pub const MAX_STREAM_BYTES: usize = 64 << 20;
