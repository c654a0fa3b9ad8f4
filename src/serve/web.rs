//! The page templates (`templates/web/*.html.j2`, built in like the documents' templates):
//! minijinja, strict undefined, HTML auto-escaping; Chinese by default, English on request.

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use super::error::ServeError;
use crate::i18n::Lang;

/// The page environment.
pub struct Web {
    env: Environment<'static>,
}

impl Web {
    /// Loads the built-in page templates.
    pub fn new() -> Web {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_loader(|name| Ok(crate::standard::embedded::template(name).map(str::to_owned)));
        Web { env }
    }

    /// Renders `web/<name>.html.j2` with the page's data as `p`, the language as `L`, the
    /// signed-in user as `me` and the session's CSRF token as `csrf`.
    pub fn render<T: Serialize>(
        &self,
        name: &str,
        lang: Lang,
        me: Option<&super::auth::Caller>,
        csrf: &str,
        page: &T,
    ) -> Result<String, ServeError> {
        let template = self
            .env
            .get_template(&format!("web/{name}.html.j2"))
            .map_err(|e| ServeError::Internal(format!("page template {name}: {e}")))?;
        template
            .render(minijinja::context! {
                p => Serde(page),
                L => match lang { Lang::Zh => "zh", Lang::En => "en" },
                me => Serde(me),
                csrf => csrf,
                version => env!("CARGO_PKG_VERSION"),
            })
            .map_err(|e| {
                let mut m = format!("page template {name}");
                if let Some(line) = e.line() {
                    m.push_str(&format!(":{line}"));
                }
                ServeError::Internal(format!("{m}: {e}"))
            })
    }
}

/// Percent-encodes a query value.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A local path to return to after signing in (never another site).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/projects".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/rounds/3")), "/rounds/3");
        assert_eq!(safe_next(Some("//evil.example/")), "/projects");
        assert_eq!(safe_next(Some("https://evil.example/")), "/projects");
        assert_eq!(safe_next(None), "/projects");
    }
}
