//! The map from JSON pointers to places in a source file.

use std::collections::HashMap;

use crate::diagnostic::Location;

/// Where each value (and each mapping key) of a document stands in its file.
///
/// Lookups only: nothing iterates it, so a hash map keeps indexing a 2,000-camera file cheap.
#[derive(Debug, Clone, Default)]
pub struct PointerMap {
    values: HashMap<String, Location>,
    keys: HashMap<String, Location>,
}

impl PointerMap {
    /// Records where the value at `pointer` starts.
    pub fn insert_value(&mut self, pointer: String, at: Location) {
        self.values.insert(pointer, at);
    }

    /// Records where the key naming `pointer` starts.
    pub fn insert_key(&mut self, pointer: String, at: Location) {
        self.keys.insert(pointer, at);
    }

    /// The place of the value at `pointer`, or of its nearest ancestor that is in the file
    /// (a missing field is reported where its parent stands).
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let mut p = pointer;
        loop {
            if let Some(at) = self.values.get(p) {
                return Some(*at);
            }
            if p.is_empty() {
                return None;
            }
            p = p.rfind('/').map_or("", |i| p.get(..i).unwrap_or(""));
        }
    }

    /// The place of the key that names `pointer`, if it is a mapping entry.
    pub fn key(&self, pointer: &str) -> Option<Location> {
        self.keys.get(pointer).copied()
    }

    /// Whether the value at exactly `pointer` was written in the file.
    pub fn contains(&self, pointer: &str) -> bool {
        self.values.contains_key(pointer)
    }

    /// Number of values indexed.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
}

/// Turns a `serde_path_to_error` path (`technical.cameras[3].covers`) into a JSON pointer below
/// `base` (`/technical/cameras/3/covers`).
pub fn serde_path_to_pointer(base: &str, path: &str) -> String {
    let mut out = base.to_owned();
    if path == "." {
        return out;
    }
    for part in path.split('.') {
        for piece in part.split('[') {
            let token = piece.trim_end_matches(']');
            if !token.is_empty() {
                out.push('/');
                out.push_str(token);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_paths_become_pointers() {
        assert_eq!(
            serde_path_to_pointer("", "technical.cameras[3].covers[0]"),
            "/technical/cameras/3/covers/0"
        );
        assert_eq!(serde_path_to_pointer("/rules/2", "."), "/rules/2");
        assert_eq!(
            serde_path_to_pointer("/rules/2", "docs.what"),
            "/rules/2/docs/what"
        );
    }
}
