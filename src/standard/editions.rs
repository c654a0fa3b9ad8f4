//! Editions: a standard folder may hold several editions; each submission is checked against
//! the edition in force on its filing date.

use std::path::Path;

use super::compile::dir_chain;
use super::{CompiledStandard, embedded, load_builtin, load_layers};
use crate::date::Date;
use crate::diagnostic::Problem;
use crate::i18n::Text;

/// Every edition of one standard, oldest first.
#[derive(Debug, Clone)]
pub struct Editions {
    /// The editions, sorted by effective date.
    pub list: Vec<CompiledStandard>,
}

/// Loads a standard by built-in id or folder, with all its editions.
pub fn load_editions(name: &str) -> Result<Editions, Vec<Problem>> {
    let path = Path::new(name);
    let mut list = Vec::new();
    let mut problems = Vec::new();
    if path.is_dir() {
        let editions = path.join("editions");
        if editions.is_dir() {
            let mut dirs: Vec<_> = std::fs::read_dir(&editions)
                .map_err(|e| {
                    vec![Problem::file(
                        editions.display().to_string(),
                        format!("could not be read: {e}"),
                    )]
                })?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            dirs.sort();
            for d in dirs {
                match dir_chain(&d).and_then(|layers| load_layers(layers, &d.display().to_string()))
                {
                    Ok(s) => list.push(s),
                    Err(p) => problems.extend(p),
                }
            }
        } else {
            list.push(dir_chain(path).and_then(|layers| load_layers(layers, name))?);
        }
    } else {
        let editions = builtin_editions(name);
        if editions.is_empty() {
            list.push(load_builtin(name)?);
        }
        for e in editions {
            match load_builtin(&format!("{name}/editions/{e}")) {
                Ok(s) => list.push(s),
                Err(p) => problems.extend(p),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if list.is_empty() {
        return Err(vec![
            Problem::file(name, "holds no edition")
                .hint("an editions/ folder holds one folder per edition"),
        ]);
    }
    list.sort_by(|a, b| a.effective.cmp(&b.effective));
    for pair in list.windows(2) {
        if let [a, b] = pair
            && (a.effective == b.effective || a.edition == b.edition)
        {
            return Err(vec![
                Problem::file(
                    &b.origin,
                    format!(
                        "editions {} and {} have the same edition name or effective date",
                        a.edition, b.edition
                    ),
                )
                .hint("each edition has its own name and effective date"),
            ]);
        }
    }
    Ok(Editions { list })
}

/// The editions of a built-in standard (the folders under its `editions/`), in order; none when
/// the standard has a single edition at its top.
pub fn builtin_editions(id: &str) -> Vec<String> {
    let mut editions: Vec<String> = embedded::standard_files(id)
        .iter()
        .filter_map(|(rel, _)| {
            rel.strip_prefix("editions/")?
                .split('/')
                .next()
                .map(str::to_owned)
        })
        .collect();
    editions.dedup();
    editions
}

impl Editions {
    /// The newest edition.
    pub fn latest(&self) -> Option<&CompiledStandard> {
        self.list.last()
    }

    /// The edition named `name`.
    pub fn named(&self, name: &str) -> Result<&CompiledStandard, String> {
        self.list.iter().find(|s| s.edition == name).ok_or_else(|| {
            let names: Vec<&str> = self.list.iter().map(|s| s.edition.as_str()).collect();
            format!(
                "--edition {name}: no such edition (editions: {})",
                names.join(", ")
            )
        })
    }

    /// The edition to apply to a submission, and why.
    pub fn pick(
        &self,
        filing_date: Option<&str>,
        as_of: Date,
        forced: Option<&str>,
    ) -> Result<(&CompiledStandard, Text), String> {
        if let Some(name) = forced {
            let s = self.named(name)?;
            return Ok((
                s,
                Text::new(
                    format!("按 --edition 指定采用 {}", s.edition),
                    format!("edition {} chosen with --edition", s.edition),
                ),
            ));
        }
        if self.list.len() == 1
            && let Some(s) = self.list.first()
        {
            return Ok((
                s,
                Text::new("本标准仅有一个版本", "the standard has a single edition"),
            ));
        }
        let (date, zh_what, en_what) = match filing_date.and_then(Date::parse) {
            Some(d) => (d, "申报日期", "filing date"),
            None => (
                as_of,
                "未填写申报日期，按核查日期",
                "no filing date: as-of date",
            ),
        };
        let day = date.to_string();
        let in_force = self
            .list
            .iter()
            .rev()
            .find(|s| s.effective.as_str() <= day.as_str());
        match in_force {
            Some(s) => Ok((
                s,
                Text::new(
                    format!(
                        "{zh_what} {day} 时现行版本为 {}（{} 起施行）",
                        s.edition, s.effective
                    ),
                    format!(
                        "in force on the {en_what} {day}: edition {} (effective {})",
                        s.edition, s.effective
                    ),
                ),
            )),
            None => {
                let first = self.list.first().ok_or("no edition")?;
                Ok((
                    first,
                    Text::new(
                        format!(
                            "{zh_what} {day} 早于所有版本的施行日期，采用最早版本 {}（{} 起施行）",
                            first.edition, first.effective
                        ),
                        format!(
                            "the {en_what} {day} precedes every edition: the earliest, {} (effective {}), is applied",
                            first.edition, first.effective
                        ),
                    ),
                ))
            }
        }
    }
}
