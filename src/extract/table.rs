//! Equipment tables rebuilt from geometry.
//!
//! - **Columns** come from the header row: each heading's horizontal span, with the boundary
//!   between two columns halfway across the gap between their headings, so that a cell goes to
//!   the column it overlaps most (centred, left- and right-aligned headings alike).
//! - **Rows** start at an *anchor*: a line with a whole number in the 序号 column (or, without
//!   one, a number in the quantity column). Category rows (一、视频监控系统), totals (合计, 总计,
//!   小计, Total) and repeated header rows are recognised and never become items.
//! - **Wrapped cells**: the pieces of a cell on other lines join the row they belong to. In a
//!   top-aligned table (LibreOffice from Word, LaTeX) every piece joins the row above it; in a
//!   vertically centred one (browsers, reportlab, typst, ODF) the pieces of one column that
//!   follow each other at line pitch form a block, and the block joins the row whose anchor is
//!   nearest to its middle. Chinese pieces join without a space, Latin words with one, models
//!   without.
//! - **Merged cells** (rowspan): an empty location takes the merged cell's text — carried down
//!   in a top-aligned table, spread to the rows the cell is centred on in a centred one.
//! - Units come from the unit column or from the quantity cell (`12台`, `320 m`); price and
//!   amount columns (单价 / 合价) are read as nothing.

use super::recognise::{Provenance, SourceLine, TableRow};

/// The columns an equipment table may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Number,
    Name,
    Model,
    Quantity,
    Unit,
    Location,
    Remark,
    /// 单价, 合价, 金额: read as nothing.
    Price,
}

/// The column a heading names.
pub(crate) fn column_of(heading: &str) -> Option<Column> {
    use crate::tabular::header_field;
    let h = crate::tabular::normalise_header(heading);
    if [
        "单价",
        "合价",
        "金额",
        "总价",
        "综合单价",
        "price",
        "unitprice",
        "amount",
        "totalprice",
    ]
    .iter()
    .any(|p| h.starts_with(p))
    {
        return Some(Column::Price);
    }
    Some(match header_field(heading)? {
        crate::tabular::HeaderField::No => Column::Number,
        crate::tabular::HeaderField::Name => Column::Name,
        crate::tabular::HeaderField::Model => Column::Model,
        crate::tabular::HeaderField::Quantity => Column::Quantity,
        crate::tabular::HeaderField::Unit => Column::Unit,
        crate::tabular::HeaderField::Location => Column::Location,
        crate::tabular::HeaderField::Remark => Column::Remark,
    })
}

/// A table's header: columns left to right with their spans.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    cols: Vec<Col>,
}

#[derive(Debug, Clone)]
struct Col {
    column: Column,
    /// Left and right boundaries of the column (halfway across the gaps between headings).
    lo: f32,
    hi: f32,
}

impl Header {
    /// The header of a table whose heading cells may wrap onto a second line (`序` / `号`):
    /// the header and how many lines it takes.
    pub(crate) fn of_lines(lines: &[SourceLine]) -> Option<(Header, usize)> {
        let first = lines.first()?;
        if let Some(next) = lines.get(1)
            && next.page == first.page
            && !next.cells.is_empty()
            && next.cells.iter().all(|c| whole_number(&c.text).is_none())
            && next.cells.iter().all(|c| {
                first
                    .cells
                    .iter()
                    .any(|h| c.x < h.x_end + 2.0 && h.x < c.x_end + 2.0)
            })
        {
            let mut merged = first.clone();
            for c in &next.cells {
                if let Some(h) = merged
                    .cells
                    .iter_mut()
                    .find(|h| c.x < h.x_end + 2.0 && h.x < c.x_end + 2.0)
                {
                    h.text.push_str(&c.text);
                    h.x = h.x.min(c.x);
                    h.x_end = h.x_end.max(c.x_end);
                }
            }
            if let Some(h) = Header::of(&merged) {
                let plain = Header::of(first).map_or(0, |p| p.cols.len());
                if h.cols.len() > plain {
                    return Some((h, 2));
                }
            }
        }
        Header::of(first).map(|h| (h, 1))
    }

    /// The header a line is, if it names at least three known columns, one of them the name
    /// (or the model and the quantity), and mostly known columns.
    pub(crate) fn of(line: &SourceLine) -> Option<Header> {
        let named: Vec<(f32, f32, Column)> = line
            .cells
            .iter()
            .filter_map(|c| column_of(&c.text).map(|col| (c.x, c.x_end, col)))
            .collect();
        let has = |c: Column| named.iter().any(|n| n.2 == c);
        let enough = named.len() >= 3
            && (has(Column::Name) || (has(Column::Model) && has(Column::Quantity)))
            && named.len() * 3 >= line.cells.len() * 2;
        if !enough {
            return None;
        }
        let mut cols = Vec::new();
        for (i, (_, _, column)) in named.iter().enumerate() {
            let lo = match i.checked_sub(1).and_then(|j| named.get(j)) {
                Some(prev) => (prev.1 + named[i].0) / 2.0,
                None => f32::NEG_INFINITY,
            };
            let hi = match named.get(i + 1) {
                Some(next) => (named[i].1 + next.0) / 2.0,
                None => f32::INFINITY,
            };
            cols.push(Col {
                column: *column,
                lo,
                hi,
            });
        }
        Some(Header { cols })
    }

    fn has(&self, c: Column) -> bool {
        self.cols.iter().any(|col| col.column == c)
    }

    /// The column a cell overlaps most.
    fn column_at(&self, x: f32, x_end: f32) -> Option<Column> {
        let x_end = x_end.max(x + 0.1);
        self.cols
            .iter()
            .map(|c| (c.column, x_end.min(c.hi) - x.max(c.lo)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, _)| c)
    }

    /// The column of a cell, a non-number in the 序号 column going to the next column (a name
    /// cell that starts left of its centred heading).
    fn place(&self, x: f32, x_end: f32, text: &str) -> Option<Column> {
        let c = self.column_at(x, x_end)?;
        if c == Column::Number && whole_number(text).is_none() {
            return self
                .cols
                .iter()
                .position(|col| col.column == Column::Number)
                .and_then(|i| self.cols.get(i + 1))
                .map(|col| col.column);
        }
        Some(c)
    }

    /// The left and right edges of the table's text (the outer headings widened by 2 em).
    fn extent(&self, first: &SourceLine) -> (f32, f32) {
        let left = first.cells.first().map_or(0.0, |c| c.x) - 24.0;
        let right = first.cells.last().map_or(f32::INFINITY, |c| c.x_end) + 24.0;
        (left, right)
    }
}

fn whole_number(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches(['.', '、']);
    if t.is_empty() || t.len() > 5 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// A totals row: 合计 / 总计 / 小计 / 共计 / Total / Sum in its first cells.
pub(crate) fn is_total(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    [
        "合计",
        "总计",
        "小计",
        "共计",
        "总价",
        "total",
        "sum",
        "subtotal",
        "grandtotal",
    ]
    .iter()
    .any(|k| t.starts_with(k))
}

/// A category row: a numbered heading (一、视频监控系统, (二) 出入口, A. …) in one cell.
pub(crate) fn is_category(text: &str) -> bool {
    let t = text.trim();
    let mut chars = t.chars();
    let first = chars.next();
    let numbered_cjk = first.is_some_and(|c| "一二三四五六七八九十".contains(c))
        && t.chars()
            .find(|c| !"一二三四五六七八九十".contains(*c))
            .is_some_and(|c| matches!(c, '、' | '.' | '．' | ' '));
    let bracketed = matches!(first, Some('(' | '（'))
        && t.chars()
            .nth(1)
            .is_some_and(|c| "一二三四五六七八九十".contains(c) || c.is_ascii_digit());
    let lettered = first.is_some_and(|c| c.is_ascii_uppercase())
        && t.chars().nth(1).is_some_and(|c| matches!(c, '、' | '.'))
        && t.chars().count() > 3;
    numbered_cjk || bracketed || lettered
}

/// What a line of the table region is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// The first line of an item row.
    Anchor,
    /// A totals or category row, or a repeated header: not an item; pieces near it are its own.
    Barrier,
    /// Pieces of wrapped or merged cells.
    Fragment,
}

/// One cell of a line of the table, placed in its column.
#[derive(Debug, Clone)]
struct Piece {
    column: Column,
    text: String,
    /// Index of the line in the table's lines.
    line: usize,
}

/// The rows of the table whose header is `lines[0]`, and the number of lines it spans.
pub(crate) fn read_table(lines: &[SourceLine]) -> (Vec<TableRow>, usize, Vec<Provenance>) {
    let Some(first) = lines.first() else {
        return (Vec::new(), 0, Vec::new());
    };
    let Some((header, header_lines)) = Header::of_lines(lines) else {
        return (Vec::new(), 0, Vec::new());
    };
    let (left, right) = header.extent(first);
    let mut kinds: Vec<Kind> = Vec::new();
    let mut skipped = Vec::new();
    let mut end = header_lines;
    let mut i = header_lines;
    while let Some(l) = lines.get(i) {
        let text = l.text();
        let repeated = Header::of_lines(&lines[i..]).map(|(_, n)| n);
        if let Some(n) = repeated {
            // the header repeated on a new page (its wrapped second line too)
            for _ in 0..n {
                kinds.push(Kind::Barrier);
            }
            i += n;
            end = i;
            continue;
        }
        let kind = if l.cells.iter().take(3).any(|c| is_total(&c.text)) {
            skipped.push(l.provenance());
            Some(Kind::Barrier)
        } else if is_anchor(&header, l) {
            Some(Kind::Anchor)
        } else if l.cells.len() == 1 && is_category(&text) && table_goes_on(&header, lines, i) {
            skipped.push(l.provenance());
            Some(Kind::Barrier)
        } else if is_fragment(&header, l, left, right) {
            Some(Kind::Fragment)
        } else {
            None
        };
        match kind {
            Some(k) => kinds.push(k),
            None => break,
        }
        if k_is_content(kinds.last()) {
            end = i + 1;
        }
        i += 1;
    }
    // Trailing fragments after the last anchor stay only if they are near it (a wrapped last
    // row); the table ends at `end`.
    let body = lines.get(header_lines..end).unwrap_or(&[]);
    kinds.truncate(body.len());
    let rows = assemble(&header, body, &kinds);
    (rows, end, skipped)
}

fn k_is_content(k: Option<&Kind>) -> bool {
    k.is_some()
}

fn is_anchor(header: &Header, l: &SourceLine) -> bool {
    if header.has(Column::Number) {
        return l.cells.iter().any(|c| {
            header.column_at(c.x, c.x_end) == Some(Column::Number)
                && whole_number(&c.text).is_some()
        }) && l.cells.len() >= 2;
    }
    l.cells.iter().any(|c| {
        header.place(c.x, c.x_end, &c.text) == Some(Column::Quantity)
            && c.text.trim().starts_with(|ch: char| ch.is_ascii_digit())
    }) && l.cells.len() >= 3
}

/// Whether an item row follows within the next few lines (so a numbered line is a category
/// row inside the table, not the next section's heading).
fn table_goes_on(header: &Header, lines: &[SourceLine], at: usize) -> bool {
    lines
        .iter()
        .skip(at + 1)
        .take(4)
        .any(|l| is_anchor(header, l))
}

/// Cells that fit inside the table's columns: pieces of wrapped or merged cells.
fn is_fragment(header: &Header, l: &SourceLine, left: f32, right: f32) -> bool {
    let text = l.text();
    if text.starts_with("注") || text.to_lowercase().starts_with("note") {
        return false;
    }
    l.cells.iter().all(|c| {
        if c.x < left || c.x_end > right {
            return false;
        }
        let Some(column) = header.place(c.x, c.x_end, &c.text) else {
            return false;
        };
        let Some(col) = header.cols.iter().find(|col| col.column == column) else {
            return false;
        };
        let width = if col.lo.is_finite() && col.hi.is_finite() {
            col.hi - col.lo
        } else {
            f32::INFINITY
        };
        // a cell wider than its column is running text, not a piece of a cell
        (c.x_end - c.x) <= width * 1.4 + 6.0
    })
}

/// Builds the rows from the classified lines.
fn assemble(header: &Header, lines: &[SourceLine], kinds: &[Kind]) -> Vec<TableRow> {
    let anchors: Vec<usize> = (0..lines.len())
        .filter(|&i| kinds.get(i) == Some(&Kind::Anchor))
        .collect();
    let mut pieces: Vec<Piece> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if kinds.get(i) == Some(&Kind::Barrier) {
            continue;
        }
        for c in &l.cells {
            if let Some(column) = header.place(c.x, c.x_end, &c.text) {
                pieces.push(Piece {
                    column,
                    text: c.text.trim().to_owned(),
                    line: i,
                });
            }
        }
    }
    let centred = is_centred(header, lines, kinds, &anchors, &pieces);
    // owner[k] = the anchor (index into `anchors`) piece k belongs to
    let mut owner: Vec<Option<usize>> = vec![None; pieces.len()];
    // location blocks that may spread to merged rows
    let mut spreads: Vec<Merged> = Vec::new();
    let mut pitch = 12.0;
    if centred {
        pitch = line_pitch(lines, &pieces);
        for column in columns_of(&pieces) {
            let idx: Vec<usize> = (0..pieces.len())
                .filter(|&k| pieces[k].column == column)
                .collect();
            for block in blocks(lines, kinds, &pieces, &idx, pitch) {
                let ys: Vec<f32> = block.iter().map(|&k| y_of(lines, pieces[k].line)).collect();
                let page = lines.get(pieces[block[0]].line).map_or(0, |l| l.page);
                let mid = (ys.iter().copied().fold(f32::INFINITY, f32::min)
                    + ys.iter().copied().fold(f32::NEG_INFINITY, f32::max))
                    / 2.0;
                let Some(slot) = nearest_anchor(lines, kinds, &anchors, page, mid) else {
                    continue;
                };
                for &k in &block {
                    owner[k] = Some(slot);
                }
                if column == Column::Location {
                    let text = join_pieces(column, block.iter().map(|&k| pieces[k].text.as_str()));
                    spreads.push(Merged {
                        slot,
                        page,
                        mid,
                        text,
                    });
                }
            }
        }
    } else {
        for (k, p) in pieces.iter().enumerate() {
            // the last anchor at or above the piece; a piece after a barrier is the barrier's
            let previous = (0..=p.line)
                .rev()
                .find(|&i| kinds.get(i) != Some(&Kind::Fragment));
            owner[k] = previous
                .filter(|&i| kinds.get(i) == Some(&Kind::Anchor))
                .and_then(|i| anchors.iter().position(|&a| a == i));
            if previous.is_none() {
                owner[k] = None;
            }
        }
        // Pieces at the top of a page before its first anchor continue the row of the
        // previous page: already so, since the barrier (repeated header) was skipped only when
        // it is the header; a repeated header is a barrier, so allow crossing it.
        for (k, p) in pieces.iter().enumerate() {
            if owner[k].is_some() {
                continue;
            }
            let before: Vec<usize> = (0..p.line).rev().collect();
            let crosses_header_only = before
                .iter()
                .take_while(|&&i| kinds.get(i) != Some(&Kind::Anchor))
                .all(|&i| {
                    kinds.get(i) == Some(&Kind::Fragment)
                        || lines.get(i).is_some_and(|l| Header::of(l).is_some())
                });
            if crosses_header_only
                && let Some(&a) = before
                    .iter()
                    .find(|&&i| kinds.get(i) == Some(&Kind::Anchor))
            {
                owner[k] = anchors.iter().position(|&x| x == a);
            }
        }
    }
    let mut rows: Vec<TableRow> = anchors
        .iter()
        .map(|&a| {
            let l = &lines[a];
            TableRow {
                name: String::new(),
                model: None,
                quantity: None,
                unit: None,
                location: None,
                remark: None,
                from: l.provenance(),
                review: None,
            }
        })
        .collect();
    for (slot, row) in rows.iter_mut().enumerate() {
        let mine: Vec<&Piece> = pieces
            .iter()
            .enumerate()
            .filter(|(k, _)| owner[*k] == Some(slot))
            .map(|(_, p)| p)
            .collect();
        fill(row, &mine);
        let mut extra_lines: Vec<usize> = mine.iter().map(|p| p.line).collect();
        extra_lines.sort_unstable();
        extra_lines.dedup();
        if extra_lines.len() > 1 {
            row.from.text = extra_lines
                .iter()
                .filter_map(|&i| lines.get(i).map(SourceLine::text))
                .collect::<Vec<_>>()
                .join("\n");
        }
    }
    if centred {
        let extents = row_extents(lines, &anchors, &pieces, &owner);
        spread_centred(&mut rows, &extents, &spreads, pitch);
    } else {
        carry_down(&mut rows);
    }
    for row in &mut rows {
        if row.name.is_empty() {
            row.review = Some("no name could be read for this row".into());
        }
        if row.quantity.is_none() && row.review.is_none() {
            row.review = Some("no quantity could be read for this row".into());
        }
    }
    rows
}

/// Vertically centred cells: an anchor line without a name piece (the name's lines stand
/// above and below it), or pieces between the header (or a category row) and the first row
/// after it on the same page.
fn is_centred(
    header: &Header,
    lines: &[SourceLine],
    kinds: &[Kind],
    anchors: &[usize],
    pieces: &[Piece],
) -> bool {
    let name_col = if header.has(Column::Name) {
        Column::Name
    } else {
        Column::Model
    };
    let nameless_anchor = anchors.iter().any(|&a| {
        !pieces.iter().any(|p| p.line == a && p.column == name_col)
            && pieces.iter().any(|p| {
                p.column == name_col
                    && lines.get(p.line).map(|l| l.page) == lines.get(a).map(|l| l.page)
                    && (p.line + 1 == a || p.line == a + 1)
            })
    });
    let before_first = (0..lines.len()).any(|i| {
        kinds.get(i) == Some(&Kind::Fragment) && {
            let prev = (0..i)
                .rev()
                .find(|&j| kinds.get(j) != Some(&Kind::Fragment));
            let same_page = |j: usize| lines.get(j).map(|l| l.page) == lines.get(i).map(|l| l.page);
            match prev {
                None => lines.first().is_some_and(|_| true) && i == 0,
                Some(j) => {
                    kinds.get(j) == Some(&Kind::Barrier)
                        && same_page(j)
                        && lines
                            .get(j)
                            .is_some_and(|l| !is_total_line(l) && Header::of(l).is_none())
                }
            }
        }
    });
    let header_then_fragment = kinds.first() == Some(&Kind::Fragment);
    nameless_anchor || before_first || header_then_fragment
}

fn is_total_line(l: &SourceLine) -> bool {
    l.cells.iter().take(3).any(|c| is_total(&c.text))
}

fn y_of(lines: &[SourceLine], i: usize) -> f32 {
    lines.get(i).map_or(0.0, |l| l.y)
}

/// The distance between two lines of one wrapped cell: the smallest gap between pieces of one
/// column on one page (at least 4 pt).
fn line_pitch(lines: &[SourceLine], pieces: &[Piece]) -> f32 {
    let mut best = f32::INFINITY;
    for column in columns_of(pieces) {
        let mut ys: Vec<(usize, f32)> = pieces
            .iter()
            .filter(|p| p.column == column)
            .filter_map(|p| lines.get(p.line).map(|l| (l.page, l.y)))
            .collect();
        ys.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        for w in ys.windows(2) {
            if w[0].0 == w[1].0 {
                let gap = w[1].1 - w[0].1;
                if gap >= 4.0 && gap < best {
                    best = gap;
                }
            }
        }
    }
    if best.is_finite() { best } else { 12.0 }
}

fn columns_of(pieces: &[Piece]) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    for p in pieces {
        if !out.contains(&p.column) {
            out.push(p.column);
        }
    }
    out
}

/// Splits one column's pieces into blocks: consecutive pieces on one page at most 1.15 line
/// pitches apart, with no barrier between them and at most one anchor line in each (split at
/// the widest gap otherwise).
fn blocks(
    lines: &[SourceLine],
    kinds: &[Kind],
    pieces: &[Piece],
    idx: &[usize],
    pitch: f32,
) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &k in idx {
        let line = pieces[k].line;
        let joins = out.last().and_then(|b| b.last()).is_some_and(|&prev| {
            let pl = pieces[prev].line;
            let same_page = lines.get(pl).map(|l| l.page) == lines.get(line).map(|l| l.page);
            let barrier_between = (pl + 1..line).any(|i| kinds.get(i) == Some(&Kind::Barrier));
            same_page && !barrier_between && y_of(lines, line) - y_of(lines, pl) <= pitch * 1.15
        });
        match out.last_mut() {
            Some(b) if joins => b.push(k),
            _ => out.push(vec![k]),
        }
    }
    // at most one anchor per block
    let mut split = Vec::new();
    for b in out {
        split.extend(split_anchors(lines, kinds, pieces, b));
    }
    split
}

fn split_anchors(
    lines: &[SourceLine],
    kinds: &[Kind],
    pieces: &[Piece],
    block: Vec<usize>,
) -> Vec<Vec<usize>> {
    let anchored: Vec<usize> = block
        .iter()
        .enumerate()
        .filter(|(_, k)| kinds.get(pieces[**k].line) == Some(&Kind::Anchor))
        .map(|(i, _)| i)
        .collect();
    if anchored.len() <= 1 {
        return vec![block];
    }
    // split between the first two anchored pieces, at the widest gap
    let (a, b) = (anchored[0], anchored[1]);
    let mut at = a + 1;
    let mut widest = f32::NEG_INFINITY;
    for i in a..b {
        let gap = y_of(lines, pieces[block[i + 1]].line) - y_of(lines, pieces[block[i]].line);
        if gap > widest {
            widest = gap;
            at = i + 1;
        }
    }
    let (head, tail) = block.split_at(at);
    let mut out = vec![head.to_vec()];
    out.extend(split_anchors(lines, kinds, pieces, tail.to_vec()));
    out
}

/// The anchor (slot in `anchors`) nearest to `y` on `page`.
fn nearest_anchor(
    lines: &[SourceLine],
    kinds: &[Kind],
    anchors: &[usize],
    page: usize,
    y: f32,
) -> Option<usize> {
    let mut by_distance: Vec<(usize, f32)> = anchors
        .iter()
        .enumerate()
        .filter(|(_, a)| lines.get(**a).is_some_and(|l| l.page == page))
        .map(|(slot, a)| (slot, (y_of(lines, *a) - y).abs()))
        .collect();
    by_distance.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (slot, d) = *by_distance.first()?;
    // a barrier (totals, category) nearer than every anchor owns the block
    let barrier_nearer = (0..lines.len()).any(|i| {
        kinds.get(i) == Some(&Kind::Barrier)
            && lines
                .get(i)
                .is_some_and(|l| l.page == page && (l.y - y).abs() < d)
            && lines.get(i).is_some_and(|l| Header::of(l).is_none())
    });
    (!barrier_nearer).then_some(slot)
}

/// Joins the pieces of one cell: Chinese without a space, Latin words with one, models without.
fn join_pieces<'a>(column: Column, parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let space = match (out.chars().last(), part.chars().next()) {
            (Some(a), Some(b)) => {
                column != Column::Model
                    && a.is_ascii_alphanumeric()
                    && b.is_ascii_alphanumeric()
                    && !matches!(a, '-' | '/')
            }
            _ => false,
        };
        if space {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

fn fill(row: &mut TableRow, pieces: &[&Piece]) {
    let text_of = |column: Column| {
        let joined = join_pieces(
            column,
            pieces
                .iter()
                .filter(|p| p.column == column)
                .map(|p| p.text.as_str()),
        );
        (!joined.is_empty()).then_some(joined)
    };
    row.name = text_of(Column::Name).unwrap_or_default();
    row.model = text_of(Column::Model);
    row.unit = text_of(Column::Unit);
    row.location = text_of(Column::Location);
    row.remark = text_of(Column::Remark);
    if let Some(q) = text_of(Column::Quantity) {
        match quantity(&q) {
            Some((n, unit)) => {
                row.quantity = Some(n);
                if row.unit.is_none() && !unit.is_empty() {
                    row.unit = Some(unit);
                }
            }
            None => row.review = Some(format!("quantity “{q}” is not a whole number")),
        }
    }
}

/// A whole quantity with the unit written after it (`12台`, `320 m`, `1,200米`).
pub(crate) fn quantity(text: &str) -> Option<(u32, String)> {
    let t = text.trim();
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ','))
        .map_or(t.len(), |(i, _)| i);
    let digits: String = t.get(..digits_end)?.chars().filter(|c| *c != ',').collect();
    let n: u32 = digits.parse().ok()?;
    let unit = t.get(digits_end..)?.trim();
    // a decimal is not a whole quantity
    if unit.starts_with('.') && unit.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    // a unit is a word of a few characters, never a sentence
    if unit.chars().count() > 4 {
        return None;
    }
    Some((n, unit.to_owned()))
}

/// A location cell of a centred table, which may be merged over several rows.
#[derive(Debug, Clone)]
struct Merged {
    /// The row whose anchor is nearest to the cell's middle.
    slot: usize,
    page: usize,
    /// The middle of the cell's lines (baselines, pt from the top of the page).
    mid: f32,
    text: String,
}

/// Each row's page and the first and last baseline of its own cells (every column but the
/// location and remarks, which may be merged cells shared with other rows).
fn row_extents(
    lines: &[SourceLine],
    anchors: &[usize],
    pieces: &[Piece],
    owner: &[Option<usize>],
) -> Vec<Option<(usize, f32, f32)>> {
    anchors
        .iter()
        .enumerate()
        .map(|(slot, &a)| {
            let anchor = lines.get(a)?;
            let ys = pieces
                .iter()
                .zip(owner)
                .filter(|(p, o)| {
                    **o == Some(slot) && !matches!(p.column, Column::Location | Column::Remark)
                })
                .filter_map(|(p, _)| lines.get(p.line))
                .filter(|l| l.page == anchor.page)
                .map(|l| l.y);
            let (top, bottom) = ys.fold((anchor.y, anchor.y), |(t, b), y| (t.min(y), b.max(y)));
            Some((anchor.page, top, bottom))
        })
        .collect()
}

/// The most rows a merged cell is looked for over, on either side of its nearest row.
const MAX_MERGED_REACH: usize = 12;

/// Merged location cells of a centred table: a cell is centred on the rows it spans, so it
/// spreads over the run of rows around its nearest one, with no location of their own, on
/// its page, whose extent (first row's top line to last row's bottom line) is centred where
/// the cell is — rows of any height (a row whose name wraps is taller). Of the runs centred
/// within a quarter line pitch the longest is taken; when none is, the best centred.
fn spread_centred(
    rows: &mut [TableRow],
    extents: &[Option<(usize, f32, f32)>],
    merged: &[Merged],
    pitch: f32,
) {
    let tolerance = (0.25 * pitch).max(2.0);
    for m in merged {
        let free = |rows: &[TableRow], i: usize| {
            rows.get(i).is_some_and(|r| r.location.is_none())
                && extents
                    .get(i)
                    .and_then(|e| *e)
                    .is_some_and(|(page, _, _)| page == m.page)
        };
        let mut lo_limit = m.slot;
        while lo_limit > 0 && m.slot - lo_limit < MAX_MERGED_REACH && free(rows, lo_limit - 1) {
            lo_limit -= 1;
        }
        let mut hi_limit = m.slot;
        while hi_limit - m.slot < MAX_MERGED_REACH && free(rows, hi_limit + 1) {
            hi_limit += 1;
        }
        // (rows, error, lo, hi) of each candidate run
        let mut best: Option<(usize, f32, usize, usize)> = None;
        let mut closest: Option<(f32, usize, usize)> = None;
        for lo in lo_limit..=m.slot {
            for hi in m.slot..=hi_limit {
                let (Some(Some((_, top, _))), Some(Some((_, _, bottom)))) =
                    (extents.get(lo), extents.get(hi))
                else {
                    continue;
                };
                let error = ((top + bottom) / 2.0 - m.mid).abs();
                if closest.is_none_or(|(e, _, _)| error < e) {
                    closest = Some((error, lo, hi));
                }
                let n = hi - lo + 1;
                if error <= tolerance
                    && best.is_none_or(|(bn, be, _, _)| n > bn || (n == bn && error < be))
                {
                    best = Some((n, error, lo, hi));
                }
            }
        }
        let run = best
            .map(|(_, _, lo, hi)| (lo, hi))
            .or(closest.map(|(_, lo, hi)| (lo, hi)));
        if let Some((lo, hi)) = run {
            for r in rows.iter_mut().take(hi + 1).skip(lo) {
                if r.location.is_none() {
                    r.location = Some(m.text.clone());
                }
            }
        }
    }
}

/// Merged location cells of a top-aligned table: an empty location takes the one above.
fn carry_down(rows: &mut [TableRow]) {
    if !rows.iter().any(|r| r.location.is_some()) {
        return;
    }
    let mut above: Option<String> = None;
    for row in rows.iter_mut() {
        match &row.location {
            Some(l) => above = Some(l.clone()),
            None => {
                if let Some(l) = &above {
                    row.location = Some(l.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::recognise::SourceCell;
    use super::*;

    fn line(n: usize, y: f32, cells: &[(f32, &str)]) -> SourceLine {
        SourceLine {
            page: 2,
            line: n,
            y,
            cells: cells
                .iter()
                .map(|(x, t)| SourceCell {
                    x: *x,
                    x_end: *x + 9.0 * t.chars().count() as f32,
                    text: (*t).to_owned(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_merged_cell_spans_a_tall_row_and_a_short_one() {
        // Chromium, cells centred: row 10's name wraps, so the location merged over rows 10
        // and 11 stands below row 10's middle, nearer to it than to row 11's (h02).
        let lines = [
            line(
                1,
                196.5,
                &[
                    (50.0, "序号"),
                    (118.0, "设备名称"),
                    (232.0, "规格型号"),
                    (313.0, "单位"),
                    (355.0, "数量"),
                    (423.0, "安装位置"),
                ],
            ),
            line(
                2,
                448.5,
                &[
                    (57.0, "8"),
                    (80.0, "车牌识别一体机"),
                    (233.0, "LPR-860"),
                    (318.0, "台"),
                    (359.0, "59"),
                ],
            ),
            line(3, 459.0, &[(418.0, "消防控制室")]),
            line(
                4,
                469.5,
                &[
                    (57.0, "9"),
                    (80.0, "半球摄像机"),
                    (213.0, "DS-2CD3346FWD"),
                    (318.0, "台"),
                    (359.0, "33"),
                ],
            ),
            line(5, 490.5, &[(80.0, "高空抛物监测摄像机(立")]),
            line(
                6,
                498.0,
                &[
                    (54.0, "10"),
                    (225.0, "GK-HPC400"),
                    (318.0, "台"),
                    (356.0, "148"),
                ],
            ),
            line(7, 504.8, &[(80.0, "杆安装)")]),
            line(8, 508.5, &[(423.0, "地下车库")]),
            line(
                9,
                525.8,
                &[
                    (54.0, "11"),
                    (80.0, "网络硬盘录像机"),
                    (221.0, "DS-9664N-I16"),
                    (318.0, "台"),
                    (359.0, "37"),
                ],
            ),
            line(10, 546.8, &[(164.0, "合计"), (356.0, "277")]),
        ];
        let (rows, used, skipped) = read_table(&lines);
        assert_eq!(used, lines.len());
        assert_eq!(skipped.len(), 1, "the totals row");
        let got: Vec<(&str, Option<&str>)> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.location.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("车牌识别一体机", Some("消防控制室")),
                ("半球摄像机", Some("消防控制室")),
                ("高空抛物监测摄像机(立杆安装)", Some("地下车库")),
                ("网络硬盘录像机", Some("地下车库")),
            ]
        );
    }

    #[test]
    fn quantities_with_units() {
        assert_eq!(quantity("12台"), Some((12, "台".into())));
        assert_eq!(quantity("1,200 m"), Some((1200, "m".into())));
        assert_eq!(quantity("48"), Some((48, String::new())));
        assert_eq!(quantity("2.5"), None);
        assert_eq!(quantity("约"), None);
        assert_eq!(quantity("12台小区道路及周界"), None);
    }

    #[test]
    fn totals_and_categories() {
        for t in ["合计", "总 计", "小计:", "Total", "TOTAL"] {
            assert!(is_total(t), "{t}");
        }
        assert!(!is_total("高清网络摄像机"));
        for t in [
            "一、视频监控系统",
            "(二)出入口控制系统",
            "十一、其他",
            "A. Video",
        ] {
            assert!(is_category(t), "{t}");
        }
        assert!(!is_category("一键报警柱"));
        assert!(!is_category("高清网络摄像机"));
    }

    #[test]
    fn pieces_join_by_script() {
        let j = |c, parts: &[&str]| join_pieces(c, parts.iter().copied());
        assert_eq!(
            j(Column::Name, &["高空抛物", "监测摄像", "机"]),
            "高空抛物监测摄像机"
        );
        assert_eq!(
            j(
                Column::Name,
                &["Access control terminal", "with face recognition"]
            ),
            "Access control terminal with face recognition"
        );
        assert_eq!(
            j(Column::Model, &["DS-", "2CD334", "6FWD"]),
            "DS-2CD3346FWD"
        );
        assert_eq!(j(Column::Name, &["POE交换", "机"]), "POE交换机");
    }

    #[test]
    fn price_columns_are_known_and_read_as_nothing() {
        assert_eq!(column_of("单价（元）"), Some(Column::Price));
        assert_eq!(column_of("合价(元)"), Some(Column::Price));
        assert_eq!(column_of("设备名称"), Some(Column::Name));
        assert_eq!(column_of("规格型号"), Some(Column::Model));
        assert_eq!(column_of("安装部位"), Some(Column::Location));
    }
}
