//! XLSX (calamine): the equipment sheet → a grid, merged regions filled with their value.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::diagnostic::{Location, Problem};

use super::{Cell, Grid, GridRow, Value};

/// The most rows anfang reads from a sheet (an estate's list has hundreds).
const MAX_ROWS: usize = 100_000;

/// Reads the equipment sheet of a workbook.
pub(super) fn read(name: &str, bytes: Vec<u8>) -> Result<Grid, Vec<Problem>> {
    let problem = |message: String| {
        vec![
            Problem::file(name, message)
                .hint("open the file in Excel or WPS and save it again as .xlsx (Excel 工作簿)"),
        ]
    };
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| problem(format!("is not a readable .xlsx workbook: {e}")))?;
    let names = workbook.sheet_names();
    let Some(sheet) = choose_sheet(&names) else {
        return Err(problem("has no worksheets".into()));
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| problem(format!("sheet `{sheet}` could not be read: {e}")))?;
    let merges = workbook.merge_cells_by_sheet_name(&sheet).map_err(|e| {
        problem(format!(
            "the merged cells of sheet `{sheet}` could not be read: {e}"
        ))
    })?;
    let Some((first_row, first_col)) = range.start() else {
        return Err(vec![
            Problem::file(name, format!("sheet `{sheet}` is empty"))
                .hint("put the equipment list on the first sheet, or name its sheet 设备清单"),
        ]);
    };
    if range.height() > MAX_ROWS {
        return Err(problem(format!(
            "sheet `{sheet}` has {} rows; anfang reads at most {MAX_ROWS}",
            range.height()
        )));
    }

    // A dense grid indexed by absolute (row, column), so merge regions index it directly.
    let (first_row, first_col) = (first_row as usize, first_col as usize);
    let mut values: Vec<Vec<Value>> = vec![Vec::new(); first_row];
    for row in range.rows() {
        let mut cells = vec![Value::Empty; first_col];
        cells.extend(row.iter().map(value_of));
        values.push(cells);
    }
    for region in merges {
        let (r0, c0) = (region.start.0 as usize, region.start.1 as usize);
        let Some(value) = values.get(r0).and_then(|r| r.get(c0)).cloned() else {
            continue;
        };
        let r1 = (region.end.0 as usize).min(values.len().saturating_sub(1));
        for row in values.iter_mut().take(r1 + 1).skip(r0) {
            let c1 = (region.end.1 as usize).min(row.len().saturating_sub(1));
            for cell in row.iter_mut().take(c1 + 1).skip(c0) {
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
