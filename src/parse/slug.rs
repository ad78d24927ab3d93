//! Heading anchors, GitHub-compatible so links written for GitHub keep working.

use std::collections::HashMap;

/// GitHub's slug: lowercase, drop everything but letters, digits, spaces, `-` and `_`,
/// then turn spaces into `-`. Runs of `-` are kept, as GitHub does.
pub fn slugify(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
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
    fn matches_github_slugs() {
        assert_eq!(slugify("Open questions"), "open-questions");
        assert_eq!(slugify("Q&A - notes"), "qa---notes");
        assert_eq!(slugify("Ünïcode Überblick"), "ünïcode-überblick");
        assert_eq!(slugify("snake_case `code`"), "snake_case-code");
    }

    #[test]
    fn duplicates_get_numbered_suffixes() {
        let mut set = AnchorSet::default();
        assert_eq!(set.unique("notes".into()), "notes");
        assert_eq!(set.unique("notes".into()), "notes-1");
        assert_eq!(set.unique("notes".into()), "notes-2");
    }
}
