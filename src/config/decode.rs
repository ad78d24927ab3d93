//! spex.yaml text → [`Config`], reporting every problem at its line.

use std::collections::BTreeMap;
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::condition::{check_conditions, decode_condition};
use super::field_spec::record_fields;
use super::reader::{Reader, pointer};
use super::schema::{FieldSpec, FieldType, IdFormat, IdPattern, IdSpec, KindSpec, Role};
use super::{AudienceSpec, Config, Level, RuleSetting, SiteConfig};
use crate::diag::{Diagnostic, LineIndex, Rule, Span, suggestion_help};
use crate::parse::yaml::{Node, parse_yaml};

/// The built-in kinds, written in the same syntax as a workspace's `kinds:`.
pub const BUILTIN_KINDS_YAML: &str = include_str!("builtin_kinds.yaml");

const TOP_KEYS: [&str; 7] = [
    "site",
    "output",
    "exclude",
    "rules",
    "docs_url",
    "audiences",
    "kinds",
];
const SITE_KEYS: [&str; 3] = ["title", "base_url", "max_attachment_size"];
const KIND_KEYS: [&str; 10] = [
    "description",
    "role",
    "extends",
    "id",
    "paths",
    "fields",
    "remove",
    "file_name",
    "field_order",
    "sections",
];
const ID_KEYS: [&str; 3] = ["field", "format", "pattern"];
const AUDIENCE_KEYS: [&str; 7] = [
    "description",
    "kinds",
    "statuses",
    "fields",
    "tags",
    "untagged",
    "template",
];

/// Parses a workspace config (`text` may be empty) over the built-in defaults.
pub fn parse_config(text: &str, file: &str) -> (Config, Vec<Diagnostic>) {
    let mut config = Config {
        site: SiteConfig::default(),
        output: "_site".into(),
        exclude: Vec::new(),
        exclude_set: GlobSet::empty(),
        rules: BTreeMap::new(),
        docs_url: None,
        audiences: builtin_audiences(),
        kinds: BTreeMap::new(),
        origins: BTreeMap::new(),
    };

    // The built-in kinds go through the same decoder; a test keeps them error-free.
    let mut builtin = Reader::new("<built-in kinds>");
    if let Ok(node) = parse_yaml(BUILTIN_KINDS_YAML) {
        decode_kinds(&mut builtin, &node, &mut config.kinds);
    }
    debug_assert!(builtin.diagnostics.is_empty(), "{:?}", builtin.diagnostics);
    // A built-in kind has the built-in meaning of its name, also when a workspace
    // extends it.
    for (name, kind) in config.kinds.iter_mut() {
        Arc::make_mut(kind).role = Role::parse(name);
    }

    let mut r = Reader::new(file);
    let root = match parse_yaml(text) {
        Ok(root) => root,
        Err(e) => {
            let help = e.help();
            let mut d = Diagnostic::new(Rule::Config, e.message, Span::new(file, e.offset..e.end));
            if let Some(help) = help {
                d = d.with_help(help);
            }
            if let Some(first) = e.first {
                d = d.with_label(Span::new(file, first), "first defined here");
            }
            return (config, vec![d]);
        }
    };
    for (key, key_node, value) in r.keyed_entries(&root, "spex.yaml", &TOP_KEYS) {
        if matches!(key, "output" | "exclude" | "docs_url") {
            r.set_at(pointer(&[key]), key_node);
        }
        match key {
            "site" => decode_site(&mut r, value, &mut config.site),
            "output" => {
                if let Some(out) = r.string(value, "`output`") {
                    match output_problem(&out) {
                        // The build deletes what it no longer writes inside this folder, so
                        // it must stay a folder of its own inside the workspace.
                        Some(why) => {
                            r.error(value.span.clone(), format!("`output: {out}` {why}"))
                                .help = Some(
                                "use a relative path inside the workspace, such as `_site`, or pass `--out`".into(),
                            );
                        }
                        None => config.output = out,
                    }
                }
            }
            "exclude" => {
                let (globs, set) = glob_set(&mut r, value, "an exclude glob");
                config.exclude = globs;
                config.exclude_set = set;
            }
            "rules" => decode_rules(&mut r, value, &mut config.rules),
            "docs_url" => config.docs_url = decode_docs_url(&mut r, value),
            "audiences" => decode_audiences(&mut r, value, &mut config.audiences),
            "kinds" => decode_kinds(&mut r, value, &mut config.kinds),
            _ => {}
        }
    }

    // Reference fields may name any kind, including ones defined later in the file.
    let mentions = std::mem::take(&mut r.kind_mentions);
    for (name, range) in mentions {
        if !config.kinds.contains_key(&name) {
            let help = suggestion_help(&name, config.kinds.keys().map(String::as_str));
            r.error(range, format!("unknown kind `{name}`")).help = help;
        }
    }
    // Statuses named under `rules:` must be statuses of some kind.
    let statuses: Vec<&str> = config
        .kinds
        .values()
        .filter_map(|k| k.status_field())
        .flat_map(|(_, values)| values.iter().map(|(v, _)| v.as_str()))
        .collect();
    for (status, range) in std::mem::take(&mut r.status_mentions) {
        if !statuses.contains(&status.as_str()) {
            let help = suggestion_help(&status, statuses.iter().copied());
            r.error(range, format!("no kind has the status `{status}`"))
                .help = help;
        }
    }
    let lines = LineIndex::new(text);
    config.origins = r
        .origins
        .drain(..)
        .map(|(at, span)| (at, lines.line_of(span.start) + 1))
        .collect();
    (config, r.diagnostics)
}

/// Why `output` is not a plain relative folder inside the workspace, if it is not.
fn output_problem(out: &str) -> Option<&'static str> {
    let path = std::path::Path::new(out);
    if out.trim().is_empty() {
        Some("is empty")
    } else if path.has_root() || out.contains(':') {
        Some("must be a relative path, not an absolute one")
    } else if path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        Some("must not contain `..`: it would point outside the workspace")
    } else if path
        .components()
        .all(|c| matches!(c, std::path::Component::CurDir))
    {
        Some("names the workspace itself")
    } else {
        None
    }
}

fn decode_site(r: &mut Reader, node: &Node, site: &mut SiteConfig) {
    for (key, key_node, value) in r.keyed_entries(node, "`site`", &SITE_KEYS) {
        r.set_at(pointer(&["site", key]), key_node);
        let Some(text) = r.string(value, &format!("`site.{key}`")) else {
            continue;
        };
        match key {
            "title" => site.title = text,
            "base_url" => {
                site.base_url = if text.ends_with('/') {
                    text
                } else {
                    text + "/"
                };
            }
            "max_attachment_size" => match super::parse_byte_size(&text) {
                Some(bytes) => site.max_attachment_size = bytes,
                None => {
                    r.error(
                        value.span.clone(),
                        format!("`site.max_attachment_size` must be a size, found `{text}`"),
                    )
                    .help = Some(
                        "write a number of bytes with a unit, e.g. `50MiB` or `200 MB`".into(),
                    );
                }
            },
            _ => {}
        }
    }
}

/// `docs_url`: where the rule docs live. Output shows it to people and tools far from
/// the workspace (code scanning), so only an absolute URL makes sense.
fn decode_docs_url(r: &mut Reader, node: &Node) -> Option<String> {
    let url = r.string(node, "`docs_url`")?;
    if url.starts_with("https://") || url.starts_with("http://") {
        Some(url)
    } else {
        r.error(
            node.span.clone(),
            format!("`docs_url: {url}` is not an absolute URL"),
        )
        .help = Some("write it with its scheme, e.g. `https://specs.example.com/rules/`".into());
        None
    }
}

fn decode_rules(r: &mut Reader, node: &Node, rules: &mut BTreeMap<Rule, RuleSetting>) {
    for (key, value) in r.map(node, "`rules`") {
        let Some(name) = r.key(key) else { continue };
        r.set_at(pointer(&["rules", name]), key);
        let Some(rule) = Rule::from_name(name) else {
            let help = suggestion_help(name, Rule::ALL.iter().map(|r| r.name()))
                .unwrap_or_else(|| "see the rules table in the spex README".into());
            r.error(key.span.clone(), format!("unknown rule `{name}`"))
                .help = Some(help);
            continue;
        };
        let mut setting = RuleSetting::default();
        if let crate::parse::yaml::Value::Map(_) = value.value {
            let keys: &[&str] = match rule {
                Rule::StatusOrder => &["severity", "days", "order", "exempt"],
                _ => &["severity", "days"],
            };
            for (k, v) in r.keyed(value, &format!("rule `{name}`"), keys) {
                match k {
                    "order" | "exempt" => {
                        let statuses = r.strings(v, "a status");
                        r.status_mentions.extend(statuses.iter().cloned());
                        let names: Vec<String> = statuses.into_iter().map(|(s, _)| s).collect();
                        if k == "order" {
                            setting.order = names;
                        } else {
                            setting.exempt = Some(names);
                        }
                    }
                    "severity" => {
                        setting.level = r.one_of(v, "severity", &Level::NAMES, Level::parse)
                    }
                    "days" => {
                        setting.days = r.number(v, "`days`").and_then(|d| {
                            if d >= 1.0 && d.fract() == 0.0 {
                                Some(d as u32)
                            } else {
                                r.error(
                                    v.span.clone(),
                                    "`days` must be a whole number of days, at least 1",
                                );
                                None
                            }
                        })
                    }
                    _ => {}
                }
            }
        } else {
            setting.level = r.one_of(value, "severity", &Level::NAMES, Level::parse);
        }
        rules.insert(rule, setting);
    }
}

fn builtin_audiences() -> BTreeMap<String, AudienceSpec> {
    let audience =
        |tags: &[&str], untagged: bool, fields: &[&str], description: &str| AudienceSpec {
            description: Some(description.into()),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            untagged,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            ..AudienceSpec::default()
        };
    // Sales tells customers about features and releases, never decisions or roadmaps.
    let mut sales = audience(
        &["sales"],
        false,
        &["id", "title", "status", "target", "tags", "team"],
        "What shipped and what is coming, in customer language.",
    );
    sales.kinds = vec!["prd".into(), "release".into()];
    BTreeMap::from([
        (
            "engineering".into(),
            audience(
                &["engineering"],
                true,
                &[],
                "What is being built next, and what blocks it.",
            ),
        ),
        ("sales".into(), sales),
        (
            "leadership".into(),
            audience(
                &["leadership"],
                false,
                &[],
                "Progress against vision and objectives.",
            ),
        ),
    ])
}

fn decode_audiences(r: &mut Reader, node: &Node, audiences: &mut BTreeMap<String, AudienceSpec>) {
    for (key, value) in r.map(node, "`audiences`") {
        let Some(name) = r.key(key) else { continue };
        if name == "confidential" || name == "all" {
            r.error(
                key.span.clone(),
                format!("`{name}` is reserved and cannot name an audience"),
            );
            continue;
        }
        r.set_at(pointer(&["audiences", name]), key);
        let mut spec = audiences
            .get(name)
            .cloned()
            .unwrap_or_else(|| AudienceSpec {
                tags: vec![name.to_owned()],
                untagged: true,
                ..AudienceSpec::default()
            });
        let what = format!("audience `{name}`");
        for (k, v) in r.keyed(value, &what, &AUDIENCE_KEYS) {
            let list =
                |r: &mut Reader| r.strings(v, "a name").into_iter().map(|(s, _)| s).collect();
            match k {
                "description" => spec.description = r.string(v, "`description`"),
                "kinds" => spec.kinds = list(r),
                "statuses" => spec.statuses = list(r),
                "fields" => spec.fields = list(r),
                "tags" => spec.tags = list(r),
                "untagged" => spec.untagged = r.bool(v, "`untagged`").unwrap_or(true),
                "template" => spec.template = r.string(v, "`template`"),
                _ => {}
            }
        }
        audiences.insert(name.to_owned(), spec);
    }
}

/// Decodes `kinds:`. A kind named like one already in `kinds` (a built-in one, when
/// this is a workspace's spex.yaml) extends it: its fields merge into that kind's.
fn decode_kinds(r: &mut Reader, node: &Node, kinds: &mut BTreeMap<String, Arc<KindSpec>>) {
    for (key, value) in r.map(node, "`kinds`") {
        let Some(name) = r.key(key) else { continue };
        if !is_kind_name(name) {
            r.error(key.span.clone(), format!("invalid kind name `{name}`"))
                .help = Some("use lowercase letters, digits, `-` and `_`".into());
            continue;
        }
        r.set_at(pointer(&["kinds", name]), key);
        if let Some(kind) = decode_kind(r, name, value, kinds) {
            kinds.insert(name.to_owned(), Arc::new(kind));
        }
    }
}

fn is_kind_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// One kind: a new one, one extending the same-named kind in `known`, or one that
/// starts from another kind's fields (`extends:`).
fn decode_kind(
    r: &mut Reader,
    name: &str,
    node: &Node,
    known: &BTreeMap<String, Arc<KindSpec>>,
) -> Option<KindSpec> {
    let what = format!("kind `{name}`");
    let entries = r.keyed_entries(node, &what, &KIND_KEYS);
    let mut kind = match known.get(name) {
        Some(same_name) => (**same_name).clone(),
        None => KindSpec {
            name: name.to_owned(),
            role: None,
            extends: None,
            removed: Vec::new(),
            description: None,
            id: IdSpec {
                field: "id".into(),
                format: IdFormat::String,
                pattern: None,
            },
            path_globs: Vec::new(),
            paths: GlobSet::empty(),
            fields: BTreeMap::new(),
            file_name: None,
            field_order: Vec::new(),
            sections: Vec::new(),
            sections_ordered: false,
            sections_when: Vec::new(),
        },
    };
    if let Some((_, key, value)) = entries.iter().find(|(k, _, _)| *k == "extends") {
        r.set_at(pointer(&["kinds", name, "extends"]), key);
        extend(r, &mut kind, value, known);
    }
    let mut removed = Vec::new();
    let mut field_order = Vec::new();
    let conditions_mark = r.conditions.len();
    for (key, key_node, value) in &entries {
        r.set_at(pointer(&["kinds", name, key]), key_node);
        match *key {
            "description" => kind.description = r.string(value, "`description`"),
            "role" => kind.role = r.one_of(value, "role", &Role::NAMES, Role::parse),
            "id" => kind.id = decode_id(r, value, &what, kind.id.clone())?,
            "paths" => (kind.path_globs, kind.paths) = glob_set(r, value, "a path glob"),
            "fields" => {
                for (field, spec) in record_fields(r, Some(value), name) {
                    kind.fields.insert(field, spec);
                }
                for (field_key, _) in r.map(value, "fields") {
                    if let Some(field) = field_key.value.scalar_text() {
                        r.set_at(pointer(&["kinds", name, "fields", &field]), field_key);
                    }
                }
            }
            "remove" => removed = r.strings(value, "a field name"),
            "file_name" => kind.file_name = decode_file_name(r, value),
            "field_order" => field_order = r.strings(value, "a field name"),
            "sections" => {
                (kind.sections, kind.sections_ordered, kind.sections_when) =
                    decode_sections(r, value, &what);
            }
            _ => {}
        }
    }
    let declared = entries
        .iter()
        .find(|(k, _, _)| *k == "fields")
        .map(|(_, _, v)| *v);
    remove_fields(r, &mut kind, &removed, declared);
    check_conditions(r, conditions_mark, &kind.fields);
    if !field_order.is_empty() {
        kind.field_order = decode_field_order(r, &kind, field_order);
    }
    // Any document can be confidential: a kind that does not declare the field still
    // accepts it, so `confidential: true` on a decision is honoured and not reported
    // as an unknown field (the audience policy reads it from every kind).
    kind.fields
        .entry("confidential".into())
        .or_insert_with(|| FieldSpec::of(FieldType::Bool));
    Some(kind)
}

/// `extends: prd`: a new kind starts with another kind's fields and description; its
/// ID, paths and role stay its own (two kinds claiming the same files or IDs would
/// fight over them).
fn extend(
    r: &mut Reader,
    kind: &mut KindSpec,
    node: &Node,
    known: &BTreeMap<String, Arc<KindSpec>>,
) {
    let Some(base_name) = r.string(node, "`extends`") else {
        return;
    };
    if known.contains_key(&kind.name) {
        r.error(
            node.span.clone(),
            format!(
                "kind `{}` already extends the built-in `{}`: `extends` is for new kinds",
                kind.name, kind.name
            ),
        )
        .help =
            Some("remove `extends`; the fields you declare merge into the built-in ones".into());
        return;
    }
    let Some(base) = known.get(&base_name) else {
        let help =
            suggestion_help(&base_name, known.keys().map(String::as_str)).unwrap_or_else(|| {
                "a kind can extend a built-in kind or one defined above it in spex.yaml".into()
            });
        r.error(
            node.span.clone(),
            format!("`extends`: unknown kind `{base_name}`"),
        )
        .help = Some(help);
        return;
    };
    kind.fields = base.fields.clone();
    kind.description = base.description.clone();
    kind.extends = Some(base_name);
}

/// `sections: [Summary, Motivation]`, or `sections: { required: [...], ordered: true }`.
fn decode_sections(
    r: &mut Reader,
    node: &Node,
    what: &str,
) -> (Vec<String>, bool, Vec<crate::config::Condition>) {
    let mut when = Vec::new();
    let (list, ordered) = match &node.value {
        crate::parse::yaml::Value::Map(_) => {
            let mut list = None;
            let mut ordered = false;
            for (key, value) in r.keyed(
                node,
                &format!("`sections` of {what}"),
                &["required", "ordered", "required_if", "required_unless"],
            ) {
                match key {
                    "required" => list = Some(value),
                    "ordered" => ordered = r.bool(value, "`ordered`").unwrap_or(false),
                    "required_if" | "required_unless" => {
                        when.extend(decode_condition(r, key, value, ""));
                    }
                    _ => {}
                }
            }
            let Some(list) = list else {
                r.error(
                    node.span.clone(),
                    format!("`sections` of {what} has no `required` list"),
                )
                .help = Some(
                    "write `sections: { required: [Summary, Motivation], ordered: true }`".into(),
                );
                return (Vec::new(), false, Vec::new());
            };
            (list, ordered)
        }
        _ => (node, false),
    };
    let mut sections: Vec<String> = Vec::new();
    for (name, range) in r.strings(list, "a section heading") {
        let name = name.trim().to_owned();
        if name.is_empty() {
            r.error(range, "a required section needs a heading text");
        } else if sections.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
            r.error(
                range,
                format!("section `{name}` is listed twice (headings match in any case)"),
            );
        } else {
            sections.push(name);
        }
    }
    (sections, ordered, when)
}

/// `file_name: "eip-{id}.md"`: it must say where the ID goes.
fn decode_file_name(r: &mut Reader, node: &Node) -> Option<String> {
    let template = r.string(node, "`file_name`")?;
    if template.contains("{id}") || template.contains("{n}") {
        Some(template)
    } else {
        r.error(
            node.span.clone(),
            format!("`file_name: {template}` does not say where the ID goes"),
        )
        .help = Some(
            "write `{id}` for the ID as written (`eip-{id}.md`), or `{n}` for its number (`PRD-{n}.md`)"
                .into(),
        );
        None
    }
}

/// `field_order: [id, title, …]`: every name must be a field of the kind (or its ID
/// field, or `kind`), each named once.
fn decode_field_order(
    r: &mut Reader,
    kind: &KindSpec,
    names: Vec<(String, std::ops::Range<usize>)>,
) -> Vec<String> {
    let known =
        |name: &str| kind.fields.contains_key(name) || name == kind.id.field || name == "kind";
    let mut order: Vec<String> = Vec::new();
    for (name, range) in names {
        if order.contains(&name) {
            r.error(range, format!("`field_order` lists `{name}` twice"));
        } else if !known(&name) {
            let candidates = kind
                .fields
                .keys()
                .map(String::as_str)
                .chain([kind.id.field.as_str(), "kind"]);
            let help = suggestion_help(&name, candidates);
            r.error(
                range,
                format!("`field_order`: kind `{}` has no field `{name}`", kind.name),
            )
            .help = help;
        } else {
            order.push(name);
        }
    }
    order
}

/// `remove: [team, priority]`: fields of the extended kind this one does without.
fn remove_fields(
    r: &mut Reader,
    kind: &mut KindSpec,
    removed: &[(String, std::ops::Range<usize>)],
    declared: Option<&Node>,
) {
    for (field, range) in removed {
        let redeclared = declared.is_some_and(|fields| match &fields.value {
            crate::parse::yaml::Value::Map(entries) => entries
                .iter()
                .any(|(k, _)| k.value.scalar_text().as_deref() == Some(field.as_str())),
            _ => false,
        });
        if redeclared {
            r.error(
                range.clone(),
                format!(
                    "field `{field}` is both removed and declared in kind `{}`",
                    kind.name
                ),
            )
            .help =
                Some("declaring a field replaces the inherited one: drop it from `remove`".into());
        } else if field == "confidential" {
            r.error(range.clone(), "`confidential` cannot be removed")
                .help = Some(
                "every kind accepts `confidential: true`: the audience policy reads it".into(),
            );
        } else if kind.fields.remove(field).is_some() {
            kind.removed.push(field.clone());
        } else {
            let help = suggestion_help(field, kind.fields.keys().map(String::as_str))
                .unwrap_or_else(|| {
                    format!(
                        "the fields of kind `{}` are: {}",
                        kind.name,
                        kind.fields
                            .keys()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            r.error(
                range.clone(),
                format!("kind `{}` has no field `{field}` to remove", kind.name),
            )
            .help = Some(help);
        }
    }
}

/// `id:` over `id`, the kind's ID rule so far (the built-in one when extending).
fn decode_id(r: &mut Reader, node: &Node, what: &str, mut id: IdSpec) -> Option<IdSpec> {
    for (key, value) in r.keyed(node, &format!("the id of {what}"), &ID_KEYS) {
        match key {
            "field" => id.field = r.string(value, "`id.field`")?,
            "format" => {
                id.format = r.one_of(value, "ID format", &["string", "integer"], |s| match s {
                    "string" => Some(IdFormat::String),
                    "integer" => Some(IdFormat::Integer),
                    _ => None,
                })?
            }
            "pattern" => {
                let text = r.string(value, "`id.pattern`")?;
                match IdPattern::parse(&text) {
                    Some(p) => id.pattern = Some(p),
                    None => {
                        r.error(value.span.clone(), format!("invalid ID pattern `{text}`"))
                            .help = Some(
                            "write the pattern with one `{n}` for the number, like `PRD-{n}`"
                                .into(),
                        );
                        return None;
                    }
                }
            }
            _ => {}
        }
    }
    Some(id)
}

/// Compiles globs, reporting each bad one at its position.
fn glob_set(r: &mut Reader, node: &Node, what: &str) -> (Vec<String>, GlobSet) {
    let mut builder = GlobSetBuilder::new();
    let mut globs = Vec::new();
    for (glob, range) in r.strings(node, what) {
        match Glob::new(&glob) {
            Ok(g) => {
                builder.add(g);
                globs.push(glob);
            }
            Err(e) => {
                r.error(range, format!("invalid glob `{glob}`: {}", e.kind()));
            }
        }
    }
    // Every glob was compiled above, so building the set cannot fail.
    let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
    (globs, set)
}

#[cfg(test)]
mod tests;
