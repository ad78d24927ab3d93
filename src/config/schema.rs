//! The document schema: kinds, their ID rules and their typed fields.

use std::collections::BTreeMap;

use globset::GlobSet;
use serde::Serialize;

/// Where a status sits in a document's lifecycle. Rules compare phases across kinds:
/// an approved PRD (committed) depending on a draft one (proposed) is out of order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Proposed,
    Committed,
    Started,
    Done,
    /// Deprecated, retired, superseded, rejected, dropped: nothing should build on it.
    Inactive,
}

impl Phase {
    pub const NAMES: [&'static str; 5] = ["proposed", "committed", "started", "done", "inactive"];

    pub fn parse(s: &str) -> Option<Phase> {
        Some(match s {
            "proposed" => Phase::Proposed,
            "committed" => Phase::Committed,
            "started" => Phase::Started,
            "done" => Phase::Done,
            "inactive" => Phase::Inactive,
            _ => return None,
        })
    }
}

/// The built-in meaning a kind can take on, whatever its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Vision,
    Objective,
    Prd,
    Roadmap,
    Decision,
    Release,
}

impl Role {
    pub const NAMES: [&'static str; 6] = [
        "vision",
        "objective",
        "prd",
        "roadmap",
        "decision",
        "release",
    ];

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "vision" => Role::Vision,
            "objective" => Role::Objective,
            "prd" => Role::Prd,
            "roadmap" => Role::Roadmap,
            "decision" => Role::Decision,
            "release" => Role::Release,
            _ => return None,
        })
    }
}

/// How a kind's documents are identified.
#[derive(Debug, Clone)]
pub struct IdSpec {
    /// The front-matter field holding the ID (`id`, or `number` in an RFC-style repo).
    pub field: String,
    pub format: IdFormat,
    /// `PRD-{n}`: for string IDs the shape every ID must have; for integer IDs the
    /// display form (`RFC-{n}` shows `42` as `RFC-42`). `None` accepts any string.
    pub pattern: Option<IdPattern>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdFormat {
    String,
    Integer,
    /// `id: path`: a document is its path from the workspace root, without `.md`
    /// (`enhancements/area/name`); references may write it with or without `.md` or a
    /// leading `/`. There is no ID field.
    Path,
}

impl IdFormat {
    /// The canonical ID of a path written in a reference (`/keps/a.md`, `./keps/a`),
    /// or of a document's own path: no leading `/` or `./`, no `.md`.
    pub fn path_id(written: &str) -> String {
        let mut path = written.trim();
        loop {
            let rest = path.trim_start_matches('/');
            let rest = rest.strip_prefix("./").unwrap_or(rest);
            if rest.len() == path.len() {
                break;
            }
            path = rest;
        }
        path.strip_suffix(".md").unwrap_or(path).to_owned()
    }
}

/// A literal prefix and suffix around `{n}`, where `{n}` stands for one or more digits.
/// `{}` is accepted for `{n}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdPattern {
    pub prefix: String,
    pub suffix: String,
}

impl IdPattern {
    /// `RFC-{n}`, or `RFC-{}` (the spelling of format strings, which teams also use).
    pub fn parse(s: &str) -> Option<IdPattern> {
        let (prefix, suffix) = s.split_once("{n}").or_else(|| s.split_once("{}"))?;
        if suffix.contains("{n}") || suffix.contains("{}") {
            return None;
        }
        Some(IdPattern {
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
        })
    }

    pub fn matches(&self, id: &str) -> bool {
        id.strip_prefix(&self.prefix)
            .and_then(|rest| rest.strip_suffix(&self.suffix))
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
    }

    pub fn display(&self, n: i64) -> String {
        format!("{}{n}{}", self.prefix, self.suffix)
    }
}

impl std::fmt::Display for IdPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{{n}}{}", self.prefix, self.suffix)
    }
}

/// The type of a front-matter field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    String,
    /// Long free text; never split on commas.
    Text,
    Person,
    Url,
    /// `YYYY-MM-DD`
    Date,
    /// `YYYY-Qn`
    Quarter,
    Number,
    Integer,
    Bool,
    /// One of the workspace's audiences.
    Audience,
    Enum(Vec<String>),
    /// The lifecycle status: allowed values, each with its phase.
    Status(Vec<(String, Phase)>),
    /// A reference to a document of one of these kinds (any kind when empty).
    Ref(Vec<String>),
    List(Box<FieldType>),
    Record(BTreeMap<String, FieldSpec>),
    /// Any of several scalar types, tried in order (`quarter | date`).
    OneOf(Vec<FieldType>),
}

impl FieldType {
    /// The name used in messages ("expected a quarter (YYYY-Qn)").
    pub fn describe(&self) -> String {
        match self {
            FieldType::String => "a string".into(),
            FieldType::Text => "text".into(),
            FieldType::Person => "a person".into(),
            FieldType::Url => "a URL".into(),
            FieldType::Date => "a date (YYYY-MM-DD)".into(),
            FieldType::Quarter => "a quarter (YYYY-Qn)".into(),
            FieldType::Number => "a number".into(),
            FieldType::Integer => "an integer".into(),
            FieldType::Bool => "true or false".into(),
            FieldType::Audience => "an audience".into(),
            FieldType::Enum(values) => format!("one of {}", values.join(", ")),
            FieldType::Status(values) => format!(
                "one of {}",
                values
                    .iter()
                    .map(|(v, _)| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FieldType::Ref(_) => "a document ID".into(),
            FieldType::List(item) => format!("a list of {}", item.describe_plural()),
            FieldType::Record(_) => "a mapping".into(),
            FieldType::OneOf(types) => types
                .iter()
                .map(FieldType::describe)
                .collect::<Vec<_>>()
                .join(" or "),
        }
    }

    fn describe_plural(&self) -> String {
        match self {
            FieldType::Ref(_) => "document IDs".into(),
            FieldType::Record(_) => "mappings".into(),
            other => other.describe(),
        }
    }

    /// Whether a list of this item type also accepts a comma-separated string.
    /// Free text and names may contain commas, so they never split.
    pub fn splits_on_commas(&self) -> bool {
        !matches!(
            self,
            FieldType::Text | FieldType::Person | FieldType::Record(_) | FieldType::List(_)
        )
    }
}

/// One field of a kind (or of a record).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    pub ty: FieldType,
    pub required: bool,
    /// References in this field are dependencies: they form the dependency graph used
    /// by `dependency-cycle`, `status-order` and `schedule-inversion`.
    pub dependency: bool,
    /// References in this field may point at inactive documents (`supersedes`).
    pub allow_inactive: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub description: Option<String>,
    /// Required or forbidden depending on another field's value (`required_if`,
    /// `required_unless`, `forbidden_if`, `forbidden_unless`), in declaration order.
    pub conditions: Vec<Condition>,
    /// A regular expression every value (each item of a list) must match whole.
    pub pattern: Option<FieldPattern>,
    /// Bounds on the length of each text value, in characters.
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// A list must be in ascending order (numbers inside values compare as numbers).
    pub sorted: bool,
    /// A list must not repeat an item.
    pub unique: bool,
    /// Bounds on the number of items of a list.
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    /// Values that mean "not written yet" (`TBD`, `None`), compared case-insensitively:
    /// the field counts as having no value, so a required one is reported.
    pub placeholders: Vec<String>,
}

/// `pattern:` of a field: the regular expression as written, compiled to match a whole
/// value.
#[derive(Debug, Clone)]
pub struct FieldPattern {
    pub source: String,
    pub regex: regex_automata::meta::Regex,
}

impl FieldPattern {
    /// Compiles `source` anchored at both ends, so `[a-z-]+` means the whole value.
    pub fn new(source: &str) -> Result<FieldPattern, String> {
        let anchored = format!("^(?:{source})$");
        match regex_automata::meta::Regex::new(&anchored) {
            Ok(regex) => Ok(FieldPattern {
                source: source.to_owned(),
                regex,
            }),
            Err(e) => Err(match e.syntax_error() {
                Some(syntax) => syntax.to_string(),
                None => e.to_string(),
            }),
        }
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

impl PartialEq for FieldPattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

/// `required_if: { status: Last Call }` and its three siblings: whether a field must be
/// present, or must be absent, depending on the value of a sibling field.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub effect: Effect,
    /// `false` for `…_if` (applies when the sibling has one of `values`), `true` for
    /// `…_unless` (applies when it has none of them, or no value).
    pub unless: bool,
    /// The sibling field the condition reads.
    pub field: String,
    /// The values it is compared with, exactly as written in the front matter.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Required,
    Forbidden,
}

impl Condition {
    /// The config key that declares it: `required_if`, `forbidden_unless`, ….
    pub fn key(&self) -> &'static str {
        match (self.effect, self.unless) {
            (Effect::Required, false) => "required_if",
            (Effect::Required, true) => "required_unless",
            (Effect::Forbidden, false) => "forbidden_if",
            (Effect::Forbidden, true) => "forbidden_unless",
        }
    }

    /// Whether it applies, given the sibling's values as written (empty: no value).
    pub fn applies(&self, sibling: &[String]) -> bool {
        let matches = sibling.iter().any(|v| self.values.contains(v));
        matches != self.unless
    }

    /// `` `status` is `Last Call` `` or `` `status` is `Withdrawn` or `Moved` ``.
    pub fn describe_test(&self) -> String {
        let values: Vec<String> = self.values.iter().map(|v| format!("`{v}`")).collect();
        format!("`{}` is {}", self.field, values.join(" or "))
    }
}

impl FieldSpec {
    pub fn of(ty: FieldType) -> FieldSpec {
        FieldSpec {
            ty,
            required: false,
            dependency: false,
            allow_inactive: false,
            min: None,
            max: None,
            description: None,
            conditions: Vec::new(),
            pattern: None,
            min_length: None,
            max_length: None,
            sorted: false,
            unique: false,
            min_items: None,
            max_items: None,
            placeholders: Vec::new(),
        }
    }

    /// Whether `text` is one of the field's placeholders (`TBD`, `tbd`, ` TBD `).
    pub fn is_placeholder(&self, text: &str) -> bool {
        let text = text.trim();
        self.placeholders
            .iter()
            .any(|p| p.eq_ignore_ascii_case(text))
    }
}

/// A kind of document: vision, prd, or one a workspace defines.
#[derive(Debug, Clone)]
pub struct KindSpec {
    pub name: String,
    pub role: Option<Role>,
    /// The kind this one started from (`extends: prd`): it copied that kind's fields.
    pub extends: Option<String>,
    /// Fields of the extended kind this one does without (`remove:`).
    pub removed: Vec<String>,
    pub description: Option<String>,
    pub id: IdSpec,
    pub path_globs: Vec<String>,
    pub paths: GlobSet,
    /// Fields in declaration order is not needed: a map keeps output deterministic.
    pub fields: BTreeMap<String, FieldSpec>,
    /// `file_name: "eip-{id}.md"`: what a document's file name (or, with a `/`, its path
    /// from the workspace root) must be, given its ID.
    pub file_name: Option<String>,
    /// `field_order: [eip, title, …]`: the order front-matter fields must come in
    /// (fields not listed may come anywhere).
    pub field_order: Vec<String>,
    /// `sections: [Summary, Motivation]`: headings (any level, any case) the body must
    /// have; with `ordered`, in this order.
    pub sections: Vec<String>,
    pub sections_ordered: bool,
    /// `required_if` / `required_unless` under `sections:`: the sections are required
    /// only when all of these apply (a `Moved` stub has none).
    pub sections_when: Vec<Condition>,
    /// `title: heading`: the display title is the body's first `# heading`, even when
    /// a `title` field is written (repositories that keep a slug there).
    pub title_from_heading: bool,
    /// The field that holds the title (`title`, or the repository's own `headline`).
    pub title_field: String,
    /// `label: Proposals`: what the site's navigation calls the kind's documents (by
    /// default the kind's name in the plural, `Eips`).
    pub label: Option<String>,
    /// `index: [id, title, status, category]`: the columns of the kind's index page on
    /// the site, in order; empty for the defaults of the kind's role.
    pub index: Vec<String>,
}

impl KindSpec {
    /// The field holding the lifecycle status, if the kind has one.
    pub fn status_field(&self) -> Option<(&str, &[(String, Phase)])> {
        self.fields.iter().find_map(|(name, spec)| match &spec.ty {
            FieldType::Status(values) => Some((name.as_str(), values.as_slice())),
            _ => None,
        })
    }

    /// Canonical display form of an ID value (`42` → `RFC-42` for integer kinds).
    pub fn display_id(&self, n: i64) -> String {
        match &self.id.pattern {
            Some(p) => p.display(n),
            None => n.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IdFormat;

    #[test]
    fn a_path_reference_means_the_path_without_md() {
        for written in [
            "proposals/a/b.md",
            "/proposals/a/b.md",
            "proposals/a/b",
            "./proposals/a/b",
            " //proposals/a/b.md ",
        ] {
            assert_eq!(IdFormat::path_id(written), "proposals/a/b", "{written}");
        }
    }
}
