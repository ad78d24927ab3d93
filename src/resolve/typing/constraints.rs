//! Constraints a field declares beyond its type: `pattern`, `min_length`/`max_length`
//! on each text value, `unique` and `sorted` on lists. Each violation is reported at
//! the value; the value is still used.

use std::cmp::Ordering;

use super::Typer;
use crate::config::FieldSpec;
use crate::diag::{Label, Rule, Span};
use crate::parse::yaml::{Node, Value};

impl Typer<'_> {
    /// `pattern` and the length bounds, on one scalar value.
    pub(super) fn check_text(&mut self, node: &Node, spec: &FieldSpec, path: &str) {
        let Some(text) = super::scalar_str(&node.value) else {
            return;
        };
        if let Some(pattern) = &spec.pattern
            && !pattern.is_match(&text)
        {
            self.report(
                Rule::InvalidValue,
                node.span.clone(),
                format!(
                    "`{path}` does not match the pattern `{}`: `{text}`",
                    pattern.source
                ),
            )
            .help = Some(match &spec.description {
                Some(description) => description.clone(),
                None => format!("the whole value must match `{}`", pattern.source),
            });
        }
        let length = text.chars().count();
        let problem = match (spec.min_length, spec.max_length) {
            (Some(min), _) if length < min => Some(format!("at least {min}")),
            (_, Some(max)) if length > max => Some(format!("at most {max}")),
            _ => None,
        };
        if let Some(bound) = problem {
            self.report(
                Rule::InvalidValue,
                node.span.clone(),
                format!("`{path}` is {length} characters long; it must be {bound}"),
            );
        }
    }

    /// `min_items`/`max_items`, `unique` and `sorted`, over a list's items as written
    /// (placeholders and empty items left out).
    pub(super) fn check_list(&mut self, list: &Node, items: &[Node], spec: &FieldSpec, path: &str) {
        let present: Vec<&Node> = items
            .iter()
            .filter(|n| !matches!(n.value, Value::Null))
            .filter(|n| !super::scalar_str(&n.value).is_some_and(|t| spec.is_placeholder(&t)))
            .collect();
        let count = present.len();
        let problem = match (spec.min_items, spec.max_items) {
            (Some(min), _) if count < min => Some(format!("at least {min}")),
            (_, Some(max)) if count > max => Some(format!("at most {max}")),
            _ => None,
        };
        // An empty required list is `missing-field` already.
        if let Some(bound) = problem
            && !(count == 0 && spec.required)
        {
            let noun = if count == 1 { "item" } else { "items" };
            self.report(
                Rule::InvalidValue,
                list.span.clone(),
                format!("`{path}` has {count} {noun}; it must have {bound}"),
            );
        }
        let written: Vec<(String, &Node)> = present
            .into_iter()
            .filter_map(|n| n.value.scalar_text().map(|t| (t.trim().to_owned(), n)))
            .collect();
        if spec.unique {
            for (i, (text, node)) in written.iter().enumerate() {
                if let Some((_, first)) = written[..i].iter().find(|(t, _)| t == text) {
                    let first = Span::new(self.path, first.span.clone());
                    self.report(
                        Rule::InvalidValue,
                        node.span.clone(),
                        format!("`{path}` lists `{text}` twice"),
                    )
                    .labels
                    .push(Label {
                        span: first,
                        message: "first listed here".into(),
                    });
                }
            }
        }
        if spec.sorted
            && let Some(i) = (1..written.len())
                .find(|&i| natural_cmp(&written[i - 1].0, &written[i].0) == Ordering::Greater)
        {
            let mut sorted: Vec<&str> = written.iter().map(|(t, _)| t.as_str()).collect();
            sorted.sort_by(|a, b| natural_cmp(a, b));
            let (before, node) = (&written[i - 1].0, written[i].1);
            let text = &written[i].0;
            self.report(
                Rule::ListOrder,
                node.span.clone(),
                format!("`{path}` is not in ascending order: `{text}` comes after `{before}`"),
            )
            .help = Some(format!("write them in order: {}", sorted.join(", ")));
        }
    }
}

/// Compares as people sort IDs: runs of digits by value (`EIP-3` < `EIP-20`), the rest
/// as text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.is_empty(), b.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let (a_digits, b_digits) = (digit_run(a), digit_run(b));
        let order = if a_digits > 0 && b_digits > 0 {
            let (x, y) = (
                a[..a_digits].trim_start_matches('0'),
                b[..b_digits].trim_start_matches('0'),
            );
            x.len().cmp(&y.len()).then_with(|| x.cmp(y))
        } else {
            let (x, y) = (a.chars().next(), b.chars().next());
            x.cmp(&y)
        };
        if order != Ordering::Equal {
            return order;
        }
        let step = |s: &str, digits: usize| {
            if digits > 0 {
                digits
            } else {
                s.chars().next().map_or(0, char::len_utf8)
            }
        };
        a = &a[step(a, a_digits)..];
        b = &b[step(b, b_digits)..];
    }
}

fn digit_run(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

#[cfg(test)]
mod tests {
    use super::natural_cmp;
    use std::cmp::Ordering;

    #[test]
    fn numbers_inside_values_compare_by_value() {
        assert_eq!(natural_cmp("EIP-3", "EIP-20"), Ordering::Less);
        assert_eq!(natural_cmp("20", "3"), Ordering::Greater);
        assert_eq!(natural_cmp("EIP-007", "EIP-7"), Ordering::Equal);
        assert_eq!(natural_cmp("alpha", "beta"), Ordering::Less);
        assert_eq!(natural_cmp("a", "a1"), Ordering::Less);
    }
}
