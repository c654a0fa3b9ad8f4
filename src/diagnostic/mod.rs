//! Problems that stop anfang from checking an input: where they are and how to fix them.
//!
//! A [`Problem`] is an *input error* ("could not check"), never a compliance finding. Every
//! layer that reads user files (submissions, rule files, templates) reports its mistakes as a
//! list of problems, so that a user sees all of them at once.

use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The widest source excerpt shown under a problem, in terminal columns: a minified JSON file
/// is one line, and echoing it whole under each problem wrote 124 MB for a 36 KB file.
pub const EXCERPT_WIDTH: usize = 100;

/// The longest id or value quoted in a message, in characters.
pub const MAX_QUOTED_CHARS: usize = 60;

/// Problems of one kind that are listed before the rest are counted ("and 9,990 more
/// duplicate ids").
pub const MAX_PROBLEMS_PER_KIND: usize = 10;

/// Problems listed for one file at most; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

/// Words longer than this get no did-you-mean (no field, value or id is that long, and the
/// comparison costs the product of the lengths).
pub const MAX_SUGGESTED_CHARS: usize = 64;

use crate::i18n::Lang;

mod translate;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    /// Line, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub column: usize,
}

/// One thing wrong with an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file, as the user named it.
    pub file: String,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// The JSON pointer of the offending value, when the problem concerns one.
    pub pointer: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The offending source line (or the part of it around the column), for the terminal
    /// excerpt.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters of the line were cut before `source_line` starts.
    #[serde(skip)]
    pub excerpt_start: usize,
}

impl Problem {
    /// A problem with a file as a whole (no position).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            location: None,
            pointer: None,
            message: message.into(),
            hint: None,
            source_line: None,
            excerpt_start: 0,
        }
    }

    /// Sets the source excerpt from the whole line: only the part around the column is kept.
    #[must_use]
    pub fn with_source_line(mut self, line: &str) -> Self {
        let column = self.location.map_or(0, |l| l.column.saturating_sub(1));
        let (text, start) = excerpt(line, column);
        self.source_line = Some(text);
        self.excerpt_start = start;
        self
    }

    /// Adds a hint.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the position.
    #[must_use]
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Sets the JSON pointer.
    #[must_use]
    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Writes the problem compiler-style: the one-line summary, then the source line with a
    /// caret under the column.
    /// Text from the input (the message quotes values, the excerpt is the user's line) is
    /// cut to a bounded width and its control characters are shown, not sent.
    pub fn render(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        writeln!(out, "{}", crate::sanitize::terminal(&self.to_string()))?;
        self.excerpt(out)
    }

    /// Writes the problem for a person at a terminal: an `错误` / `error` label (red when
    /// `color`), the summary in `lang` (the common messages of schema validation are said in
    /// Chinese; others keep their English), then the source line with a caret.
    pub fn render_in(&self, out: &mut dyn fmt::Write, lang: Lang, color: bool) -> fmt::Result {
        self.render_labelled(out, lang, color, false)
    }

    /// Like [`Problem::render_in`], labelled `提示` / `note` (yellow): something anfang did with
    /// the input that the user should know, not an error.
    pub fn render_note(&self, out: &mut dyn fmt::Write, lang: Lang, color: bool) -> fmt::Result {
        self.render_labelled(out, lang, color, true)
    }

    fn render_labelled(
        &self,
        out: &mut dyn fmt::Write,
        lang: Lang,
        color: bool,
        note: bool,
    ) -> fmt::Result {
        use fmt::Write as _;
        let label = match (lang, note) {
            (Lang::Zh, false) => "错误",
            (Lang::En, false) => "error",
            (Lang::Zh, true) => "提示",
            (Lang::En, true) => "note",
        };
        let label = match (color, note) {
            (false, _) => label.to_owned(),
            (true, false) => format!("\u{1b}[1;31m{label}\u{1b}[0m"),
            (true, true) => format!("\u{1b}[1;33m{label}\u{1b}[0m"),
        };
        let colon = if lang == Lang::Zh { "：" } else { ": " };
        // Everything after the label quotes the input (file name, pointer, values): its control
        // characters are shown, not sent; the label's own colour codes stay.
        let mut body = String::new();
        write!(body, "{}", self.file)?;
        if let Some(loc) = self.location {
            write!(body, ":{}:{}", loc.line, loc.column)?;
        }
        write!(body, ": ")?;
        if let Some(pointer) = &self.pointer {
            write!(body, "{}: ", if pointer.is_empty() { "/" } else { pointer })?;
        }
        match lang {
            Lang::Zh => {
                write!(body, "{}", translate::message(&self.message))?;
                if let Some(hint) = &self.hint {
                    write!(body, "；提示：{}", translate::hint(hint))?;
                }
            }
            Lang::En => {
                write!(body, "{}", self.message)?;
                if let Some(hint) = &self.hint {
                    write!(body, "; hint: {hint}")?;
                }
            }
        }
        writeln!(out, "{label}{colon}{}", crate::sanitize::terminal(&body))?;
        self.excerpt(out)
    }

    fn excerpt(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        if let (Some(loc), Some(line)) = (self.location, &self.source_line) {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            let column = loc
                .column
                .saturating_sub(1)
                .saturating_sub(self.excerpt_start);
            // Already cut by `with_source_line`, unless a caller set the whole line.
            let (line, dropped) = excerpt(line, column);
            let line = crate::sanitize::terminal(&line).replace('\t', " ");
            let before: String = line.chars().take(column - dropped.min(column)).collect();
            let caret_at = UnicodeWidthStr::width(before.as_str());
            writeln!(out, "{pad} |")?;
            writeln!(out, "{number} | {line}")?;
            writeln!(out, "{pad} | {}^", " ".repeat(caret_at))?;
        }
        Ok(())
    }
}

impl fmt::Display for Problem {
    /// `file:line:column: pointer: message; hint: …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": ")?;
        if let Some(pointer) = &self.pointer {
            if pointer.is_empty() {
                write!(f, "/: ")?;
            } else {
                // A key of a million characters stays a key, not a screenful.
                let tokens: Vec<String> = pointer.split('/').map(shorten).collect();
                let joined = tokens.join("/");
                if joined.chars().count() > 4 * MAX_QUOTED_CHARS {
                    write!(f, "{}: ", shorten(&joined))?;
                } else {
                    write!(f, "{joined}: ")?;
                }
            }
        }
        write!(f, "{}", capped(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "; hint: {}", capped(hint))?;
        }
        Ok(())
    }
}

/// The part of `line` around the character `column` (0-based) that fits [`EXCERPT_WIDTH`]
/// terminal columns, with `…` where it was cut (wide CJK characters count twice), and how many
/// characters were dropped before it. Costs the column plus the window, not the line.
pub fn excerpt(line: &str, column: usize) -> (String, usize) {
    // Cheap exit: a short line (in bytes, so at most that many columns wide) is kept.
    if line.len() <= EXCERPT_WIDTH {
        return (line.to_owned(), 0);
    }
    // Every character takes at least a column; a control character is shown escaped
    // (`\u{1b}`), so it takes the width of its escape.
    let width = |c: char| {
        if c.is_control() {
            c.escape_unicode().count()
        } else {
            UnicodeWidthChar::width(c).unwrap_or(0).max(1)
        }
    };
    // The byte where the column's character starts (or the end of the line).
    let at = line
        .char_indices()
        .nth(column)
        .map_or(line.len(), |(i, _)| i);
    let (head, tail) = line.split_at(at);
    // A third of the window before the column, the rest after it.
    let mut start = at;
    let mut used = 0;
    let mut dropped_chars_before = column;
    for (i, c) in head.char_indices().rev() {
        if used + width(c) > EXCERPT_WIDTH / 3 {
            break;
        }
        used += width(c);
        start = i;
        dropped_chars_before -= 1;
    }
    let mut end = at;
    for (i, c) in tail.char_indices() {
        if used + width(c) > EXCERPT_WIDTH {
            break;
        }
        used += width(c);
        end = at + i + c.len_utf8();
    }
    if start == 0 && end == line.len() {
        return (line.to_owned(), 0);
    }
    let mut text = String::with_capacity(end - start + 8);
    if start > 0 {
        text.push('…');
    }
    text.push_str(line.get(start..end).unwrap_or_default());
    if end < line.len() {
        text.push('…');
    }
    // The leading `…` takes the place of one dropped character.
    (
        text,
        dropped_chars_before.saturating_sub(usize::from(start > 0)),
    )
}

/// `text` for a message: at most [`MAX_QUOTED_CHARS`] characters, else its start, `…` and
/// its length.
pub fn shorten(text: &str) -> String {
    let mut chars = text.char_indices();
    match chars.nth(MAX_QUOTED_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => format!(
            "{}… ({} characters)",
            text.get(..cut).unwrap_or_default(),
            thousands(text.chars().count())
        ),
    }
}

/// The longest message or hint shown whole, in characters: a last guard for text quoted by a
/// library (a parser's error that echoes its input).
const MAX_MESSAGE_CHARS: usize = 1_000;

fn capped(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} characters in all)",
            text.get(..cut).unwrap_or_default(),
            thousands(text.chars().count())
        )),
    }
}

/// `9990` → `9,990`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Keeps the first [`MAX_PROBLEMS_PER_KIND`] problems of each kind and [`MAX_PROBLEMS`] in
/// all (in the order given), and counts the rest: "and 9,990 more duplicate ids". `kind` is a
/// plural noun phrase.
pub fn summarise(file: &str, problems: Vec<(&'static str, Problem)>) -> Vec<Problem> {
    let mut shown = Vec::new();
    // Each kind in order of first appearance: (kind, found, listed).
    let mut kinds: Vec<(&'static str, usize, usize)> = Vec::new();
    for (kind, problem) in problems {
        let index = match kinds.iter().position(|(k, _, _)| *k == kind) {
            Some(i) => i,
            None => {
                kinds.push((kind, 0, 0));
                kinds.len() - 1
            }
        };
        let Some(entry) = kinds.get_mut(index) else {
            continue;
        };
        entry.1 += 1;
        if entry.2 < MAX_PROBLEMS_PER_KIND && shown.len() < MAX_PROBLEMS {
            entry.2 += 1;
            shown.push(problem);
        }
    }
    for (kind, found, listed) in kinds {
        if found > listed {
            shown.push(Problem::file(
                file,
                format!("and {} more {kind}", thousands(found - listed)),
            ));
        }
    }
    shown
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
/// Candidates whose length differs from the word's by more than half are not compared, and a
/// word longer than [`MAX_SUGGESTED_CHARS`] gets no suggestion.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().take(MAX_SUGGESTED_CHARS + 1).count();
    if length > MAX_SUGGESTED_CHARS {
        return None;
    }
    let mut best: Option<(&str, f64)> = None;
    for candidate in candidates {
        let other = candidate.chars().count();
        if length.abs_diff(other) * 2 > length.max(other) {
            continue;
        }
        let score = strsim::jaro_winkler(word, candidate);
        if score > 0.8 && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_file_line_column_pointer_and_hint() {
        let p = Problem::file("a.yaml", "unknown field `resolutin_mp`")
            .at(Some(Location { line: 3, column: 5 }))
            .pointer("/technical/cameras/0/resolutin_mp")
            .hint("did you mean `resolution_mp`?");
        assert_eq!(
            p.to_string(),
            "a.yaml:3:5: /technical/cameras/0/resolutin_mp: unknown field `resolutin_mp`; hint: did you mean `resolution_mp`?"
        );
    }

    #[test]
    fn caret_accounts_for_wide_characters() {
        let mut p = Problem::file("a.yaml", "bad").at(Some(Location { line: 1, column: 5 }));
        p.source_line = Some("名称: 十二".into());
        let mut s = String::new();
        p.render(&mut s).unwrap();
        // "名称: " is 2+2+1+1 = 6 columns wide, so the caret sits under 十.
        assert!(s.ends_with(&format!("  | {}^\n", " ".repeat(6))), "{s}");
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let fields = ["resolution_mp", "frame_rate_fps", "covers"];
        assert_eq!(did_you_mean("resolutin_mp", fields), Some("resolution_mp"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }
}
