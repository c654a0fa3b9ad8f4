//! XLSX (calamine): the equipment sheet → a grid, merged regions filled with their value.
//!
//! The workbook is measured first ([`super::xlsx_budget`]); the sheet's cells are then streamed
//! one by one (never calamine's dense range), each checked against the budget as it comes.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::diagnostic::{Location, Problem, thousands};

use super::xlsx_budget::{self, MAX_MERGED_REGIONS};
use super::{Cell, Grid, GridRow, Value, column_letter};
use super::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS};

/// Reads the equipment sheet of a workbook.
pub(super) fn read(name: &str, bytes: Vec<u8>) -> Result<Grid, Vec<Problem>> {
    xlsx_budget::check(name, &bytes).map_err(|p| vec![p])?;
    // The budget refuses what is known to break calamine; should it still panic on a damaged
    // workbook, that is this file's error, not the end of a batch.
    std::panic::catch_unwind(|| read_checked(name, bytes)).unwrap_or_else(|_| {
        Err(vec![
            Problem::file(
                name,
                "is a damaged .xlsx workbook (the reader failed on it)",
            )
            .hint("open the file in Excel or WPS and save it again as .xlsx (Excel 工作簿)"),
        ])
    })
}

fn read_checked(name: &str, bytes: Vec<u8>) -> Result<Grid, Vec<Problem>> {
    let problem = |message: String| {
        vec![
            Problem::file(name, message)
                .hint("open the file in Excel or WPS and save it again as .xlsx (Excel 工作簿)"),
        ]
    };
    let over = |message: String| {
        vec![Problem::file(name, message).hint(
            "split the list into several files, or delete stray cells far below or right of the table",
        )]
    };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| problem(format!("is not a readable .xlsx workbook: {e}")))?;
    let names = workbook.sheet_names();
    let Some(sheet) = choose_sheet(&names) else {
        return Err(problem("has no worksheets".into()));
    };
    let merges = workbook.merge_cells_by_sheet_name(&sheet).map_err(|e| {
        problem(format!(
            "the merged cells of sheet `{sheet}` could not be read: {e}"
        ))
    })?;
    if merges.len() > MAX_MERGED_REGIONS {
        return Err(over(format!(
            "sheet `{sheet}` has {} merged regions; anfang reads at most {}",
            thousands(merges.len()),
            thousands(MAX_MERGED_REGIONS)
        )));
    }

    // The written cells, streamed: (row, column) → value, both 0-based.
    let mut cells: BTreeMap<(usize, usize), Value> = BTreeMap::new();
    let (mut last_row, mut last_col) = (0usize, 0usize);
    {
        let mut reader = workbook
            .worksheet_cells_reader(&sheet)
            .map_err(|e| problem(format!("sheet `{sheet}` could not be read: {e}")))?;
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(e) => return Err(problem(format!("sheet `{sheet}` could not be read: {e}"))),
            };
            let data = Data::from(cell.get_value().clone());
            if matches!(data, Data::Empty) {
                continue;
            }
            let (row, col) = cell.get_position();
            let (row, col) = (row as usize, col as usize);
            if row >= MAX_ROWS {
                return Err(over(format!(
                    "sheet `{sheet}` has a cell in row {}; anfang reads at most {} rows",
                    thousands(row + 1),
                    thousands(MAX_ROWS)
                )));
            }
            if col >= MAX_COLUMNS {
                return Err(over(format!(
                    "sheet `{sheet}` has a cell in column {} ({}{}); anfang reads at most {} columns",
                    column_letter(col),
                    column_letter(col),
                    row + 1,
                    thousands(MAX_COLUMNS)
                )));
            }
            last_row = last_row.max(row);
            last_col = last_col.max(col);
            // The table is as wide as its widest row, for every row down to the last.
            let area = (last_row + 1).saturating_mul(last_col + 1);
            if area > MAX_CELLS {
                return Err(over(format!(
                    "sheet `{sheet}` spans {} rows × {} columns (to cell {}{}); anfang reads at most {} cells",
                    thousands(last_row + 1),
                    thousands(last_col + 1),
                    column_letter(last_col),
                    last_row + 1,
                    thousands(MAX_CELLS)
                )));
            }
            cells.insert((row, col), value_of(&data));
        }
    }
    if cells.is_empty() {
        return Err(vec![
            Problem::file(name, format!("sheet `{sheet}` is empty"))
                .hint("put the equipment list on the first sheet, or name its sheet 设备清单"),
        ]);
    }

    // A dense grid indexed by absolute (row, column), so merge regions index it directly.
    let width = last_col + 1;
    let mut values: Vec<Vec<Value>> = vec![vec![Value::Empty; width]; last_row + 1];
    for ((row, col), value) in cells {
        if let Some(slot) = values.get_mut(row).and_then(|r| r.get_mut(col)) {
            *slot = value;
        }
    }
    let mut filled = 0usize;
    for region in merges {
        let (r0, c0) = (region.start.0 as usize, region.start.1 as usize);
        let Some(value) = values.get(r0).and_then(|r| r.get(c0)).cloned() else {
            continue;
        };
        let r1 = (region.end.0 as usize).min(last_row);
        let c1 = (region.end.1 as usize).min(last_col);
        filled = filled.saturating_add(
            (r1 + 1)
                .saturating_sub(r0)
                .saturating_mul((c1 + 1).saturating_sub(c0)),
        );
        if filled > MAX_CELLS {
            return Err(over(format!(
                "the merged regions of sheet `{sheet}` cover more than {} cells; anfang fills at most that many",
                thousands(MAX_CELLS)
            )));
        }
        for row in values.get_mut(r0..=r1).into_iter().flatten() {
            for cell in row.get_mut(c0..=c1).into_iter().flatten() {
                *cell = value.clone();
            }
        }
    }

    let rows = values
        .into_iter()
        .enumerate()
        .map(|(r, cells)| GridRow {
            line: r + 1,
            cells: cells
                .into_iter()
                .enumerate()
                .map(|(c, value)| Cell {
                    value,
                    at: Location {
                        line: r + 1,
                        column: c + 1,
                    },
                })
                .collect(),
        })
        .collect();
    Ok(Grid {
        file: name.to_owned(),
        sheet: Some(sheet),
        rows,
        lines: None,
    })
}

/// The only sheet; else the first whose name looks like an equipment list; else the first.
fn choose_sheet(names: &[String]) -> Option<String> {
    const WORDS: &[&str] = &[
        "设备清单",
        "设备表",
        "设备",
        "清单",
        "核查表",
        "equipment",
        "device",
        "checklist",
    ];
    names
        .iter()
        .find(|n| {
            let lower = n.to_lowercase();
            WORDS.iter().any(|w| lower.contains(w))
        })
        .or_else(|| names.first())
        .cloned()
}

fn value_of(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        other => Value::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_equipment_sheet_is_preferred() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            choose_sheet(&names(&["封面", "安防设备清单"])).as_deref(),
            Some("安防设备清单")
        );
        assert_eq!(
            choose_sheet(&names(&["Cover", "Equipment List"])).as_deref(),
            Some("Equipment List")
        );
        assert_eq!(
            choose_sheet(&names(&["Sheet1", "Sheet2"])).as_deref(),
            Some("Sheet1")
        );
        assert_eq!(choose_sheet(&[]), None);
    }
}
