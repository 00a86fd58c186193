//! Layout tolerances: every threshold the PDF layout decides by, as one settings struct
//! (after pdfplumber's `TableSettings`), with today's values as the default and
//! `rules/layout.toml` (or `--rules DIR/layout.toml`) to change them without a rebuild.
//!
//! Units: "em" is a multiple of the font size of the text concerned; "pt" is PDF points
//! (1/72 inch); "share" is a fraction; counts are counts. The defaults were tuned on the
//! planbench PDFs and the real budget volumes; the reasons given are what each one
//! separates.

use crate::error::Result;
use serde::Deserialize;
use std::path::Path;

/// The built-in `rules/layout.toml`.
pub const LAYOUT_TOML: &str = include_str!("../../rules/layout.toml");

/// Tolerances of the PDF layout (glyphs → words → lines → cells and rows).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayoutSettings {
    // ---------------------------------------------------------------- glyphs → words
    /// pt. A glyph size at or below this is unknown (a zero text matrix, say) and
    /// `fallback_font_size` is used instead.
    pub min_font_size: f32,
    /// pt. The font size assumed when none is known (body text of the documents).
    pub fallback_font_size: f32,
    /// em. A Thai mark (above/below vowel, tone mark) joins the glyph before it when its
    /// baseline is closer than this: marks are drawn raised or lowered, never a line away.
    pub mark_attach_dy: f32,
    /// em. ... and when it starts no more than this left of that glyph (marks are
    /// positioned back over their base, some fonts by a whole advance).
    pub mark_attach_left: f32,
    /// em. ... and before this far right of that glyph's end.
    pub mark_attach_right: f32,
    /// em. SARA AA drawn after a NIKHAHIT is one SARA AM when its baseline is this close
    /// to the base's (the two glyphs of one letter share a baseline)...
    pub sara_am_dy: f32,
    /// em. ... and it starts before this far right of the base's end.
    pub sara_am_dx: f32,

    // ---------------------------------------------------------------- words → lines
    /// em (of the smaller font). Baselines closer than this are one line: Thai marks and
    /// superscripts move the baseline a little, the next line is a full leading away.
    pub baseline_tol: f32,
    /// em. A gap between two glyph clusters wider than this is a word space (Thai has no
    /// spaces between words, so only real spaces are this wide).
    pub space_gap: f32,
    /// em (of the larger font). A gap at least this wide separates two segments (cells);
    /// a word space is narrower, a column gap wider.
    pub segment_gap: f32,
    /// em. ... unless, in Thai text, the gap is one space glyph drawn at most this wide
    /// (a monospace or wide Thai font's word space, 0.5-0.65 em)...
    pub drawn_space_max: f32,
    /// em. ... that the next word starts within this of the end of (justified text moves
    /// words past their spaces).
    pub drawn_space_fit: f32,
    /// em (of the larger font). Between two words read by OCR, the segment gap: the
    /// engine's word boxes are looser than glyphs, so only a wide gap separates cells on
    /// its own; narrower column gaps are found by alignment (`channel_*`). 1.62 em is
    /// OCR's column gap, 1.2 line heights, at a line 1.35 em high (`rules/ocr.toml`).
    pub ocr_segment_gap: f32,
    /// share of the lines a channel runs down (a stretch of a scanned page's lines from
    /// one gap to another, not the whole page: the prose around a table crosses its
    /// gaps). A vertical channel (column gap) may be crossed by the words of at most this
    /// share of them (section rows, headings)…
    pub channel_max_cross: f32,
    /// …and must be a gap between two words on at least this many lines: a word space
    /// of an OCR segment lying in such a channel is a column gap, and the segment is cut.
    pub channel_min_lines: usize,
    /// em. The word ends left of a channel, or the word starts right of it, must spread
    /// over at least this much: a space aligned on both sides is a repeated phrase.
    pub channel_min_ragged: f32,
    /// em. A cell's box reaches this far above the baseline (cap height and marks).
    pub ascent: f32,
    /// em. A cell's box reaches this far below the baseline (descenders, below-marks).
    pub descent: f32,
    /// em. Where a line's middle lies above its baseline: which grid band, row or region
    /// text belongs to is judged at this height, not at the baseline that sits on a rule.
    pub item_centre: f32,
    /// share. Two lines are of the same size when their sizes differ by less than this
    /// share (the body under a header drawn with rules only).
    pub size_tol: f32,

    // ---------------------------------------------------------------- ruled grids
    /// pt. A ruling shorter than this (both ways) is a dot or a tick, not a rule.
    pub min_ruling_length: f32,
    /// pt. Rulings closer than this touch (one table's lines, drawn as separate strokes).
    pub ruling_touch: f32,
    /// pt. Rule positions within this of each other are one row or column boundary.
    pub rule_cluster: f32,
    /// share. Groups of horizontal rules only are stacked into one region when they
    /// overlap horizontally by this share of the narrower (rules of one header)...
    pub rule_stack_overlap: f32,
    /// pt. ... and lie at most this far apart vertically.
    pub rule_stack_gap: f32,
    /// pt. A vertical rule this close to a grid's side is that side, not a column.
    pub grid_inner_margin: f32,
    /// pt. A grid lower than this is a lone rule (under a title), not a table.
    pub min_grid_height: f32,
    /// pt. A grid narrower than this is not a table.
    pub min_grid_width: f32,
    /// pt. Slack around a grid, its bands and its rules' ends for text and rules on its
    /// edge (strokes have width; coordinates are rounded).
    pub grid_slack: f32,
    /// pt. A rule this close to a row or column boundary is drawn on it.
    pub rule_match: f32,
    /// em. In a grid whose columns come from gaps, an item overlapping the one before it
    /// by less than this (kerning) is the same word.
    pub word_overlap: f32,
    /// share. The header drawn with rules only ends at the first rule that covers this
    /// share of the grid's width (rules under spanning cells are shorter).
    pub full_rule_share: f32,
    /// em. The first body line under a header drawn with rules only starts within this
    /// many of its sizes below the last rule...
    pub header_body_first_gap: f32,
    /// em. ... and each next body line within this of the one above (a row gap, not a
    /// paragraph gap).
    pub header_body_line_gap: f32,
    /// count. Horizontal rules with at least this many lines of two or more values between
    /// the top rule and the first full-width rule under it frame a whole table (rules over
    /// the header and under the body only), not a header: its lines are laid out as an
    /// unruled table.
    pub frame_body_min_rows: usize,
    /// count. An unruled-column table with at least this many full-width rules between
    /// its lines (a rule under the header and one over a total are no rules between rows)...
    pub row_rules_min: usize,
    /// count. ... or this many when they are rules of the grid of its header, joined to it
    /// ([`crate::layout`]'s join of row-ruled grids)...
    pub row_rules_joined_min: usize,
    /// share. ... and at least this many a line has its rows drawn by those rules: a line
    /// starts a row exactly when a rule lies between it and the line above.
    pub row_rules_share: f32,
    /// pt. Two grids of horizontal rules whose left and right ends lie within this of each
    /// other are of one width (the rules of one table whose rows are drawn by rules).
    pub row_rule_width_tol: f32,
    /// em. The text between two grids of one table drawn by row rules starts at most this
    /// far under the upper grid (baseline under its bottom rule: ascent and padding)...
    pub row_rule_top_gap: f32,
    /// em. ... and ends at most this far over the lower grid (baseline over its top rule:
    /// descent and padding; the space after a table is wider).
    pub row_rule_bottom_gap: f32,
    /// pt. Two rules of a grid of horizontal rules only with no text between them and at
    /// least this far apart are the gap between two tables (a double rule is closer).
    pub empty_band_min: f32,
    /// percent. A band of such a grid holding one line of running text cuts it when the
    /// bands under it hold at least this share of the characters of the grid's header
    /// (the next table under the same header words may plan fewer years).
    pub repeat_band_share: usize,
    /// share. A box with no inner vertical rule whose two sides are drawn over at least
    /// this share of its height, and with another grid inside, is a frame around the page
    /// or a table, not a one-cell table.
    pub frame_side_share: f32,
    /// em. A run of lines divides into two blocks side by side at an empty vertical strip
    /// at least this wide (a page's column gutter; the gap between a label and its value
    /// is narrower or has no running text on both sides)...
    pub gutter_min: f32,
    /// share. ... with running text on both sides: at least this share of a side's lines
    /// are prose...
    pub prose_line_share: f32,
    /// share. ... a prose line fills at least this share of its side's width...
    pub prose_fill_share: f32,
    /// count. ... and has at least this many words, not all of them values.
    pub prose_min_words: usize,
    /// share. Or the two sides are halves of one table: as many columns each, widths
    /// within this share of each other.
    pub halves_width_tol: f32,
    /// em. Two runs of table lines with the same columns, cut by section headings, are
    /// one table when no gap between their lines is wider than this.
    pub join_gap: f32,

    // ---------------------------------------------------------------- unruled columns
    /// pt. Slack for a segment's start against a column boundary (rounded positions).
    pub column_slack: f32,
    /// pt. Slack for a segment's end against a column's edge.
    pub edge_slack: f32,
    /// pt. A line wider than a table by this much on either side is not in it.
    pub run_margin: f32,
    /// share. A point of a column gap may be crossed by this share of the multi-segment
    /// lines (spanning header cells), ...
    pub column_cross_share: f32,
    /// count. ... and by one line when there are at least this many.
    pub column_cross_min_lines: usize,
    /// count. A column with text on only a few lines is added back when at least this
    /// many lines have a segment wholly between the columns found.
    pub sparse_min_lines: usize,
    /// em. Two columns closer than this that never hold text on one line are one column
    /// with differently aligned cells.
    pub exclusive_merge_gap: f32,
    /// em. The same for a column of nil dashes only (a dash set flush left, numbers
    /// flush right in one cell).
    pub nil_merge_gap: f32,
    /// count. A dense line (one that shows the true gaps) has at least this many
    /// segments...
    pub dense_min_segs: usize,
    /// share. ... and at least this share of the most segments a line has.
    pub dense_share: f32,
    /// count. Dense lines are used when at least this many agree (and each piece of a
    /// split column is backed by this many).
    pub dense_min_lines: usize,
    /// pt. Pieces of dense lines closer than this are one piece.
    pub dense_piece_join: f32,
    /// em. A segment crossing one column edge is cut at a word space when its pieces lie
    /// within this of their columns.
    pub column_edge_slack: f32,

    // ---------------------------------------------------------------- rows
    /// em. A line pitch is at least this (closer baselines are vertically centred cells
    /// interleaving).
    pub min_line_pitch: f32,
    /// em. A pitch of this or more is already a row gap (cell padding).
    pub max_line_pitch: f32,
    /// em. The pitch measured between a wrapped cell's lines may reach up to this (fonts
    /// with tall marks and wide leading).
    pub max_wrapped_pitch: f32,
    /// pt. Gaps within this of each other are the same pitch.
    pub pitch_match: f32,
    /// count. A pitch must occur at least this many times.
    pub pitch_min_count: usize,
    /// pt. A row gap is the line pitch plus at least this much padding...
    pub row_padding_min: f32,
    /// share (of the pitch). ... or this share of the pitch when more.
    pub row_padding_share: f32,
    /// em. Without a known pitch, a gap wider than this starts a row.
    pub row_gap_no_pitch: f32,
    /// em. A table's rows are set apart by spacing only when a recurring row gap exceeds
    /// the line pitch by at least this much: cell padding, not the jitter of one even
    /// pitch (lines of mixed marks and fonts printed at one leading vary by a point).
    pub row_apart_min: f32,
    /// count. A printed page number has at most this many digits (a page's head or foot
    /// line that is a number alone, running on from page to page).
    pub page_number_max_digits: usize,
    /// pt. Lines whose font sizes differ by at most this are set in one size: a table's
    /// spacing is read among lines of one size (its body), not across titles and headings
    /// set larger.
    pub pitch_size_match: f32,
    /// em. A record's (or a band's row's) top lies this far above its first baseline.
    pub record_top: f32,
    /// count (chars). A centred header label lifted to the first row is at most this long.
    pub label_max_chars: usize,
    /// count. Labels centred over this many header rows are lifted to the first.
    pub centred_header_rows: usize,

    // ---------------------------------------------------------------- unruled runs
    /// em. A gap wider than this between lines ends a run of table lines.
    pub run_break_gap: f32,
    /// count. More single-segment lines than this in a row end a run.
    pub run_max_single_lines: usize,
    /// count. A run is a table when it has at least this many multi-segment lines.
    pub run_min_multi: usize,
    /// em (of the smaller font). Lines just above or below a run within this are part of
    /// it (its spanning header, the wrapped end of its last row).
    pub run_near: f32,
    /// em. Lines closer than this are a staggered header (a text line's leading is more).
    pub run_staggered: f32,

    // ---------------------------------------------------------------- rebuilt headers
    /// share (of the pitch). A baseline gap of at least this is the next line of a cell
    /// (half a pitch is a cell centred beside it)...
    pub next_line_min: f32,
    /// pt. ... and at most the pitch plus this much...
    pub next_line_slack_min: f32,
    /// share (of the pitch). ... or plus this share of the pitch when more.
    pub next_line_slack_share: f32,
    /// pt. Lines of one cell share a centre, left or right edge within this...
    pub align_tol_min: f32,
    /// em. ... or within this many of their sizes when more.
    pub align_tol_share: f32,
    /// pt. A header cell is centred over columns within this...
    pub centre_tol_min: f32,
    /// em. ... or within this many of its sizes when more.
    pub centre_tol_share: f32,
    /// share (of its width). A label may stick out of its columns by up to this share of
    /// its width (and at most a font size).
    pub label_overhang: f32,
    /// pt. The outer cell padding of a rebuilt header is at most this.
    pub leaf_pad_max: f32,
    /// pt. The lowest header cells replace the columns only when this far apart.
    pub leaf_gap_min: f32,
    /// em. A header cell is under another when its bottom is this far below that top.
    pub header_below: f32,
    /// count. The first cell of the first column starts at most this many lines down.
    pub header_first_cell_max_line: usize,
    /// em. The header ends this close to the first line's mirror image.
    pub header_end_tol: f32,
    /// share (of the pitch). The line after the header is at least this far below it.
    pub header_next_gap: f32,
}

impl Default for LayoutSettings {
    /// Today's values (those in the shipped `rules/layout.toml`).
    fn default() -> Self {
        LayoutSettings {
            min_font_size: 0.1,
            fallback_font_size: 10.0,
            mark_attach_dy: 0.6,
            mark_attach_left: 1.0,
            mark_attach_right: 0.5,
            sara_am_dy: 0.3,
            sara_am_dx: 0.3,
            baseline_tol: 0.35,
            space_gap: 0.18,
            segment_gap: 0.4,
            drawn_space_max: 0.8,
            drawn_space_fit: 0.05,
            ocr_segment_gap: 1.62,
            channel_max_cross: 0.03,
            channel_min_lines: 4,
            channel_min_ragged: 1.0,
            ascent: 0.8,
            descent: 0.25,
            item_centre: 0.3,
            size_tol: 0.3,
            min_ruling_length: 2.0,
            ruling_touch: 2.5,
            rule_cluster: 1.5,
            rule_stack_overlap: 0.8,
            rule_stack_gap: 50.0,
            grid_inner_margin: 2.0,
            min_grid_height: 4.0,
            min_grid_width: 20.0,
            grid_slack: 1.0,
            rule_match: 2.0,
            word_overlap: 0.5,
            full_rule_share: 0.9,
            header_body_first_gap: 3.0,
            header_body_line_gap: 2.3,
            frame_body_min_rows: 3,
            row_rules_min: 3,
            row_rules_joined_min: 2,
            row_rules_share: 0.1,
            row_rule_width_tol: 3.0,
            row_rule_top_gap: 2.0,
            row_rule_bottom_gap: 1.0,
            empty_band_min: 8.0,
            repeat_band_share: 90,
            frame_side_share: 0.9,
            gutter_min: 2.0,
            prose_line_share: 0.5,
            prose_fill_share: 0.6,
            prose_min_words: 3,
            halves_width_tol: 0.3,
            join_gap: 4.0,
            column_slack: 1.0,
            edge_slack: 0.5,
            run_margin: 5.0,
            column_cross_share: 0.12,
            column_cross_min_lines: 4,
            sparse_min_lines: 2,
            exclusive_merge_gap: 0.6,
            nil_merge_gap: 1.5,
            dense_min_segs: 3,
            dense_share: 0.6,
            dense_min_lines: 2,
            dense_piece_join: 2.0,
            column_edge_slack: 0.5,
            min_line_pitch: 1.2,
            max_line_pitch: 1.78,
            max_wrapped_pitch: 2.4,
            pitch_match: 0.3,
            pitch_min_count: 2,
            row_padding_min: 0.8,
            row_padding_share: 0.04,
            row_gap_no_pitch: 1.76,
            row_apart_min: 0.1,
            page_number_max_digits: 4,
            pitch_size_match: 0.25,
            record_top: 0.35,
            label_max_chars: 40,
            centred_header_rows: 3,
            run_break_gap: 3.0,
            run_max_single_lines: 4,
            run_min_multi: 2,
            run_near: 2.0,
            run_staggered: 1.1,
            next_line_min: 0.75,
            next_line_slack_min: 1.2,
            next_line_slack_share: 0.05,
            align_tol_min: 1.5,
            align_tol_share: 0.2,
            centre_tol_min: 3.0,
            centre_tol_share: 0.35,
            label_overhang: 0.25,
            leaf_pad_max: 10.0,
            leaf_gap_min: 1.0,
            header_below: 0.5,
            header_first_cell_max_line: 12,
            header_end_tol: 0.45,
            header_next_gap: 1.02,
        }
    }
}

impl LayoutSettings {
    /// Parses the text of a `layout.toml` (every key optional); `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<LayoutSettings> {
        crate::rules::parse_settings(path, text)
    }

    /// The settings shipped with planx.
    pub fn builtin() -> LayoutSettings {
        LayoutSettings::load(None).expect("built-in rules/layout.toml is valid")
    }

    /// `DIR/layout.toml` when it exists, else the built-in settings.
    pub fn load(dir: Option<&Path>) -> Result<LayoutSettings> {
        crate::rules::settings_file(dir, "layout.toml", LAYOUT_TOML)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_is_the_default() {
        assert_eq!(LayoutSettings::builtin(), LayoutSettings::default());
    }

    #[test]
    fn keys_are_optional_and_unknown_keys_refused() {
        let s = LayoutSettings::parse(Path::new("x.toml"), "segment_gap = 0.5\n").unwrap();
        assert_eq!(s.segment_gap, 0.5);
        assert_eq!(s.space_gap, LayoutSettings::default().space_gap);
        assert!(LayoutSettings::parse(Path::new("x.toml"), "segmentgap = 0.5\n").is_err());
    }
}
