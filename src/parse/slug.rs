//! Heading anchors, GitHub-compatible so links written for GitHub keep working.

use std::collections::HashMap;
use std::sync::LazyLock;

/// GitHub's slug (its `github-slugger`): lowercase, drop everything but letters, marks,
/// numbers, connector punctuation (`_`), spaces and `-`, then turn each space into `-`.
/// Runs of `-` are kept, as GitHub does.
pub fn slugify(text: &str) -> String {
    let text = text.trim();
    if text.is_ascii() {
        // Nearly every heading: the same rules, a byte at a time.
        return text
            .bytes()
            .filter(|&b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_'))
            .map(|b| match b {
                b' ' => '-',
                b => b.to_ascii_lowercase() as char,
            })
            .collect();
    }
    slugify_chars(text)
}

/// [`slugify`] for any text, a character at a time.
fn slugify_chars(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|&c| {
            c.is_alphanumeric() || c == ' ' || c == '-' || c == '_' || is_mark_or_connector(c)
        })
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// A Unicode mark (a combining accent written as its own character) or connector
/// punctuation (`‿`): GitHub keeps both in anchors. ASCII never is, so the common case
/// never reaches the regular expression.
fn is_mark_or_connector(c: char) -> bool {
    static CLASS: LazyLock<Option<regex_automata::meta::Regex>> =
        LazyLock::new(|| regex_automata::meta::Regex::new(r"^[\p{M}\p{Pc}]$").ok());
    if c.is_ascii() {
        return false;
    }
    let mut buf = [0; 4];
    CLASS
        .as_ref()
        .is_some_and(|class| class.is_match(c.encode_utf8(&mut buf) as &str))
}

/// How a link's `#fragment` is matched with a heading's anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AnchorMatching {
    /// Byte for byte (`#proposal` finds `## Proposal`; `#Proposal` does not).
    #[default]
    Exact,
    /// As GitHub resolves fragments: case-insensitive, so `#Proposal` finds
    /// `## Proposal` (`anchors: github` in spex.yaml). A link's fragment is already
    /// percent-decoded when it gets here.
    GitHub,
}

impl AnchorMatching {
    /// Whether `fragment`, as written after `#`, names `anchor`.
    pub fn matches(self, fragment: &str, anchor: &str) -> bool {
        match self {
            AnchorMatching::Exact => fragment == anchor,
            AnchorMatching::GitHub => {
                fragment == anchor || fragment.to_lowercase() == anchor.to_lowercase()
            }
        }
    }
}

/// Hands out unique anchors within one document: `intro`, `intro-1`, `intro-2`.
#[derive(Debug, Default)]
pub struct AnchorSet {
    seen: HashMap<String, usize>,
}

impl AnchorSet {
    pub fn unique(&mut self, base: String) -> String {
        let count = self.seen.entry(base.clone()).or_insert(0);
        let anchor = if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        if anchor != base {
            // Reserve the suffixed form too, so a later heading literally named
            // "intro-1" does not collide with it.
            *self.seen.entry(anchor.clone()).or_insert(0) += 1;
        }
        anchor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_headings_slug_as_any_text_does() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        for text in [every_ascii.as_str(), "  Q&A - Notes_2 ", "ÄB c", "a\tb"] {
            assert_eq!(slugify(text), slugify_chars(text.trim()), "{text:?}");
        }
    }

    #[test]
    fn matches_github_slugs() {
        assert_eq!(slugify("Open questions"), "open-questions");
        assert_eq!(slugify("Q&A - notes"), "qa---notes");
        assert_eq!(slugify("Ünïcode Überblick"), "ünïcode-überblick");
        assert_eq!(slugify("snake_case `code`"), "snake_case-code");
        // A combining accent is a mark: GitHub keeps it; emoji go, their space stays.
        assert_eq!(slugify("Cafe\u{301} menu"), "cafe\u{301}-menu");
        assert_eq!(slugify("😄 emoji"), "-emoji");
    }

    #[test]
    fn github_matching_ignores_case() {
        let github = AnchorMatching::GitHub;
        assert!(github.matches("Proposal", "proposal"));
        assert!(github.matches("CAFÉ", "café"));
        assert!(!github.matches("Proposals", "proposal"));
        assert!(!AnchorMatching::Exact.matches("Proposal", "proposal"));
    }

    #[test]
    fn duplicates_get_numbered_suffixes() {
        let mut set = AnchorSet::default();
        assert_eq!(set.unique("notes".into()), "notes");
        assert_eq!(set.unique("notes".into()), "notes-1");
        assert_eq!(set.unique("notes".into()), "notes-2");
    }
}
