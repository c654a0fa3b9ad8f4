//! The built-in standards' stored compiled forms (src/standard/precompiled/) are what their YAML
//! compiles to, and a check uses them only while they are.

use anfang::standard::compile::{builtin_chain, compile_builtin};
use anfang::standard::precompiled::{self, Unused};

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/standard/precompiled")
}

/// With `ANFANG_BLESS=1` the stored forms are written (then build again: they are built in).
#[test]
fn stored_forms_are_what_the_yaml_compiles_to() {
    let bless = std::env::var_os("ANFANG_BLESS").is_some();
    let keys = precompiled::keys();
    assert!(keys.iter().any(|k| k == "cn-baseline"), "{keys:?}");
    let mut stale = Vec::new();
    for key in &keys {
        let standard = compile_builtin(key).unwrap_or_else(|p| panic!("{key}: {p:?}"));
        let text = precompiled::to_stored(&standard).unwrap();
        let path = dir().join(precompiled::file_name(key));
        if bless {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    let expected: Vec<String> = keys.iter().map(|k| precompiled::file_name(k)).collect();
    let mut strays = Vec::new();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !expected.contains(&name) {
            strays.push(name);
        }
    }
    assert!(
        stale.is_empty() && strays.is_empty(),
        "the stored compiled standards differ from what standards/ compiles to: {stale:?}, \
         stored for no built-in standard: {strays:?}; run `ANFANG_BLESS=1 cargo test --test main \
         precompiled` (and delete the strays)"
    );
}

#[test]
fn a_check_loads_the_stored_form_and_it_equals_the_compiled_yaml() {
    for key in precompiled::keys() {
        let layers = builtin_chain(&key).unwrap();
        let stored = precompiled::load(&key, &layers).unwrap_or_else(|why| {
            panic!("{key}: the stored form is not used ({why:?}); bless it and build again")
        });
        let compiled = compile_builtin(&key).unwrap();
        assert_eq!(format!("{stored:?}"), format!("{compiled:?}"), "{key}");
        // The loader a check goes through takes the stored form too.
        let loaded = anfang::standard::load_builtin(&key).unwrap();
        assert_eq!(format!("{loaded:?}"), format!("{compiled:?}"), "{key}");
    }
}

#[test]
fn a_stored_form_of_other_files_is_not_used() {
    let mut layers = builtin_chain("cn-baseline").unwrap();
    let file = layers[0]
        .files
        .iter_mut()
        .find(|(rel, _)| rel.starts_with("rules/"))
        .unwrap();
    file.1.push_str("\n# an authority's edit\n");
    assert_eq!(
        precompiled::load("cn-baseline", &layers).unwrap_err(),
        Unused::Stale
    );
    // What a binary built from edited files does instead: compile them.
    let edited = anfang::standard::load_layers(layers, "built-in").unwrap();
    assert_ne!(
        edited.sha256,
        compile_builtin("cn-baseline").unwrap().sha256
    );
}
