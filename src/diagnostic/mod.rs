//! Problems that stop anfang from checking an input: where they are and how to fix them.
//!
//! A [`Problem`] is an *input error* ("could not check"), never a compliance finding. Every
//! layer that reads user files (submissions, rule files, templates) reports its mistakes as a
//! list of problems, so that a user sees all of them at once.

use std::fmt;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::i18n::Lang;

mod translate;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
    /// The offending source line, for the terminal excerpt.
    #[serde(skip)]
    pub source_line: Option<String>,
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
        }
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
    pub fn render(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        writeln!(out, "{self}")?;
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
        write!(out, "{label}{colon}{}", self.file)?;
        if let Some(loc) = self.location {
            write!(out, ":{}:{}", loc.line, loc.column)?;
        }
        write!(out, ": ")?;
        if let Some(pointer) = &self.pointer {
            write!(out, "{}: ", if pointer.is_empty() { "/" } else { pointer })?;
        }
        match lang {
            Lang::Zh => {
                write!(out, "{}", translate::message(&self.message))?;
                if let Some(hint) = &self.hint {
                    write!(out, "；提示：{}", translate::hint(hint))?;
                }
            }
            Lang::En => {
                write!(out, "{}", self.message)?;
                if let Some(hint) = &self.hint {
                    write!(out, "; hint: {hint}")?;
                }
            }
        }
        writeln!(out)?;
        self.excerpt(out)
    }

    fn excerpt(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        if let (Some(loc), Some(line)) = (self.location, &self.source_line) {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            let before: String = line.chars().take(loc.column.saturating_sub(1)).collect();
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
            write!(f, "{}: ", if pointer.is_empty() { "/" } else { pointer })?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; hint: {hint}")?;
        }
        Ok(())
    }
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for candidate in candidates {
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
