//! Which fields must have a value, and which must not: `required: true`, the
//! conditional `required_if` / `required_unless` / `forbidden_if` / `forbidden_unless`,
//! and what counts as a value at all. A required field must be present *and* filled:
//! `authors: []`, `title: ""` and a declared placeholder (`owner: TBD`) are not values.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{RecordContext, Typer, first_line};
use crate::config::{Effect, FieldSpec};
use crate::diag::{Fix, Rule};
use crate::model::{Field, FieldValue};
use crate::parse::yaml::{Node, Value};

/// Why a field has no usable value.
enum Unfilled {
    /// Not written, or written with nothing after the colon.
    Absent,
    /// An empty list or a blank string.
    Empty(Range<usize>),
    /// A declared placeholder such as `TBD`.
    Placeholder(Range<usize>, String),
}

/// Placeholders found in a record, by field: where, and the text.
pub(super) type Placeholders = BTreeMap<String, (Range<usize>, String)>;

impl Typer<'_> {
    /// Reports required fields without a value and forbidden fields with one.
    #[allow(
        clippy::too_many_arguments,
        reason = "the pieces of one record `record` has just typed"
    )]
    pub(super) fn check_requirements(
        &mut self,
        node: &Node,
        entries: &[(Node, Node)],
        fields: &BTreeMap<String, FieldSpec>,
        ctx: &RecordContext,
        misspelt: &[String],
        out: &BTreeMap<String, Field>,
        placeholders: &Placeholders,
    ) {
        for (name, spec) in fields {
            // A present value that did not type was reported already: "missing" would
            // say it twice.
            let state = match (placeholders.get(name), out.get(name), entry(entries, name)) {
                (Some((span, text)), _, _) => {
                    Some(Unfilled::Placeholder(span.clone(), text.clone()))
                }
                (_, Some(field), _) if is_empty(&field.value) => {
                    Some(Unfilled::Empty(field.span.clone()))
                }
                (_, Some(_), _) | (_, None, Some(_)) => None,
                (_, None, None) if misspelt.contains(name) => None,
                (_, None, None) => Some(Unfilled::Absent),
            };
            if spec.required
                && let Some(state) = &state
            {
                self.report_unfilled(node, name, spec, ctx, state, "");
            }
            for condition in &spec.conditions {
                let sibling = entry(entries, &condition.field)
                    .map(|(_, v)| written_values(v))
                    .unwrap_or_default();
                if !condition.applies(&sibling) {
                    continue;
                }
                let when = if condition.unless { "unless" } else { "when" };
                let test = condition.describe_test();
                match (condition.effect, &state) {
                    (Effect::Required, Some(state)) => {
                        let why = format!(": it is required {when} {test}");
                        self.report_unfilled(node, name, spec, ctx, state, &why);
                    }
                    (Effect::Forbidden, None) => {
                        let Some((key, _)) = entry(entries, name) else {
                            continue;
                        };
                        let shown = if condition.unless {
                            format!("`{name}` is only allowed when {test}")
                        } else {
                            format!("`{name}` is not allowed when {test}")
                        };
                        let found = match sibling.as_slice() {
                            [] => format!("`{}` has no value", condition.field),
                            values => format!("`{}: {}`", condition.field, values.join(", ")),
                        };
                        self.report(
                            Rule::ForbiddenField,
                            key.span.clone(),
                            format!("{shown} (found {found})"),
                        )
                        .help = Some(format!("remove `{name}`, or change `{}`", condition.field));
                    }
                    _ => {}
                }
            }
        }
    }

    /// `missing-field` for a required field without a value; `why` names the condition
    /// that requires it, if one does.
    fn report_unfilled(
        &mut self,
        node: &Node,
        name: &str,
        spec: &FieldSpec,
        ctx: &RecordContext,
        state: &Unfilled,
        why: &str,
    ) {
        let ty = spec.ty.describe();
        let (at, message, help) = match state {
            Unfilled::Absent if why.is_empty() => (
                first_line(self.text, &node.span),
                format!("missing required field `{name}` in {}", ctx.what),
                format!("add `{name}: …` ({ty})"),
            ),
            Unfilled::Absent => (
                first_line(self.text, &node.span),
                format!("missing field `{name}` in {}{why}", ctx.what),
                format!("add `{name}: …` ({ty})"),
            ),
            Unfilled::Empty(span) => (
                span.clone(),
                format!("required field `{name}` is empty{why}"),
                format!("write {ty}"),
            ),
            Unfilled::Placeholder(span, text) => (
                span.clone(),
                format!("required field `{name}` holds the placeholder `{text}`{why}"),
                format!("replace `{text}` with {ty}"),
            ),
        };
        let absent_at_top = matches!(state, Unfilled::Absent) && ctx.path.is_empty();
        let d = self.report(Rule::MissingField, at, message);
        d.help = Some(help);
        d.fix = absent_at_top.then(|| Fix::AddField(name.to_owned()));
    }
}

/// No value at all: an empty list, a blank string, a record with no fields.
fn is_empty(value: &FieldValue) -> bool {
    match value {
        FieldValue::Text(text) => text.trim().is_empty(),
        FieldValue::List(items) => items.is_empty(),
        FieldValue::Record(fields) => fields.is_empty(),
        _ => false,
    }
}

/// The entry for key `name`, when it has a value (`owner:` alone counts as absent).
pub(crate) fn entry<'n>(entries: &'n [(Node, Node)], name: &str) -> Option<&'n (Node, Node)> {
    entries.iter().find(|(k, v)| {
        super::scalar_str(&k.value).as_deref() == Some(name) && !matches!(v.value, Value::Null)
    })
}

/// A value as written, for comparison with a condition: a scalar, or each item of a list.
pub(crate) fn written_values(node: &Node) -> Vec<String> {
    match &node.value {
        Value::Seq(items) => items.iter().filter_map(|i| i.value.scalar_text()).collect(),
        other => other
            .scalar_text()
            .into_iter()
            .map(|t| t.trim().to_owned())
            .collect(),
    }
}
