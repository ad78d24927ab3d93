//! Setting one top-level key in a document's front matter by editing its text, so every
//! other line (comments, order, quoting) stays as the template wrote it.

/// `text` with `key: value` in its front matter: in place of the key's line (and the
/// indented or `- ` lines below it) when the key is there, else of a `# key:` comment,
/// else before the closing `---`.
/// `None` when `text` does not start with front matter.
pub fn set_field(text: &str, key: &str, value: &str) -> Option<String> {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return None;
    }
    let close = 1 + lines[1..]
        .iter()
        .position(|l| matches!(l.trim_end(), "---" | "..."))?;
    let entry = format!("{key}: {value}\n");
    let starts_key = |line: &str| {
        line.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(':'))
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t', '\r', '\n']))
    };
    match (1..close).find(|&i| starts_key(lines[i])) {
        Some(at) => {
            let continuation = lines[at + 1..close]
                .iter()
                .take_while(|l| l.starts_with([' ', '\t']) || l.starts_with('-'))
                .count();
            lines.splice(at..at + 1 + continuation, [entry.as_str()]);
            Some(lines.concat())
        }
        None => {
            // A template's commented hint (`# priority: P2`) gives way to the value.
            let hint = format!("# {key}:");
            match (1..close).find(|&i| lines[i].starts_with(&hint)) {
                Some(at) => lines[at] = &entry,
                None => lines.insert(close, &entry),
            }
            Some(lines.concat())
        }
    }
}

/// `text` as a YAML scalar: as it is when YAML reads it back as that text's value
/// (`P1`, `2027-Q1`, `Ada Lovelace`), else double-quoted (JSON's escaping is YAML's).
pub fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(char::is_control);
    if plain {
        text.to_owned()
    } else {
        // A string always serializes: cannot fail.
        serde_json::to_string(text).expect("a string serializes")
    }
}

/// `text` as a YAML scalar that reads back as a string, never as a number, boolean,
/// null or date (a title `2027` or `yes` stays text).
pub fn yaml_string(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let typed = text.parse::<f64>().is_ok()
        || ["true", "false", "yes", "no", "on", "off", "null", "~"].contains(&lower.as_str())
        || text.parse::<jiff::civil::Date>().is_ok();
    if typed {
        serde_json::to_string(text).expect("a string serializes")
    } else {
        yaml_scalar(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "---\nid: PRD-1\ntags:\n  - a\n  - b\nowner: Ann # lead\n---\nBody\n";

    #[test]
    fn a_key_that_is_there_is_replaced_with_its_block() {
        assert_eq!(
            set_field(DOC, "tags", "[x]").unwrap(),
            "---\nid: PRD-1\ntags: [x]\nowner: Ann # lead\n---\nBody\n"
        );
    }

    #[test]
    fn a_new_key_goes_last_and_similar_keys_are_left_alone() {
        assert_eq!(
            set_field(DOC, "own", "Bo").unwrap(),
            "---\nid: PRD-1\ntags:\n  - a\n  - b\nowner: Ann # lead\nown: Bo\n---\nBody\n"
        );
        assert_eq!(set_field("no front matter", "a", "b"), None);
    }

    #[test]
    fn a_commented_hint_gives_way_to_the_value() {
        let doc = "---\nid: PRD-1\n# priority: P2\n# tags: [x]\n---\n";
        assert_eq!(
            set_field(doc, "priority", "P0").unwrap(),
            "---\nid: PRD-1\npriority: P0\n# tags: [x]\n---\n"
        );
    }

    #[test]
    fn scalars_are_quoted_only_when_yaml_would_read_them_otherwise() {
        assert_eq!(yaml_scalar("Shipping insurance"), "Shipping insurance");
        assert_eq!(yaml_scalar("2027-Q1"), "2027-Q1");
        assert_eq!(yaml_scalar("Returns: v2"), "\"Returns: v2\"");
        assert_eq!(yaml_scalar("#1 idea"), "\"#1 idea\"");
        assert_eq!(yaml_scalar("say \"hi\""), "say \"hi\"");
        assert_eq!(yaml_scalar("- list?"), "\"- list?\"");
        assert_eq!(yaml_scalar(""), "\"\"");
        assert_eq!(yaml_string("2027"), "\"2027\"");
        assert_eq!(yaml_string("No"), "\"No\"");
        assert_eq!(yaml_string("Now"), "Now");
    }
}
