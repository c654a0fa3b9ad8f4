//! Which files a batch checks, in which order, and where each one's report goes.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Folders nested deeper than this below a batch argument are not walked (symlink loops).
const MAX_DEPTH: usize = 32;

/// One submission of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// The path as shown in the summary (`/`-separated, as given on the command line).
    pub name: String,
    /// The report's path below the output folder, without the format's extension.
    pub report: String,
}

/// Whether a file found in a folder is a submission: `.yaml`, `.yml`, `.json` or `.toml`,
/// not hidden and not a JSON Schema (`samples/submission.schema.json`).
pub fn is_submission(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.ends_with(".schema.json") {
        return false;
    }
    crate::ingest::Format::from_path(path).is_some()
}

/// The submissions named by `args`: files as given, folders walked recursively (sorted, hidden
/// entries and `exclude`, the output folder, skipped). Sorted by name, duplicates removed.
pub fn discover(args: &[PathBuf], exclude: Option<&Path>) -> Vec<Input> {
    let exclude = exclude.and_then(|e| e.canonicalize().ok());
    let mut files = Vec::new();
    for a in args {
        if a.is_dir() {
            walk(a, exclude.as_deref(), 0, &mut files);
        } else {
            // A missing or odd file is still an input: it is reported as an error row.
            files.push(a.clone());
        }
    }
    let mut by_name: BTreeMap<String, PathBuf> = BTreeMap::new();
    for f in files {
        by_name.entry(display_name(&f)).or_insert(f);
    }
    let stems = report_stems(by_name.keys().map(String::as_str));
    by_name
        .into_iter()
        .zip(stems)
        .map(|((name, path), report)| Input { path, name, report })
        .collect()
}

/// What a batch writes into its output folder, besides hidden files: never an input.
const BATCH_OUTPUTS: &[&str] = &["reports", "summary.json", "summary.csv", "dashboard.html"];

fn walk(dir: &Path, exclude: Option<&Path>, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH {
        return;
    }
    // The output folder inside an input folder is not an input; given itself as the input
    // folder, only what the batch writes there is left out.
    let is_output = matches!((exclude, dir.canonicalize()), (Some(ex), Ok(c)) if c == ex);
    if is_output && depth > 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        // An unreadable folder is reported as an input of its own.
        out.push(dir.to_path_buf());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        let written = is_output
            && p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| BATCH_OUTPUTS.contains(&n));
        if hidden || written {
            continue;
        }
        if p.is_dir() {
            walk(&p, exclude, depth + 1, out);
        } else if is_submission(&p) {
            out.push(p);
        }
    }
}

/// The path as the summary shows it: `./` dropped, `/` separators.
pub fn display_name(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::RootDir => absolute = true,
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Report names (without extension) for the inputs of one command, in their order: the file
/// stems when they are distinct (`a.yaml` → `a`), else paths below the inputs' common folder
/// with their folders mirrored (`a/x.yaml`, `b/x.yaml` → `a/x`, `b/x`), so no two collide.
/// The same input given twice gets the same name.
pub fn distinct_stems(paths: &[PathBuf]) -> Vec<String> {
    let stem = |p: &PathBuf| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report".into())
    };
    let names: Vec<String> = paths.iter().map(|p| display_name(p)).collect();
    let mut distinct: Vec<&String> = names.iter().collect();
    distinct.sort();
    distinct.dedup();
    let stems: Vec<String> = distinct
        .iter()
        .map(|n| stem(&PathBuf::from(n.as_str())))
        .collect();
    let mut unique = stems.clone();
    unique.sort();
    unique.dedup();
    if unique.len() == stems.len() {
        return paths.iter().map(stem).collect();
    }
    // The folders all names share are left out.
    let split: Vec<Vec<&str>> = distinct.iter().map(|n| n.split('/').collect()).collect();
    let mut common = 0;
    while split.iter().all(|parts| parts.len() > common + 1)
        && split
            .iter()
            .all(|parts| parts.get(common) == split.first().and_then(|f| f.get(common)))
    {
        common += 1;
    }
    let relative: Vec<String> = split
        .iter()
        .map(|parts| parts[common..].join("/"))
        .collect();
    let mirrored = report_stems(relative.iter().map(String::as_str));
    names
        .iter()
        .map(|n| {
            let i = distinct.iter().position(|d| *d == n).unwrap_or(0);
            mirrored
                .get(i)
                .map(|m| m.strip_prefix("reports/").unwrap_or(m).to_owned())
                .unwrap_or_else(|| "report".into())
        })
        .collect()
}

/// Report paths (below the output folder, without extension) for sorted, distinct input names:
/// the input's folders relative to the folder they all share are mirrored under `reports/`
/// (`samples/a.yaml` and `samples/x/b.yaml` → `reports/a`, `reports/x/b`; a `..` left over
/// becomes `_up`), so two `a.yaml` in different folders never collide; inputs in one folder
/// that share a stem (`a.yaml`, `a.json`) keep their extension in the name.
pub fn report_stems<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let all: Vec<&str> = names.collect();
    let common = common_folder(&all);
    let names: Vec<&str> = all.iter().map(|n| n.get(common..).unwrap_or(n)).collect();
    let stem_of = |name: &str| -> (String, String, String) {
        let root: &[&str] = if name.starts_with('/') {
            &["_root"]
        } else {
            &[]
        };
        let parts: Vec<&str> = root
            .iter()
            .copied()
            .chain(name.split('/'))
            .filter(|p| !p.is_empty())
            .map(|p| if p == ".." { "_up" } else { p })
            .collect();
        let (file, dirs) = parts
            .split_last()
            .map_or(("report", &[][..]), |(f, d)| (*f, d));
        let stem = match file.rsplit_once('.') {
            Some((s, _)) if !s.is_empty() => s,
            _ => file,
        };
        let mut dir = String::from("reports");
        for d in dirs {
            dir.push('/');
            dir.push_str(d);
        }
        (dir, stem.to_owned(), file.to_owned())
    };
    let split: Vec<(String, String, String)> = names.iter().map(|n| stem_of(n)).collect();
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (dir, stem, _) in &split {
        *seen.entry((dir.as_str(), stem.as_str())).or_default() += 1;
    }
    split
        .iter()
        .map(|(dir, stem, file)| {
            let shared = seen
                .get(&(dir.as_str(), stem.as_str()))
                .copied()
                .unwrap_or(0)
                > 1;
            format!("{dir}/{}", if shared { file } else { stem })
        })
        .collect()
}

/// The length of the leading folder path (with its final `/`) that every name shares.
pub(crate) fn common_folder(names: &[&str]) -> usize {
    let Some(first) = names.first() else {
        return 0;
    };
    let mut len = first.rfind('/').map_or(0, |i| i + 1);
    for n in names {
        while len > 0 && !(n.len() > len && n.as_bytes().get(..len) == first.as_bytes().get(..len))
        {
            len = first
                .get(..len - 1)
                .and_then(|p| p.rfind('/'))
                .map_or(0, |i| i + 1);
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_never_collide() {
        let names = [
            "a/x.yaml",
            "b/x.yaml",
            "c/y.json",
            "c/y.yaml",
            "../up/z.toml",
            "/abs/w.yml",
        ];
        let stems = report_stems(names.iter().copied());
        assert_eq!(
            stems,
            [
                "reports/a/x",
                "reports/b/x",
                "reports/c/y.json",
                "reports/c/y.yaml",
                "reports/_up/up/z",
                "reports/_root/abs/w"
            ]
        );
    }

    #[test]
    fn display_names_drop_dot_segments() {
        assert_eq!(
            display_name(Path::new("./samples/a.yaml")),
            "samples/a.yaml"
        );
        assert_eq!(display_name(Path::new("/tmp/a.yaml")), "/tmp/a.yaml");
    }

    #[test]
    fn schemas_and_hidden_files_are_not_submissions() {
        assert!(is_submission(Path::new("samples/a.yaml")));
        assert!(is_submission(Path::new("samples/a.TOML")));
        assert!(!is_submission(Path::new("samples/submission.schema.json")));
        assert!(!is_submission(Path::new("samples/.anfang-batch.json")));
        assert!(!is_submission(Path::new("samples/list.csv")));
    }
}
