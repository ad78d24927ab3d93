//! Front matter on a plain page: a file outside every kind's folders whose front matter
//! names no kind and has no ID. Its `title:` titles the page; any other field is read
//! by nothing, which `plain-page` says, with how to make it a typed document.

use crate::config::Config;
use crate::diag::{Diagnostic, Rule, Span};
use crate::parse::yaml::{Node, Value};

/// The fields a plain page reads from its front matter.
const PAGE_FIELDS: [&str; 2] = ["title", "confidential"];

/// The page's title from `title:`, if it has one, after reporting fields it ignores.
pub fn plain_page_title(
    config: &Config,
    path: &str,
    fm: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let Value::Map(entries) = &fm.value else {
        return None;
    };
    let title = fm
        .get("title")
        .and_then(|n| n.value.scalar_text())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let ignored: Vec<(String, &Node)> = entries
        .iter()
        .filter_map(|(key, _)| Some((key.value.scalar_text()?, key)))
        .filter(|(name, _)| !PAGE_FIELDS.contains(&name.as_str()))
        .collect();
    // A page titled by its front matter loses nothing: only fields read by nobody are
    // worth a word (they usually mean the author expected a typed document).
    let Some((_, first)) = ignored.first() else {
        return title;
    };
    let names: Vec<String> = ignored.iter().map(|(n, _)| format!("`{n}`")).collect();
    let label = format!(
        "{} ignored: a plain page reads only `title` and `confidential`",
        names.join(", ")
    );
    let at = first.span.clone();
    diagnostics.push(
        Diagnostic::new(
            Rule::PlainPage,
            "front matter without a kind or an ID: spex treats this file as a plain page",
            Span::new(path, at),
        )
        .with_primary_label(label)
        .with_help(typed_document_help(config)),
    );
    title
}

/// How to make the file a typed document: where each kind's documents live.
fn typed_document_help(config: &Config) -> String {
    let folders: Vec<String> = config
        .kinds
        .values()
        .filter_map(|kind| {
            let glob = kind.path_globs.first()?;
            Some(format!("`{glob}` ({})", kind.name))
        })
        .collect();
    let mut help = "to make it a typed document, add `kind:` and an ID field".to_owned();
    if !folders.is_empty() {
        help.push_str(&format!(
            ", or move it into a kind's folder: {}",
            folders.join(", ")
        ));
    }
    help.push_str("; to keep it a plain page, remove the ignored fields");
    help
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::diag::Rule;
    use crate::load::Source;
    use crate::parse::parse_doc;
    use crate::resolve::resolve_document;

    fn page(text: &str) -> (String, Vec<Rule>) {
        let source = Source {
            path: "docs/returns.md".into(),
            text: text.into(),
            encoding_problem: None,
        };
        let (doc, diagnostics) = resolve_document(&Config::builtin(), parse_doc(&source));
        assert!(doc.kind.is_none(), "a plain page");
        (doc.title, diagnostics.iter().map(|d| d.rule).collect())
    }

    #[test]
    fn issue_13_a_plain_pages_title_comes_from_its_front_matter() {
        let (title, rules) = page("---\ntitle: Returns, explained\n---\n# Returns\n");
        assert_eq!(title, "Returns, explained");
        assert_eq!(rules, []);
    }

    #[test]
    fn issue_13_fields_a_plain_page_ignores_are_reported() {
        let (title, rules) =
            page("---\ntitle: Returns portal\nstatus: draft\nowner: Ana\n---\nText.\n");
        assert_eq!(title, "Returns portal");
        assert_eq!(rules, [Rule::PlainPage]);
    }
}
