//! Review: what a person needs to check the doubts of a run and correct them.
//!
//! * [`rows`]: the rows of `review.csv`, each naming its place in words a reader knows (row
//!   label, column header path, the cell's text and value) and on the page (box);
//! * [`html`]: `planx review OUT_DIR`, a static report per document with the pages drawn
//!   and the flagged cells outlined;
//! * [`apply`]: `planx apply OUT_DIR corrections.csv`, the reviewer's corrections kept in a
//!   ledger and applied to a document's cells (and again on every later extract).

pub mod apply;
pub mod html;
pub mod rows;
