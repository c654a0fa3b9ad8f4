//! Embeds `standards/` and `templates/` into the binary, so that anfang works with no flags.

use std::fmt::Write as _;
use std::path::Path;

fn collect(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            // `standards/examples/` holds example overlays for the tests and the rule author's
            // guide; they are not built in (an example must never pass for an authority's text).
            if p.file_name().is_some_and(|n| n == "examples") && base.ends_with("standards") {
                continue;
            }
            collect(&p, base, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "j2" | "typ")
        ) && let Ok(rel) = p.strip_prefix(base)
        {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// `pub static NAME: &[(&str, &str)]` of (key, the file's text), each file watched for changes.
fn table(code: &mut String, name: &str, doc: &str, entries: &[(String, std::path::PathBuf)]) {
    let _ = writeln!(code, "/// {doc}");
    let _ = writeln!(code, "pub static {name}: &[(&str, &str)] = &[");
    for (key, path) in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({key:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    let _ = writeln!(code, "];");
}

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let root = Path::new(&root);
    let mut code = String::new();
    for (name, dir) in [
        ("STANDARD_FILES", "standards"),
        ("TEMPLATE_FILES", "templates"),
    ] {
        let base = root.join(dir);
        println!("cargo:rerun-if-changed={}", base.display());
        let mut files = Vec::new();
        collect(&base, &base, &mut files);
        let entries: Vec<(String, std::path::PathBuf)> =
            files.iter().map(|f| (f.clone(), base.join(f))).collect();
        table(
            &mut code,
            name,
            &format!("Files under `{dir}/`, as (relative path, contents)."),
            &entries,
        );
    }
    // The built-in standards compiled ahead of time (src/standard/precompiled/, written by
    // `ANFANG_BLESS=1 cargo test --test main precompiled`): `key.json`, the key's `/` written `~`.
    let pre = root.join("src/standard/precompiled");
    println!("cargo:rerun-if-changed={}", pre.display());
    let mut names: Vec<String> = std::fs::read_dir(&pre)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let entries: Vec<(String, std::path::PathBuf)> = names
        .iter()
        .map(|n| (n.trim_end_matches(".json").replace('~', "/"), pre.join(n)))
        .collect();
    table(
        &mut code,
        "PRECOMPILED",
        "Built-in standards compiled ahead of time, as (chain key, JSON).",
        &entries,
    );
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let _ = std::fs::write(Path::new(&out).join("embedded.rs"), code);
}
