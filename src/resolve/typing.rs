//! Front-matter nodes → typed [`Field`]s, checked against the kind's field specs.
//!
//! `invalid-type` means the YAML has the wrong shape (a list where a string belongs);
//! `invalid-value` means the shape is right but the content is not (an unknown status,
//! a date that does not exist). Reference fields also record a [`Reference`] each.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use crate::config::{Config, FieldSpec, FieldType, IdFormat};
use crate::diag::{Diagnostic, Fix, Rule, Span, did_you_mean};
use crate::model::{Field, FieldRef, FieldValue, Quarter, RefOrigin, Reference};
use crate::parse::yaml::{Node, Value};

/// Types the fields of one document, collecting diagnostics and references.
pub struct Typer<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub config: &'a Config,
    pub diagnostics: Vec<Diagnostic>,
    pub refs: Vec<Reference>,
    /// Top-level fields the kind dropped with `remove:` in spex.yaml: an author writing
    /// one is told why it is unknown.
    pub removed: &'a [String],
}

/// Where a record is and how to talk about it.
pub struct RecordContext<'a> {
    /// `items[2]` for nested records, empty at the top level.
    pub path: &'a str,
    /// `kind \`prd\`` or `` `rice` `` for messages.
    pub what: &'a str,
    /// Keys allowed besides the declared fields (`kind` and the ID field at the top).
    pub extra_keys: &'a [&'a str],
}

impl<'a> Typer<'a> {
    pub fn new(path: &'a str, text: &'a str, config: &'a Config) -> Typer<'a> {
        Typer {
            path,
            text,
            config,
            diagnostics: Vec::new(),
            refs: Vec::new(),
            removed: &[],
        }
    }

    fn report(&mut self, rule: Rule, range: Range<usize>, message: String) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::new(rule, message, Span::new(self.path, range)));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Types a mapping against declared fields: unknown keys, missing required fields,
    /// and each value.
    pub fn record(
        &mut self,
        node: &Node,
        fields: &BTreeMap<String, FieldSpec>,
        ctx: &RecordContext,
    ) -> BTreeMap<String, Field> {
        let mut out = BTreeMap::new();
        let Value::Map(entries) = &node.value else {
            let found = node.value.type_name();
            self.report(
                Rule::InvalidType,
                node.span.clone(),
                format!("{} must be a mapping, found {found}", ctx.what),
            );
            return out;
        };
        let mut misspelt: Vec<String> = Vec::new();
        let mut placeholders = requirements::Placeholders::new();
        for (key, value) in entries {
            let Some(name) = scalar_str(&key.value) else {
                let found = key.value.type_name();
                self.report(
                    Rule::InvalidType,
                    key.span.clone(),
                    format!("field names must be strings, found {found}"),
                );
                continue;
            };
            let Some(spec) = fields.get(&*name) else {
                if !ctx.extra_keys.contains(&&*name) {
                    // "missing `confidence`" next to "unknown `confidance`" says it twice.
                    misspelt.extend(self.unknown_field(key, &name, fields, ctx));
                }
                continue;
            };
            if matches!(value.value, Value::Null) {
                continue; // `owner:` with nothing after it counts as absent
            }
            // `owner: TBD` where `TBD` is a declared placeholder: no value yet.
            if let Some(text) = scalar_str(&value.value)
                && spec.is_placeholder(&text)
            {
                placeholders.insert(name.into_owned(), (value.span.clone(), text.into_owned()));
                continue;
            }
            let nested;
            let path = if ctx.path.is_empty() {
                &*name
            } else {
                nested = format!("{}.{name}", ctx.path);
                nested.as_str()
            };
            if let Some(typed) = self.value(value, &spec.ty, spec, path) {
                out.insert(name.into_owned(), typed);
            }
        }
        self.check_requirements(node, entries, fields, ctx, &misspelt, &out, &placeholders);
        out
    }

    /// Reports a key that is not a field of the record; returns the field it is a
    /// misspelling of, if any.
    fn unknown_field(
        &mut self,
        key: &Node,
        name: &str,
        fields: &BTreeMap<String, FieldSpec>,
        ctx: &RecordContext,
    ) -> Option<String> {
        let candidates = fields
            .keys()
            .map(String::as_str)
            .chain(ctx.extra_keys.iter().copied());
        let suggestion = did_you_mean(name, candidates);
        let help = suggestion.map(|s| format!("did you mean `{s}`?"));
        // A field the workspace removed from a built-in kind: say so, not "unknown".
        let help = match ctx.path.is_empty() && self.removed.iter().any(|r| r == name) {
            true => Some(format!(
                "{} does without `{name}`: `remove:` in spex.yaml drops it",
                ctx.what
            )),
            false => help,
        };
        let d = self.report(
            Rule::UnknownField,
            key.span.clone(),
            format!("unknown field `{name}` in {}", ctx.what),
        );
        d.help = help.or_else(|| {
            Some(format!(
                "the fields of {} are: {}",
                ctx.what,
                field_list(fields)
            ))
        });
        d.fix = suggestion.map(|s| Fix::Replace(s.to_owned()));
        suggestion.map(str::to_owned)
    }

    /// Types one value; `None` (with a diagnostic) when it does not fit. A value that
    /// fits but breaks a constraint (`pattern`, `max_length`, …) is reported and kept.
    pub fn value(
        &mut self,
        node: &Node,
        ty: &FieldType,
        spec: &FieldSpec,
        path: &str,
    ) -> Option<Field> {
        let field = self.typed(node, ty, spec, path)?;
        // A list checks its own order and repeats (`list`), then each item its text.
        if !matches!(ty, FieldType::List(_) | FieldType::Record(_)) {
            self.check_text(node, spec, path);
        }
        Some(field)
    }

    /// Types one value against its type alone.
    fn typed(
        &mut self,
        node: &Node,
        ty: &FieldType,
        spec: &FieldSpec,
        path: &str,
    ) -> Option<Field> {
        let span = node.span.clone();
        let field = |value| {
            Some(Field {
                value,
                span: node.span.clone(),
            })
        };
        match ty {
            FieldType::String | FieldType::Text | FieldType::Person => {
                field(FieldValue::Text(self.scalar(node, ty, path)?))
            }
            FieldType::Url | FieldType::Date | FieldType::Quarter => {
                self.formatted(node, ty, path).and_then(field)
            }
            FieldType::Number | FieldType::Integer => self.number(node, ty, spec, path),
            FieldType::Bool => match node.value {
                Value::Bool(b) => field(FieldValue::Bool(b)),
                ref other => {
                    let found = other.type_name();
                    self.report(
                        Rule::InvalidType,
                        span.clone(),
                        format!("`{path}` must be true or false, found {found}"),
                    )
                    .help = Some("write `true` or `false`".into());
                    None
                }
            },
            FieldType::Audience | FieldType::Enum(_) | FieldType::Status(_) => {
                self.chosen(node, ty, path).and_then(field)
            }
            FieldType::Ref(kinds) => self.reference(node, kinds, spec, path),
            FieldType::List(item) => self.list(node, item, spec, path),
            FieldType::Record(fields) => {
                let what = format!("`{path}`");
                let ctx = RecordContext {
                    path,
                    what: &what,
                    extra_keys: &[],
                };
                field(FieldValue::Record(self.record(node, fields, &ctx)))
            }
            FieldType::OneOf(types) => self.one_of(node, types, spec, path),
        }
    }

    /// A URL, a date or a quarter: a scalar written in that format.
    fn formatted(&mut self, node: &Node, ty: &FieldType, path: &str) -> Option<FieldValue> {
        let text = self.scalar(node, ty, path)?;
        let span = node.span.clone();
        match ty {
            FieldType::Url => {
                if !is_url(&text) {
                    self.report(
                        Rule::InvalidValue,
                        span,
                        format!("`{path}` is not a URL: `{text}`"),
                    )
                    .help = Some("write an absolute URL such as `https://example.com/page`".into());
                    return None;
                }
                Some(FieldValue::Text(text))
            }
            FieldType::Date => match parse_date(&text) {
                Some(date) => Some(FieldValue::Date(date)),
                None => {
                    self.report(
                        Rule::InvalidValue,
                        span,
                        format!("`{path}` is not a valid date: `{text}`"),
                    )
                    .help = Some(dates::date_help(&text));
                    None
                }
            },
            _ => match Quarter::parse(&text) {
                Some(q) => {
                    let canonical = q.to_string();
                    if text != canonical {
                        // Read as the quarter it clearly is, but keep one spelling.
                        self.report(
                            Rule::QuarterSpelling,
                            span,
                            format!("quarter `{text}` is written in lowercase"),
                        )
                        .help = Some(format!("write quarters as `{canonical}`"));
                    }
                    Some(FieldValue::Quarter(q))
                }
                None => {
                    self.report(
                        Rule::InvalidValue,
                        span,
                        format!("`{path}` is not a quarter: `{text}`"),
                    )
                    .help = Some(dates::quarter_help(&text));
                    None
                }
            },
        }
    }

    /// An audience, an enum value or a status: one of a list of names.
    fn chosen(&mut self, node: &Node, ty: &FieldType, path: &str) -> Option<FieldValue> {
        let text = self.scalar(node, ty, path)?;
        let span = node.span.clone();
        let (names, what): (Vec<&str>, &str) = match ty {
            FieldType::Enum(values) => (values.iter().map(String::as_str).collect(), "value"),
            FieldType::Status(values) => {
                (values.iter().map(|(v, _)| v.as_str()).collect(), "status")
            }
            _ => (
                self.config.audiences.keys().map(String::as_str).collect(),
                "audience",
            ),
        };
        self.choice(&text, &names, span, path, what)
            .map(FieldValue::Text)
    }

    /// A scalar as text; lists and mappings are the wrong shape.
    fn scalar(&mut self, node: &Node, ty: &FieldType, path: &str) -> Option<String> {
        match node.value.scalar_text() {
            Some(text) => Some(text),
            None => {
                let (expected, found) = (ty.describe(), node.value.type_name());
                self.report(
                    Rule::InvalidType,
                    node.span.clone(),
                    format!("`{path}` must be {expected}, found {found}"),
                );
                None
            }
        }
    }

    fn number(
        &mut self,
        node: &Node,
        ty: &FieldType,
        spec: &FieldSpec,
        path: &str,
    ) -> Option<Field> {
        let value = match (&node.value, ty) {
            (Value::Int(i), FieldType::Integer) => FieldValue::Integer(*i),
            (Value::Float(f), FieldType::Integer) if f.fract() == 0.0 => {
                FieldValue::Integer(*f as i64)
            }
            (Value::Int(i), _) => FieldValue::Number(*i as f64),
            (Value::Float(f), FieldType::Number) => FieldValue::Number(*f),
            (other, _) => {
                let (expected, found) = (ty.describe(), other.type_name());
                let d = self.report(
                    Rule::InvalidType,
                    node.span.clone(),
                    format!("`{path}` must be {expected}, found {found}"),
                );
                if matches!(other, Value::Str(s) if s.trim().parse::<f64>().is_ok()) {
                    d.help = Some("remove the quotes around the number".into());
                }
                return None;
            }
        };
        let n = value.as_number().unwrap_or_default();
        let below = spec.min.filter(|min| n < *min);
        let above = spec.max.filter(|max| n > *max);
        if let Some(bound) = below
            .map(|m| format!("at least {m}"))
            .or(above.map(|m| format!("at most {m}")))
        {
            self.report(
                Rule::InvalidValue,
                node.span.clone(),
                format!("`{path}` must be {bound}, found {n}"),
            );
            return None;
        }
        Some(Field {
            value,
            span: node.span.clone(),
        })
    }

    /// An allowed value, with a did-you-mean (case-insensitive matches first).
    fn choice(
        &mut self,
        text: &str,
        allowed: &[&str],
        span: Range<usize>,
        path: &str,
        noun: &str,
    ) -> Option<String> {
        if allowed.contains(&text) {
            return Some(text.to_owned());
        }
        let suggestion = allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(text))
            .copied()
            .or_else(|| did_you_mean(text, allowed.iter().copied()));
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("expected one of: {}", allowed.join(", ")),
        };
        let d = self.report(
            Rule::InvalidValue,
            span,
            format!("invalid {noun} `{text}` for `{path}`"),
        );
        d.help = Some(help);
        d.fix = suggestion.map(|s| Fix::Replace(s.to_owned()));
        None
    }

    fn list(
        &mut self,
        node: &Node,
        item: &FieldType,
        spec: &FieldSpec,
        path: &str,
    ) -> Option<Field> {
        let items: Cow<'_, [Node]> = match &node.value {
            Value::Seq(items) => Cow::Borrowed(items),
            Value::Map(_) => {
                let (expected, found) = (
                    FieldType::List(Box::new(item.clone())).describe(),
                    node.value.type_name(),
                );
                self.report(
                    Rule::InvalidType,
                    node.span.clone(),
                    format!("`{path}` must be {expected}, found {found}"),
                );
                return None;
            }
            Value::Str(s) if item.splits_on_commas() && s.contains(',') => {
                Cow::Owned(split_commas(self.text, node, s))
            }
            _ => Cow::Borrowed(std::slice::from_ref(node)),
        };
        let typed = items
            .iter()
            .enumerate()
            .filter(|(_, n)| !matches!(n.value, Value::Null))
            .filter(|(_, n)| !scalar_str(&n.value).is_some_and(|t| spec.is_placeholder(&t)))
            .filter_map(|(i, n)| self.value(n, item, spec, &item_path(path, i)))
            .collect();
        self.check_list(node, &items, spec, path);
        Some(Field {
            value: FieldValue::List(typed),
            span: node.span.clone(),
        })
    }

    fn one_of(
        &mut self,
        node: &Node,
        types: &[FieldType],
        spec: &FieldSpec,
        path: &str,
    ) -> Option<Field> {
        let mut failures = Vec::new();
        for ty in types {
            let mut trial = Typer::new(self.path, self.text, self.config);
            // A lowercase quarter is still a quarter: its spelling warning goes along.
            if let Some(field) = trial.typed(node, ty, spec, path)
                && trial
                    .diagnostics
                    .iter()
                    .all(|d| d.rule == Rule::QuarterSpelling)
            {
                self.refs.extend(trial.refs);
                self.diagnostics.extend(trial.diagnostics);
                return Some(field);
            }
            failures.push((ty, trial.diagnostics));
        }
        // `2027-02-30` is meant as a date: say the date is wrong, not that it is no quarter.
        let looks_like = |ty: &FieldType| match (ty, node.value.scalar_text()) {
            (FieldType::Date, Some(t)) => {
                t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-'
            }
            (FieldType::Quarter, Some(t)) => {
                t.to_ascii_uppercase().contains("-Q") || dates::canonical_quarter(&t).is_some()
            }
            _ => false,
        };
        if let Some((_, diagnostics)) = failures.into_iter().find(|(ty, _)| looks_like(ty)) {
            self.diagnostics.extend(diagnostics);
            return None;
        }
        let expected = FieldType::OneOf(types.to_vec()).describe();
        let shown = node
            .value
            .scalar_text()
            .unwrap_or_else(|| node.value.type_name().to_owned());
        self.report(
            Rule::InvalidValue,
            node.span.clone(),
            format!("`{path}` must be {expected}, found `{shown}`"),
        );
        None
    }

    /// A document reference: `PRD-12`, `PRD-12#anchor`, or a bare number for kinds
    /// with integer IDs.
    fn reference(
        &mut self,
        node: &Node,
        kinds: &[String],
        spec: &FieldSpec,
        path: &str,
    ) -> Option<Field> {
        let written = match &node.value {
            Value::Str(s) => s.trim().to_owned(),
            Value::Int(i) => i.to_string(),
            other => {
                let found = other.type_name();
                self.report(
                    Rule::InvalidType,
                    node.span.clone(),
                    format!("`{path}` must be a document ID, found {found}"),
                );
                return None;
            }
        };
        if written.is_empty() {
            return None;
        }
        // Where a document is its path, a URL is an external link: kept, never checked.
        if is_url(&written) && accepts_paths(self.config, kinds) {
            return Some(Field {
                value: FieldValue::Text(written),
                span: node.span.clone(),
            });
        }
        let (id, anchor) = match written.split_once('#') {
            Some((id, anchor)) => (id, Some(anchor.to_owned())),
            None => (written.as_str(), None),
        };
        let target = canonical_id(self.config, id, kinds);
        let field = path.split(['.', '[']).next().unwrap_or(path).to_owned();
        self.refs.push(Reference {
            target: target.clone(),
            anchor,
            span: node.span.clone(),
            origin: RefOrigin::Field(FieldRef {
                field,
                path: path.to_owned(),
                kinds: kinds.to_vec(),
                dependency: spec.dependency,
                allow_inactive: spec.allow_inactive,
            }),
        });
        Some(Field {
            value: FieldValue::Ref(target),
            span: node.span.clone(),
        })
    }
}

/// The canonical form of a written ID: a bare number means the first kind with integer
/// IDs among the allowed ones (`42` → `RFC-42`); a path (`/keps/a.md`) where a kind is
/// identified by path is that path without `.md`; anything else is taken as written.
pub fn canonical_id(config: &Config, written: &str, kinds: &[String]) -> String {
    if accepts_paths(config, kinds) && (written.contains('/') || written.ends_with(".md")) {
        return IdFormat::path_id(written);
    }
    let Ok(n) = written.parse::<i64>() else {
        return written.to_owned();
    };
    config
        .kinds
        .values()
        .filter(|k| kinds.is_empty() || kinds.contains(&k.name))
        .find(|k| k.id.format == IdFormat::Integer)
        .map_or_else(|| written.to_owned(), |k| k.display_id(n))
}

/// Whether a reference to one of `kinds` (any kind when empty) may name a document by
/// its path: some kind it may point at is identified by path (`id: path`).
fn accepts_paths(config: &Config, kinds: &[String]) -> bool {
    config
        .kinds
        .values()
        .filter(|k| kinds.is_empty() || kinds.contains(&k.name))
        .any(|k| k.id.format == IdFormat::Path)
}

/// Splits `PRD-1, PRD-2` into one node per item, each with its own span.
fn split_commas(text: &str, node: &Node, value: &str) -> Vec<Node> {
    let raw = &text[node.span.clone()];
    // For a quoted scalar the content starts one byte in; escapes would shift offsets,
    // but IDs contain none.
    let content_start = node.span.start + usize::from(raw.starts_with(['"', '\'']));
    let mut out = Vec::new();
    let mut offset = 0;
    for piece in value.split(',') {
        let leading = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        let start = content_start + offset + leading;
        if !trimmed.is_empty() {
            out.push(Node {
                value: Value::Str(trimmed.to_owned()),
                span: start..start + trimmed.len(),
            });
        }
        offset += piece.len() + 1;
    }
    out
}

fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    text.parse().ok()
}

fn is_url(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .or_else(|| text.strip_prefix("mailto:"));
    rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
}

/// The first line of a span, so "missing field" underlines one line, not a whole block.
pub(crate) fn first_line(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = span.start.min(text.len());
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    start..line_end.min(span.end.max(start))
}

fn field_list(fields: &BTreeMap<String, FieldSpec>) -> String {
    fields
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

mod constraints;
mod dates;
mod requirements;

pub(crate) use requirements::{entry, written_values};

/// `path[i]`, the path of a list's item in messages. Every item of every list gets one,
/// so it is built without the formatting machinery.
fn item_path(path: &str, i: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[at..]).expect("ASCII digits");
    let mut out = String::with_capacity(path.len() + digits.len() + 2);
    out.push_str(path);
    out.push('[');
    out.push_str(digits);
    out.push(']');
    out
}

/// A scalar's text like [`Value::scalar_text`], borrowed when it is a string: every
/// field value is looked at this way (is it a placeholder?), and nearly all are strings.
fn scalar_str(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::Str(s) => Some(Cow::Borrowed(s)),
        other => other.scalar_text().map(Cow::Owned),
    }
}

#[cfg(test)]
mod tests;
