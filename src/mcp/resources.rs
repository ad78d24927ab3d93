//! MCP resources: what an agent (or the person driving it) can attach as context without
//! a tool call. Each document the server shows is `spex://doc/<ID>` (its Markdown as
//! `get_document` shows it: front matter from the typed fields, the body without hidden
//! sections), each rule's documentation `spex://rule/<name>`, and the effective
//! configuration `spex://config`. In: the compilation and a URI. Out: a page of the list,
//! or one resource's text.

use rmcp::model::{Resource, ResourceContents};
use serde_json::Value;

use super::answers::{Seen, get_document_seen};
use super::page::DEFAULT_LIMIT;
use crate::audience::Policy;
use crate::compiler::Compilation;
use crate::config::{effective_config, explain_rule, to_commented_yaml};
use crate::diag::Rule;

const DOC: &str = "spex://doc/";
const RULE: &str = "spex://rule/";
const CONFIG: &str = "spex://config";
const MARKDOWN: &str = "text/markdown";

/// One page of every resource, from `cursor` (an offset a previous page gave), and the
/// cursor of the next page when there is one.
pub fn list(
    compilation: &Compilation,
    policy: &impl Policy,
    cursor: Option<&str>,
) -> Result<(Vec<Resource>, Option<String>), String> {
    let offset = match cursor {
        None => 0,
        Some(c) => c
            .parse::<usize>()
            .map_err(|_| format!("`{c}` is not a cursor this server gave"))?,
    };
    let ws = &compilation.workspace;
    let mut shown: Vec<usize> = (0..ws.docs.len())
        .filter(|&i| ws.docs[i].id.is_some() && policy.shows(&ws.docs[i]))
        .collect();
    shown.sort_by_key(|&i| ws.id_rank(i));
    let docs = shown.into_iter().map(|i| {
        let doc = &ws.docs[i];
        let id = doc.label();
        Resource::new(format!("{DOC}{id}"), id)
            .with_title(format!("{id}: {}", doc.title))
            .with_description(format!(
                "The {} {id} as Markdown",
                doc.kind_name().unwrap_or("document")
            ))
            .with_mime_type(MARKDOWN)
    });
    let rules = Rule::ALL.iter().map(|rule| {
        Resource::new(format!("{RULE}{}", rule.name()), rule.name())
            .with_description(rule.summary())
            .with_mime_type(MARKDOWN)
    });
    let config = std::iter::once(
        Resource::new(CONFIG, "config")
            .with_title("The effective configuration")
            .with_description("spex.yaml over the built-in kinds, audiences and rule levels, each setting with where it comes from")
            .with_mime_type("application/yaml"),
    );
    let mut all: Vec<Resource> = docs
        .chain(rules)
        .chain(config)
        .skip(offset)
        .take(DEFAULT_LIMIT + 1)
        .collect();
    let next = (all.len() > DEFAULT_LIMIT).then(|| (offset + DEFAULT_LIMIT).to_string());
    all.truncate(DEFAULT_LIMIT);
    Ok((all, next))
}

/// The resource at `uri`, or why there is none (a hidden document is answered like a
/// missing one, as `get_document` answers).
pub fn read(
    compilation: &Compilation,
    seen: &Seen,
    policy: &impl Policy,
    uri: &str,
) -> Result<ResourceContents, String> {
    let config = &compilation.workspace.config;
    if let Some(id) = uri.strip_prefix(DOC) {
        let text = document_markdown(&get_document_seen(compilation, seen, policy, id)?);
        return Ok(ResourceContents::text(text, uri).with_mime_type(MARKDOWN));
    }
    if let Some(name) = uri.strip_prefix(RULE) {
        let rule = Rule::from_name(name).ok_or_else(|| format!("no rule named `{name}`"))?;
        return Ok(ResourceContents::text(explain_rule(rule, config), uri).with_mime_type(MARKDOWN));
    }
    if uri == CONFIG {
        let yaml = to_commented_yaml(&effective_config(config));
        return Ok(ResourceContents::text(yaml, uri).with_mime_type("application/yaml"));
    }
    Err(format!(
        "no resource `{uri}`: the resources are {DOC}<ID>, {RULE}<name> and {CONFIG}"
    ))
}

/// A document as Markdown from `get_document`'s answer: its ID, kind, title and typed
/// fields as front matter (each value in JSON's flow syntax, which YAML reads), then the
/// body as shown.
fn document_markdown(doc: &Value) -> String {
    let mut out = String::from("---\n");
    for key in ["id", "kind", "title", "status"] {
        if let Some(value) = doc.get(key).filter(|v| !v.is_null()) {
            out.push_str(&format!("{key}: {value}\n"));
        }
    }
    if let Some(Value::Object(fields)) = doc.get("fields") {
        for (key, value) in fields {
            if !["id", "kind", "title", "status"].contains(&key.as_str()) {
                out.push_str(&format!("{key}: {value}\n"));
            }
        }
    }
    out.push_str("---\n");
    out.push_str(doc["body"].as_str().unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_reads_as_front_matter_then_its_body() {
        let doc = serde_json::json!({
            "id": "PRD-1", "kind": "prd", "title": "Labels", "status": null,
            "fields": { "owner": "Ann", "depends_on": ["PRD-2"], "title": "Labels" },
            "body": "\nText.\n",
        });
        assert_eq!(
            document_markdown(&doc),
            "---\nid: \"PRD-1\"\nkind: \"prd\"\ntitle: \"Labels\"\ndepends_on: [\"PRD-2\"]\nowner: \"Ann\"\n---\n\nText.\n"
        );
    }
}
