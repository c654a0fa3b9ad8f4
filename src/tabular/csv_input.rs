//! CSV: bytes → text (UTF-8, UTF-8 with BOM, or GB18030) → a grid with line:column per cell.

use crate::diagnostic::{Location, Problem};

use super::{Cell, Grid, GridRow, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, Value};
use crate::diagnostic::thousands;

/// Decodes and parses a CSV file; returns the grid and the encoding used.
pub(super) fn read(name: &str, bytes: &[u8]) -> Result<(Grid, &'static str), Vec<Problem>> {
    let (text, encoding) = decode(name, bytes).map_err(|p| vec![p])?;
    let delimiter = sniff_delimiter(&text);
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| l.trim_end_matches('\r').to_owned())
        .collect();
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut cells_read = 0usize;
    for result in reader.records() {
        match result {
            Ok(record) => {
                cells_read += record.len();
                let over = if rows.len() >= MAX_ROWS {
                    Some(format!("has more than {} rows", thousands(MAX_ROWS)))
                } else if record.len() > MAX_COLUMNS {
                    Some(format!(
                        "has a row of {} columns; anfang reads at most {}",
                        thousands(record.len()),
                        thousands(MAX_COLUMNS)
                    ))
                } else if cells_read > MAX_CELLS {
                    Some(format!("has more than {} cells", thousands(MAX_CELLS)))
                } else {
                    None
                };
                if let Some(what) = over {
                    let line = record.position().map_or(1, |p| p.line() as usize);
                    return Err(vec![
                        Problem::file(name, format!("{what}; anfang reads tables of at most {} rows, {} columns and {} cells", thousands(MAX_ROWS), thousands(MAX_COLUMNS), thousands(MAX_CELLS)))
                            .at(Some(Location { line, column: 1 }))
                            .hint("split the list into several files"),
                    ]);
                }
                // csv 1.4's `position().line()` is wrong after CRLF (rust-csv #395) and after
                // blank lines (#208), and its byte offset can point at the line break before
                // the record: step over line breaks, then count lines ourselves.
                let reported = record.position().map_or(0, |p| p.byte() as usize);
                let offset = reported
                    + text
                        .get(reported..)
                        .unwrap_or_default()
                        .bytes()
                        .take_while(|b| matches!(b, b'\r' | b'\n'))
                        .count();
                let line = line_starts.partition_point(|&s| s <= offset);
                let starts = field_starts(&text, offset, line, char::from(delimiter));
                let cells = record
                    .iter()
                    .enumerate()
                    .map(|(i, field)| Cell {
                        value: if field.trim().is_empty() {
                            Value::Empty
                        } else {
                            Value::Text(without_formula_guard(field).to_owned())
                        },
                        at: starts.get(i).copied().unwrap_or(Location {
                            line,
                            column: i + 1,
                        }),
                    })
                    .collect();
                rows.push(GridRow { line, cells });
            }
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                problems.push(
                    Problem::file(name, format!("could not be read as CSV: {e}"))
                        .at(Some(Location { line, column: 1 })),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((
        Grid {
            file: name.to_owned(),
            sheet: None,
            rows,
            lines: Some(lines),
        },
        encoding,
    ))
}

/// A cell as it was before `sanitize::csv_cell` guarded it: anfang's own CSV files prefix `'`
/// to a cell that a spreadsheet would run as a formula; reading one back drops it.
fn without_formula_guard(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => field,
    }
}

/// UTF-8 (a BOM is dropped), else GB18030; UTF-16 is refused.
fn decode(name: &str, bytes: &[u8]) -> Result<(String, &'static str), Problem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            Problem::file(name, "is encoded as UTF-16 (Excel's \"Unicode text\")")
                .at(Some(Location { line: 1, column: 1 }))
                .hint("save the list as \"CSV UTF-8 (逗号分隔)\" or as .xlsx"),
        );
    }
    if let Some(body) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(body) {
            Ok(text) => Ok((text.to_owned(), "utf-8-bom")),
            Err(e) => Err(not_decodable(
                name,
                body,
                e.valid_up_to(),
                "UTF-8 (it starts with a UTF-8 byte-order mark)",
            )),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), "utf-8")),
        Err(e) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                Err(not_decodable(
                    name,
                    bytes,
                    e.valid_up_to(),
                    "UTF-8 nor GB18030/GBK",
                ))
            } else {
                Ok((text.into_owned(), "gb18030"))
            }
        }
    }
}

fn not_decodable(name: &str, bytes: &[u8], valid_up_to: usize, what: &str) -> Problem {
    let good = String::from_utf8_lossy(bytes.get(..valid_up_to).unwrap_or_default());
    let line = good.matches('\n').count() + 1;
    let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Problem::file(
        name,
        format!("is neither {what}: undecodable bytes at byte offset {valid_up_to}"),
    )
    .at(Some(Location { line, column }))
    .hint("save the list as \"CSV UTF-8 (逗号分隔)\" or as .xlsx")
}

/// Comma, unless the first lines have more tabs or semicolons than commas.
fn sniff_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(10).collect();
    let count = |c: char| head.matches(c).count();
    let (commas, tabs, semis) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// The line:column (characters) where each field of the record starting at `offset` begins.
fn field_starts(text: &str, offset: usize, first_line: usize, delimiter: char) -> Vec<Location> {
    let before = text.get(..offset).unwrap_or_default();
    let mut line = first_line;
    let mut column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let mut starts = vec![Location { line, column }];
    let mut chars = text.get(offset..).unwrap_or_default().chars().peekable();
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        let starts_quote = at_field_start && c == '"';
        at_field_start = false;
        if starts_quote {
            in_quotes = true;
        } else if in_quotes && c == '"' {
            if chars.peek() == Some(&'"') {
                chars.next();
                column += 1;
            } else {
                in_quotes = false;
            }
        } else if !in_quotes && (c == '\n' || c == '\r') {
            break;
        } else if !in_quotes && c == delimiter {
            starts.push(Location {
                line,
                column: column + 1,
            });
            at_field_start = true;
        } else if c == '\n' {
            line += 1;
            column = 0;
        }
        column += 1;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_starts_follow_quotes_and_wide_characters() {
        let text = "a,b\n名称,\"x,\"\"y\",数量\n";
        let offset = text.find('名').unwrap();
        let starts = field_starts(text, offset, 2, ',');
        let cols: Vec<usize> = starts.iter().map(|l| l.column).collect();
        assert_eq!(cols, vec![1, 4, 12]);
        assert!(starts.iter().all(|l| l.line == 2));
    }

    #[test]
    fn a_quoted_line_break_moves_later_fields_to_the_next_line() {
        let text = "\"a\nb\",c";
        let starts = field_starts(text, 0, 1, ',');
        assert_eq!(starts[1], Location { line: 2, column: 4 });
    }

    #[test]
    fn utf16_and_garbage_are_refused() {
        let p = decode("x.csv", &[0xFF, 0xFE, 0x41, 0x00]).unwrap_err();
        assert!(p.message.contains("UTF-16"), "{p}");
        // 0xFF is invalid in GB18030 as well as in UTF-8.
        let p = decode("x.csv", b"ok\nab\x80\xFF").unwrap_err();
        assert_eq!(p.location, Some(Location { line: 2, column: 3 }));
    }

    #[test]
    fn tabs_are_sniffed() {
        assert_eq!(sniff_delimiter("名称\t数量\n摄像机\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("名称,数量\n"), b',');
    }
}
