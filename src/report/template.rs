//! Markdown and HTML documents from `templates/`, rendered with minijinja in strict mode.

use std::path::{Path, PathBuf};

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::{Report, sections};
use crate::error::Error;
use crate::i18n::Lang;

/// The auto-escape of `.md.j2` templates (see [`crate::sanitize::markdown_inline`]).
const MARKDOWN: &str = "markdown";

/// Where templates come from: the built-in set, or an authority's own folder (files there
/// override the built-in ones of the same name).
#[derive(Debug, Clone, Default)]
pub struct Templates {
    /// The override folder.
    pub dir: Option<PathBuf>,
}

impl Templates {
    fn environment(&self) -> Environment<'static> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html.j2") {
                AutoEscape::Html
            } else if name.ends_with(".md.j2") {
                AutoEscape::Custom(std::borrow::Cow::Borrowed(MARKDOWN))
            } else {
                AutoEscape::None
            }
        });
        // Markdown has no escaping of its own: every `{{ value }}` of a Markdown template is
        // neutralised (no forged table rows, headings, raw HTML or links from an input);
        // a template marks its own Markdown with `|safe`.
        env.set_formatter(|out, state, value| {
            if *state.auto_escape() == AutoEscape::Custom(std::borrow::Cow::Borrowed(MARKDOWN)) {
                if value.is_safe() {
                    return write!(out, "{value}").map_err(minijinja::Error::from);
                }
                let text = crate::sanitize::markdown_inline(&value.to_string());
                return out.write_str(&text).map_err(minijinja::Error::from);
            }
            minijinja::escape_formatter(out, state, value)
        });
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        // `path|file_name`: a file's name without the folders of the machine that ran anfang.
        env.add_filter("file_name", |path: String| super::words::file_name(&path));
        // `id|label("project.protection_level", L)`: an enumeration value's label.
        env.add_filter("label", |id: String, field: String, lang: String| {
            crate::model::labels::labels()
                .value_of(Some(&field), &id)
                .map_or(id.clone(), |t| {
                    if lang == "en" {
                        t.en.clone()
                    } else {
                        t.zh.clone()
                    }
                })
        });
        let dir = self.dir.clone();
        env.set_loader(move |name| {
            if let Some(d) = &dir {
                let p = d.join(name);
                if p.is_file() {
                    return std::fs::read_to_string(&p).map(Some).map_err(|e| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("could not read {}: {e}", p.display()),
                        )
                    });
                }
            }
            Ok(crate::standard::embedded::template(name).map(str::to_owned))
        });
        env
    }

    /// Renders a named template with a report (the document number derived from its digests).
    pub fn render(&self, name: &str, report: &Report, lang: Lang) -> Result<String, Error> {
        self.render_opinion(name, report, lang, None)
    }

    /// Renders a named template with a report: `r` is the report (its JSON contract), `o` the
    /// review opinion in `lang` ([`super::opinion::Opinion`]), numbered `doc_number` or the
    /// number derived from the report's digests.
    pub fn render_opinion(
        &self,
        name: &str,
        report: &Report,
        lang: Lang,
        doc_number: Option<&str>,
    ) -> Result<String, Error> {
        let env = self.environment();
        let template = env
            .get_template(name)
            .map_err(|e| template_error(&self.dir, name, &e))?;
        let number = crate::print::document_number(report, doc_number);
        let ctx = minijinja::context! {
            r => Serde(report),
            o => Serde(super::opinion::build(report, &number, lang)),
            L => match lang { Lang::Zh => "zh", Lang::En => "en" },
            mandatory_sections => Serde(sections(report, true)),
            other_sections => Serde(sections(report, false)),
        };
        template
            .render(ctx)
            .map_err(|e| template_error(&self.dir, name, &e))
    }
}

impl Templates {
    /// Renders a named template with any document (`d` in the template).
    pub fn render_document<T: serde::Serialize>(
        &self,
        name: &str,
        document: &T,
        lang: Lang,
    ) -> Result<String, Error> {
        self.render_value(name, "d", document, lang)
    }

    /// Renders a named template with any serialisable data as `s` (batch summaries, deltas).
    pub fn render_data<T: serde::Serialize>(
        &self,
        name: &str,
        data: &T,
        lang: Lang,
    ) -> Result<String, Error> {
        self.render_value(name, "s", data, lang)
    }

    fn render_value<T: serde::Serialize>(
        &self,
        name: &str,
        key: &str,
        value: &T,
        lang: Lang,
    ) -> Result<String, Error> {
        let env = self.environment();
        let template = env
            .get_template(name)
            .map_err(|e| template_error(&self.dir, name, &e))?;
        let mut ctx = std::collections::BTreeMap::new();
        ctx.insert(key.to_owned(), minijinja::Value::from(Serde(value)));
        ctx.insert(
            "L".to_owned(),
            minijinja::Value::from(match lang {
                Lang::Zh => "zh",
                Lang::En => "en",
            }),
        );
        template
            .render(ctx)
            .map_err(|e| template_error(&self.dir, name, &e))
    }
}

fn template_error(dir: &Option<PathBuf>, name: &str, e: &minijinja::Error) -> Error {
    let file = dir
        .as_deref()
        .map(|d| d.join(name))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| Path::new("templates").join(name));
    let mut message = format!("template {}", file.display());
    if let Some(line) = e.line() {
        message.push_str(&format!(":{line}"));
    }
    message.push_str(&format!(": {}", e.detail().unwrap_or(&e.to_string())));
    Error::Report(message)
}
