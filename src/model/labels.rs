//! Model: names for people, made from identifiers: a kind's (`prd` → "PRD" / "PRDs")
//! and a field's (`depends_on` → "Depends on"). Pages, digests and diffs label the same
//! thing the same way.

/// "PRD" / "PRDs", "Objective" / "Objectives" for a kind name.
pub fn kind_labels(kind: &str) -> (String, String) {
    if kind == "prd" {
        return ("PRD".into(), "PRDs".into());
    }
    let label = field_label(kind);
    let plural = if label.ends_with('s') {
        label.clone()
    } else {
        format!("{label}s")
    };
    (label, plural)
}

/// What the site calls a kind's documents: its `label:` (`Decisions` for an `adr`
/// kind), else a plural made from its name (`PRDs`, `Objectives`). One name on every
/// page: navigation, home counts, index headings, llms.txt.
pub fn kind_plural(config: &crate::config::Config, kind: &str) -> String {
    config
        .kind(kind)
        .and_then(|k| k.label.clone())
        .unwrap_or_else(|| kind_labels(kind).1)
}

/// A status value in words: `in-progress` → "In progress", `approved` → "Approved".
/// A status already written as words (`Last Call`) is left as it is.
pub fn status_label(status: &str) -> String {
    if status.contains(' ') || status.chars().any(char::is_uppercase) {
        return status.to_owned();
    }
    field_label(status)
}

/// "depends_on" → "Depends on".
pub fn field_label(field: &str) -> String {
    let mut label = field.replace(['_', '-'], " ");
    if let Some(first) = label.get(..1) {
        label.replace_range(..1, &first.to_uppercase());
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_read_as_words() {
        assert_eq!(field_label("depends_on"), "Depends on");
        assert_eq!(field_label("go-live"), "Go live");
        assert_eq!(field_label(""), "");
        assert_eq!(kind_labels("prd"), ("PRD".into(), "PRDs".into()));
        assert_eq!(
            kind_labels("test_plan"),
            ("Test plan".into(), "Test plans".into())
        );
        assert_eq!(kind_labels("news"), ("News".into(), "News".into()));
        assert_eq!(status_label("in-progress"), "In progress");
        assert_eq!(status_label("approved"), "Approved");
        assert_eq!(status_label("Last Call"), "Last Call");
    }
}
