//! Rules over the dependency graph: `dependency-cycle` and `schedule-inversion`.

use crate::diag::{Diagnostic, Rule, Span};
use crate::model::{Edge, Workspace};

/// Documents that depend on each other in a cycle; the message spells the cycle out.
pub fn dependency_cycle(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for cycle in ws.dependency_graph().cycles() {
        let mut names: Vec<&str> = cycle.iter().map(|e| ws.docs[e.from].label()).collect();
        names.push(ws.docs[cycle[0].from].label());
        let first = cycle[0];
        let span_of = |e: &Edge| {
            let doc = &ws.docs[e.from];
            Span::new(&doc.path, doc.refs[e.reference].span.clone())
        };
        let mut d = Diagnostic::new(
            Rule::DependencyCycle,
            format!("dependency cycle: {}", names.join(" → ")),
            span_of(&first),
        )
        .with_primary_label(format!(
            "{} depends on {}",
            ws.docs[first.from].label(),
            ws.docs[first.to].label()
        ))
        .with_help(
            "break the cycle: one of these dependencies must go, or the documents should be merged",
        );
        for edge in &cycle[1..] {
            d = d.with_label(
                span_of(edge),
                format!(
                    "{} depends on {}",
                    ws.docs[edge.from].label(),
                    ws.docs[edge.to].label()
                ),
            );
        }
        out.push(d);
    }
}

/// A document targeting an earlier quarter than something it depends on.
pub fn schedule_inversion(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for edge in ws.dependency_graph().edges() {
        let (doc, dep) = (&ws.docs[edge.from], &ws.docs[edge.to]);
        let (Some(mine), Some(theirs)) = (doc.target_quarter(), dep.target_quarter()) else {
            continue;
        };
        if mine >= theirs || doc.is_inactive() || dep.is_inactive() {
            continue;
        }
        let target_span = |d: &crate::model::Document| {
            d.fields
                .get("target")
                .map(|f| Span::new(&d.path, f.span.clone()))
        };
        let reference = &doc.refs[edge.reference];
        let mut d = Diagnostic::new(
            Rule::ScheduleInversion,
            format!(
                "`{}` targets {mine} but depends on `{}`, which targets {theirs}",
                doc.label(),
                dep.label()
            ),
            Span::new(&doc.path, reference.span.clone()),
        )
        .with_primary_label(format!("depends on {}", dep.label()))
        .with_help(format!(
            "move the target of `{}` to {theirs} or later, or bring `{}` forward",
            doc.label(),
            dep.label()
        ));
        if let Some(span) = target_span(doc) {
            d = d.with_label(span, format!("targets {mine}"));
        }
        if let Some(span) = target_span(dep) {
            d = d.with_label(span, format!("targets {theirs}"));
        }
        out.push(d);
    }
}
