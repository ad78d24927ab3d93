//! The policy's answers, question by question, for the site's visibility and for digest
//! audiences: each fails closed when spex is unsure.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::*;
use crate::config::{Config, DigestLayout, parse_config};
use crate::diag::{Diagnostic, Rule, Span};
use crate::load::Source;
use crate::model::{Confidentiality, Document, Workspace};
use crate::parse::parse_doc;

const PUBLIC: Visibility = Visibility {
    include_confidential: false,
};
const EVERYTHING: Visibility = Visibility {
    include_confidential: true,
};

/// A workspace of `files` (path, text), compiled for real with `config`.
fn workspace_with(config: &Arc<Config>, files: &[(&str, &str)]) -> Workspace {
    let parsed = files
        .iter()
        .map(|(path, text)| {
            parse_doc(&Source {
                path: (*path).into(),
                text: (*text).into(),
                encoding_problem: None,
            })
        })
        .collect();
    crate::resolve::resolve(config, parsed, BTreeSet::new()).0
}

fn workspace(files: &[(&str, &str)]) -> Workspace {
    workspace_with(&Arc::new(Config::builtin()), files)
}

fn doc(text: &str) -> Document {
    (*workspace(&[("prds/a.md", text)]).docs[0]).clone()
}

fn prd(id: &str, extra: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: T {id}\nowner: Ann\nstatus: approved\n{extra}---\n{body}")
}

#[test]
fn the_site_shows_public_documents_and_hides_confidential_and_unsure_ones() {
    let public = doc(&prd("PRD-1", "", "Hi.\n"));
    let secret = doc(&prd("PRD-2", "confidential: true\n", "Hi.\n"));
    let typo = doc(&prd("PRD-3", "confidential: yes please\n", "Hi.\n"));
    let broken = doc("---\nid: PRD-4\ntitle: [unclosed\n---\nHi.\n");
    assert_eq!(typo.confidentiality, Confidentiality::Unsure);
    assert_eq!(broken.confidentiality, Confidentiality::Unsure);
    assert!(PUBLIC.shows(&public));
    for hidden in [&secret, &typo, &broken] {
        assert!(!PUBLIC.shows(hidden), "{}", hidden.title);
        assert!(EVERYTHING.shows(hidden));
        assert!(PUBLIC.hides_commits_of(hidden));
    }
    assert!(!PUBLIC.hides_commits_of(&public));
}

#[test]
fn the_site_leaves_out_confidential_sections_unless_asked() {
    let d = doc(&prd(
        "PRD-1",
        "",
        "Open.\n\n## Deal {.confidential}\nSecret.\n\n## Plan {.sales}\nSold.\n",
    ));
    let hidden = PUBLIC.hidden_ranges(&d);
    assert_eq!(hidden.len(), 1);
    assert_eq!(
        &d.text[hidden[0].clone()],
        "## Deal {.confidential}\nSecret.\n\n"
    );
    assert!(EVERYTHING.hidden_ranges(&d).is_empty());
    // Audience tags mean nothing to the site: it is for everyone.
    assert!(PUBLIC.shows_section(&["sales".to_owned()]));
    assert!(!PUBLIC.shows_section(&["confidential".to_owned()]));
    assert!(PUBLIC.hides_commits_of(&d) && !EVERYTHING.hides_commits_of(&d));
    assert!(PUBLIC.shows_field("owner"));
}

#[test]
fn built_in_audiences_come_from_the_config_with_their_behaviours() {
    let config = Config::builtin();
    let sales = Audience::resolve(&config, "sales", false).expect("built in");
    let engineering = Audience::resolve(&config, "engineering", false).expect("built in");
    let leadership = Audience::resolve(&config, "leadership", false).expect("built in");
    assert_eq!(sales.layout(), DigestLayout::Sales);
    assert!(sales.speaks_to_customers());
    assert_eq!(engineering.layout(), DigestLayout::Engineering);
    assert!(!engineering.speaks_to_customers());
    assert_eq!(leadership.layout(), DigestLayout::Leadership);
    assert!(Audience::resolve(&config, "marketing", false).is_none());
    assert!(sales.shows_field("target") && !sales.shows_field("owner"));
    assert!(engineering.shows_field("owner"));
}

#[test]
fn a_workspace_audience_chooses_its_layout_and_wording_in_spex_yaml() {
    let (config, diagnostics) = parse_config(
        "audiences:\n  partners:\n    wording: customer\n  board:\n    digest: leadership\n",
        "spex.yaml",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let partners = Audience::resolve(&config, "partners", false).expect("declared");
    assert!(partners.speaks_to_customers());
    assert_eq!(partners.layout(), DigestLayout::Sections);
    let board = Audience::resolve(&config, "board", false).expect("declared");
    assert_eq!(board.layout(), DigestLayout::Leadership);
    assert!(!board.speaks_to_customers());

    let (_, diagnostics) = parse_config("audiences:\n  x:\n    wording: customers\n", "spex.yaml");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].message, "invalid `wording` `customers`");
}

#[test]
fn an_audience_sees_its_kinds_and_marks_and_never_what_spex_is_unsure_of() {
    let config = Config::builtin();
    let sales = Audience::resolve(&config, "sales", false).expect("built in");
    let engineering = Audience::resolve(&config, "engineering", false).expect("built in");
    let with_everything = Audience::resolve(&config, "engineering", true).expect("built in");
    let public = doc(&prd("PRD-1", "", "Hi.\n"));
    let marked = doc(&prd("PRD-2", "audience: [engineering]\n", "Hi.\n"));
    let typo = doc(&prd("PRD-3", "confidential: 1\n", "Hi.\n"));
    let decision = (*workspace(&[(
        "decisions/d.md",
        "---\nid: DEC-1\ntitle: D\nstatus: accepted\n---\nHi.\n",
    )])
    .docs[0])
        .clone();
    assert!(sales.shows(&public) && engineering.shows(&public));
    assert!(!sales.shows(&marked) && engineering.shows(&marked));
    assert!(!sales.shows(&decision) && engineering.shows(&decision));
    assert!(!engineering.shows(&typo) && !engineering.counts(&typo));
    assert!(with_everything.shows(&typo) && with_everything.counts(&typo));
    // Counting reveals nothing, so a document marked for others still counts.
    assert!(sales.counts(&marked));
    assert!(engineering.hides_commits_of(&typo));
}

#[test]
fn a_described_document_is_judged_like_a_present_one() {
    let config = Config::builtin();
    let sales = Audience::resolve(&config, "sales", false).expect("built in");
    let marks = vec!["engineering".to_owned()];
    let described = |kind, audience: &'static [String], confidential| Described {
        kind,
        status: Some("approved"),
        audience,
        confidential,
    };
    assert!(sales.shows_described(&described("prd", &[], false)));
    assert!(!sales.shows_described(&described("prd", &[], true)));
    assert!(!sales.shows_described(&described("decision", &[], false)));
    let marked = Described {
        audience: &marks,
        ..described("prd", &[], false)
    };
    assert!(!sales.shows_described(&marked));
    assert!(!PUBLIC.shows_described(&described("prd", &[], true)));
    assert!(EVERYTHING.shows_described(&described("prd", &[], true)));
}

#[test]
fn a_section_belongs_to_its_innermost_tag_and_confidential_hides_all_inside() {
    let config = Config::builtin();
    let sales = Audience::resolve(&config, "sales", false).expect("built in");
    let engineering = Audience::resolve(&config, "engineering", false).expect("built in");
    let d = doc(&prd(
        "PRD-1",
        "",
        "Open.\n\n## Pitch {.sales}\nBuy.\n\n### How {.engineering}\nBuild.\n\n## Deal {.confidential}\nSecret.\n",
    ));
    let quoted = |a: &Audience| {
        let hidden = a.hidden_ranges(&d);
        let mut text = String::new();
        for (i, c) in d.text.char_indices() {
            if !hidden.iter().any(|r| r.contains(&i)) {
                text.push(c);
            }
        }
        text
    };
    let for_sales = quoted(&sales);
    assert!(for_sales.contains("Buy.") && !for_sales.contains("Build."));
    let for_engineering = quoted(&engineering);
    assert!(for_engineering.contains("Build.") && !for_engineering.contains("Buy."));
    assert!(!for_sales.contains("Secret.") && !for_engineering.contains("Secret."));
    assert!(!sales.shows_section(&[]) && engineering.shows_section(&[]));
    assert!(sales.is_own_section(&["sales".to_owned()]));
    assert!(!sales.is_own_section(&["engineering".to_owned()]));
}

#[test]
fn an_id_is_named_only_as_a_whole_word() {
    for text in [
        "cycle PRD-1 → PRD-9",
        "(`PRD-1`)",
        "see PRD-1.",
        "prds/PRD-1.md",
        "x.PRD-1",
        "PRD-1-",
        "PRD-1's",
        "PRD-1.2",
    ] {
        assert!(names_id(text, "PRD-1"), "{text}");
    }
    for text in ["PRD-10", "XPRD-1", "PRD-1-2", "PRD-1_a", "PRD-", ""] {
        assert!(!names_id(text, "PRD-1"), "{text}");
    }
}

#[test]
fn a_diagnostic_is_hidden_when_it_points_into_or_names_anything_hidden() {
    let ws = workspace(&[
        (
            "prds/open.md",
            &prd("PRD-1", "", "Open.\n\n## Deal {.confidential}\nSecret.\n"),
        ),
        (
            "prds/secret.md",
            &prd("PRD-2", "confidential: true\n", "Hi.\n"),
        ),
        ("prds/unsure.md", "---\nid: PRD-3\ntitle: [x\n---\n"),
    ]);
    let open = &ws.docs[ws.index_of_id("PRD-1").expect("PRD-1")];
    let deal = open.text.find("Secret").expect("section");
    let at =
        |file: &str, range| Diagnostic::new(Rule::UnknownReference, "bad", Span::new(file, range));
    let hidden = Hidden::of_workspace(&ws, &PUBLIC);
    let fine = at("prds/open.md", 0..3);
    assert!(!hidden.diagnostic(&fine));
    assert!(!hidden.diagnostic(&fine.clone().with_help("did you mean PRD-10?")));
    assert!(hidden.diagnostic(&at("prds/open.md", deal..deal + 3)));
    assert!(hidden.diagnostic(&at("prds/secret.md", 0..3)));
    assert!(hidden.diagnostic(&at("prds/unsure.md", 0..3)));
    assert!(hidden.diagnostic(&fine.clone().with_help("did you mean PRD-2?")));
    assert!(
        hidden.diagnostic(
            &fine
                .clone()
                .with_label(Span::new("prds/secret.md", 0..1), "here")
        )
    );
    let named_path = Diagnostic::new(
        Rule::UnknownReference,
        "two pages claim x.html: prds/secret.md and prds/open.md",
        Span::file_start(String::new()),
    );
    assert!(hidden.diagnostic(&named_path));
    assert!(hidden.message("prds/open.md", "depends on PRD-2"));
    assert!(!hidden.message("prds/open.md", "depends on PRD-20"));
    assert!(hidden.id("PRD-2") && hidden.id("PRD-3") && !hidden.id("PRD-1"));

    let everything = Hidden::of_workspace(&ws, &EVERYTHING);
    let all = [named_path, at("prds/secret.md", 0..3)];
    assert_eq!(everything.shown(&all).len(), 2);
    assert!(hidden.shown(&all).is_empty());
}

#[test]
fn a_document_removed_since_the_base_can_be_hidden_by_id_and_path() {
    let mut hidden = Hidden::default();
    assert!(!hidden.message("a.md", "PRD-7 is gone"));
    hidden.add("PRD-7", "prds/old.md");
    assert!(hidden.message("a.md", "PRD-7 is gone"));
    assert!(hidden.message("prds/old.md", "anything"));
    assert!(hidden.named_in("moved from prds/old.md"));
}

#[test]
fn linked_markdown_is_copied_only_when_clearly_public_without_confidential_sections() {
    let d = doc(&prd("PRD-1", "", "## Deal {.confidential}\nSecret.\n"));
    let plain = doc(&prd("PRD-1", "", "## Pitch\nHi.\n"));
    use Confidentiality::*;
    assert_eq!(
        markdown_attachment(Public, &plain.headings),
        MarkdownVerdict::Copy
    );
    assert_eq!(
        markdown_attachment(Public, &d.headings),
        MarkdownVerdict::ConfidentialSection
    );
    for unsure in [Confidential, Unsure] {
        assert_eq!(
            markdown_attachment(unsure, &plain.headings),
            MarkdownVerdict::NotClearlyPublic
        );
    }
}

#[test]
fn a_broken_save_is_shown_only_when_its_last_good_version_is_and_it_stays_public() {
    let public = doc(&prd("PRD-1", "", "Hi.\n"));
    let secret = doc(&prd("PRD-1", "confidential: true\n", "Hi.\n"));
    let broken = doc("---\nid: PRD-1\ntitle: [x\n---\nHi.\n");
    let broken_mentioning = doc("---\nid: PRD-1\nconfidential: [x\n---\nHi.\n");
    assert!(PUBLIC.shows_broken_save(Some(&public), &broken));
    assert!(PUBLIC.shows_broken_save(Some(&public), &public));
    assert!(!PUBLIC.shows_broken_save(Some(&public), &broken_mentioning));
    assert!(!PUBLIC.shows_broken_save(Some(&public), &secret));
    assert!(!PUBLIC.shows_broken_save(Some(&secret), &broken));
    // A new file has no last good version to vouch for it.
    assert!(!PUBLIC.shows_broken_save(None, &broken));
    assert!(EVERYTHING.shows_broken_save(Some(&secret), &broken_mentioning));
}

#[test]
fn an_audience_drops_diagnostics_in_sections_and_documents_it_does_not_see() {
    let config = Config::builtin();
    let engineering = Audience::resolve(&config, "engineering", false).expect("built in");
    let ws = workspace(&[
        (
            "prds/open.md",
            &prd("PRD-1", "", "Open.\n\n## Pitch {.sales}\nSold.\n"),
        ),
        (
            "prds/resale.md",
            &prd("PRD-2", "audience: [sales]\n", "Hi.\n"),
        ),
    ]);
    let open = &ws.docs[ws.index_of_id("PRD-1").expect("PRD-1")];
    let pitch = open.text.find("Sold").expect("section");
    let hidden = Hidden::of_workspace(&ws, &engineering);
    let at =
        |file: &str, range| Diagnostic::new(Rule::UnknownReference, "bad", Span::new(file, range));
    assert!(!hidden.diagnostic(&at("prds/open.md", 0..3)));
    assert!(hidden.diagnostic(&at("prds/open.md", pitch..pitch + 4)));
    assert!(hidden.diagnostic(&at("prds/resale.md", 0..3)));
    assert!(hidden.named_in("blocked by PRD-2"));
    assert_eq!(
        audience_marks(&ws.docs[ws.index_of_id("PRD-2").expect("PRD-2")]),
        ["sales"]
    );
    // The site is for everyone: audience tags and marks hide nothing there.
    let site = Hidden::of_workspace(&ws, &PUBLIC);
    assert!(!site.diagnostic(&at("prds/open.md", pitch..pitch + 4)));
    assert!(!site.named_in("blocked by PRD-2"));
}
