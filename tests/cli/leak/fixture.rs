//! The leak test's fixture: a real git repository (fixed authors and dates) in which every
//! confidential, audience-only or public place holds a marker of its own, and the list of
//! those markers with who may see each.
//!
//! Markers are single alphanumeric words (`LeakmarkPrd9Title`) and are searched without
//! regard to case: the search index keeps lowercased alphanumeric words only, and heading
//! anchors are lowercased, so `LEAKMARK-TITLE-1` would leak there unseen. IDs are numbers
//! nothing else produces (`PRD-904711`), searched as their number (`904711`), which is
//! also what the search index keeps of them.

use crate::git_repo::{TestRepo, day};

/// Who may see a marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Public text: every surface may show it, and some surface must (the proof that the
    /// test reads the output at all).
    Public,
    /// The author of a commit that touched a confidential document and a public one: the
    /// commit is still listed with its author and date (never its subject), so any
    /// surface may show it, and none must.
    Author,
    /// A section tagged for this audience, or a document whose `audience:` lists only it:
    /// of the digests, only this audience's may show it (and one must); the site, serve
    /// and `spex diff` may.
    Audience(&'static str),
    /// Confidential: no published surface may show it.
    Hidden,
}

/// One marker: the text searched for, who may see it, and where the fixture put it.
pub struct Marker {
    pub text: &'static str,
    pub class: Class,
    pub place: &'static str,
}

const fn m(text: &'static str, class: Class, place: &'static str) -> Marker {
    Marker { text, class, place }
}

use Class::{Audience, Author, Hidden, Public};

/// Every marker the fixture plants. `fixture_plants_every_marker_once` checks that each
/// is in the fixture and that none is part of another. One line per marker reads as a table.
#[rustfmt::skip]
pub const MARKERS: &[Marker] = &[
    // Public text, the sanity check.
    m("LeakmarkPublicPrd1Body", Public, "PRD-1 lead paragraph"),
    m("LeakmarkPublicAfterCsec", Public, "PRD-1 section after the confidential one"),
    m("LeakmarkPublicRmNote", Public, "RM-1 note on a public item"),
    m("LeakmarkPublicPage", Public, "plain page text"),
    m("LeakmarkPublicSubject", Public, "subject of a commit touching public documents only"),
    m("LeakmarkCommitAuthor", Author, "author of the commit touching PRD-904711 and PRD-1"),
    // Audience sections and an audience-only document.
    m("LeakmarkSalesSection", Audience("sales"), "PRD-1 {.sales} section"),
    m("LeakmarkEngSection", Audience("engineering"), "PRD-1 {.engineering} section"),
    m("LeakmarkLeadSection", Audience("leadership"), "PRD-1 {.leadership} section"),
    m("LeakmarkSalesOnlyTitle", Audience("sales"), "title of PRD-2 (audience: [sales])"),
    m("LeakmarkSalesOnlyBody", Audience("sales"), "body of PRD-2 (audience: [sales])"),
    // The confidential PRD, every field.
    m("904711", Hidden, "id of confidential PRD-904711"),
    m("LeakmarkPrd9Title", Hidden, "PRD-904711 title"),
    m("LeakmarkPrd9OldTitle", Hidden, "PRD-904711 title before the second commit"),
    m("LeakmarkPrd9Owner", Hidden, "PRD-904711 owner"),
    m("LeakmarkPrd9Team", Hidden, "PRD-904711 team"),
    m("2031-Q3", Hidden, "PRD-904711 target (no public document plans that far)"),
    m("LeakmarkPrd9Tag", Hidden, "PRD-904711 tags"),
    m("LeakmarkPrd9FreeKey", Hidden, "PRD-904711 field of its own (key)"),
    m("LeakmarkPrd9FreeValue", Hidden, "PRD-904711 field of its own (value)"),
    m("LeakmarkPrd9Body", Hidden, "PRD-904711 body"),
    m("LeakmarkPrd9Heading", Hidden, "PRD-904711 {.sales} heading"),
    m("LeakmarkPrd9Path", Hidden, "PRD-904711 file name"),
    m("LeakmarkPrd9OldPath", Hidden, "PRD-904711 file name before a rename"),
    m("LeakmarkRm1ConfNote", Hidden, "RM-1 (public) note on the PRD-904711 item"),
    m("2032-Q1", Hidden, "RM-1 (public) quarter of the PRD-904711 item"),
    // One confidential document of every other built-in kind.
    m("904712", Hidden, "id of confidential DEC-904712"),
    m("LeakmarkDec9Title", Hidden, "DEC-904712 title"),
    m("LeakmarkDec9Body", Hidden, "DEC-904712 body"),
    m("904713", Hidden, "id of confidential OBJ-904713"),
    m("LeakmarkObj9Title", Hidden, "OBJ-904713 title"),
    m("LeakmarkObj9Owner", Hidden, "OBJ-904713 owner"),
    m("LeakmarkObj9Metric", Hidden, "OBJ-904713 metric name"),
    m("LeakmarkObj9Body", Hidden, "OBJ-904713 body"),
    m("904714", Hidden, "id of confidential RM-904714"),
    m("LeakmarkRm9Title", Hidden, "RM-904714 title"),
    m("LeakmarkRm9Owner", Hidden, "RM-904714 owner"),
    m("LeakmarkRm9Period", Hidden, "RM-904714 period"),
    m("LeakmarkRm9Note", Hidden, "RM-904714 item note"),
    m("LeakmarkRm9Body", Hidden, "RM-904714 body"),
    m("904717", Hidden, "id of confidential VIS-904717"),
    m("LeakmarkVis9Title", Hidden, "VIS-904717 title"),
    m("LeakmarkVis9Owner", Hidden, "VIS-904717 owner"),
    m("LeakmarkVis9Horizon", Hidden, "VIS-904717 horizon"),
    m("LeakmarkVis9Body", Hidden, "VIS-904717 body"),
    m("904718", Hidden, "id of confidential REL-904718"),
    m("LeakmarkRel9Title", Hidden, "REL-904718 title"),
    m("LeakmarkRel9Body", Hidden, "REL-904718 {.sales} section"),
    // Fail-closed: front matter that does not parse (`confidential:` twice).
    m("904715", Hidden, "id of PRD-904715 (front-matter error)"),
    m("LeakmarkFmerrTitle", Hidden, "PRD-904715 title (front-matter error)"),
    m("LeakmarkFmerrOwner", Hidden, "PRD-904715 owner (front-matter error)"),
    m("LeakmarkFmerrBody", Hidden, "PRD-904715 body (front-matter error)"),
    // A confidential document removed in the second commit.
    m("904716", Hidden, "id of removed confidential PRD-904716"),
    m("LeakmarkGoneTitle", Hidden, "PRD-904716 title (removed)"),
    m("LeakmarkGonePath", Hidden, "PRD-904716 file name (removed)"),
    m("LeakmarkGoneBody", Hidden, "PRD-904716 body (removed)"),
    // A {.confidential} section of public PRD-1, and what hangs off it.
    m("LeakmarkCsecHeading", Hidden, "PRD-1 {.confidential} heading"),
    m("LeakmarkCsecBody", Hidden, "PRD-1 {.confidential} body"),
    m("LeakmarkCsecNestedHeading", Hidden, "PRD-1 {.confidential} ### subsection heading"),
    m("LeakmarkCsecNestedBody", Hidden, "PRD-1 {.confidential} ### subsection body"),
    m("LeakmarkCsecListHeading", Hidden, "PRD-1 {.confidential}: `- ## heading` list item"),
    m("LeakmarkCsecAfterListHeading", Hidden, "PRD-1 {.confidential}: list item after `- ## heading`"),
    m("LeakmarkCsecQuoteHeading", Hidden, "PRD-1 {.confidential}: `> ## heading`"),
    m("LeakmarkCsecQuoteBody", Hidden, "PRD-1 {.confidential}: blockquote text after `> ## heading`"),
    m("LeakmarkCsecAfterQuote", Hidden, "PRD-1 {.confidential}: paragraph after the blockquote"),
    m("LeakmarkAttachName", Hidden, "file name of an attachment linked only from the {.confidential} section"),
    m("LeakmarkAttachContent", Hidden, "content of that attachment"),
    m("LeakmarkLinkdefUrl", Hidden, "URL of a link definition inside the {.confidential} section, used from public text"),
    m("LeakmarkLinkdefTitle", Hidden, "title of that link definition"),
    m("LeakmarkPageCsecHeading", Hidden, "plain page {.confidential} heading"),
    m("LeakmarkPageCsecBody", Hidden, "plain page {.confidential} body"),
    // What the review after the first fixes found.
    m("LeakmarkLooseTagHeading", Hidden, "PRD-1 heading tagged `{confidential}` (no dot)"),
    m("LeakmarkLooseTagBody", Hidden, "PRD-1 body under the `{confidential}` heading"),
    m("904719", Hidden, "id of PRD-904719 (front matter after a blank line)"),
    m("LeakmarkLateFmTitle", Hidden, "PRD-904719 title (front matter after a blank line)"),
    m("LeakmarkLateFmBody", Hidden, "PRD-904719 body (front matter after a blank line)"),
    // The workspace's digest note (`digest.md`), which opens every digest.
    m("LeakmarkNotePublic", Public, "digest.md untagged text"),
    m("LeakmarkNoteSales", Audience("sales"), "digest.md {.sales} section"),
    m("LeakmarkNoteLead", Audience("leadership"), "digest.md {.leadership} section"),
    m("LeakmarkNoteConfHeading", Hidden, "digest.md {.confidential} heading"),
    m("LeakmarkNoteConfBody", Hidden, "digest.md {.confidential} body"),
    // History and live edits.
    m("LeakmarkCommitSubject", Hidden, "subject of the commit touching PRD-904711 and PRD-1"),
    m("LeakmarkServeEdit", Hidden, "PRD-904711 body saved while serve/watch run"),
];

const SPEX_YAML: &str = "site:\n  title: Leak test specs\n";

const VISION: &str = "---\nid: VIS-1\ntitle: Parcels without surprises\nstatus: active\n---\nEvery merchant knows where every parcel is.\n";

const OBJECTIVE: &str = "---\nid: OBJ-1\ntitle: Halve order-status tickets\nstatus: active\nvision: VIS-1\nquarter: 2027-Q1\nmetrics:\n  - { name: Tickets per 1k orders, baseline: 40, target: 20, unit: tickets }\n---\nTickets cost money.\n";

const DECISION: &str = "---\nid: DEC-1\ntitle: Use one event stream\nstatus: accepted\ndate: 2026-01-02\naffects: PRD-1\n---\nDecided.\n";

/// Public PRD-1 at each commit: `status`, and the lead paragraph's links.
fn prd1(status: &str, links: &str) -> String {
    format!(
        "---
id: PRD-1
title: Tracking page
status: {status}
owner: Ann Lee
team: Tracking
priority: P1
target: 2026-Q4
objectives: OBJ-1
vision: VIS-1
---
Shoppers see where their parcel is. LeakmarkPublicPrd1Body.{links}

## Requirements
1. A branded page per parcel.
2. Carrier events in plain words.

## Customer value {{.sales}}
Fewer tickets. LeakmarkSalesSection

## Technical approach {{.engineering}}
One event stream. LeakmarkEngSection

## Business case {{.leadership}}
Retention. LeakmarkLeadSection

## LeakmarkCsecHeading {{.confidential}}
Rates. LeakmarkCsecBody. See the [terms](LeakmarkAttachName.pdf).

[deal]: https://deals.example.com/LeakmarkLinkdefUrl \"LeakmarkLinkdefTitle\"

### LeakmarkCsecNestedHeading
LeakmarkCsecNestedBody

- First point.
- ## LeakmarkCsecListHeading
- LeakmarkCsecAfterListHeading

> ## LeakmarkCsecQuoteHeading
> LeakmarkCsecQuoteBody

LeakmarkCsecAfterQuote

## LeakmarkLooseTagHeading {{confidential}}
LeakmarkLooseTagBody

## Rollout
Beta with ten merchants. LeakmarkPublicAfterCsec

## Open questions
- SMS first?
"
    )
}

/// Public text that points into confidential places: a reference to the confidential
/// PRD, a link through a link definition in the confidential section, and a link to a
/// symbolic link that is an alias of the confidential PRD's file.
const PRD1_LINKS: &str = " Read [[PRD-904711]], [the deal][deal], the [full spec](../spec.txt) and [git's log](../.git/logs/HEAD).";

/// A confidential PRD whose front matter starts after a blank line: read as Markdown it
/// would be a public page.
const LATE_FM: &str = "\n---\nid: PRD-904719\ntitle: LeakmarkLateFmTitle\nowner: Ann Lee\nconfidential: true\n---\nLeakmarkLateFmBody\n";

const PRD2: &str = "---
id: PRD-2
title: LeakmarkSalesOnlyTitle bundle
status: approved
owner: Ann Lee
team: Tracking
target: 2027-Q2
objectives: OBJ-1
audience: [sales]
---
A bundle for resellers.

## Customer value {.sales}
One price. LeakmarkSalesOnlyBody
";

fn roadmap(public_note: &str) -> String {
    format!(
        "---
id: RM-1
title: Tracking roadmap
owner: Ann Lee
items:
  - {{ ref: PRD-1, horizon: now, confidence: high, note: {public_note} }}
  - {{ ref: PRD-904711, horizon: next, quarter: 2032-Q1, confidence: low, note: LeakmarkRm1ConfNote }}
  - {{ ref: PRD-2, horizon: later }}
---
Tracking first.
"
    )
}

/// The confidential PRD, with a field no kind declares.
fn prd9(title: &str, status: &str, extra_body: &str) -> String {
    format!(
        "---
id: PRD-904711
title: {title} acquisition
status: {status}
owner: LeakmarkPrd9Owner
team: LeakmarkPrd9Team
priority: P0
target: 2031-Q3
objectives: OBJ-1
depends_on: PRD-1
related: DEC-1
tags: [LeakmarkPrd9Tag]
confidential: true
LeakmarkPrd9FreeKey: LeakmarkPrd9FreeValue
---
Buy a company. LeakmarkPrd9Body{extra_body}

## LeakmarkPrd9Heading {{.sales}}
Deal talk.
"
    )
}

const DEC9: &str = "---\nid: DEC-904712\ntitle: LeakmarkDec9Title\nstatus: accepted\ndate: 2026-01-11\naffects: PRD-1\nconfidential: true\n---\nLeakmarkDec9Body\n";
const OBJ9: &str = "---\nid: OBJ-904713\ntitle: LeakmarkObj9Title\nstatus: active\nowner: LeakmarkObj9Owner\nvision: VIS-1\nquarter: 2027-Q1\nmetrics:\n  - { name: LeakmarkObj9Metric, baseline: 1, target: 2 }\nconfidential: true\n---\nLeakmarkObj9Body\n";
const RM9: &str = "---\nid: RM-904714\ntitle: LeakmarkRm9Title\nowner: LeakmarkRm9Owner\nperiod: LeakmarkRm9Period\nitems:\n  - { ref: PRD-1, horizon: now, note: LeakmarkRm9Note }\nconfidential: true\n---\nLeakmarkRm9Body\n";
const VIS9: &str = "---\nid: VIS-904717\ntitle: LeakmarkVis9Title\nstatus: active\nowner: LeakmarkVis9Owner\nhorizon: LeakmarkVis9Horizon\nconfidential: true\n---\nLeakmarkVis9Body\n";
const REL9: &str = "---\nid: REL-904718\ntitle: LeakmarkRel9Title\nstatus: planned\ndate: 2027-03-01\nincludes: PRD-1\nconfidential: true\n---\nA release.\n\n## Talking points {.sales}\nLeakmarkRel9Body\n";
/// `confidential:` twice: the front matter does not parse. A parser that let the last
/// key win would publish it.
const FMERR: &str = "---\nid: PRD-904715\ntitle: LeakmarkFmerrTitle\nowner: LeakmarkFmerrOwner\nconfidential: true\nconfidential: false\n---\nLeakmarkFmerrBody\n";
const GONE: &str = "---\nid: PRD-904716\ntitle: LeakmarkGoneTitle\nstatus: draft\nowner: Ann Lee\nobjectives: OBJ-1\nconfidential: true\n---\nLeakmarkGoneBody\n";
const PAGE: &str = "# Team notes\n\nLeakmarkPublicPage\n\n## LeakmarkPageCsecHeading {.confidential}\nLeakmarkPageCsecBody\n\n## Glossary\nWords.\n";

/// The digest note: untagged text for every digest, a section per audience, and a
/// confidential one that no digest may print.
const DIGEST_NOTE: &str = "# This week\n\nA calm week. LeakmarkNotePublic\n\n## For sales {.sales}\nLeakmarkNoteSales\n\n## For the board {.leadership}\nLeakmarkNoteLead\n\n## LeakmarkNoteConfHeading {.confidential}\nLeakmarkNoteConfBody\n";

/// The fixture repository and everything that was written into it (files, commit
/// subjects and authors, live edits), to check the marker list against.
pub struct Fixture {
    pub repo: TestRepo,
    pub planted: String,
}

impl Fixture {
    fn write(&mut self, rel: &str, text: &str) {
        self.repo.write(rel, text);
        self.planted.push_str(rel);
        self.planted.push('\n');
        self.planted.push_str(text);
    }

    fn commit(&mut self, subject: &str, author: &str, time: i64) {
        self.repo.commit(subject, author, time);
        self.planted.push_str(subject);
        self.planted.push_str(author);
    }

    /// The saves made while `serve` and `watch` run: the confidential PRD and the public
    /// one (so a page certainly rebuilds and reloads).
    pub fn live_edit(&mut self, round: usize) {
        let body = format!(" LeakmarkServeEdit {round}.");
        self.write(
            "prds/LeakmarkPrd9Path.md",
            &prd9("LeakmarkPrd9Title", "approved", &body),
        );
        let links = format!("{PRD1_LINKS} Edited {round}.");
        self.write("prds/PRD-1.md", &prd1("in-progress", &links));
    }
}

/// Three commits: (1) the plans, (2) by `LeakmarkCommitAuthor`, subject
/// `LeakmarkCommitSubject`: a public PRD, the confidential PRD renamed and retitled, a
/// confidential decision added, a confidential PRD removed, the symlink alias added,
/// (3) a public-only change. HEAD~1 is the commit that touched confidential documents.
pub fn fixture() -> Fixture {
    let mut f = Fixture {
        repo: TestRepo::new(),
        planted: String::new(),
    };
    f.write("spex.yaml", SPEX_YAML);
    f.write("vision/VIS-1.md", VISION);
    f.write("objectives/OBJ-1.md", OBJECTIVE);
    f.write("decisions/DEC-1.md", DECISION);
    f.write("prds/PRD-1.md", &prd1("approved", ""));
    f.write("prds/PRD-2.md", PRD2);
    f.write("roadmaps/RM-1.md", &roadmap("Soon."));
    f.write(
        "prds/LeakmarkPrd9OldPath.md",
        &prd9("LeakmarkPrd9OldTitle", "draft", ""),
    );
    f.write("objectives/OBJ-904713.md", OBJ9);
    f.write("roadmaps/RM-904714.md", RM9);
    f.write("vision/VIS-904717.md", VIS9);
    f.write("releases/REL-904718.md", REL9);
    f.write("prds/PRD-904715.md", FMERR);
    f.write("prds/PRD-904719.md", LATE_FM);
    f.write("prds/LeakmarkGonePath.md", GONE);
    f.write(
        "prds/LeakmarkAttachName.pdf",
        "%PDF-1.4 LeakmarkAttachContent\n",
    );
    f.write("docs/notes.md", PAGE);
    f.write("digest.md", DIGEST_NOTE);
    f.commit("Plan the quarter", "Ann Lee", day(2026, 1, 5));

    f.repo
        .rename("prds/LeakmarkPrd9OldPath.md", "prds/LeakmarkPrd9Path.md");
    f.write(
        "prds/LeakmarkPrd9Path.md",
        &prd9("LeakmarkPrd9Title", "approved", ""),
    );
    f.write("prds/PRD-1.md", &prd1("in-progress", PRD1_LINKS));
    f.write("decisions/DEC-904712.md", DEC9);
    f.repo.remove("prds/LeakmarkGonePath.md");
    symlink("prds/LeakmarkPrd9Path.md", &f.repo.join("spec.txt"));
    f.commit(
        "LeakmarkCommitSubject: start the deal work",
        "LeakmarkCommitAuthor",
        day(2026, 1, 12),
    );

    f.write("roadmaps/RM-1.md", &roadmap("LeakmarkPublicRmNote"));
    f.commit(
        "LeakmarkPublicSubject: note the tracking plan",
        "Ann Lee",
        day(2026, 1, 19),
    );
    f
}

fn symlink(target: &str, link: &std::path::Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}
