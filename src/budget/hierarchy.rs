//! Builds the item hierarchy of a budget bill from its lines: unit, plan, output or
//! project headings, then numbered items nested by their numbering (a list continues
//! with the next number of its style and depth; a first number opens a list under the
//! item above). Lines merged by the layout ("1.1 … 1) … 78,459,000 บาท 78,459,000 บาท")
//! are split at plausible openers, and amounts are handed to the parts in order; a part
//! left without one takes the next line's (a name wrapped over two lines).

use super::commitments;
use super::recognise::{self, Amount, Opener, Read};
use super::rules::BudgetRules;
use crate::model::{BudgetItem, BudgetUnit};

/// A list open on the stack: its style, depth, last number and the item.
struct Frame {
    kind: usize,
    number: Vec<u32>,
    item: usize,
}

/// What the next line without an opener continues.
#[derive(Clone, Copy, PartialEq)]
enum Pending {
    None,
    Item(usize),
    Heading,
}

/// A heading that items sum to (an output, a project or a plan-level list), with its
/// printed total.
pub struct Heading {
    pub name: String,
    pub amount: Option<Amount>,
    pub items: Vec<usize>,
}

/// The walk over a document's lines.
pub struct Walker<'r> {
    rules: &'r BudgetRules,
    pub items: Vec<BudgetItem>,
    pub units: Vec<BudgetUnit>,
    pub headings: Vec<Heading>,
    stack: Vec<Frame>,
    detail: bool,
    pending: Pending,
    last_item: Option<usize>,
    plan: String,
    cross: bool,
    output: String,
    project: String,
    /// Non-blank texts of the current page so far (the unit's name sits above its marker).
    page_lines: Vec<String>,
    page: u32,
}

impl<'r> Walker<'r> {
    /// A walk with nothing read yet.
    pub fn new(rules: &'r BudgetRules) -> Walker<'r> {
        Walker {
            rules,
            items: Vec::new(),
            units: Vec::new(),
            headings: Vec::new(),
            stack: Vec::new(),
            detail: false,
            pending: Pending::None,
            last_item: None,
            plan: String::new(),
            cross: false,
            output: String::new(),
            project: String::new(),
            page_lines: Vec::new(),
            page: 0,
        }
    }

    fn new_heading(&mut self, name: String, r: &Read) {
        self.stack.clear();
        self.last_item = None;
        let amount = r.amounts.first().cloned();
        self.pending = if amount.is_none() { Pending::Heading } else { Pending::None };
        self.headings.push(Heading { name, amount, items: Vec::new() });
    }

    /// Reads one line (`printed`: the page's printed number).
    pub fn line(&mut self, r: &Read, printed: Option<u32>) {
        let rules = self.rules;
        if r.page != self.page {
            self.page = r.page;
            self.page_lines.clear();
        }
        let mut text = r.text.trim().to_string();
        if text.is_empty() && r.amounts.is_empty() {
            return;
        }
        if rules.unit_first_page.is_match(&text) {
            let n = self.page_lines.len();
            if n >= 2 {
                self.units.push(BudgetUnit { ministry: self.page_lines[n - 2].clone(), name: self.page_lines[n - 1].clone(), page: r.page, total: None });
                self.detail = false;
                self.plan.clear();
                self.output.clear();
                self.project.clear();
                self.cross = false;
            }
        }
        if !text.is_empty() {
            self.page_lines.push(text.clone());
        }
        if let Some(u) = self.units.last_mut() {
            if u.total.is_none() {
                if let Some(c) = rules.unit_total.captures(&r.raw) {
                    u.total = c.get(1).and_then(|m| m.as_str().replace(',', "").parse().ok());
                }
            }
        }
        for m in &rules.detail_start {
            if m.is_match(&text) {
                self.detail = true;
                text = m.replace(&text, "").trim().to_string();
            }
        }
        if let Some(c) = rules.plan.captures(&text) {
            if !r.amounts.is_empty() {
                self.plan = c[1].to_string();
                self.cross = rules.cross_function.is_match(&self.plan);
                self.output.clear();
                self.project.clear();
                self.stack.clear();
                self.pending = Pending::None;
                self.last_item = None;
                return;
            }
        }
        for (re, is_output) in [(&rules.output, true), (&rules.project, false)] {
            if let Some(c) = re.captures(&text) {
                let name = c[1].trim().to_string();
                let (set, clear) = if is_output { (&mut self.output, &mut self.project) } else { (&mut self.project, &mut self.output) };
                *set = name.clone();
                clear.clear();
                if rules.detail_end.iter().any(|e| e.is_match(&text)) {
                    self.detail = false;
                    self.pending = Pending::None;
                } else if self.detail {
                    self.new_heading(name, r);
                }
                return;
            }
        }
        if rules.detail_end.iter().any(|e| e.is_match(&text)) {
            self.detail = false;
            self.pending = Pending::None;
            return;
        }
        if !self.detail {
            return;
        }
        if let Some(c) = rules.group.captures(&text) {
            if !r.amounts.is_empty() {
                let name = c[1].to_string();
                self.output.clear();
                self.project.clear();
                self.new_heading(name, r);
                return;
            }
        }
        // Off-budget money: the first amount, beside the item of this line or the one above.
        let mut amounts = r.amounts.clone();
        let mut off_budget = None;
        // The label first, then an item: the layout merged the label's row with the
        // item's row below it, so the money is the row above's (the item open before this
        // line), never the new item's. The label after an item's name is that item's row.
        let mut label_first = false;
        let before = self.last_item;
        if rules.off_budget.is_match(&text) && !amounts.is_empty() {
            label_first = rules.off_budget.find(&text).is_some_and(|m| text[..m.start()].trim().is_empty());
            text = rules.off_budget.replace(&text, "").trim().to_string();
            // Its column is left of the budget's (merged cells come in either order); in
            // one cell holding both rows, its row is the lower, so it comes last.
            let one_cell = amounts.windows(2).all(|w| w[0].bbox == w[1].bbox);
            let at = if one_cell {
                amounts.len() - 1
            } else {
                let x1 = |i: usize| amounts[i].bbox.map_or(f32::MAX, |b| b.x1);
                (0..amounts.len()).min_by(|&x, &y| x1(x).total_cmp(&x1(y)).then(x.cmp(&y))).unwrap_or(0)
            };
            off_budget = Some(amounts.remove(at));
            if text.is_empty() {
                if let Some(i) = self.last_item.filter(|&i| self.items[i].commitment.is_none()) {
                    self.items[i].off_budget = off_budget.and_then(|a| a.value);
                }
                return;
            }
        }
        let r = &Read { amounts, ..r.clone() };
        // Split at the openers inside the text that could follow the items open now.
        let mut cuts: Vec<(usize, Option<Opener>)> = vec![(0, recognise::opener(&text, rules))];
        let mut seen: Vec<(usize, Vec<u32>)> = self.stack.iter().map(|f| (f.kind, f.number.clone())).collect();
        if let Some(o) = &cuts[0].1 {
            seen.push((o.kind, o.number.clone()));
        }
        for (at, o) in recognise::inner_openers(&text, rules) {
            if at < cuts[0].1.as_ref().map_or(0, |o| o.len) {
                continue;
            }
            let first = o.number.last() == Some(&1);
            let next = seen.iter().any(|(k, n)| *k == o.kind && n.len() == o.number.len() && follows(n, &o.number));
            // A year line merged with the next item: only a next or first number splits it.
            if first || next {
                seen.push((o.kind, o.number.clone()));
                cuts.push((at, Some(o)));
            }
        }
        let merged = cuts.len() > 1;
        for (i, (at, o)) in cuts.iter().enumerate() {
            let end = cuts.get(i + 1).map_or(text.len(), |c| c.0);
            let seg = text[*at..end].trim();
            let amount = r.amounts.get(i).cloned();
            self.segment(seg, o.as_ref(), amount, r, printed, merged);
        }
        // A row above with a commitment: the money is the commitment's own (its total
        // less its budget money), as for the label on a line of its own.
        let owner = if label_first { before.filter(|&i| self.items[i].commitment.is_none()) } else { self.last_item };
        if let (Some(a), Some(i)) = (off_budget, owner) {
            self.items[i].off_budget = a.value;
        }
        if r.amounts.len() > cuts.len() {
            if let Some(i) = self.last_item {
                self.items[i].doubts.push(format!("extra_amounts: {} amounts for {} items on the line", r.amounts.len(), cuts.len()));
            }
        }
    }

    fn segment(&mut self, seg: &str, o: Option<&Opener>, amount: Option<Amount>, r: &Read, printed: Option<u32>, merged: bool) {
        let rules = self.rules;
        if !self.detail {
            return;
        }
        if rules.detail_end.iter().any(|e| e.is_match(seg)) {
            self.detail = false;
            self.pending = Pending::None;
            return;
        }
        if let Some(y) = commitments::year_line(seg, rules) {
            if let Some(i) = self.last_item {
                commitments::add_year(&mut self.items[i], y, amount, r, printed);
            }
            return;
        }
        if rules.budget_money.is_match(seg) {
            if let Some(i) = self.last_item {
                commitments::set_budget_money(&mut self.items[i], amount);
            }
            return;
        }
        if rules.commit_total.is_match(seg) {
            if let Some(i) = self.last_item {
                commitments::set_total(&mut self.items[i], amount);
            }
            return;
        }
        match o {
            Some(o) => self.item(seg, o, amount, r, printed, merged),
            None => self.continuation(seg, amount, r, printed),
        }
    }

    fn continuation(&mut self, seg: &str, amount: Option<Amount>, r: &Read, printed: Option<u32>) {
        match self.pending {
            Pending::Item(i) => {
                let it = &mut self.items[i];
                push_text(&mut it.description, seg);
                it.raw = format!("{} {}", it.raw, r.raw);
                if let Some(a) = amount {
                    set_amount(it, a, r, printed);
                    self.pending = Pending::None;
                }
            }
            Pending::Heading => {
                if let Some(h) = self.headings.last_mut() {
                    push_text(&mut h.name, seg);
                    let name = h.name.clone();
                    if !self.output.is_empty() {
                        self.output = name;
                    } else if !self.project.is_empty() {
                        self.project = name;
                    }
                    if amount.is_some() {
                        h.amount = amount;
                        self.pending = Pending::None;
                    }
                }
            }
            Pending::None => {
                // A name that goes on under its amount.
                if let (Some(i), None) = (self.last_item, &amount) {
                    if !seg.is_empty() {
                        push_text(&mut self.items[i].description, seg);
                    }
                }
            }
        }
    }

    fn item(&mut self, seg: &str, o: &Opener, amount: Option<Amount>, r: &Read, printed: Option<u32>, merged: bool) {
        let mut doubts = Vec::new();
        let depth = o.number.len();
        let first = o.number.last() == Some(&1);
        let same = self.stack.iter().rposition(|f| f.kind == o.kind && f.number.len() == depth);
        match same {
            Some(i) if follows(&self.stack[i].number, &o.number) => self.stack.truncate(i),
            Some(i) if first && i + 1 < self.stack.len() => {}
            Some(i) => {
                doubts.push(format!("numbering: {} ({}) does not follow {}", o.printed, self.rules.numbering[o.kind].kind, fmt_number(&self.stack[i].number)));
                self.stack.truncate(i);
            }
            None if first => {}
            None => doubts.push(format!("numbering: {} ({}) opens a list", o.printed, self.rules.numbering[o.kind].kind)),
        }
        if merged {
            doubts.push("merged_line: split from a line holding several items".to_string());
        }
        let parent = self.stack.last().map(|f| f.item);
        let path: Vec<String> = self.stack.iter().map(|f| self.items[f.item].description.clone()).collect();
        let idx = self.items.len();
        if let Some(p) = parent {
            self.items[p].leaf = false;
        }
        let description = seg[o.len.min(seg.len())..].trim().to_string();
        let mut it = BudgetItem {
            seq: idx,
            unit: self.units.len().checked_sub(1),
            page: r.page,
            line: r.line,
            printed_page: printed,
            bbox: None,
            plan: self.plan.clone(),
            cross_function: self.cross,
            output: self.output.clone(),
            project: self.project.clone(),
            path,
            code: o.printed.clone(),
            level: self.stack.len() + 1,
            description,
            amount: None,
            amount_text: String::new(),
            off_budget: None,
            parent,
            leaf: true,
            commitment: None,
            raw: r.raw.clone(),
            confidence: 1.0,
            doubts,
        };
        self.pending = Pending::Item(idx);
        if let Some(a) = amount {
            set_amount(&mut it, a, r, printed);
            self.pending = Pending::None;
        }
        if let Some(h) = self.headings.last_mut() {
            h.items.push(idx);
        }
        self.items.push(it);
        self.stack.push(Frame { kind: o.kind, number: o.number.clone(), item: idx });
        self.last_item = Some(idx);
    }
}

/// `b` is the number after `a` in the same list ("1.2" after "1.1", "3" after "2").
fn follows(a: &[u32], b: &[u32]) -> bool {
    a.len() == b.len() && !a.is_empty() && a[..a.len() - 1] == b[..b.len() - 1] && a[a.len() - 1] + 1 == b[b.len() - 1]
}

fn fmt_number(n: &[u32]) -> String {
    n.iter().map(u32::to_string).collect::<Vec<_>>().join(".")
}

fn push_text(s: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !s.is_empty() {
        s.push(' ');
    }
    s.push_str(more);
}

/// Puts an amount on an item: the amount's line is where the item is found.
fn set_amount(it: &mut BudgetItem, a: Amount, r: &Read, printed: Option<u32>) {
    it.amount = a.value;
    it.amount_text = a.text;
    it.bbox = a.bbox;
    it.page = r.page;
    it.line = r.line;
    it.printed_page = printed;
}
