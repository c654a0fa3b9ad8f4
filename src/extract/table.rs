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
    // location blocks that may spread to merged rows: (anchor slot, other slot if midway)
    let mut spreads: Vec<(usize, Option<usize>, String)> = Vec::new();
    if centred {
        let pitch = line_pitch(lines, &pieces);
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
                let Some((slot, other)) = nearest_anchor(lines, kinds, &anchors, page, mid) else {
                    continue;
                };
                for &k in &block {
                    owner[k] = Some(slot);
                }
                if column == Column::Location {
                    let text = join_pieces(column, block.iter().map(|&k| pieces[k].text.as_str()));
                    spreads.push((slot, other, text));
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
    spread_merged(&mut rows, centred, &spreads);
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

/// The anchor (slot in `anchors`) nearest to `y` on `page`, and a second one when `y` is
/// halfway between two (a cell merged over both).
fn nearest_anchor(
    lines: &[SourceLine],
    kinds: &[Kind],
    anchors: &[usize],
    page: usize,
    y: f32,
) -> Option<(usize, Option<usize>)> {
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
    if barrier_nearer {
        return None;
    }
    let other = by_distance.get(1).and_then(|&(s, d2)| {
        let between = (d2 - d).abs() <= 0.2 * (d + d2).max(1.0) && d > 2.0;
        between.then_some(s)
    });
    Some((slot, other))
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

/// Merged location cells: in a top-aligned table an empty location takes the one above; in a
/// centred one, the cell spreads over the rows it is centred on.
fn spread_merged(rows: &mut [TableRow], centred: bool, spreads: &[(usize, Option<usize>, String)]) {
    if !rows.iter().any(|r| r.location.is_some()) {
        return;
    }
    if !centred {
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
        return;
    }
    let empty = |rows: &[TableRow], i: usize| rows.get(i).is_some_and(|r| r.location.is_none());
    for (slot, other, text) in spreads {
        let (lo, hi) = match other {
            Some(o) => ((*slot).min(*o), (*slot).max(*o)),
            None => (*slot, *slot),
        };
        if lo != hi
            && let Some(r) = rows.get_mut(if *slot == lo { hi } else { lo })
            && r.location.is_none()
        {
            r.location = Some(text.clone());
        }
        let mut j = 1;
        while lo >= j && empty(rows, lo - j) && empty(rows, hi + j) {
            for i in [lo - j, hi + j] {
                if let Some(r) = rows.get_mut(i) {
                    r.location = Some(text.clone());
                }
            }
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
