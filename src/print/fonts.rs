//! The fonts a PDF is typeset with, and the glyph-coverage check.
//!
//! Fonts are read at run time (never shipped: Noto CJK is 16–20 MB a face). The set comes from
//! the first of: `--font-dir`, `$ANFANG_FONT_DIR`, the system's Noto Sans CJK SC (regular and
//! bold: typst does not fake bold) with WenQuanYi Micro Hei as fallback. From a font collection
//! (`.ttc`) the system set takes the faces of the wanted family by name, not by index.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use typst::foundations::Bytes;
use typst::text::Font;

use super::{FONT_DIR_ENV, PrintError};

/// Families taken from the system fonts, in fallback order, with the files that may hold them
/// (Debian/Ubuntu, Fedora, Arch).
const SYSTEM: &[(&str, &[&str])] = &[
    (
        "Noto Sans CJK SC",
        &[
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
            "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
            "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
        ],
    ),
    (
        "WenQuanYi Micro Hei",
        &[
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
        ],
    ),
];

/// One loaded face.
#[derive(Debug, Clone)]
pub struct FontFace {
    /// The file it came from.
    pub path: PathBuf,
    /// The face's typst font (family, weight and coverage are in `font.info()`).
    pub font: Font,
}

/// The fonts of a rendering, with their families in fallback order.
#[derive(Debug, Clone, Default)]
pub struct FontSet {
    /// Every face, in fallback order of their families.
    pub faces: Vec<FontFace>,
    /// Where the set came from (for messages): a folder, or "system fonts".
    pub origin: String,
}

/// A character no loaded font has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    /// The character.
    pub ch: char,
    /// Where it first occurs (a JSON pointer, or `file:line`).
    pub place: String,
}

impl FontSet {
    /// The fonts of `--font-dir`, else of `$ANFANG_FONT_DIR`, else the system's CJK fonts.
    pub fn discover(font_dir: Option<&Path>) -> Result<FontSet, PrintError> {
        if let Some(dir) = font_dir {
            return FontSet::from_dir(dir);
        }
        if let Some(dir) = std::env::var_os(FONT_DIR_ENV).filter(|d| !d.is_empty()) {
            return FontSet::from_dir(Path::new(&dir));
        }
        FontSet::system()
    }

    /// The system's Noto Sans CJK SC and WenQuanYi Micro Hei faces (whichever are installed).
    pub fn system() -> Result<FontSet, PrintError> {
        let mut faces = Vec::new();
        for (family, paths) in SYSTEM {
            for path in paths.iter().map(Path::new).filter(|p| p.is_file()) {
                faces.extend(
                    read_faces(path)?
                        .into_iter()
                        .filter(|f| f.font.info().family == *family),
                );
            }
        }
        let set = FontSet {
            faces,
            origin: "system fonts".into(),
        };
        if set.faces.is_empty() {
            return Err(PrintError::Fonts(format!(
                "no Chinese font found (looked for {})",
                SYSTEM
                    .iter()
                    .map(|(f, _)| *f)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(set)
    }

    /// Every face of every font file (.ttf, .otf, .ttc, .otc) in a folder and its subfolders,
    /// in path order.
    pub fn from_dir(dir: &Path) -> Result<FontSet, PrintError> {
        if !dir.is_dir() {
            return Err(PrintError::Fonts(format!(
                "font folder {}: not a folder",
                dir.display()
            )));
        }
        let mut files = Vec::new();
        font_files(dir, &mut files, 0);
        files.sort();
        let mut faces = Vec::new();
        for f in &files {
            faces.extend(read_faces(f)?);
        }
        if faces.is_empty() {
            return Err(PrintError::Fonts(format!(
                "font folder {}: no font files (.ttf, .otf, .ttc, .otc)",
                dir.display()
            )));
        }
        Ok(FontSet {
            faces,
            origin: dir.display().to_string(),
        })
    }

    /// Every face of the given font files, in order.
    pub fn from_files(paths: &[&Path]) -> Result<FontSet, PrintError> {
        let mut faces = Vec::new();
        for p in paths {
            faces.extend(read_faces(p)?);
        }
        Ok(FontSet {
            faces,
            origin: paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// The families, in fallback order, each once.
    pub fn families(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in &self.faces {
            let family = &f.font.info().family;
            if !out.contains(family) {
                out.push(family.clone());
            }
        }
        out
    }

    /// Whether some face has the character.
    pub fn covers(&self, ch: char) -> bool {
        self.faces
            .iter()
            .any(|f| f.font.info().coverage.contains(u32::from(ch)))
    }

    /// Whether the main (first) family has a bold face (weight ≥ 600); without one, headings
    /// print in regular weight (typst does not fake bold).
    pub fn has_bold(&self) -> bool {
        let first = self.families().into_iter().next();
        self.faces.iter().any(|f| {
            Some(&f.font.info().family) == first.as_ref()
                && f.font.info().variant.weight.to_number() >= 600
        })
    }

    /// The characters of every string in `value` that no face has, each once, with the JSON
    /// pointer of its first occurrence. Whitespace and control characters are not printed and
    /// are skipped.
    pub fn uncovered_in_value(&self, value: &Value) -> Vec<Uncovered> {
        let mut first = BTreeMap::new();
        walk(value, &mut String::new(), &mut first);
        self.filter_uncovered(first)
    }

    /// The characters of a text (a template) that no face has, with `name:line`.
    pub fn uncovered_in_text(&self, name: &str, text: &str) -> Vec<Uncovered> {
        let mut first = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            for ch in line.chars() {
                let n = first.len();
                first
                    .entry(ch)
                    .or_insert_with(|| (n, format!("{name}:{}", i + 1)));
            }
        }
        self.filter_uncovered(first)
    }

    /// `chars` maps each character to (order of first occurrence, place).
    fn filter_uncovered(&self, chars: BTreeMap<char, (usize, String)>) -> Vec<Uncovered> {
        let mut out: Vec<(usize, Uncovered)> = chars
            .into_iter()
            .filter(|(ch, _)| printable(*ch) && !self.covers(*ch))
            .map(|(ch, (n, place))| (n, Uncovered { ch, place }))
            .collect();
        // In the order they occur, not in code-point order.
        out.sort_by_key(|(n, _)| *n);
        out.into_iter().map(|(_, u)| u).collect()
    }
}

/// Characters that put ink on paper (typst draws nothing for the others anyway).
pub(super) fn printable(ch: char) -> bool {
    !(ch.is_whitespace()
        || ch.is_control()
        || matches!(
            ch,
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        ))
}

fn walk(value: &Value, pointer: &mut String, first: &mut BTreeMap<char, (usize, String)>) {
    match value {
        Value::String(s) => {
            for ch in s.chars() {
                let n = first.len();
                first.entry(ch).or_insert_with(|| (n, pointer.clone()));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                walk(v, pointer, first);
                pointer.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                walk(v, pointer, first);
                pointer.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn font_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for p in entries.filter_map(Result::ok).map(|e| e.path()) {
        if p.is_dir() {
            if depth < 4 {
                font_files(&p, out, depth + 1);
            }
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        }) {
            out.push(p);
        }
    }
}

fn read_faces(path: &Path) -> Result<Vec<FontFace>, PrintError> {
    let bytes = std::fs::read(path)
        .map_err(|e| PrintError::Fonts(format!("font {}: {e}", path.display())))?;
    let faces: Vec<FontFace> = Font::iter(Bytes::new(bytes))
        .map(|font| FontFace {
            path: path.to_path_buf(),
            font,
        })
        .collect();
    if faces.is_empty() {
        return Err(PrintError::Fonts(format!(
            "font {}: not a font typst can read",
            path.display()
        )));
    }
    Ok(faces)
}
