//! The map from JSON pointers to places in a source file.

use std::sync::{Arc, OnceLock};

use crate::diagnostic::Location;

/// Where each value (and each mapping key) of a document stands in its file.
///
/// A tree shaped like the document: lookups walk it token by token. Building it costs one small
/// vector per array or mapping and one key name per mapping entry, and no string per value (a
/// map keyed by whole pointers spent a fifth of the time of parsing a 2,000-camera file on
/// formatting and hashing pointers that were almost never looked up).
///
/// The places of a JSON file are read only when first asked for ([`PointerMap::deferred`]):
/// validating and checking a submission needs its value, and a place only for what a message
/// or a finding names.
#[derive(Debug, Clone, Default)]
pub struct PointerMap {
    places: Places,
}

#[derive(Clone)]
enum Places {
    Read(Option<PointerNode>),
    /// Read from `text` by `read` on first use.
    Deferred {
        text: Arc<str>,
        read: fn(&str) -> Option<PointerNode>,
        root: OnceLock<Option<PointerNode>>,
    },
}

/// A deferred map shows the size of its text, not the text.
impl std::fmt::Debug for Places {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Places::Read(root) => f.debug_tuple("Read").field(root).finish(),
            Places::Deferred { text, root, .. } => f
                .debug_struct("Deferred")
                .field("text_bytes", &text.len())
                .field("root", root)
                .finish(),
        }
    }
}

impl Default for Places {
    fn default() -> Self {
        Places::Read(None)
    }
}

/// Two maps are equal when they place the same values at the same places.
impl PartialEq for PointerMap {
    fn eq(&self, other: &Self) -> bool {
        self.root() == other.root()
    }
}

/// One value's place, and its children's: built bottom-up by a parser, then given to
/// [`PointerMap::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct PointerNode {
    at: Location,
    children: Children,
}

/// Up to this many entries, a mapping's places stay in document order and are searched one by
/// one (sorting them cost more than every lookup a check makes).
const SCANNED_FIELDS: usize = 16;

#[derive(Debug, Clone, PartialEq)]
enum Children {
    None,
    Items(Vec<PointerNode>),
    /// In document order, or sorted by name when there are more than [`SCANNED_FIELDS`].
    Fields(Vec<Field>),
}

#[derive(Debug, Clone, PartialEq)]
struct Field {
    name: Box<str>,
    key_at: Location,
    node: PointerNode,
}

impl PointerNode {
    /// A scalar at `at`.
    pub fn leaf(at: Location) -> Self {
        PointerNode {
            at,
            children: Children::None,
        }
    }

    /// An array at `at` with its items in order.
    pub fn items(at: Location, items: Vec<PointerNode>) -> Self {
        PointerNode {
            at,
            children: Children::Items(items),
        }
    }

    /// A mapping at `at`: each entry's name, where its key stands, and its value's node.
    pub fn fields(at: Location, entries: Vec<(String, Location, PointerNode)>) -> Self {
        let mut fields: Vec<Field> = entries
            .into_iter()
            .map(|(name, key_at, node)| Field {
                name: name.into_boxed_str(),
                key_at,
                node,
            })
            .collect();
        // A small mapping (nearly every one) keeps the document's order and is searched entry
        // by entry; a large one is sorted once, so a file with a huge mapping and a problem at
        // each of its keys is not searched key by key for each problem.
        if fields.len() > SCANNED_FIELDS {
            fields.sort_by(|a, b| a.name.cmp(&b.name));
        }
        PointerNode {
            at,
            children: Children::Fields(fields),
        }
    }

    fn field(&self, token: &str) -> Option<&Field> {
        match &self.children {
            Children::Fields(fields) if fields.len() <= SCANNED_FIELDS => {
                fields.iter().find(|f| f.name.as_ref() == token)
            }
            Children::Fields(fields) => fields
                .binary_search_by(|f| f.name.as_ref().cmp(token))
                .ok()
                .and_then(|i| fields.get(i)),
            _ => None,
        }
    }

    fn child(&self, token: &str) -> Option<&PointerNode> {
        match &self.children {
            Children::None => None,
            Children::Items(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            Children::Fields(_) => self.field(token).map(|f| &f.node),
        }
    }

    fn count(&self) -> usize {
        1 + match &self.children {
            Children::None => 0,
            Children::Items(items) => items.iter().map(PointerNode::count).sum(),
            Children::Fields(fields) => fields.iter().map(|f| f.node.count()).sum(),
        }
    }
}

/// The unescaped reference tokens of a JSON pointer (RFC 6901); `None` for a malformed one.
fn tokens(pointer: &str) -> Option<impl Iterator<Item = std::borrow::Cow<'_, str>>> {
    let rest = if pointer.is_empty() {
        None
    } else {
        Some(pointer.strip_prefix('/')?)
    };
    Some(rest.into_iter().flat_map(|r| r.split('/')).map(|t| {
        if t.contains('~') {
            std::borrow::Cow::Owned(t.replace("~1", "/").replace("~0", "~"))
        } else {
            std::borrow::Cow::Borrowed(t)
        }
    }))
}

impl PointerMap {
    /// The map of a document whose root value is `root`.
    pub fn new(root: PointerNode) -> Self {
        PointerMap {
            places: Places::Read(Some(root)),
        }
    }

    /// The map of `text`, read by `read` when a place is first asked for. `read` must take any
    /// text whose value was read (it is the places pass of the same reader); if it does not,
    /// lookups find nothing, and messages go without a line and column.
    pub fn deferred(text: Arc<str>, read: fn(&str) -> Option<PointerNode>) -> Self {
        PointerMap {
            places: Places::Deferred {
                text,
                read,
                root: OnceLock::new(),
            },
        }
    }

    /// The root's node, reading the places first if they were deferred.
    fn root(&self) -> Option<&PointerNode> {
        match &self.places {
            Places::Read(root) => root.as_ref(),
            Places::Deferred { text, read, root } => root
                .get_or_init(|| {
                    let places = read(text);
                    debug_assert!(
                        places.is_some(),
                        "the places pass refused a text it had read"
                    );
                    places
                })
                .as_ref(),
        }
    }

    /// The place of the value at `pointer`, or of its nearest ancestor that is in the file
    /// (a missing field is reported where its parent stands).
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let mut node = self.root()?;
        let Some(tokens) = tokens(pointer) else {
            return Some(node.at);
        };
        for token in tokens {
            match node.child(&token) {
                Some(child) => node = child,
                None => break,
            }
        }
        Some(node.at)
    }

    /// The place of the key that names `pointer`, if it is a mapping entry.
    pub fn key(&self, pointer: &str) -> Option<Location> {
        let mut node = self.root()?;
        let mut key_at = None;
        for token in tokens(pointer)? {
            key_at = node.field(&token).map(|f| f.key_at);
            node = node.child(&token)?;
        }
        key_at
    }

    /// Whether the value at exactly `pointer` was written in the file.
    pub fn contains(&self, pointer: &str) -> bool {
        let Some(mut node) = self.root() else {
            return false;
        };
        let Some(tokens) = tokens(pointer) else {
            return false;
        };
        for token in tokens {
            match node.child(&token) {
                Some(child) => node = child,
                None => return false,
            }
        }
        true
    }

    /// Number of values indexed.
    pub fn len(&self) -> usize {
        self.root().map_or(0, PointerNode::count)
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.root().is_none()
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

    fn at(line: usize, column: usize) -> Location {
        Location { line, column }
    }

    #[test]
    fn lookups_walk_the_tree_and_fall_back_to_the_nearest_ancestor() {
        // {"a/b": {"x": [1, 2]}, "c": 3}
        let map = PointerMap::new(PointerNode::fields(
            at(1, 1),
            vec![
                ("c".into(), at(4, 1), PointerNode::leaf(at(4, 4))),
                (
                    "a/b".into(),
                    at(1, 1),
                    PointerNode::fields(
                        at(2, 3),
                        vec![(
                            "x".into(),
                            at(2, 3),
                            PointerNode::items(
                                at(2, 6),
                                vec![PointerNode::leaf(at(2, 7)), PointerNode::leaf(at(3, 7))],
                            ),
                        )],
                    ),
                ),
            ],
        ));
        assert_eq!(map.locate("/a~1b/x/1"), Some(at(3, 7)));
        assert_eq!(map.locate("/a~1b/x/7"), Some(at(2, 6)));
        assert_eq!(map.locate("/a~1b/missing/0"), Some(at(2, 3)));
        assert_eq!(map.locate(""), Some(at(1, 1)));
        assert_eq!(map.key("/c"), Some(at(4, 1)));
        assert_eq!(map.key("/a~1b/x/0"), None);
        assert_eq!(map.key("/nope"), None);
        assert!(map.contains("/a~1b/x/0"));
        assert!(!map.contains("/a~1b/x/2"));
        assert!(!map.contains("no-slash"));
        assert_eq!(map.len(), 6);
        assert!(PointerMap::default().locate("/c").is_none());
    }

    /// Small mappings are searched in document order, large ones by bisection: both find every
    /// key, and a missing one falls back to the mapping.
    #[test]
    fn small_and_large_mappings_find_every_key() {
        for n in [1, 3, SCANNED_FIELDS, SCANNED_FIELDS + 1, 200] {
            let entries = (0..n)
                .rev()
                .map(|i| {
                    (
                        format!("k{i}"),
                        at(i + 2, 1),
                        PointerNode::leaf(at(i + 2, 5)),
                    )
                })
                .collect();
            let map = PointerMap::new(PointerNode::fields(at(1, 1), entries));
            for i in 0..n {
                assert_eq!(map.key(&format!("/k{i}")), Some(at(i + 2, 1)), "{n} keys");
                assert_eq!(
                    map.locate(&format!("/k{i}")),
                    Some(at(i + 2, 5)),
                    "{n} keys"
                );
            }
            assert_eq!(map.locate("/absent"), Some(at(1, 1)), "{n} keys");
            assert_eq!(map.key("/absent"), None, "{n} keys");
        }
    }

    /// A deferred map reads its places on the first lookup and then answers as a map built
    /// while reading; its debug form names the text's size, not the text.
    #[test]
    fn a_deferred_map_reads_its_places_when_first_asked() {
        let text = "{\n  \"a\": [1, {\"名\": \"x\"}],\n  \"b\": 2\n}\n";
        let map = PointerMap::deferred(Arc::from(text), crate::ingest::fast::json::places);
        assert!(format!("{map:?}").contains("text_bytes"));
        assert!(!format!("{map:?}").contains("名"), "the text is not shown");
        assert_eq!(map.locate("/a/1/名"), Some(at(2, 18)));
        assert_eq!(map.key("/b"), Some(at(3, 3)));
        let built = PointerMap::new(crate::ingest::fast::json::places(text).unwrap());
        assert_eq!(map, built);
        assert_eq!(map.len(), 6);
    }

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
