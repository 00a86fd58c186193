//! The `planx` command line's arguments: the subcommands, their options and help texts
//! (clap derive). A module of the `planx` binary (`src/main.rs`), not of the library.

use clap::{Parser, Subcommand};
use planx::run;
use std::path::PathBuf;

const EXIT_CODES_HELP: &str = "Exit codes: 0 every document written; 1 some documents failed (the others were written); \
2 usage error (bad arguments, --out a file or a folder of other things) or no documents; \
3 output could not be written (disk full, permissions): the run stopped and removed its temporary files; \
130 interrupted (Ctrl-C): what finished was written with the manifest, run again with --resume to finish.";

#[derive(Parser)]
#[command(name = "planx", version, about = "Thai government plan and budget documents → clean, typed, checked table data",
    long_about = "planx reads Thai plan and budget documents (PDF, or text already extracted from them with \
TAB-separated table rows) and writes their tables as JSON (schema planx/2) and CSV, with \
normalized Thai, provenance for every value and a review list of everything doubtful.", after_help = EXIT_CODES_HELP)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Extract tables and text from documents into DIR: per document <name>.json and
    /// <name>.tables.csv (all its tables); run-level CSVs beside them.
    #[command(after_help = EXIT_CODES_HELP)]
    Extract {
        /// Files or directories (searched recursively for .txt, .md and .pdf).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output directory (created if missing); must be empty or hold an earlier planx run,
        /// whose files this run replaces (what it does not rewrite is removed).
        #[arg(long, short, default_value = "out")]
        out: PathBuf,
        /// Documents processed at once (default: one per core).
        #[arg(long, short)]
        jobs: Option<usize>,
        /// Give up on a document after this many seconds (it is reported as failed).
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<f64>,
        /// Skip documents whose output exists from the same source (sha256), rules and planx build.
        #[arg(long)]
        resume: bool,
        /// Read rule files from this directory instead of the built-in rules/.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Write CSV with a UTF-8 byte-order mark, so that Excel shows Thai correctly.
        #[arg(long)]
        excel: bool,
        /// Write one CSV per table, DIR/<name>/<table id>.csv, each with its own header line,
        /// instead of all of a document's tables in DIR/<name>.tables.csv (many small files:
        /// some 400 for a 288-page budget volume).
        #[arg(long)]
        csv_per_table: bool,
        /// Print only errors and the final summary.
        #[arg(long, short)]
        quiet: bool,
        /// Run only shard I of N (0 <= I < N): documents are split by a hash of their
        /// output name; `planx merge` combines the shards' folders into one run's output.
        #[arg(long, value_name = "I/N")]
        shard: Option<run::Shard>,
    },
    /// Combine the output folders of `extract --shard I/N` runs into the output of one run
    /// over all their documents (documents copied, run-level CSVs and manifest made again).
    #[command(after_help = "Exit codes: 0 merged; 1 merged, but a shard reports failed documents; 2 usage error (not a planx output folder, shards of different builds or rules, shards that overlap); 3 the output could not be written.")]
    Merge {
        /// The shards' output folders.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// The merged output folder (created if missing; empty or an earlier planx output).
        #[arg(long, short)]
        out: PathBuf,
        /// Write the run-level CSVs with a UTF-8 byte-order mark (as the shards' --excel).
        #[arg(long)]
        excel: bool,
        /// Print only errors and the final summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Write an HTML report of a run's review items: OUT_DIR/review/index.html, one page per
    /// document with its pages drawn (pdftoppm) and the flagged cells outlined.
    #[command(after_help = "Exit codes: 0 written (warnings, e.g. a source PDF not found, are printed); 1 OUT_DIR holds no planx run.")]
    Review {
        /// The output folder of a planx extract run.
        out: PathBuf,
        /// Resolution of the page images.
        #[arg(long, default_value_t = planx::review::html::DEFAULT_DPI)]
        dpi: u32,
    },
    /// Apply a reviewer's corrections (review.csv with its `correction` column filled) to a
    /// run: kept in OUT_DIR/corrections-ledger.csv with who and when, and the run's
    /// documents extracted again with them (every later extract into OUT_DIR keeps them).
    #[command(after_help = "Exit codes: 0 applied; 1 a correction was refused or the run failed (the others are applied); 2 usage error.")]
    Apply {
        /// The output folder of a planx extract run.
        out: PathBuf,
        /// The corrections: review.csv with `correction` filled in, or a CSV with file, table, row, column, correction (and text).
        corrections: PathBuf,
        /// Who corrected (default: $USER).
        #[arg(long)]
        who: Option<String>,
        /// Read rule files from this directory (as the extract run did).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Write CSV with a UTF-8 byte-order mark (as the extract run did).
        #[arg(long)]
        excel: bool,
        /// One CSV per table under OUT_DIR/<name>/ (as the extract run did).
        #[arg(long)]
        csv_per_table: bool,
    },
    /// Normalize Thai text: read standard input, write the normalized text to standard output.
    Normalize,
    /// Print a PDF's pages as text: table cells separated by TAB, a form feed between pages.
    #[command(after_help = "Exit codes: 0 printed; 1 the PDF could not be read, or has no such --pages; 2 usage error, or the file is not a PDF.")]
    Text {
        file: PathBuf,
        /// Pages to print: N or FIRST-LAST (1-based).
        #[arg(long)]
        pages: Option<String>,
        /// Read the layout settings (layout.toml) from this directory instead of the built-in rules/.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
}
