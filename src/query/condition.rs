//! One `--where` condition (`target<=2027-Q1`, `tags~checkout`) and how it matches a
//! document: compared as the field's type says, so quarters, dates and numbers order by
//! time and size, and statuses and enums by the order the kind declares them.

use std::cmp::Ordering;

use crate::config::{FieldType, KindSpec};
use crate::model::{Document, FieldValue, Quarter};

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// Contains: a substring of text (any case), an item of a list.
    Contains,
}

impl Op {
    /// Longest first, so `<=` is not read as `<` followed by `=…`.
    const SPELLINGS: [(&'static str, Op); 7] = [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("!=", Op::Ne),
        ("=", Op::Eq),
        ("<", Op::Lt),
        (">", Op::Gt),
        ("~", Op::Contains),
    ];

    fn spelling(self) -> &'static str {
        Op::SPELLINGS
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("", |(spelling, _)| spelling)
    }

    fn holds(self, order: Ordering) -> bool {
        match self {
            Op::Eq | Op::Contains => order == Ordering::Equal,
            Op::Ne => order != Ordering::Equal,
            Op::Lt => order == Ordering::Less,
            Op::Le => order != Ordering::Greater,
            Op::Gt => order == Ordering::Greater,
            Op::Ge => order != Ordering::Less,
        }
    }
}

/// `FIELD OP VALUE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// A front-matter field, a dotted path into a record (`rice.reach`), or one of
    /// `id`, `kind`, `title`, `path`.
    pub field: String,
    pub op: Op,
    pub value: String,
}

/// A condition that does not read as `FIELD OP VALUE`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a condition: write FIELD OP VALUE with OP one of = != < <= > >= ~ (e.g. `status=approved`, `target<=2027-Q1`, `tags~checkout`)"
)]
pub struct ParseError(pub String);

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.field, self.op.spelling(), self.value)
    }
}

impl Condition {
    pub fn parse(text: &str) -> Result<Condition, ParseError> {
        let bad = || ParseError(text.to_owned());
        let at = text.find(['=', '!', '<', '>', '~']).ok_or_else(bad)?;
        let (field, rest) = text.split_at(at);
        let (spelling, op) = Op::SPELLINGS
            .iter()
            .find(|(spelling, _)| rest.starts_with(spelling))
            .ok_or_else(bad)?;
        let field = field.trim();
        if field.is_empty() {
            return Err(bad());
        }
        Ok(Condition {
            field: field.to_owned(),
            op: *op,
            value: rest[spelling.len()..].trim().to_owned(),
        })
    }

    /// Whether `doc` satisfies the condition. A document without the field satisfies
    /// only `!=`; a list satisfies `!=` when no item equals the value, and any other
    /// operator when some item does.
    pub fn matches(&self, doc: &Document) -> bool {
        let Some(value) = lookup(doc, &self.field) else {
            return self.op == Op::Ne;
        };
        let ty = field_type(doc.kind.as_deref(), &self.field);
        match value {
            Looked::Field(FieldValue::List(items)) => {
                let item_ty = match ty {
                    Some(FieldType::List(item)) => Some(&**item),
                    _ => None,
                };
                let any = |op: Op| items.iter().any(|i| self.compare(&i.value, item_ty, op));
                match self.op {
                    Op::Ne => !any(Op::Eq),
                    op => any(op),
                }
            }
            Looked::Field(value) => self.compare(value, ty, self.op),
            Looked::Text(text) => self.compare(&FieldValue::Text(text.to_owned()), None, self.op),
        }
    }

    fn compare(&self, value: &FieldValue, ty: Option<&FieldType>, op: Op) -> bool {
        if op == Op::Contains {
            let text = value.to_string().to_lowercase();
            return text.contains(&self.value.to_lowercase());
        }
        // A literal that is not of the value's type (a number against `soon`) equals
        // nothing and orders against nothing.
        order(value, ty, &self.value).map_or(op == Op::Ne, |o| op.holds(o))
    }

    /// Whether the literal can be read as `ty` (checked before the query runs, so a
    /// typo such as `target<=2027-Q5` is an error, not an empty result).
    pub fn literal_fits(&self, ty: &FieldType) -> bool {
        if self.op == Op::Contains {
            return true;
        }
        let literal = self.value.as_str();
        match ty {
            FieldType::Number | FieldType::Integer => literal.parse::<f64>().is_ok(),
            FieldType::Quarter | FieldType::Date => quarter_of(literal).is_some(),
            FieldType::Bool => literal.parse::<bool>().is_ok(),
            FieldType::Enum(_) | FieldType::Status(_) => declared_order(Some(ty))
                .is_some_and(|values| values.iter().any(|v| v.eq_ignore_ascii_case(literal))),
            FieldType::List(item) => self.literal_fits(item),
            FieldType::OneOf(types) => types.iter().any(|t| self.literal_fits(t)),
            _ => true,
        }
    }
}

/// `value` against the literal, in the value's type; `None` when they do not compare.
fn order(value: &FieldValue, ty: Option<&FieldType>, literal: &str) -> Option<Ordering> {
    match value {
        FieldValue::Number(_) | FieldValue::Integer(_) => {
            let n: f64 = literal.parse().ok()?;
            value.as_number()?.partial_cmp(&n)
        }
        FieldValue::Quarter(q) => Some(q.cmp(&quarter_of(literal)?)),
        FieldValue::Date(d) => match literal.parse::<jiff::civil::Date>() {
            Ok(other) => Some(d.cmp(&other)),
            Err(_) => Some(Quarter::of_date(*d).cmp(&Quarter::parse(literal)?)),
        },
        FieldValue::Bool(b) => Some(b.cmp(&literal.parse::<bool>().ok()?)),
        FieldValue::Text(text) | FieldValue::Ref(text) => match declared_order(ty) {
            // Statuses and enums order as the kind declares them (draft < approved).
            Some(values) => {
                let at = |v: &str| values.iter().position(|x| x.eq_ignore_ascii_case(v));
                Some(at(text)?.cmp(&at(literal)?))
            }
            None => Some(text.as_str().cmp(literal)),
        },
        FieldValue::List(_) | FieldValue::Record(_) => {
            Some(value.to_string().as_str().cmp(literal))
        }
    }
}

/// A quarter literal, or the quarter a date literal falls in.
fn quarter_of(literal: &str) -> Option<Quarter> {
    Quarter::parse(literal).or_else(|| literal.parse().ok().map(Quarter::of_date))
}

/// The values of a status or enum field, in declared order.
fn declared_order(ty: Option<&FieldType>) -> Option<Vec<&str>> {
    match ty? {
        FieldType::Enum(values) => Some(values.iter().map(String::as_str).collect()),
        FieldType::Status(values) => Some(values.iter().map(|(v, _)| v.as_str()).collect()),
        _ => None,
    }
}

/// A document's value for a field name.
pub(super) enum Looked<'a> {
    Field(&'a FieldValue),
    Text(&'a str),
}

/// The built-in attributes every document has, beside its front matter.
pub(super) const ATTRIBUTES: [&str; 4] = ["id", "kind", "title", "path"];

pub(super) fn lookup<'a>(doc: &'a Document, field: &str) -> Option<Looked<'a>> {
    match field {
        "id" => doc.id.as_deref().map(Looked::Text),
        "kind" => doc.kind_name().map(Looked::Text),
        "title" => Some(Looked::Text(&doc.title)),
        "path" => Some(Looked::Text(&doc.path)),
        // The status under whatever name the kind gives it (`state:`), so one column
        // and one condition serve every kind.
        "status" if doc.field("status").is_none() => doc.status().map(Looked::Text),
        _ => {
            let mut parts = field.split('.');
            let mut value = doc.field(parts.next()?)?;
            for part in parts {
                value = &value.get(part)?.value;
            }
            Some(Looked::Field(value))
        }
    }
}

/// The declared type of a (dotted) field in a kind.
pub(super) fn field_type<'a>(kind: Option<&'a KindSpec>, field: &str) -> Option<&'a FieldType> {
    let kind = kind?;
    let mut parts = field.split('.');
    let mut ty = match (parts.next()?, kind.status_field()) {
        // `status` names the kind's status field whatever it is called (`state:`).
        ("status", Some((name, _))) if !kind.fields.contains_key("status") => {
            &kind.fields.get(name)?.ty
        }
        (first, _) => &kind.fields.get(first)?.ty,
    };
    for part in parts {
        ty = match ty {
            FieldType::Record(fields) => &fields.get(part)?.ty,
            _ => return None,
        };
    }
    Some(ty)
}

/// Orders two documents' values of one field for `--sort`, typed as for conditions;
/// documents without it go last.
pub(super) fn sort_order(a: Option<Looked>, b: Option<Looked>, ty: Option<&FieldType>) -> Ordering {
    let key = |l: &Option<Looked>| -> Option<String> {
        l.as_ref().map(|l| match l {
            Looked::Field(v) => v.to_string(),
            Looked::Text(t) => (*t).to_owned(),
        })
    };
    match (&a, &b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(Looked::Field(x)), Some(_)) => {
            let other = key(&b).unwrap_or_default();
            order(x, ty, &other).unwrap_or_else(|| key(&a).cmp(&key(&b)))
        }
        _ => key(&a).cmp(&key(&b)),
    }
}
