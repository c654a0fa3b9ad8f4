//! Neutralising text that came from an input before it is written into an output format that
//! would otherwise interpret it: a spreadsheet formula in a CSV cell, table rows, headings, raw
//! HTML or links in a Markdown document, control sequences on a terminal.
//!
//! Every writer calls one of these on text it did not write itself; HTML is escaped by the
//! template engine's auto-escape.

use std::borrow::Cow;

/// A CSV cell safe to open in Excel, WPS or LibreOffice: a cell starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is read as a formula (`=HYPERLINK(…)`, `@SUM(…)`,
/// `-2+3+cmd|…`), so it gets a leading `'`, which spreadsheets show as a text marker (OWASP's
/// advice for CSV injection).
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Text from an input, safe inside a Markdown paragraph or table cell: line breaks become
/// spaces (no forged rows or headings), `|` cannot end a table cell, `<` `>` `&` cannot open
/// raw HTML, `[` `]` cannot open a link, and a leading `#` or a run of `=` / `-` cannot make
/// a heading.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '`' => out.push_str("\\`"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    // A heading or a setext underline only counts at the start of a line, where a template
    // may put a value. (List markers are left alone: `1. 通过` in a heading is common, and a
    // list item forges nothing.)
    let rest = out.trim_start();
    let leading = out.len() - rest.len();
    if rest.starts_with('#') || (!rest.is_empty() && rest.chars().all(|c| c == '=' || c == '-')) {
        out.insert(leading, '\\');
    }
    out
}

/// Text from an input, safe to print on a terminal: control characters other than line
/// breaks and tabs (an escape sequence that hides or rewrites what follows, a bell, a
/// backspace) are shown as `\u{1b}` instead of being sent to the terminal.
pub fn terminal(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        for cell in [
            "=HYPERLINK(\"http://x\",\"点击\")",
            "@SUM(A1:A9)",
            "-2+3+cmd|' /C calc'!A0",
            "+1",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_cell(cell), format!("'{cell}"));
        }
        assert_eq!(csv_cell("摄像机"), "摄像机");
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("a=b"), "a=b");
    }

    #[test]
    fn markdown_structure_is_escaped() {
        assert_eq!(
            markdown_inline("x | 通过 |\n| 伪造 | 行 |"),
            "x \\| 通过 \\| \\| 伪造 \\| 行 \\|"
        );
        assert_eq!(markdown_inline("# 结论：通过"), "\\# 结论：通过");
        assert_eq!(
            markdown_inline("[点击](javascript:alert(1))"),
            "\\[点击\\](javascript:alert(1))"
        );
        assert_eq!(
            markdown_inline("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(markdown_inline("1. Basis"), "1. Basis");
        assert_eq!(markdown_inline("小区 A-1 号"), "小区 A-1 号");
        assert_eq!(markdown_inline("0.8"), "0.8");
        assert_eq!(markdown_inline("-"), "\\-");
        assert_eq!(markdown_inline("-5"), "-5");
        assert_eq!(markdown_inline("==="), "\\===");
        assert!(!markdown_inline("a\r\n## b").contains('\n'));
    }

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(terminal("小区\u{1b}[8m"), "小区\\u{1b}[8m");
        assert_eq!(terminal("a\nb\tc"), "a\nb\tc");
        assert_eq!(terminal("\u{7}\u{8}"), "\\u{7}\\u{8}");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }
}
