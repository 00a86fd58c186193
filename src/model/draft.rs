//! The records ↔ checks contract: a [`Draft`] is a record being built (by
//! `crate::records`) and checked (by `crate::checks`), its fields typed and tied to the
//! columns they came from; `records::finish` turns drafts into [`super::Record`]s.

use super::{add_flag, Flag, RowKind, Value};

/// One field of a draft record.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: Value,
    /// The column it was read from (None for derived fields).
    pub column: Option<usize>,
    /// Confidence of the value (docs/records.md).
    pub confidence: f64,
    pub flags: Vec<Flag>,
}

/// A run of values read as one group (a per-year group with a total, the monthly pairs).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The spec field's name ("budget", "plan").
    pub name: String,
    /// Names the run's values were given, in order (extras named `<name>_extra_<n>`).
    pub fields: Vec<String>,
    /// Slots the header (or template) has for it, total included.
    pub slots: usize,
    /// The field holding the run's total, when the run has one.
    pub total: Option<String>,
}

/// A record being built and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Index of the table in the extraction.
    pub table: usize,
    pub table_id: String,
    pub row: usize,
    pub page: u32,
    pub line: u32,
    pub template: String,
    pub kind: RowKind,
    pub fields: Vec<Field>,
    /// Position of each field in `fields` by name (rows can have thousands of fields).
    pub(crate) index: std::collections::HashMap<String, usize>,
    pub runs: Vec<Run>,
    pub flags: Vec<Flag>,
    /// Template fit factor (confidence::TEMPLATE_FIT or NO_TEMPLATE_FIT).
    pub fit: f64,
    pub duplicate: bool,
    /// Doubts found while reading (column, flag, message), turned into review items by
    /// the checks.
    pub notes: Vec<(Option<usize>, Flag, String)>,
}

impl Draft {
    pub fn get(&self, name: &str) -> Option<&Field> {
        self.index.get(name).map(|&i| &self.fields[i])
    }
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Field> {
        self.index.get(name).map(|&i| &mut self.fields[i])
    }
    /// Adds a field, or replaces the field of the same name where it stood.
    pub(crate) fn push(&mut self, f: Field) {
        match self.index.get(&f.name) {
            Some(&i) => self.fields[i] = f,
            None => {
                self.index.insert(f.name.clone(), self.fields.len());
                self.fields.push(f);
            }
        }
    }
    /// Lowers the confidence of a field and flags it.
    pub fn doubt(&mut self, name: &str, factor: f64, flag: Flag) {
        if let Some(f) = self.get_mut(name) {
            f.confidence *= factor;
            add_flag(&mut f.flags, flag);
        }
        add_flag(&mut self.flags, flag);
    }
}
