//! Equipment lists (设备清单): `.csv` and `.xlsx` tables → [`EquipmentList`] rows with the
//! place each came from.
//!
//! Both formats are first turned into a grid of cells (CSV after decoding UTF-8, UTF-8 with a
//! byte-order mark or GB18030; XLSX with merged regions filled in), then one routine finds the
//! header row, maps the columns and reads the rows, so that both formats behave alike.

mod classify;
mod csv_input;
mod header;
mod xlsx_budget;
mod xlsx_input;

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::Serialize;

pub use classify::{EquipmentKind, camera_type, classify, classify_item, sensor_kind};
pub use xlsx_budget::{
    MAX_MERGED_REGIONS, MAX_PART_BYTES, MAX_SHARED_STRINGS, MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES,
};

use crate::diagnostic::{Location, Problem, shorten};
use crate::ingest::{MAX_SUBMISSION_BYTES, sha256_hex};
use header::{Field, HeaderMap};
pub(crate) use header::{
    Field as HeaderField, field_of as header_field, normalise as normalise_header,
};

/// The largest equipment list anfang reads (the same cap as a submission: 20 MiB).
pub const MAX_EQUIPMENT_LIST_BYTES: u64 = MAX_SUBMISSION_BYTES;

/// Rows of a table, CSV or sheet (an estate's list has hundreds).
pub const MAX_ROWS: usize = 100_000;
/// Columns of a table (`AMJ`).
pub const MAX_COLUMNS: usize = 1_024;
/// Cells of a table: for a sheet, the written cells, its declared dimension's area and the
/// table anfang builds (every row as wide as the widest, merged regions filled in).
pub const MAX_CELLS: usize = 2_000_000;

/// How many non-blank rows at the top are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 10;

/// Where a row of an equipment list is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowRef {
    /// The file, as the user named it.
    pub file: String,
    /// The worksheet (XLSX only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based line (CSV: where the record starts) or row number as Excel shows it.
    pub line: usize,
}

impl fmt::Display for RowRef {
    /// `list.csv:7` or `list.xlsx[设备清单]:7`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "{}[{sheet}]:{}", self.file, self.line),
            None => write!(f, "{}:{}", self.file, self.line),
        }
    }
}

/// Where a cell of an equipment list is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellRef {
    /// The row.
    pub row: RowRef,
    /// The column as a spreadsheet shows it (`A`, `B`, … `AA`), also for CSV.
    pub column: String,
}

impl fmt::Display for CellRef {
    /// `list.csv:7 column D` or `list.xlsx[设备清单]!D7`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.row.sheet {
            Some(sheet) => write!(
                f,
                "{}[{sheet}]!{}{}",
                self.row.file, self.column, self.row.line
            ),
            None => write!(f, "{} column {}", self.row, self.column),
        }
    }
}

/// One line of an equipment list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EquipmentRow {
    /// The 序号 cell, when the list has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no: Option<String>,
    /// 设备名称.
    pub name: String,
    /// 型号 / 规格.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// 数量; `None` when the cell is empty (or `-`, `/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// 单位 (or the unit written after the quantity, `12台`, when there is no unit column value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// 安装位置.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// 备注.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// Non-empty cells of unmapped columns: (header, value).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<(String, String)>,
    /// Where the row is.
    pub row: RowRef,
}

/// An equipment list as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EquipmentList {
    /// The file, as the user named it.
    pub file: String,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// CSV only: `utf-8`, `utf-8-bom` or `gb18030`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// XLSX only: the worksheet read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The line (row number) of the header row.
    pub header_line: usize,
    /// The equipment rows, in file order.
    pub rows: Vec<EquipmentRow>,
    /// Header texts of the columns that map to no known column (values are in `extra`).
    pub unmapped_columns: Vec<String>,
    /// Rows that were not read as equipment, with the reason (totals, section headings).
    pub skipped: Vec<(RowRef, String)>,
    /// Cells read with an interpretation worth telling (`12台` read as 12).
    pub notes: Vec<(CellRef, String)>,
}

/// Reads a `.csv` or `.xlsx` equipment list, reporting every problem at once.
pub fn read_equipment_list(path: &Path) -> Result<EquipmentList, Vec<Problem>> {
    let name = path.display().to_string();
    let ext = extension(path);
    if !matches!(ext.as_str(), "csv" | "xlsx") {
        return Err(vec![unsupported(&name, &ext)]);
    }
    let bytes = read_capped(path, &name).map_err(|p| vec![p])?;
    equipment_list_from_bytes(&name, &ext, bytes)
}

/// Reads an equipment list already read into memory (an attachment opened through
/// [`crate::ingest::attachment::open`]); `ext` is the file's extension, lowercase.
pub fn equipment_list_from_bytes(
    name: &str,
    ext: &str,
    bytes: Vec<u8>,
) -> Result<EquipmentList, Vec<Problem>> {
    let kind = match ext {
        "csv" => InputKind::Csv,
        "xlsx" => InputKind::Xlsx,
        _ => return Err(vec![unsupported(name, ext)]),
    };
    let sha256 = sha256_hex(&bytes);
    let (grid, encoding) = match kind {
        InputKind::Csv => {
            let (grid, encoding) = csv_input::read(name, &bytes)?;
            (grid, Some(encoding.to_owned()))
        }
        InputKind::Xlsx => (xlsx_input::read(name, bytes)?, None),
    };
    let mut list = build(&grid)?;
    list.sha256 = sha256;
    list.encoding = encoding;
    Ok(list)
}

/// A path's extension, lowercase (empty when it has none).
pub fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// A table read as text cells, for readers other than the equipment list (the filled
/// checklist): each row keeps its line (CSV) or row number (XLSX).
#[derive(Debug, Clone)]
pub struct TextTable {
    /// The file, as the user named it.
    pub file: String,
    /// The worksheet (XLSX only).
    pub sheet: Option<String>,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Non-blank rows in order.
    pub rows: Vec<TextRow>,
}

/// A row of a [`TextTable`].
#[derive(Debug, Clone)]
pub struct TextRow {
    /// The line (CSV, where the record starts) or row number (XLSX), 1-based.
    pub line: usize,
    /// Trimmed cell texts, by column.
    pub cells: Vec<String>,
    /// Where each cell starts: line and character column (CSV) or row and column (XLSX).
    pub at: Vec<Location>,
}

impl TextRow {
    /// A cell's text, `None` when blank or absent.
    pub fn get(&self, column: Option<usize>) -> Option<&str> {
        column
            .and_then(|c| self.cells.get(c))
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// Where a cell is (the row's start when the row is shorter).
    pub fn location(&self, column: usize) -> Location {
        self.at.get(column).copied().unwrap_or(Location {
            line: self.line,
            column: column + 1,
        })
    }
}

impl TextTable {
    /// Where a cell is (`file.csv:7 column D` or `file.xlsx[sheet]!D7`).
    pub fn cell_ref(&self, line: usize, column: usize) -> CellRef {
        CellRef {
            row: RowRef {
                file: self.file.clone(),
                sheet: self.sheet.clone(),
                line,
            },
            column: column_letter(column),
        }
    }

    /// A problem at a cell, named like a spreadsheet names it.
    pub fn problem(&self, row: &TextRow, column: usize, message: impl Into<String>) -> Problem {
        let cell = self.cell_ref(row.line, column);
        Problem::file(&self.file, format!("{cell}: {}", message.into()))
            .at(Some(row.location(column)))
    }
}

/// Reads a `.csv` (UTF-8, UTF-8 with BOM or GB18030) or `.xlsx` file as a table of texts.
pub fn read_text_table(path: &Path) -> Result<TextTable, Vec<Problem>> {
    let name = path.display().to_string();
    let bytes = read_capped(path, &name).map_err(|p| vec![p])?;
    text_table_from_bytes(&name, &extension(path), bytes)
}

/// Reads a table already read into memory; `ext` is the file's extension, lowercase.
pub fn text_table_from_bytes(
    name: &str,
    ext: &str,
    bytes: Vec<u8>,
) -> Result<TextTable, Vec<Problem>> {
    let sha256 = sha256_hex(&bytes);
    let grid = match ext {
        "csv" => csv_input::read(name, &bytes)?.0,
        "xlsx" => xlsx_input::read(name, bytes)?,
        _ => {
            return Err(vec![
                Problem::file(
                    name,
                    format!("is a .{ext} file; a table must be .csv or .xlsx"),
                )
                .hint("save it from Excel or WPS as .xlsx (Excel 工作簿) or .csv (UTF-8)"),
            ]);
        }
    };
    Ok(TextTable {
        file: grid.file.clone(),
        sheet: grid.sheet.clone(),
        sha256,
        rows: grid
            .rows
            .iter()
            .filter(|r| !r.is_blank())
            .map(|r| TextRow {
                line: r.line,
                cells: r.cells.iter().map(|c| c.value.text()).collect(),
                at: r.cells.iter().map(|c| c.at).collect(),
            })
            .collect(),
    })
}

enum InputKind {
    Csv,
    Xlsx,
}

fn unsupported(name: &str, ext: &str) -> Problem {
    let hint = match ext {
        "xls" | "et" => {
            "this is an old binary spreadsheet; open it in Excel or WPS and save it as .xlsx (Excel 工作簿) or .csv"
        }
        "xlsm" | "xlsb" | "ods" | "numbers" => "save the list as .xlsx (Excel 工作簿) or .csv",
        "txt" | "tsv" => "save the list as .csv (CSV UTF-8 or CSV 逗号分隔) or .xlsx",
        _ => "equipment lists are read from .csv or .xlsx files",
    };
    let what = if ext.is_empty() {
        "has no file extension".to_owned()
    } else {
        format!("is a .{ext} file; equipment lists must be .csv or .xlsx")
    };
    Problem::file(name, what).hint(hint)
}

fn read_capped(path: &Path, name: &str) -> Result<Vec<u8>, Problem> {
    let file = crate::ingest::attachment::open_regular(path, name)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::new();
    file.take(MAX_EQUIPMENT_LIST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::file(name, format!("could not be read: {e}")))?;
    if len > MAX_EQUIPMENT_LIST_BYTES || bytes.len() as u64 > MAX_EQUIPMENT_LIST_BYTES {
        return Err(Problem::file(
            name,
            format!(
                "is larger than {} MiB, the most anfang reads for an equipment list",
                MAX_EQUIPMENT_LIST_BYTES / 1_048_576
            ),
        )
        .hint("split the list, or remove embedded pictures from the workbook"));
    }
    Ok(bytes)
}

/// A cell's value before interpretation.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// Booleans, dates, error values: shown as text, never a quantity.
    Other(String),
}

impl Value {
    /// The cell as trimmed text (whole numbers without `.0`).
    fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) | Value::Other(s) => s.trim().to_owned(),
            Value::Number(n) => match whole(*n) {
                Some(i) => i.to_string(),
                None => n.to_string(),
            },
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// `n` as an integer when it is whole and within ±2^53.
fn whole(n: f64) -> Option<i64> {
    const LIMIT: f64 = 9_007_199_254_740_992.0;
    if n.is_finite() && n.fract() == 0.0 && n.abs() <= LIMIT {
        Some(n as i64)
    } else {
        None
    }
}

/// One cell and where it is.
#[derive(Debug, Clone)]
struct Cell {
    value: Value,
    /// Line and character column (CSV), or row and column number (XLSX), both 1-based.
    at: Location,
}

/// One row of the grid; `cells[i]` is column `i` (0-based).
#[derive(Debug, Clone)]
struct GridRow {
    line: usize,
    cells: Vec<Cell>,
}

impl GridRow {
    fn value(&self, column: Option<usize>) -> Option<&Value> {
        column.and_then(|c| self.cells.get(c)).map(|c| &c.value)
    }

    fn text(&self, column: Option<usize>) -> Option<String> {
        self.value(column)
            .map(Value::text)
            .filter(|s| !s.is_empty())
    }

    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.value.is_blank())
    }
}

/// A table from either format.
#[derive(Debug, Clone)]
struct Grid {
    file: String,
    sheet: Option<String>,
    rows: Vec<GridRow>,
    /// CSV only: the decoded lines, for the excerpt under a problem.
    lines: Option<Vec<String>>,
}

impl Grid {
    fn row_ref(&self, line: usize) -> RowRef {
        RowRef {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            line,
        }
    }

    fn cell_ref(&self, line: usize, column: usize) -> CellRef {
        CellRef {
            row: self.row_ref(line),
            column: column_letter(column),
        }
    }

    /// A problem at a place, with the source excerpt for CSV.
    fn problem(&self, at: Location, message: impl Into<String>) -> Problem {
        let problem = Problem::file(&self.file, message).at(Some(at));
        match self
            .lines
            .as_ref()
            .and_then(|lines| lines.get(at.line.wrapping_sub(1)))
        {
            Some(line) => problem.with_source_line(line),
            None => problem,
        }
    }

    /// Where column `column` of a row is (its cell, or past the row's end).
    fn location(&self, row: &GridRow, column: usize) -> Location {
        match row.cells.get(column) {
            Some(cell) => cell.at,
            None => Location {
                line: row.line,
                column: column + 1,
            },
        }
    }

    /// `D7` (XLSX) or `column D` (CSV) for messages.
    fn cell_name(&self, line: usize, column: usize) -> String {
        match &self.sheet {
            Some(sheet) => format!("cell {sheet}!{}{line}", column_letter(column)),
            None => format!("column {}", column_letter(column)),
        }
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
fn column_letter(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A quantity cell, interpreted.
enum Quantity {
    Absent,
    Count(u32),
    /// `12台`: the number and the unit after it.
    WithUnit(u32, String),
}

fn parse_quantity(value: &Value) -> Result<Quantity, String> {
    match value {
        Value::Empty => Ok(Quantity::Absent),
        Value::Number(n) => count_of(*n).map(Quantity::Count),
        Value::Other(s) => Err(format!("quantity `{}` is not a number", shorten(s))),
        Value::Text(s) => {
            let text: String = s
                .trim()
                .chars()
                .map(|c| match c {
                    '０'..='９' => {
                        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                    }
                    '．' => '.',
                    c => c,
                })
                .filter(|c| *c != ',')
                .collect();
            if text.is_empty() || matches!(text.as_str(), "-" | "—" | "——" | "/" | "／" | "--")
            {
                return Ok(Quantity::Absent);
            }
            if let Ok(n) = text.parse::<f64>() {
                return count_of(n).map(Quantity::Count);
            }
            let digits_end = text
                .char_indices()
                .find(|(_, c)| !c.is_ascii_digit())
                .map_or(text.len(), |(i, _)| i);
            let (digits, rest) = text.split_at(digits_end);
            let unit = rest.trim();
            let unit_like = !unit.is_empty()
                && unit.chars().count() <= 4
                && unit.chars().all(|c| c.is_alphabetic());
            if !digits.is_empty() && unit_like {
                let n = digits
                    .parse::<u32>()
                    .map_err(|_| format!("quantity `{}` is too large", shorten(s.trim())))?;
                return Ok(Quantity::WithUnit(n, unit.to_owned()));
            }
            if digits.is_empty() {
                Err(format!("quantity `{}` is not a number", shorten(s.trim())))
            } else {
                Err(format!(
                    "quantity `{}` is not a whole number",
                    shorten(s.trim())
                ))
            }
        }
    }
}

fn count_of(n: f64) -> Result<u32, String> {
    match whole(n) {
        Some(i) if i < 0 => Err(format!("quantity {i} is negative")),
        Some(i) => u32::try_from(i).map_err(|_| format!("quantity {i} is too large")),
        None => Err(format!("quantity {n} is not a whole number")),
    }
}

/// Words that mark a total or subtotal row (compared after removing spaces, lowercase).
const TOTAL_WORDS: &[&str] = &[
    "合计",
    "小计",
    "总计",
    "共计",
    "总价",
    "total",
    "subtotal",
    "grandtotal",
];

fn total_word(text: &str) -> Option<&'static str> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    TOTAL_WORDS.iter().copied().find(|w| compact.starts_with(w))
}

/// `一、视频监控系统`, `（二）`: a Chinese-numbered section heading.
fn is_section_number(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['(', '（']);
    let numerals = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    numerals > 0
        && t.chars()
            .nth(numerals)
            .is_none_or(|c| matches!(c, '、' | '.' | '．' | ')' | '）' | ' '))
}

/// Finds the header, maps the columns and reads every row.
fn build(grid: &Grid) -> Result<EquipmentList, Vec<Problem>> {
    let Some((header_index, map)) = grid
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .take(HEADER_SEARCH_ROWS)
        .map(|(i, r)| {
            let texts: Vec<(usize, String)> = r
                .cells
                .iter()
                .enumerate()
                .map(|(c, cell)| (c, cell.value.text()))
                .collect();
            (
                i,
                HeaderMap::from_cells(texts.iter().map(|(c, t)| (*c, t.as_str()))),
            )
        })
        .find(|(_, map)| map.mapped() >= 2)
    else {
        let where_ = grid
            .sheet
            .as_ref()
            .map_or(String::new(), |s| format!(" of sheet `{s}`"));
        let message = format!("no header row found in the first {HEADER_SEARCH_ROWS} rows{where_}");
        let problem = match grid.rows.iter().find(|r| !r.is_blank()) {
            Some(first) => grid.problem(
                Location {
                    line: first.line,
                    column: 1,
                },
                message,
            ),
            None => Problem::file(&grid.file, format!("{message}: the table is empty")),
        };
        return Err(vec![problem.hint(
            "the list needs a header row naming at least two columns, e.g. 设备名称 (Name) and 数量 (Qty)",
        )]);
    };
    let Some(header) = grid.rows.get(header_index) else {
        return Err(vec![Problem::file(
            &grid.file,
            "internal: header row vanished",
        )]);
    };

    let missing: Vec<Field> = [Field::Name, Field::Quantity]
        .into_iter()
        .filter(|f| map.column(*f).is_none())
        .collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|f| f.label()).collect();
        let found: Vec<String> = header
            .cells
            .iter()
            .map(|c| c.value.text())
            .filter(|t| !t.is_empty())
            .take(20)
            .map(|t| shorten(&t))
            .collect();
        let where_ = grid
            .sheet
            .as_ref()
            .map_or(String::new(), |s| format!(" of sheet `{s}`"));
        return Err(vec![
            grid.problem(
                Location {
                    line: header.line,
                    column: 1,
                },
                format!(
                    "the header row (row {}{where_}) has no {} column; its columns are: {}",
                    header.line,
                    names.join(" or "),
                    found.join(", ")
                ),
            )
            .hint(format!(
                "add a column headed {}, or rename the column that holds it",
                names.join(" and ")
            )),
        ]);
    }

    let header_texts: Vec<String> = header.cells.iter().map(|c| c.value.text()).collect();
    let unmapped_columns: Vec<String> = map
        .unmapped
        .iter()
        .map(|(c, t)| format!("{t} ({})", column_letter(*c)))
        .collect();

    let mut list = EquipmentList {
        file: grid.file.clone(),
        sha256: String::new(),
        encoding: None,
        sheet: grid.sheet.clone(),
        header_line: header.line,
        rows: Vec::new(),
        unmapped_columns,
        skipped: Vec::new(),
        notes: Vec::new(),
    };
    let mut problems = Vec::new();
    let name_col = map.column(Field::Name);
    let qty_col = map.column(Field::Quantity);

    for row in grid.rows.iter().skip(header_index + 1) {
        if row.is_blank() {
            continue;
        }
        let first_text = row
            .cells
            .iter()
            .map(|c| c.value.text())
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        let no = row.text(map.column(Field::No));
        let name = row.text(name_col);

        // Totals: 合计 in the 序号 or name column, or as the row's first text.
        if let Some(word) = [no.as_deref(), name.as_deref(), Some(first_text.as_str())]
            .into_iter()
            .flatten()
            .find_map(total_word)
        {
            list.skipped
                .push((grid.row_ref(row.line), format!("total row ({word})")));
            continue;
        }
        // Section headings: one text across the row (a merged banner), or 一、… with no quantity.
        let distinct: Vec<String> = {
            let mut texts: Vec<String> = row
                .cells
                .iter()
                .map(|c| c.value.text())
                .filter(|t| !t.is_empty())
                .collect();
            texts.dedup();
            texts
        };
        let qty_blank = row.value(qty_col).is_none_or(Value::is_blank);
        let banner = distinct.len() == 1
            && row.cells.iter().filter(|c| !c.value.is_blank()).count() > 1
            && row.value(qty_col).is_none_or(|v| {
                !matches!(
                    parse_quantity(v),
                    Ok(Quantity::Count(_) | Quantity::WithUnit(..))
                )
            });
        let numbered = qty_blank
            && (no.as_deref().is_some_and(is_section_number)
                || name.as_deref().is_some_and(is_section_number));
        if banner || numbered {
            list.skipped.push((
                grid.row_ref(row.line),
                format!("section heading `{first_text}`"),
            ));
            continue;
        }

        let quantity = match (qty_col, row.value(qty_col)) {
            (Some(col), Some(value)) => match parse_quantity(value) {
                Ok(Quantity::Absent) => None,
                Ok(Quantity::Count(n)) => Some((n, None)),
                Ok(Quantity::WithUnit(n, unit)) => {
                    list.notes.push((
                        grid.cell_ref(row.line, col),
                        format!("quantity `{}` read as {n} {unit}", value.text()),
                    ));
                    Some((n, Some(unit)))
                }
                Err(message) => {
                    problems.push(
                        grid.problem(
                            grid.location(row, col),
                            format!("{}: {message}", grid.cell_name(row.line, col)),
                        )
                        .hint("write the quantity as a whole number (e.g. 12); put units in the 单位 column"),
                    );
                    continue;
                }
            },
            _ => None,
        };

        let Some(name) = name else {
            if quantity.is_some() {
                let col = name_col.unwrap_or(0);
                problems.push(
                    grid.problem(
                        grid.location(row, col),
                        format!(
                            "{}: the row has a quantity but no equipment name",
                            grid.cell_name(row.line, col)
                        ),
                    )
                    .hint("fill in the 设备名称 cell, or delete the row"),
                );
            } else {
                list.skipped.push((
                    grid.row_ref(row.line),
                    "no equipment name and no quantity".into(),
                ));
            }
            continue;
        };

        let unit_cell = row.text(map.column(Field::Unit));
        let (quantity, unit) = match quantity {
            Some((n, suffix)) => (Some(n), unit_cell.or(suffix)),
            None => (None, unit_cell),
        };
        let extra = map
            .unmapped
            .iter()
            .filter_map(|(c, h)| {
                let value = row.text(Some(*c))?;
                let header = header_texts.get(*c).cloned().unwrap_or_else(|| h.clone());
                Some((header, value))
            })
            .collect();
        list.rows.push(EquipmentRow {
            no,
            name,
            model: row.text(map.column(Field::Model)),
            quantity,
            unit,
            location: row.text(map.column(Field::Location)),
            remark: row.text(map.column(Field::Remark)),
            extra,
            row: grid.row_ref(row.line),
        });
    }

    if problems.is_empty() {
        Ok(list)
    } else {
        let kinded = problems
            .into_iter()
            .map(|p| ("rows that could not be read", p))
            .collect();
        Err(crate::diagnostic::summarise(&grid.file, kinded))
    }
}

#[cfg(test)]
mod tests;
