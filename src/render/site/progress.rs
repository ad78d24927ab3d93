//! Site data: progress toward objectives — each metric from baseline through its
//! current value to target, and the PRDs working toward it that shipped — and a
//! vision's roll-up of its objectives. Only documents the site shows are counted.

use serde::Serialize;

use super::context::{DocRef, SiteContext};
use crate::config::Role;
use crate::model::{DocIdx, FieldValue, RefOrigin};

/// One metric of an objective: `Name | Baseline → Current → Target`.
#[derive(Serialize)]
pub struct MetricRow {
    pub name: String,
    pub baseline: Option<String>,
    pub current: Option<String>,
    pub target: Option<String>,
    /// How far from baseline to target the current value is, 0–100; `None` without a
    /// current value (or a target equal to the baseline).
    pub percent: Option<u32>,
    /// Whether `percent` is set (templates cannot tell 0 from none).
    pub measured: bool,
}

/// The PRDs working toward an objective, and how many shipped.
#[derive(Serialize)]
pub struct WorkRollup {
    pub shipped: usize,
    pub total: usize,
    pub docs: Vec<DocRef>,
}

/// An objective's progress: metrics and work.
#[derive(Serialize)]
pub struct ObjectiveProgress {
    pub metrics: Vec<MetricRow>,
    /// The mean of the metrics that have a percentage.
    pub metrics_percent: Option<u32>,
    /// Whether `metrics_percent` is set.
    pub measured: bool,
    pub work: WorkRollup,
}

/// One objective under a vision.
#[derive(Serialize)]
pub struct ObjectiveSummary {
    pub doc: DocRef,
    pub progress: ObjectiveProgress,
}

/// A vision's objectives with their progress, and their PRDs added up.
#[derive(Serialize)]
pub struct VisionRollup {
    pub objectives: Vec<ObjectiveSummary>,
    pub shipped: usize,
    pub total: usize,
}

/// `9.4 USD`, `31%`: a value with its unit, as a reader writes it.
fn with_unit(value: &FieldValue, unit: Option<&str>) -> String {
    match unit {
        Some("percent" | "%") => format!("{value}%"),
        Some(unit) if !unit.is_empty() => format!("{value} {unit}"),
        _ => value.to_string(),
    }
}

/// How far `current` has come from `baseline` toward `target`, 0–100; works for
/// metrics that should fall as well as rise.
pub fn percent_of(baseline: f64, current: f64, target: f64) -> Option<u32> {
    let span = target - baseline;
    if span == 0.0 || !span.is_finite() {
        return None;
    }
    let share = ((current - baseline) / span).clamp(0.0, 1.0);
    // Clamped to 0..=1 above, so the cast cannot overflow.
    Some((share * 100.0).round() as u32)
}

fn metric_rows(site: &SiteContext, idx: DocIdx) -> Vec<MetricRow> {
    let Some(FieldValue::List(items)) = site.ws.docs[idx].field("metrics") else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let get = |k: &str| item.value.get(k).map(|f| &f.value);
            let name = get("name")?.as_text()?.to_owned();
            let unit = get("unit").and_then(FieldValue::as_text);
            let number = |k: &str| get(k).and_then(FieldValue::as_number);
            let percent = match (number("baseline"), number("current"), number("target")) {
                (Some(b), Some(c), Some(t)) => percent_of(b, c, t),
                _ => None,
            };
            Some(MetricRow {
                name,
                baseline: get("baseline").map(|v| with_unit(v, unit)),
                current: get("current").map(|v| with_unit(v, unit)),
                target: get("target").map(|v| with_unit(v, unit)),
                percent,
                measured: percent.is_some(),
            })
        })
        .collect()
}

/// Visible documents of `role` that name `idx` in a front-matter field.
fn referring(site: &SiteContext, idx: DocIdx, role: Role) -> Vec<DocIdx> {
    let mut found: Vec<DocIdx> = site.ws.backlinks[idx]
        .iter()
        .filter(|b| site.visible(b.from) && site.ws.docs[b.from].role() == Some(role))
        .filter(|b| {
            matches!(
                site.ws.docs[b.from].refs[b.reference].origin,
                RefOrigin::Field(_)
            )
        })
        .map(|b| b.from)
        .collect();
    site.ws.sort_by_id(&mut found);
    found.dedup();
    found
}

/// The progress of objective `idx`, or `None` for any other document.
pub fn objective_progress(site: &SiteContext, idx: DocIdx) -> Option<ObjectiveProgress> {
    if site.ws.docs[idx].role() != Some(Role::Objective) {
        return None;
    }
    let metrics = metric_rows(site, idx);
    let percents: Vec<u32> = metrics.iter().filter_map(|m| m.percent).collect();
    let metrics_percent = (!percents.is_empty())
        .then(|| (percents.iter().sum::<u32>() as f64 / percents.len() as f64).round() as u32);
    let prds = referring(site, idx, Role::Prd);
    let work = WorkRollup {
        shipped: prds
            .iter()
            .filter(|&&i| site.ws.docs[i].is_shipped())
            .count(),
        total: prds.len(),
        docs: prds.iter().map(|&i| site.doc_ref(i)).collect(),
    };
    Some(ObjectiveProgress {
        metrics,
        measured: metrics_percent.is_some(),
        metrics_percent,
        work,
    })
}

/// The roll-up of vision `idx`'s objectives, or `None` for any other document.
pub fn vision_rollup(site: &SiteContext, idx: DocIdx) -> Option<VisionRollup> {
    if site.ws.docs[idx].role() != Some(Role::Vision) {
        return None;
    }
    let objectives: Vec<ObjectiveSummary> = referring(site, idx, Role::Objective)
        .into_iter()
        .filter_map(|i| {
            Some(ObjectiveSummary {
                doc: site.doc_ref(i),
                progress: objective_progress(site, i)?,
            })
        })
        .collect();
    Some(VisionRollup {
        shipped: objectives.iter().map(|o| o.progress.work.shipped).sum(),
        total: objectives.iter().map(|o| o.progress.work.total).sum(),
        objectives,
    })
}

#[cfg(test)]
mod tests {
    use super::percent_of;

    #[test]
    fn progress_runs_from_baseline_to_target_either_way() {
        assert_eq!(percent_of(31.0, 50.5, 70.0), Some(50));
        assert_eq!(percent_of(9.4, 9.1, 8.65), Some(40));
        assert_eq!(percent_of(10.0, 5.0, 20.0), Some(0));
        assert_eq!(percent_of(10.0, 30.0, 20.0), Some(100));
        assert_eq!(percent_of(10.0, 10.0, 10.0), None);
    }
}
