//! What each tool answers, as JSON, from one `Compilation` and the server's policy.
//! In: the compiled workspace and the tool's arguments. Out: a JSON object, or the
//! message of a tool error. Every answer asks the audience policy what it may show.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::ops::Range;
use std::sync::Arc;

use serde_json::{Value, json};

use super::page::{Page, page_of, paginate};
use crate::audience::{Hidden, Policy, seen_health};
use crate::compiler::Compilation;
use crate::config::{Config, KindSpec, RuleDoc};
use crate::diag::{Diagnostic, Rule, Severity, suggested_id, suggestion_help};
use crate::markup::shown_markdown;
use crate::model::{DocHealth, DocIdx, Workspace};
use crate::query::{Condition, Query, run_query, to_json};

/// A tool's answer: a JSON object, or what went wrong in words an agent can act on.
pub type Answer = Result<Value, String>;

/// `list_documents`: the `spex list` query.
pub fn list_documents(
    compilation: &Compilation,
    policy: &impl Policy,
    kind: Option<String>,
    conditions: &[String],
    fields: &[String],
    page: Page,
) -> Answer {
    let conditions = conditions
        .iter()
        .map(|c| Condition::parse(c).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    // An agent names documents by ID in its next call: every row has one.
    let mut fields = fields.to_vec();
    if !fields.is_empty() && !fields.iter().any(|f| f == "id") {
        fields.insert(0, "id".to_owned());
    }
    let query = Query {
        kind,
        conditions,
        fields,
        sort: None,
    };
    let (fields, rows) =
        run_query(&compilation.workspace, &query, policy).map_err(|e| e.to_string())?;
    let start = page.offset.min(rows.len());
    let end = start.saturating_add(page.limit).min(rows.len());
    let shown: Value = serde_json::from_str(&to_json(&fields, &rows[start..end]))
        .map_err(|e| format!("internal: the listing is not JSON: {e}"))?;
    let shown = match shown {
        Value::Array(shown) => shown,
        _ => Vec::new(),
    };
    Ok(page_of("documents", rows.len(), shown, page))
}

/// The document an agent names by ID or path, if this server may show it. A hidden one
/// is answered exactly like one that does not exist, so its existence does not leak.
fn find(ws: &Workspace, policy: &impl Policy, name: &str) -> Result<DocIdx, String> {
    let found = ws
        .index_of_id(name)
        .or_else(|| ws.index_of_path(name))
        .filter(|&i| policy.shows(&ws.docs[i]));
    found.ok_or_else(|| {
        let shown = ws
            .docs
            .iter()
            .filter(|d| policy.shows(d))
            .filter_map(|d| d.id.as_deref());
        // The name is not repeated: an agent that guessed a confidential ID would see it
        // again in the answer, and a transcript cannot tell who wrote it.
        // IDs are suggested as `spex check` does (`PRD-4` is no typo of `PRD-1`), paths
        // by spelling.
        let help = suggested_id(name, shown.clone())
            .map(|id| format!("did you mean `{id}`?"))
            .or_else(|| {
                let paths = ws.docs.iter().filter(|d| policy.shows(d));
                suggestion_help(name, paths.map(|d| d.path.as_str()))
            })
            .unwrap_or_else(|| "`list_documents` lists the documents there are".to_owned());
        format!("no document with that ID or path; {help}")
    })
}

/// What the audience policy says of a whole compilation, for one server: worked out once
/// per compilation (each is a pass over every document) and shared by the calls.
pub struct Seen {
    /// What is hidden from the agent.
    pub hidden: Hidden,
    /// The health of planned work as the agent may see it.
    pub health: Vec<DocHealth>,
    /// The roadmap items that plan each PRD (by ID), from the roadmaps the agent may see:
    /// `get_document`'s `planned_in`, indexed once rather than searched per call.
    pub planned_in: BTreeMap<String, Vec<Value>>,
}

impl Seen {
    pub fn of(compilation: &Compilation, policy: &impl Policy) -> Seen {
        let ws = &compilation.workspace;
        Seen {
            hidden: Hidden::of_workspace(ws, policy),
            health: seen_health(policy, ws),
            planned_in: planned_in(ws, policy),
        }
    }
}

/// Every roadmap item the policy shows, as `get_document` lists it, by the PRD it plans
/// (in document order).
fn planned_in(ws: &Workspace, policy: &impl Policy) -> BTreeMap<String, Vec<Value>> {
    let mut planned: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (i, roadmap) in ws.docs.iter().enumerate() {
        if !policy.shows(roadmap) {
            continue;
        }
        for item in ws.roadmap_items(i) {
            planned.entry(item.prd.clone()).or_default().push(json!({
                "roadmap": roadmap.label(),
                "horizon": item.horizon.as_ref().map(|h| h.as_str().to_owned()),
                "quarter": item.quarter.map(|q| q.to_string()),
                "confidence": item.confidence,
            }));
        }
    }
    planned
}

/// `get_document`, working out what the policy says of the compilation first.
#[cfg(test)]
pub fn get_document(compilation: &Compilation, policy: &impl Policy, name: &str) -> Answer {
    get_document_seen(compilation, &Seen::of(compilation, policy), policy, name)
}

/// `get_document`: everything about one document this server may show.
pub fn get_document_seen(
    compilation: &Compilation,
    seen: &Seen,
    policy: &impl Policy,
    name: &str,
) -> Answer {
    let ws = &compilation.workspace;
    let idx = find(ws, policy, name)?;
    let doc = &*ws.docs[idx];
    let hidden = &seen.hidden;
    let (exported, roadmap) =
        crate::export::export_document(ws, &compilation.files, policy, hidden, idx);
    let mut out = serde_json::to_value(exported).map_err(|e| e.to_string())?;
    let health = seen.health.iter().find(|h| h.doc == idx).map(|h| {
        json!({
            "state": h.state.as_str(),
            "reasons": h.reasons.iter().map(|r| r.describe(ws)).collect::<Vec<_>>(),
        })
    });
    let diagnostics: Vec<&Diagnostic> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.primary.file == doc.path && !hidden.diagnostic(d))
        .collect();
    let planned_in = doc
        .id
        .as_deref()
        .and_then(|id| seen.planned_in.get(id))
        .cloned()
        .unwrap_or_default();
    if let Value::Object(map) = &mut out {
        map.insert(
            "body".into(),
            shown_markdown(doc, &policy.hidden_ranges(doc), hidden).into(),
        );
        map.insert("health".into(), health.unwrap_or(Value::Null));
        map.insert("planned_in".into(), planned_in.into());
        map.insert(
            "roadmap_items".into(),
            serde_json::to_value(roadmap).map_err(|e| e.to_string())?,
        );
        map.insert(
            "diagnostics".into(),
            diagnostics_json(&diagnostics, compilation, ws.config.docs_url.as_deref()),
        );
    }
    Ok(out)
}

/// `check`: the workspace's diagnostics this server may show, optionally only those in
/// files under the given paths.
pub fn check(compilation: &Compilation, seen: &Seen, paths: &[String], page: Page) -> Answer {
    let shown: Vec<&Diagnostic> = seen
        .hidden
        .shown(&compilation.diagnostics)
        .into_iter()
        .filter(|d| paths.is_empty() || paths.iter().any(|p| under(&d.primary.file, p)))
        .collect();
    let count = |s: Severity| shown.iter().filter(|d| d.severity == s).count();
    let listed = match diagnostics_json(
        &shown,
        compilation,
        compilation.workspace.config.docs_url.as_deref(),
    ) {
        Value::Array(listed) => listed,
        _ => Vec::new(),
    };
    let mut out = paginate("diagnostics", listed, page);
    if let Value::Object(map) = &mut out {
        map.insert("errors".into(), count(Severity::Error).into());
        map.insert("warnings".into(), count(Severity::Warning).into());
        map.insert("notes".into(), count(Severity::Note).into());
    }
    Ok(out)
}

/// Whether a draft may be checked at `path`: not over a document this server does not
/// show, whose history and neighbours the draft's diagnostics would describe. The answer
/// says no more than that the path is taken, to an agent that already named it.
pub fn draft_allowed(seen: &Seen, path: &str) -> Result<(), String> {
    if seen.hidden.file(path) {
        return Err("a draft cannot be checked at this path: choose a new file name".into());
    }
    Ok(())
}

/// `check_text`: the diagnostics a draft at `path` would have, in that file.
/// `hidden` is what the policy hides of the draft's compilation.
pub fn check_text(
    draft: &Compilation,
    hidden: &Hidden,
    policy: &impl Policy,
    path: &str,
) -> Answer {
    let diagnostics = super::draft_view::draft_diagnostics(draft, hidden, path);
    let shown: Vec<&Diagnostic> = diagnostics.iter().collect();
    let mut out = diagnostics_report(&shown, draft);
    let doc = draft
        .workspace
        .index_of_path(path)
        .map(|i| &*draft.workspace.docs[i])
        .filter(|d| policy.shows(d));
    if let Value::Object(map) = &mut out {
        map.insert("path".into(), path.into());
        map.insert(
            "document".into(),
            doc.map_or(
                Value::Null,
                |d| json!({ "id": d.id, "kind": d.kind_name(), "title": d.title }),
            ),
        );
    }
    Ok(out)
}

/// Whether `file` is `path` or inside the folder `path`.
fn under(file: &str, path: &str) -> bool {
    let path = path.trim_start_matches("./").trim_end_matches('/');
    path.is_empty() || path == "." || file == path || file.starts_with(&format!("{path}/"))
}

fn diagnostics_report(shown: &[&Diagnostic], compilation: &Compilation) -> Value {
    let count = |s: Severity| shown.iter().filter(|d| d.severity == s).count();
    json!({
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "notes": count(Severity::Note),
        "diagnostics": diagnostics_json(shown, compilation, compilation.workspace.config.docs_url.as_deref()),
    })
}

fn diagnostics_json(
    shown: &[&Diagnostic],
    compilation: &Compilation,
    docs_url: Option<&str>,
) -> Value {
    crate::diag::json::to_values(shown.iter().copied(), &compilation.files, docs_url).into()
}

/// `rules`: the rule catalogue with this workspace's levels, or one rule in full.
pub fn rules(config: &Config, name: Option<&str>) -> Answer {
    let describe = |rule: Rule| serde_json::to_value(RuleDoc::new(rule, config));
    let answer = match name {
        None => Rule::ALL
            .iter()
            .map(|r| describe(*r))
            .collect::<Result<Vec<_>, _>>()
            .map(|rules| json!({ "rules": rules })),
        Some(name) => {
            let rule = Rule::from_name(name).ok_or_else(|| {
                let help = suggestion_help(name, Rule::ALL.iter().map(|r| r.name()))
                    .unwrap_or_else(|| "call `rules` without a name to list them".into());
                format!("unknown rule `{name}`; {help}")
            })?;
            describe(rule)
        }
    };
    answer.map_err(|e| format!("internal: the rules are not JSON: {e}"))
}

/// The kind named `name`, in any case (`PRD`), or a message listing the kinds there are.
pub fn kind_named(config: &Config, name: &str) -> Result<Arc<KindSpec>, String> {
    config.kind_in_any_case(name).cloned().ok_or_else(|| {
        let names: Vec<&str> = config.kinds.keys().map(String::as_str).collect();
        format!(
            "unknown kind `{name}`; the kinds here are {}",
            names.join(", ")
        )
    })
}

/// `next_id`: the ID a new document of `kind` would get.
pub fn next_id(compilation: &Compilation, policy: &impl Policy, kind: &str) -> Answer {
    let spec = kind_named(&compilation.workspace.config, kind)?;
    let next = next_free_id(compilation, policy, &spec)?;
    Ok(json!({ "kind": spec.name, "id": next.id, "value": next.value }))
}

/// The ID `next_id` offers and `new_document` writes: one more than the highest this
/// server shows (counting a confidential document would reveal the number it took),
/// skipping any number a document it does not show already has.
pub fn next_free_id(
    compilation: &Compilation,
    policy: &impl Policy,
    spec: &KindSpec,
) -> Result<crate::author::NextId, String> {
    let ws = &compilation.workspace;
    let shown = ws.docs.iter().map(|d| &**d).filter(|d| policy.shows(d));
    let taken = |id: &str| ws.index_of_id(id).is_some();
    crate::author::next_id_among(shown, spec, &taken).ok_or_else(|| {
        format!(
            "kind `{}` has free-form IDs (no `{{n}}` in its pattern), so there is no next number",
            spec.name
        )
    })
}

/// Which way `trace` follows dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// What the document depends on, and what those depend on.
    Up,
    /// What depends on the document (the impact of changing it).
    Down,
    /// Both.
    Both,
}

/// `trace`: documents reachable from one over the dependency graph, breadth first, up to
/// `depth` steps; only through documents and references this server may show.
pub fn trace(
    compilation: &Compilation,
    policy: &impl Policy,
    name: &str,
    direction: Direction,
    depth: usize,
) -> Answer {
    let ws = &compilation.workspace;
    let start = find(ws, policy, name)?;
    let mut up: BTreeMap<DocIdx, BTreeSet<DocIdx>> = BTreeMap::new();
    let mut down: BTreeMap<DocIdx, BTreeSet<DocIdx>> = BTreeMap::new();
    let mut hidden_ranges: BTreeMap<DocIdx, Vec<Range<usize>>> = BTreeMap::new();
    for edge in ws.dependency_graph().edges() {
        let (from, to) = (&*ws.docs[edge.from], &*ws.docs[edge.to]);
        if !policy.shows(from) || !policy.shows(to) {
            continue;
        }
        let ranges = hidden_ranges
            .entry(edge.from)
            .or_insert_with(|| policy.hidden_ranges(from));
        let at = from.refs[edge.reference].span.start;
        if ranges.iter().any(|r| r.contains(&at)) {
            continue;
        }
        up.entry(edge.from).or_default().insert(edge.to);
        down.entry(edge.to).or_default().insert(edge.from);
    }
    let mut edges = Vec::new();
    let mut seen: BTreeMap<DocIdx, usize> = BTreeMap::from([(start, 0)]);
    let mut queue = VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        let steps = seen[&at];
        if steps >= depth {
            continue;
        }
        let mut next: Vec<(DocIdx, DocIdx)> = Vec::new();
        if direction != Direction::Down {
            next.extend(up.get(&at).into_iter().flatten().map(|&to| (at, to)));
        }
        if direction != Direction::Up {
            next.extend(down.get(&at).into_iter().flatten().map(|&from| (from, at)));
        }
        for (from, to) in next {
            edges.push(json!({ "from": ws.docs[from].label(), "to": ws.docs[to].label() }));
            let other = if from == at { to } else { from };
            if let std::collections::btree_map::Entry::Vacant(entry) = seen.entry(other) {
                entry.insert(steps + 1);
                queue.push_back(other);
            }
        }
    }
    edges.sort_by_key(Value::to_string);
    edges.dedup();
    let mut nodes: Vec<(usize, DocIdx)> = seen.iter().map(|(&i, &d)| (d, i)).collect();
    nodes.sort_by_key(|&(d, i)| (d, ws.id_rank(i)));
    let nodes: Vec<Value> = nodes
        .into_iter()
        .map(|(steps, i)| {
            let d = &*ws.docs[i];
            json!({
                "id": d.label(),
                "kind": d.kind_name(),
                "title": d.title,
                "status": d.status(),
                "depth": steps,
            })
        })
        .collect();
    Ok(json!({
        "root": ws.docs[start].label(),
        "nodes": nodes,
        "edges": edges,
        "note": "edges point from a document to what it depends on",
    }))
}
