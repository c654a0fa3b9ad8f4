//! typst: template + data + fonts → PDF bytes.

use serde_json::Value;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Array, Dict, IntoValue, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{DiagSpan, DiagSpanKind, Source};
use typst_as_lib::{TypstAsLibError, TypstEngine};
use typst_layout::PagedDocument;

use super::fonts::{FontSet, printable};
use super::{PrintDocument, PrintError, PrintOptions};
use crate::i18n::Lang;

/// Renders a document: checks glyph coverage, compiles `templates/<name>.typ` with `data` as
/// `sys.inputs.data` (a JSON string), `lang` and the font families, refuses typst warnings,
/// and exports the PDF. The same inputs give the same bytes.
pub fn render(
    document: PrintDocument,
    data: &Value,
    fonts: &FontSet,
    options: &PrintOptions,
) -> Result<Vec<u8>, PrintError> {
    let file = document.template_file();
    let (shown, template) = template_source(&file, options)?;
    let families = fonts.families();
    if let Some(u) = fonts
        .uncovered_in_value(data)
        .into_iter()
        .chain(fonts.uncovered_in_text(&shown, &template))
        .next()
    {
        return Err(PrintError::MissingGlyph {
            ch: u.ch,
            place: u.place,
            fonts: families,
        });
    }
    let json = serde_json::to_string(data).map_err(|e| PrintError::Export(e.to_string()))?;
    let source = Source::new(
        typst::syntax::RootedPath::new(
            typst::syntax::VirtualRoot::Project,
            typst::syntax::VirtualPath::new(format!("/{file}"))
                .map_err(|e| PrintError::Export(format!("{file}: {e:?}")))?,
        )
        .intern(),
        template.clone(),
    );
    let engine = TypstEngine::builder()
        .main_file(source.clone())
        .fonts(fonts.faces.iter().map(|f| f.font.clone()))
        .build();
    let lang = match options.lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    let mut inputs = Dict::new();
    inputs.insert("data".into(), json.as_str().into_value());
    inputs.insert("lang".into(), lang.into_value());
    inputs.insert(
        "fonts".into(),
        families
            .iter()
            .map(|f| f.as_str().into_value())
            .collect::<Array>()
            .into_value(),
    );
    let warned = engine.compile_with_input::<_, PagedDocument>(inputs);
    let template_error = |diagnostics: &[SourceDiagnostic]| PrintError::Template {
        file: shown.clone(),
        messages: diagnostics
            .iter()
            .map(|d| describe(d, &source, &shown))
            .collect(),
    };
    let doc = match warned.output {
        Ok(doc) => doc,
        Err(TypstAsLibError::TypstSource(diagnostics)) => {
            return Err(template_error(&diagnostics));
        }
        Err(e) => {
            return Err(PrintError::Template {
                file: shown,
                messages: vec![e.to_string()],
            });
        }
    };
    // A warning is an error: "unknown font family" means a fallback nobody chose.
    if !warned.warnings.is_empty() {
        return Err(template_error(&warned.warnings));
    }
    // What typst could not find a glyph for, it shapes as glyph 0 (a blank or a box).
    for page in doc.pages() {
        if let Some(ch) = notdef(&page.frame) {
            return Err(PrintError::MissingGlyph {
                ch,
                place: format!("{shown} (typeset text)"),
                fonts: families,
            });
        }
    }
    let pdf_options = typst_pdf::PdfOptions {
        // A stable document id decided by the document, language and data (the default hashes
        // only the title and author).
        ident: Smart::Custom(crate::ingest::sha256_hex(
            format!("{}\n{lang}\n{json}", document.0).as_bytes(),
        )),
        creator: Smart::Custom(Some(format!(
            "anfang {} (typst 0.15)",
            env!("CARGO_PKG_VERSION")
        ))),
        // No creation date, so the bytes depend only on the inputs.
        timestamp: None,
        ..Default::default()
    };
    typst_pdf::pdf(&doc, &pdf_options).map_err(|diagnostics| {
        PrintError::Export(
            diagnostics
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

/// The template text and the name to show in messages: `--templates DIR/<file>` when that file
/// exists, else the built-in one.
fn template_source(file: &str, options: &PrintOptions) -> Result<(String, String), PrintError> {
    if let Some(dir) = &options.templates {
        let p = dir.join(file);
        if p.is_file() {
            let text = std::fs::read_to_string(&p).map_err(|e| PrintError::Template {
                file: p.display().to_string(),
                messages: vec![format!("could not be read: {e}")],
            })?;
            return Ok((p.display().to_string(), text));
        }
    }
    crate::standard::embedded::template(file)
        .map(|t| (format!("templates/{file}"), t.to_owned()))
        .ok_or_else(|| PrintError::Template {
            file: format!("templates/{file}"),
            messages: vec!["no such template".into()],
        })
}

/// "line 12: message (hint: …)".
fn describe(d: &SourceDiagnostic, source: &Source, shown: &str) -> String {
    let mut s = String::new();
    if let Some(line) = line_of(d.span, source) {
        s.push_str(&format!("{shown}:{line}: "));
    }
    s.push_str(&d.message);
    for h in &d.hints {
        s.push_str(&format!(" (hint: {})", h.v));
    }
    s
}

fn line_of(span: DiagSpan, source: &Source) -> Option<usize> {
    let range = match span.get() {
        DiagSpanKind::Number { id, num, sub_range } if id == source.id() => {
            source.range(num, sub_range)?
        }
        DiagSpanKind::Range { id, range } if id == source.id() => range,
        _ => return None,
    };
    source.lines().byte_to_line(range.start).map(|l| l + 1)
}

/// The first character typst laid out with glyph 0 (.notdef).
fn notdef(frame: &Frame) -> Option<char> {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => {
                if let Some(c) = notdef(&g.frame) {
                    return Some(c);
                }
            }
            FrameItem::Text(t) => {
                for g in t.glyphs.iter().filter(|g| g.id == 0) {
                    if let Some(c) = t
                        .text
                        .get(g.range())
                        .and_then(|s| s.chars().find(|c| printable(*c)))
                    {
                        return Some(c);
                    }
                }
            }
            _ => {}
        }
    }
    None
}
