//! Output neutralisation: text from a submission printed where it could be taken for something
//! else.

use std::borrow::Cow;

/// Text for a terminal: every control character is shown as its escape (`\u{1b}`), so a name in
/// a submission cannot move the cursor, recolour the screen or fake a line of output.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if c.is_control() {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(terminal("南大门"), "南大门");
        assert_eq!(terminal("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal("x\ny"), "x\\u{a}y");
    }
}
