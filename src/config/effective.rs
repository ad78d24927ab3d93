//! The effective configuration as data: [`Config`] → an ordered tree of settings, each
//! marked with where it came from (built in, or a line of spex.yaml). `spex config`
//! prints it as commented YAML or as JSON.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::reader::pointer;
use super::schema::{FieldSpec, FieldType, KindSpec};
use super::{CONFIG_FILE, Config, show_byte_size};

/// A value in the effective configuration. Maps keep their order (unlike
/// `serde_json::Value`), so status values read in lifecycle order.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    Str(String),
    Bool(bool),
    Number(f64),
    List(Vec<Shown>),
    Map(Vec<Entry>),
}

/// One key of a [`Shown::Map`], with its origin when it is a setting of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: Shown,
    /// `built-in`, `spex.yaml:12`, …; `None` for parts of a larger setting.
    pub origin: Option<String>,
}

impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Str(text) => s.serialize_str(text),
            Shown::Bool(b) => s.serialize_bool(*b),
            Shown::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => s.serialize_i64(*n as i64),
            Shown::Number(n) => s.serialize_f64(*n),
            Shown::List(items) => items.serialize(s),
            Shown::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for entry in entries {
                    map.serialize_entry(&entry.key, &entry.value)?;
                }
                map.end()
            }
        }
    }
}

impl Shown {
    /// Every origin in the tree, by JSON pointer, in tree order.
    pub fn origins(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        collect_origins(self, &mut Vec::new(), &mut out);
        out
    }
}

fn collect_origins<'a>(shown: &'a Shown, at: &mut Vec<&'a str>, out: &mut Vec<(String, String)>) {
    if let Shown::Map(entries) = shown {
        for entry in entries {
            at.push(&entry.key);
            if let Some(origin) = &entry.origin {
                out.push((pointer(at), origin.clone()));
            }
            collect_origins(&entry.value, at, out);
            at.pop();
        }
    }
}

/// Builds the effective configuration of `config`.
pub fn effective_config(config: &Config) -> Shown {
    let builtin = Config::builtin();
    let origin = |parts: &[&str]| -> String {
        match config.origins.get(&pointer(parts)) {
            Some(line) => format!("{CONFIG_FILE}:{line}"),
            None => "built-in".into(),
        }
    };
    let entry = |parts: &[&str], value: Shown| Entry {
        key: parts.last().copied().unwrap_or_default().to_owned(),
        value,
        origin: Some(origin(parts)),
    };
    let mut top = top_level(config, &entry);
    top.push(part("rules", Shown::Map(rule_entries(config, &entry))));
    top.push(part(
        "audiences",
        Shown::Map(audience_entries(config, &entry)),
    ));
    top.push(part(
        "kinds",
        Shown::Map(kind_entries(config, &builtin, &origin)),
    ));
    Shown::Map(top)
}

/// How an entry is made: its key path in spex.yaml and its value, with its origin.
type MakeEntry<'a> = dyn Fn(&[&str], Shown) -> Entry + 'a;

/// `site`, `output`, `exclude` and the other top-level settings.
fn top_level(config: &Config, entry: &MakeEntry) -> Vec<Entry> {
    let mut site = vec![
        entry(&["site", "title"], Shown::Str(config.site.title.clone())),
        entry(
            &["site", "base_url"],
            Shown::Str(config.site.base_url.clone()),
        ),
        entry(
            &["site", "max_attachment_size"],
            Shown::Str(show_byte_size(config.site.max_attachment_size)),
        ),
    ];
    if let Some(url) = &config.site.repo_url {
        site.push(entry(&["site", "repo_url"], Shown::Str(url.clone())));
    }
    site.push(entry(
        &["site", "llms_txt"],
        Shown::Bool(config.site.llms_txt),
    ));
    let mut top = vec![
        part("site", Shown::Map(site)),
        entry(&["output"], Shown::Str(config.output.clone())),
        entry(&["exclude"], strings(&config.exclude)),
    ];
    if let Some(url) = &config.docs_url {
        top.push(entry(&["docs_url"], Shown::Str(url.clone())));
    }
    if config.anchors == crate::parse::slug::AnchorMatching::GitHub {
        let mut anchors = entry(&["anchors"], Shown::Str("github".into()));
        if let super::AnchorsFrom::GitHubRemote(url) = &config.anchors_from {
            anchors.origin = Some(format!("the `origin` remote {url} is on github.com"));
        }
        top.push(anchors);
    }
    if config.extensionless_links {
        top.push(entry(&["extensionless_links"], Shown::Bool(true)));
    }
    if let Some(people) = &config.people {
        top.push(entry(&["people"], shown_people(people)));
    }
    top
}

/// `people:`: a plain name stays a name; anyone with more is a mapping.
fn shown_people(people: &super::People) -> Shown {
    let shown = people.list.iter().map(|p| {
        let mut parts = Vec::new();
        if !p.aliases.is_empty() {
            parts.push(part("aliases", strings(&p.aliases)));
        }
        for (key, value) in [
            ("email", &p.email),
            ("github", &p.github),
            ("team", &p.team),
        ] {
            if let Some(value) = value {
                parts.push(part(key, Shown::Str(value.clone())));
            }
        }
        if parts.is_empty() {
            Shown::Str(p.name.clone())
        } else {
            parts.insert(0, part("name", Shown::Str(p.name.clone())));
            Shown::Map(parts)
        }
    });
    Shown::List(shown.collect())
}

/// `rules:`, each with its level and settings.
fn rule_entries(config: &Config, entry: &MakeEntry) -> Vec<Entry> {
    config
        .rules
        .iter()
        .map(|(rule, setting)| {
            let level = setting
                .level
                .unwrap_or_else(|| rule.default_level())
                .as_str();
            let mut parts = vec![part("severity", Shown::Str(level.into()))];
            if let Some(days) = setting.days {
                parts.push(part("days", Shown::Number(days.into())));
            }
            if !setting.order.is_empty() {
                parts.push(part("order", strings(&setting.order)));
            }
            if let Some(exempt) = &setting.exempt {
                parts.push(part("exempt", strings(exempt)));
            }
            if let Some(cosmetic) = &setting.cosmetic {
                parts.push(part("cosmetic", strings(cosmetic)));
            }
            if !setting.normative.is_empty() {
                let kinds = setting
                    .normative
                    .iter()
                    .map(|(kind, headings)| part(kind, strings(headings)))
                    .collect();
                parts.push(part("normative", Shown::Map(kinds)));
            }
            let value = match parts.len() {
                1 => Shown::Str(level.into()),
                _ => Shown::Map(parts),
            };
            entry(&["rules", rule.name()], value)
        })
        .collect()
}

/// `audiences:`, each with every setting it has.
fn audience_entries(config: &Config, entry: &MakeEntry) -> Vec<Entry> {
    config
        .audiences
        .iter()
        .map(|(name, a)| {
            let mut fields = Vec::new();
            if let Some(d) = &a.description {
                fields.push(part("description", Shown::Str(d.clone())));
            }
            for (key, list) in [
                ("kinds", &a.kinds),
                ("statuses", &a.statuses),
                ("fields", &a.fields),
                ("tags", &a.tags),
                ("avoid", &a.avoid),
            ] {
                if !list.is_empty() {
                    fields.push(part(key, strings(list)));
                }
            }
            fields.push(part("untagged", Shown::Bool(a.untagged)));
            fields.push(part("digest", Shown::Str(a.layout.name().into())));
            fields.push(part("wording", Shown::Str(a.wording.name().into())));
            if let Some(t) = &a.template {
                fields.push(part("template", Shown::Str(t.clone())));
            }
            entry(&["audiences", name], Shown::Map(fields))
        })
        .collect()
}

/// `kinds:`, each marked built-in, extended or the workspace's own.
fn kind_entries(
    config: &Config,
    builtin: &Config,
    origin: &dyn Fn(&[&str]) -> String,
) -> Vec<Entry> {
    config
        .kinds
        .values()
        .map(|kind| {
            let is_builtin = builtin.kinds.contains_key(&kind.name);
            let kind_origin = match (
                is_builtin,
                config.origins.get(&pointer(&["kinds", &kind.name])),
            ) {
                (true, Some(line)) => format!("built-in, extended at {CONFIG_FILE}:{line}"),
                (true, None) => "built-in".into(),
                (false, _) => origin(&["kinds", &kind.name]),
            };
            Entry {
                key: kind.name.clone(),
                value: shown_kind(kind, origin),
                origin: Some(kind_origin),
            }
        })
        .collect()
}

fn shown_kind(kind: &KindSpec, origin: &dyn Fn(&[&str]) -> String) -> Shown {
    let name = kind.name.as_str();
    let at = |key: &str, value: Shown| Entry {
        key: key.into(),
        value,
        origin: Some(origin(&["kinds", name, key])),
    };
    let mut entries = Vec::new();
    if let Some(base) = &kind.extends {
        entries.push(at("extends", Shown::Str(base.clone())));
    }
    if let Some(d) = &kind.description {
        let mut entry = at("description", Shown::Str(d.clone()));
        if let Some(base) = &kind.extends
            && entry.origin.as_deref() == Some("built-in")
        {
            // Copied with `extends`, from wherever the base kind got it.
            entry.origin = Some(format!(
                "{} (via {base})",
                origin(&["kinds", base, "description"])
            ));
        }
        entries.push(entry);
    }
    if let Some(role) = kind.role {
        let role = serde_json::to_value(role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        entries.push(at("role", Shown::Str(role)));
    }
    entries.push(at("id", shown_id(kind)));
    entries.push(at("paths", strings(&kind.path_globs)));
    entries.push(part("fields", Shown::Map(field_entries(kind, origin))));
    if !kind.removed.is_empty() {
        entries.push(at("remove", strings(&kind.removed)));
    }
    if let Some(template) = &kind.file_name {
        entries.push(at("file_name", Shown::Str(template.clone())));
    }
    if !kind.field_order.is_empty() {
        entries.push(at("field_order", strings(&kind.field_order)));
    }
    if !kind.sections.is_empty() {
        entries.push(at("sections", shown_sections(kind)));
    }
    if let Some(label) = &kind.label {
        entries.push(at("label", Shown::Str(label.clone())));
    }
    if !kind.index.is_empty() {
        entries.push(at("index", strings(&kind.index)));
    }
    if kind.title_from_heading {
        entries.push(at("title", Shown::Str("heading".into())));
    } else if kind.title_field != "title" {
        entries.push(at("title", Shown::Str(kind.title_field.clone())));
    }
    Shown::Map(entries)
}

/// `id:` of a kind: its field, format and pattern (a path-identified kind has only the
/// format).
fn shown_id(kind: &KindSpec) -> Shown {
    let mut id = vec![part("field", Shown::Str(kind.id.field.clone()))];
    match kind.id.format {
        super::IdFormat::Integer => id.push(part("format", Shown::Str("integer".into()))),
        super::IdFormat::Path => id = vec![part("format", Shown::Str("path".into()))],
        super::IdFormat::String => {}
    }
    if let Some(pattern) = &kind.id.pattern {
        id.push(part("pattern", Shown::Str(pattern.to_string())));
    }
    Shown::Map(id)
}

/// The kind's fields, each with where it was declared (here, or with the kind it
/// extends).
fn field_entries(kind: &KindSpec, origin: &dyn Fn(&[&str]) -> String) -> Vec<Entry> {
    let name = kind.name.as_str();
    let field_origin = |field: &str| {
        let here = origin(&["kinds", name, "fields", field]);
        match &kind.extends {
            // Not declared here: it came with the kind this one extends.
            Some(base) if here == "built-in" => {
                format!("{} (via {base})", origin(&["kinds", base, "fields", field]))
            }
            _ => here,
        }
    };
    kind.fields
        .iter()
        .map(|(field, spec)| Entry {
            key: field.clone(),
            value: shown_field(spec),
            origin: Some(field_origin(field)),
        })
        .collect()
}

/// `sections:`: a plain list, or the long form when ordered or conditional.
fn shown_sections(kind: &KindSpec) -> Shown {
    if !kind.sections_ordered && kind.sections_when.is_empty() {
        return strings(&kind.sections);
    }
    let mut parts = vec![part("required", strings(&kind.sections))];
    if kind.sections_ordered {
        parts.push(part("ordered", Shown::Bool(true)));
    }
    parts.extend(kind.sections_when.iter().map(shown_condition));
    Shown::Map(parts)
}

/// A field declaration as spex.yaml would write it: a type name when that says all,
/// else a mapping.
fn shown_field(spec: &FieldSpec) -> Shown {
    let mut entries = type_entries(&spec.ty);
    let mut flag = |key: &str, on: bool| {
        if on {
            entries.push(part(key, Shown::Bool(true)));
        }
    };
    flag("required", spec.required);
    flag("dependency", spec.dependency);
    flag("allow_inactive", spec.allow_inactive);
    flag("sorted", spec.sorted);
    flag("unique", spec.unique);
    let lengths = [
        ("min_length", spec.min_length),
        ("max_length", spec.max_length),
        ("min_items", spec.min_items),
        ("max_items", spec.max_items),
    ];
    let bounds = [("min", spec.min), ("max", spec.max)]
        .into_iter()
        .chain(lengths.map(|(k, n)| (k, n.map(|n| n as f64))));
    for (key, bound) in bounds {
        if let Some(n) = bound {
            entries.push(part(key, Shown::Number(n)));
        }
    }
    if let Some(pattern) = &spec.pattern {
        entries.push(part("pattern", Shown::Str(pattern.source.clone())));
    }
    if !spec.placeholders.is_empty() {
        entries.push(part("placeholders", strings(&spec.placeholders)));
    }
    if let Some(d) = &spec.description {
        entries.push(part("description", Shown::Str(d.clone())));
    }
    entries.extend(spec.conditions.iter().map(shown_condition));
    match entries.as_slice() {
        [only] if only.key == "type" => only.value.clone(),
        _ => Shown::Map(entries),
    }
}

/// `required_if: { status: Last Call }` and its siblings.
fn shown_condition(condition: &super::Condition) -> Entry {
    let values = match condition.values.as_slice() {
        [one] => Shown::Str(one.clone()),
        many => strings(many),
    };
    part(
        condition.key(),
        Shown::Map(vec![part(&condition.field, values)]),
    )
}

/// `type:` and what the type needs (`values`, `kinds`, `items`, `fields`).
fn type_entries(ty: &FieldType) -> Vec<Entry> {
    let name = |n: &str| part("type", Shown::Str(n.into()));
    match ty {
        FieldType::Enum(values) => vec![name("enum"), part("values", strings(values))],
        FieldType::Status(values) => {
            let values = values
                .iter()
                .map(|(status, phase)| {
                    let phase = serde_json::to_value(phase)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    part(status, Shown::Str(phase))
                })
                .collect();
            vec![name("status"), part("values", Shown::Map(values))]
        }
        FieldType::Ref(kinds) => with_kinds(name("ref"), kinds),
        FieldType::List(item) => match item.as_ref() {
            FieldType::Ref(kinds) => with_kinds(name("refs"), kinds),
            item => vec![
                name("list"),
                part("items", shown_field(&FieldSpec::of(item.clone()))),
            ],
        },
        FieldType::Record(fields) => {
            let fields = fields
                .iter()
                .map(|(f, spec)| part(f, shown_field(spec)))
                .collect();
            vec![name("record"), part("fields", Shown::Map(fields))]
        }
        scalar => vec![name(&scalar_type_name(scalar))],
    }
}

fn with_kinds(name: Entry, kinds: &[String]) -> Vec<Entry> {
    let mut entries = vec![name];
    if !kinds.is_empty() {
        entries.push(part("kinds", strings(kinds)));
    }
    entries
}

/// The spelling of a scalar type in spex.yaml (`quarter | date` for alternatives).
fn scalar_type_name(ty: &FieldType) -> String {
    match ty {
        FieldType::String => "string".into(),
        FieldType::Text => "text".into(),
        FieldType::Person => "person".into(),
        FieldType::Url => "url".into(),
        FieldType::Date => "date".into(),
        FieldType::Quarter => "quarter".into(),
        FieldType::Number => "number".into(),
        FieldType::Integer => "integer".into(),
        FieldType::Bool => "bool".into(),
        FieldType::Audience => "audience".into(),
        FieldType::OneOf(types) => types
            .iter()
            .map(scalar_type_name)
            .collect::<Vec<_>>()
            .join(" | "),
        FieldType::Ref(_) => "ref".into(),
        FieldType::List(_) => "list".into(),
        FieldType::Enum(_) => "enum".into(),
        FieldType::Status(_) => "status".into(),
        FieldType::Record(_) => "record".into(),
    }
}

/// A part of a larger setting: no origin of its own.
fn part(key: &str, value: Shown) -> Entry {
    Entry {
        key: key.into(),
        value,
        origin: None,
    }
}

fn strings(items: &[String]) -> Shown {
    Shown::List(items.iter().cloned().map(Shown::Str).collect())
}

/// The tree as YAML, each setting followed by `# <origin>`.
pub fn to_commented_yaml(shown: &Shown) -> String {
    let mut out = String::new();
    if let Shown::Map(entries) = shown {
        write_entries(entries, 0, &mut out);
    }
    out
}

/// Lines longer than this print a mapping as a block rather than `{ a: b }`.
const FLOW_WIDTH: usize = 80;

fn write_entries(entries: &[Entry], indent: usize, out: &mut String) {
    for entry in entries {
        let head = format!("{:indent$}{}:", "", yaml_key(&entry.key));
        let comment = entry
            .origin
            .as_ref()
            .map(|o| format!("  # {o}"))
            .unwrap_or_default();
        match &entry.value {
            Shown::Map(inner) if inner.is_empty() => {
                out.push_str(&format!("{head} {{}}{comment}\n"));
            }
            Shown::Map(inner) => match flow(&entry.value) {
                Some(text) if head.len() + 1 + text.len() <= FLOW_WIDTH => {
                    out.push_str(&format!("{head} {text}{comment}\n"));
                }
                _ => {
                    out.push_str(&format!("{head}{comment}\n"));
                    write_entries(inner, indent + 2, out);
                }
            },
            value => {
                // Scalars and lists always have a flow form.
                let text = flow(value).unwrap_or_default();
                out.push_str(&format!("{head} {text}{comment}\n"));
            }
        }
    }
}

/// The one-line form of a value; `None` for a mapping that holds a mapping.
fn flow(value: &Shown) -> Option<String> {
    Some(match value {
        Shown::Str(s) => yaml_scalar(s),
        Shown::Bool(b) => b.to_string(),
        Shown::Number(n) => n.to_string(),
        Shown::List(items) => {
            let items: Option<Vec<String>> = items.iter().map(flow).collect();
            format!("[{}]", items?.join(", "))
        }
        Shown::Map(entries) => {
            // A setting of its own keeps its line, for its origin.
            if entries
                .iter()
                .any(|e| e.origin.is_some() || matches!(e.value, Shown::Map(_)))
            {
                return None;
            }
            let items: Option<Vec<String>> = entries
                .iter()
                .map(|e| flow(&e.value).map(|v| format!("{}: {v}", yaml_key(&e.key))))
                .collect();
            format!("{{ {} }}", items?.join(", "))
        }
    })
}

fn yaml_key(key: &str) -> String {
    yaml_scalar(key)
}

/// A string as a YAML scalar: plain when YAML would read it back as the same string,
/// else double-quoted (JSON's escaping is valid YAML).
fn yaml_scalar(s: &str) -> String {
    let reserved = matches!(
        s.to_ascii_lowercase().as_str(),
        "" | "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off"
    );
    let special_start = s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c));
    let special_inside = s.contains(": ")
        || s.contains(" #")
        || s.contains(['{', '}', '[', ']', ',', '\n', '\t'])
        || s.ends_with([' ', ':']);
    if reserved || special_start || special_inside || s.parse::<f64>().is_ok() {
        serde_json::to_string(s).unwrap_or_default()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests;
