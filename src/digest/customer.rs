//! Customer wording for the sales digest: what a change means to a buyer ("now in
//! development", "approved, planned for 2027-Q3", "now available") and where a feature
//! stands ("Available now", "Coming in 2027-Q2"). Never an internal status name, and
//! never a value from before the work was approved: those dates were never promises.

use crate::config::Phase;
use crate::diff::DocChange;
use crate::model::{Document, is_approved};

/// The lines the sales digest shows for one changed document it may see.
pub fn change_lines(
    doc: &Document,
    change: &DocChange,
    visible_sections: &[&String],
) -> Vec<String> {
    let status = change.fields.iter().find(|f| f.field == "status");
    let now = doc.phase();
    // Without a status change the document was as approved before as it is now.
    let was = match status {
        Some(f) => f.old.as_deref().and_then(|old| doc.phase_of(old)),
        None => now,
    };
    let target = doc.field("target").map(|t| t.to_string());
    let planned = |prefix: &str| match &target {
        Some(t) => format!("{prefix}, planned for {t}"),
        None => prefix.to_owned(),
    };
    let release = doc.kind_name() == Some("release");

    let mut lines = Vec::new();
    let mut told_target = false;
    if status.is_some() && now != was {
        match now {
            Some(Phase::Done) if release => lines.push("released".to_owned()),
            Some(Phase::Done) => lines.push("now available".to_owned()),
            Some(Phase::Started) if !is_approved(was) => {
                lines.push(planned("approved and now in development"));
                told_target = true;
            }
            Some(Phase::Started) => lines.push("now in development".to_owned()),
            Some(Phase::Committed) if !is_approved(was) => {
                lines.push(planned("approved"));
                told_target = true;
            }
            _ => {}
        }
    }
    for f in &change.fields {
        match f.field.as_str() {
            // A date from before approval was a draft's guess: say only where it is now.
            "target" if !told_target && now != Some(Phase::Done) => lines.push(match &f.new {
                Some(new) => format!("now planned for {new}"),
                None => "no date yet".to_owned(),
            }),
            "date" if release => {
                if let Some(new) = &f.new {
                    lines.push(format!("release date {new}"));
                }
            }
            _ => {}
        }
    }
    if !visible_sections.is_empty() {
        let names: Vec<&str> = visible_sections.iter().map(|s| s.as_str()).collect();
        lines.push(format!("updated: {}", names.join(", ")));
    }
    lines
}

/// Where a feature stands, for a customer: "Available now", "In development, coming in
/// 2027-Q1", "Coming in 2027-Q2" or "Coming, date to be confirmed".
pub fn availability(doc: &Document, target: Option<&str>) -> String {
    match (doc.phase(), target) {
        (Some(Phase::Done), _) => "Available now".to_owned(),
        (Some(Phase::Started), Some(t)) => format!("In development, coming in {t}"),
        (Some(Phase::Started), None) => "In development".to_owned(),
        (_, Some(t)) => format!("Coming in {t}"),
        (_, None) => "Coming, date to be confirmed".to_owned(),
    }
}
