//! Generates a synthetic, realistic spex workspace for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --docs 10000 --out target/bench-corpus/10000 [--seed 42] [--force]
//! ```
//!
//! The output is a function of `--docs` and `--seed` only: the same arguments always give
//! byte-identical files. The mix of kinds is about 1% visions, 4% objectives, 88% PRDs,
//! 2% roadmaps, 4% decisions and 1% releases (at least one of each), in the standard
//! folders, with an average document of about 3 KB. The workspace is built to pass
//! `spex check` with no errors and (almost) no warnings:
//!
//! - dependencies (`depends_on`, `includes`) only point at lower-numbered PRDs, so there
//!   are no cycles; an approved-or-later PRD depends only on PRDs at least as far along,
//!   and never on one with a later target quarter;
//! - deprecated, retired, dropped, superseded, rejected and confidential documents are
//!   never the target of a reference or link (except `supersedes`, which allows it);
//! - every live PRD has an objective or is put on a roadmap; roadmap items in horizon
//!   `now`/`next` are approved, in progress or shipped;
//! - `[[ID#anchor]]` and relative links only name headings and files that exist.
//!
//! No dependencies: the PRNG is splitmix64, so the generator builds with the crate's
//! existing dependency set.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------------------------------
// PRNG

/// splitmix64: tiny, fast, and good enough for synthetic text.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5EED_5EED_5EED_5EED)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Index into `weights` with probability proportional to the weight.
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary

const NOUNS: &[&str] = &[
    "carrier",
    "label",
    "shipment",
    "parcel",
    "warehouse",
    "inventory",
    "invoice",
    "webhook",
    "dashboard",
    "report",
    "latency",
    "throughput",
    "queue",
    "cache",
    "index",
    "pipeline",
    "workflow",
    "permission",
    "role",
    "token",
    "session",
    "integration",
    "adapter",
    "endpoint",
    "schema",
    "migration",
    "rollout",
    "experiment",
    "cohort",
    "funnel",
    "retention",
    "onboarding",
    "billing",
    "subscription",
    "plan",
    "quota",
    "alert",
    "incident",
    "region",
    "tenant",
    "account",
    "merchant",
    "shopper",
    "partner",
    "vendor",
    "contract",
    "forecast",
    "budget",
    "metric",
    "checkout",
    "cart",
    "catalog",
    "variant",
    "bundle",
    "discount",
    "coupon",
    "refund",
    "exchange",
    "return",
    "claim",
    "dispute",
    "chargeback",
    "payout",
    "ledger",
    "reconciliation",
    "audit",
    "export",
    "import",
    "backfill",
    "snapshot",
    "replica",
    "shard",
    "cluster",
    "deployment",
    "release",
    "feature",
    "flag",
    "toggle",
    "setting",
    "template",
    "notification",
    "email",
    "message",
    "digest",
    "timeline",
    "calendar",
    "slot",
    "route",
    "zone",
    "depot",
    "courier",
    "pickup",
    "dropoff",
    "locker",
    "manifest",
    "pallet",
    "container",
    "customs",
    "duty",
    "tariff",
    "tax",
    "currency",
    "locale",
    "translation",
    "search",
    "filter",
    "facet",
    "ranking",
    "recommendation",
    "model",
    "score",
    "signal",
    "fraud",
    "risk",
    "policy",
    "rule",
    "exception",
    "escalation",
    "ticket",
    "agent",
    "macro",
    "survey",
    "review",
    "rating",
    "storefront",
    "theme",
    "widget",
    "extension",
    "plugin",
    "SDK",
    "API",
    "CLI",
    "console",
    "sandbox",
    "credential",
    "secret",
    "certificate",
    "domain",
    "redirect",
    "sitemap",
    "analytics",
    "attribution",
    "conversion",
    "margin",
    "revenue",
    "cost",
    "forecasting",
    "capacity",
    "batch",
    "job",
    "scheduler",
    "worker",
    "retry",
    "backoff",
    "timeout",
    "outage",
    "failover",
    "dependency",
    "contract test",
];

const ADJECTIVES: &[&str] = &[
    "automated",
    "real-time",
    "multi-carrier",
    "self-serve",
    "bulk",
    "incremental",
    "hourly",
    "daily",
    "regional",
    "global",
    "branded",
    "secure",
    "audited",
    "tiered",
    "dynamic",
    "predictive",
    "proactive",
    "unified",
    "native",
    "legacy",
    "versioned",
    "configurable",
    "cross-border",
    "mobile",
    "offline",
    "federated",
    "shared",
    "per-merchant",
    "per-order",
    "low-latency",
    "resilient",
    "idempotent",
    "granular",
    "guided",
    "instant",
    "scheduled",
    "rule-based",
    "weighted",
    "partial",
    "consolidated",
    "paginated",
    "streaming",
    "batched",
    "localized",
    "compliant",
    "encrypted",
    "anonymous",
    "verified",
    "trusted",
    "flexible",
    "simplified",
    "smart",
    "transparent",
    "accurate",
    "consistent",
    "redundant",
    "lightweight",
    "enterprise",
    "starter",
    "premium",
    "internal",
    "public",
    "private",
    "experimental",
];

const VERBS: &[&str] = &[
    "reduces",
    "improves",
    "blocks",
    "replaces",
    "exposes",
    "validates",
    "syncs",
    "routes",
    "prices",
    "ranks",
    "batches",
    "retries",
    "notifies",
    "escalates",
    "archives",
    "merges",
    "splits",
    "caches",
    "streams",
    "reconciles",
    "forecasts",
    "flags",
    "scores",
    "filters",
    "schedules",
    "throttles",
    "duplicates",
    "drops",
    "delays",
    "unblocks",
    "simplifies",
    "automates",
    "tracks",
    "audits",
    "exports",
    "imports",
    "migrates",
    "deprecates",
    "supersedes",
    "extends",
    "limits",
    "measures",
    "surfaces",
    "hides",
    "groups",
    "labels",
];

const PERSONAS: &[&str] = &[
    "operations lead",
    "warehouse packer",
    "finance manager",
    "support agent",
    "CX lead",
    "store owner",
    "developer",
    "platform admin",
    "account manager",
    "sales engineer",
    "returns specialist",
    "shopper",
    "data analyst",
    "security reviewer",
    "marketing lead",
    "fulfilment partner",
    "carrier rep",
    "customs broker",
    "product manager",
    "SRE on call",
    "implementation consultant",
    "procurement lead",
    "controller",
    "logistics planner",
];

const FIRST_NAMES: &[&str] = &[
    "Maya", "Tomás", "Priya", "Jonas", "Aisha", "Daniel", "Lena", "Kenji", "Sofia", "Omar",
    "Chloé", "Ravi", "Ingrid", "Mateo", "Yara", "Felix", "Nadia", "Owen", "Zanele", "Lucas",
    "Hana", "Emeka", "Greta", "Diego", "Mei", "Arjun", "Elif", "Samuel", "Noor", "Björn",
];

const LAST_NAMES: &[&str] = &[
    "Chen",
    "Rivera",
    "Natarajan",
    "Albrecht",
    "Okafor",
    "Osei",
    "Kowalski",
    "Tanaka",
    "Rossi",
    "Haddad",
    "Dubois",
    "Mehta",
    "Larsen",
    "García",
    "Silva",
    "Novak",
    "Petrov",
    "Walsh",
    "Dlamini",
    "Moreau",
    "Kim",
    "Adeyemi",
    "Fischer",
    "Herrera",
    "Wang",
    "Iyer",
];

const TEAMS: &[&str] = &[
    "Checkout & Rates",
    "Fulfilment",
    "Returns",
    "Platform",
    "Growth",
    "Data",
    "Identity",
    "Billing",
    "Integrations",
    "Mobile",
    "Tracking",
    "Support Tools",
    "Risk",
    "Search",
    "Developer Experience",
    "International",
    "Analytics",
    "Infrastructure",
];

const TAGS: &[&str] = &[
    "rates",
    "carriers",
    "labels",
    "returns",
    "exchanges",
    "tracking",
    "notifications",
    "checkout",
    "api",
    "webhooks",
    "sso",
    "security",
    "billing",
    "pricing",
    "analytics",
    "reporting",
    "mobile",
    "warehouse",
    "routing",
    "customs",
    "international",
    "fraud",
    "risk",
    "onboarding",
    "migration",
    "performance",
    "reliability",
    "search",
    "i18n",
    "accessibility",
    "compliance",
    "gdpr",
    "partners",
    "marketplace",
    "automation",
    "rules",
    "inventory",
    "support",
    "ux",
    "growth",
    "enterprise",
    "smb",
    "experiments",
    "ml",
];

const QUESTION_STARTS: &[&str] = &[
    "Should we",
    "Do we",
    "Can we",
    "How do we",
    "When do we",
    "Who will",
    "Is it acceptable to",
    "Does legal need to",
];

// ---------------------------------------------------------------------------------------
// The workspace plan

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Vision,
    Objective,
    Prd,
    Roadmap,
    Decision,
    Release,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Vision,
        Kind::Objective,
        Kind::Prd,
        Kind::Roadmap,
        Kind::Decision,
        Kind::Release,
    ];

    fn prefix(self) -> &'static str {
        match self {
            Kind::Vision => "VIS",
            Kind::Objective => "OBJ",
            Kind::Prd => "PRD",
            Kind::Roadmap => "RM",
            Kind::Decision => "DEC",
            Kind::Release => "REL",
        }
    }

    fn folder(self) -> &'static str {
        match self {
            Kind::Vision => "vision",
            Kind::Objective => "objectives",
            Kind::Prd => "prds",
            Kind::Roadmap => "roadmaps",
            Kind::Decision => "decisions",
            Kind::Release => "releases",
        }
    }

    /// Headings every document of this kind has, usable as `#anchor` targets.
    fn anchors(self) -> &'static [&'static str] {
        match self {
            Kind::Prd => &[
                "open-questions",
                "requirements",
                "problem",
                "success-metrics",
            ],
            Kind::Decision => &["context", "decision", "consequences"],
            Kind::Objective => &["outcome", "how-we-measure"],
            Kind::Vision => &["what-we-believe"],
            Kind::Roadmap => &["now", "later"],
            Kind::Release => &["whats-new", "fixes"],
        }
    }
}

/// Quarters are numbered from 0 = 2025-Q1; "now" is 2026-Q4 (7). The timeline ends 2028-Q4.
const NOW: usize = 7;
const LAST_QUARTER: usize = 15;

fn quarter_name(q: usize) -> String {
    format!("{}-Q{}", 2025 + q / 4, q % 4 + 1)
}

fn date_in(rng: &mut Rng, q: usize) -> String {
    let month = (q % 4) * 3 + 1 + rng.below(3);
    format!("{}-{:02}-{:02}", 2025 + q / 4, month, rng.range(1, 28))
}

struct Doc {
    kind: Kind,
    id: String,
    title: String,
    /// Path relative to the workspace, with `/`.
    file: String,
    status: &'static str,
    /// Whether other documents may reference or link to it (no inactive or confidential).
    referenceable: bool,
    confidential: bool,
    quarter: usize,
    /// PRD lifecycle rank: 0 draft/review, 1 approved, 2 in progress, 3 shipped.
    rank: usize,
    // PRD relations, filled by `plan_prds`.
    objectives: Vec<usize>,
    vision: Option<usize>,
    depends_on: Vec<usize>,
}

impl Doc {
    fn new(kind: Kind, num: usize, width: usize, title: String) -> Doc {
        let id = format!("{}-{:0width$}", kind.prefix(), num);
        let file = format!("{}/{}-{}.md", kind.folder(), id, slug(&title));
        Doc {
            kind,
            id,
            title,
            file,
            status: "",
            referenceable: true,
            confidential: false,
            quarter: NOW,
            rank: 0,
            objectives: Vec::new(),
            vision: None,
            depends_on: Vec::new(),
        }
    }
}

fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    // Keep file names short, at a word boundary.
    match out.char_indices().filter(|&(_, c)| c == '-').nth(4) {
        Some((i, _)) => out[..i].to_owned(),
        None => out.to_owned(),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn counts(n: usize) -> [usize; 6] {
    let share = |pct: usize| ((n * pct + 50) / 100).max(1);
    let (vis, obj, rm, dec, rel) = (share(1), share(4), share(2), share(4), share(1));
    let prd = n.saturating_sub(vis + obj + rm + dec + rel).max(1);
    [vis, obj, prd, rm, dec, rel]
}

struct Workspace {
    docs: Vec<Doc>,
    /// Indices into `docs` by kind, in ID order.
    by_kind: [Vec<usize>; 6],
    /// Referenceable documents by kind.
    live: [Vec<usize>; 6],
    /// All referenceable documents.
    live_all: Vec<usize>,
    /// Roadmap items: (prd, horizon) per roadmap, in `by_kind[Roadmap]` order.
    roadmap_items: Vec<Vec<(usize, &'static str)>>,
    /// Which releases include which PRDs, in `by_kind[Release]` order.
    release_includes: Vec<Vec<usize>>,
    /// PRDs per objective (for objective bodies), in `by_kind[Objective]` order.
    objective_prds: Vec<Vec<usize>>,
    /// Decision superseded by (for decision bodies) and supersedes.
    superseded_by: Vec<Option<usize>>,
    supersedes: Vec<Option<usize>>,
}

fn kind_slot(kind: Kind) -> usize {
    Kind::ALL.iter().position(|&k| k == kind).unwrap()
}

fn title_for(rng: &mut Rng, kind: Kind) -> String {
    let noun = rng.pick(NOUNS);
    let noun2 = rng.pick(NOUNS);
    let adj = rng.pick(ADJECTIVES);
    match kind {
        Kind::Vision => format!(
            "{} {} for every {}",
            capitalize(adj),
            plural(noun),
            rng.pick(PERSONAS)
        ),
        Kind::Objective => format!("Cut {} {} time by {}%", noun, noun2, rng.range(10, 60)),
        Kind::Prd => match rng.below(4) {
            0 => format!("{} {} {}", capitalize(adj), noun, noun2),
            1 => format!("{} {} v{}", capitalize(adj), noun, rng.range(2, 4)),
            2 => format!("{} for {}", capitalize(&plural(noun)), plural(noun2)),
            _ => format!(
                "{} {} {}",
                capitalize(noun),
                noun2,
                rng.pick(&["API", "portal", "service", "rules", "console", "report"])
            ),
        },
        Kind::Roadmap => format!("{} roadmap: {}", rng.pick(TEAMS), plural(noun)),
        Kind::Decision => format!("Use {} {} for {}", adj, plural(noun), plural(noun2)),
        Kind::Release => String::new(), // named by date later
    }
}

fn plural(noun: &str) -> String {
    if noun.ends_with('s') {
        noun.to_owned() // customs, analytics
    } else if noun.ends_with('x') || noun.ends_with("sh") || noun.ends_with("ch") {
        format!("{noun}es")
    } else if noun.ends_with('y') && !noun.ends_with("ay") && !noun.ends_with("ey") {
        format!("{}ies", &noun[..noun.len() - 1])
    } else {
        format!("{noun}s")
    }
}

/// The base form of a verb in the third person: `retries` → `retry`.
fn base(verb: &str) -> String {
    if verb == "caches" {
        "cache".to_owned()
    } else if let Some(stem) = verb.strip_suffix("ies") {
        format!("{stem}y")
    } else if ["ches", "shes", "sses", "xes"]
        .iter()
        .any(|e| verb.ends_with(e))
    {
        verb[..verb.len() - 2].to_owned()
    } else {
        verb.strip_suffix('s').unwrap_or(verb).to_owned()
    }
}

/// `a` or `an` before `word` (ignoring Markdown emphasis).
fn article(word: &str) -> &'static str {
    let first = word
        .trim_start_matches(['*', '`'])
        .chars()
        .next()
        .unwrap_or('x');
    if "aeiouAEIOU".contains(first) {
        "an"
    } else {
        "a"
    }
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

fn plan(n: usize, rng: &mut Rng) -> Workspace {
    let counts = counts(n);
    let mut docs = Vec::with_capacity(n);
    let mut by_kind: [Vec<usize>; 6] = Default::default();
    for (slot, &kind) in Kind::ALL.iter().enumerate() {
        let width = counts[slot].to_string().len().max(3);
        for num in 1..=counts[slot] {
            let mut title = title_for(rng, kind);
            let mut doc_quarter = NOW;
            let mut status = "";
            let mut referenceable = true;
            let mut rank = 0;
            match kind {
                Kind::Vision => {
                    status = if num == 1 {
                        "active"
                    } else {
                        ["active", "active", "active", "active", "draft", "retired"][rng.below(6)]
                    };
                }
                Kind::Objective => {
                    status = if num == 1 {
                        "active"
                    } else {
                        ["active", "proposed", "achieved", "dropped"]
                            [rng.weighted(&[60, 20, 17, 3])]
                    };
                    doc_quarter = match status {
                        "achieved" => rng.range(2, NOW - 1),
                        "proposed" => rng.range(NOW + 1, NOW + 4),
                        _ => rng.range(NOW - 1, NOW + 2),
                    };
                }
                Kind::Prd => {
                    let (s, r, lo, hi) = [
                        ("draft", 0, 9, LAST_QUARTER),
                        ("review", 0, 8, 13),
                        ("approved", 1, 7, 10),
                        ("in-progress", 2, 6, 8),
                        ("shipped", 3, 0, 6),
                        ("deprecated", 9, 0, 5),
                    ][if num == 1 {
                        4
                    } else {
                        rng.weighted(&[20, 15, 20, 15, 27, 3])
                    }];
                    status = s;
                    rank = r;
                    doc_quarter = rng.range(lo, hi);
                }
                Kind::Decision => {
                    status = ["accepted", "proposed", "rejected"][rng.weighted(&[80, 15, 5])];
                    doc_quarter = rng.range(0, NOW + 1);
                }
                Kind::Release => {
                    // Releases run through the timeline in order.
                    doc_quarter = (num - 1) * (NOW + 4) / counts[slot];
                    status = if doc_quarter < NOW {
                        "released"
                    } else {
                        "planned"
                    };
                    title = format!(
                        "Release {}.{:02}: {} and {}",
                        2025 + doc_quarter / 4,
                        (doc_quarter % 4) * 3 + 1 + rng.below(3),
                        rng.pick(NOUNS),
                        plural(rng.pick(NOUNS))
                    );
                }
                Kind::Roadmap => {}
            }
            if matches!(status, "retired" | "dropped" | "deprecated" | "rejected") {
                referenceable = false;
            }
            let mut doc = Doc::new(kind, num, width, title);
            doc.status = status;
            doc.referenceable = referenceable;
            doc.quarter = doc_quarter;
            doc.rank = rank;
            if kind == Kind::Prd && num > 1 && status != "deprecated" && rng.chance(0.01) {
                doc.confidential = true;
                doc.referenceable = false;
            }
            by_kind[slot].push(docs.len());
            docs.push(doc);
        }
    }

    // Decisions: now and then one supersedes the previous (accepted) one.
    let decisions = by_kind[kind_slot(Kind::Decision)].clone();
    let mut superseded_by = vec![None; decisions.len()];
    let mut supersedes = vec![None; decisions.len()];
    for k in 1..decisions.len() {
        let (prev, cur) = (decisions[k - 1], decisions[k]);
        if docs[cur].status == "accepted" && docs[prev].status == "accepted" && rng.chance(0.12) {
            docs[prev].status = "superseded";
            docs[prev].referenceable = false;
            superseded_by[k - 1] = Some(cur);
            supersedes[k] = Some(prev);
        }
    }

    let mut live: [Vec<usize>; 6] = Default::default();
    for (slot, list) in by_kind.iter().enumerate() {
        live[slot] = list
            .iter()
            .copied()
            .filter(|&i| docs[i].referenceable)
            .collect();
    }
    let live_all: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].referenceable).collect();

    let mut ws = Workspace {
        docs,
        by_kind,
        live,
        live_all,
        roadmap_items: Vec::new(),
        release_includes: Vec::new(),
        objective_prds: Vec::new(),
        superseded_by,
        supersedes,
    };
    plan_prds(&mut ws, rng);
    plan_roadmaps(&mut ws, rng);
    plan_releases(&mut ws, rng);
    ws
}

/// Objectives, vision and dependencies of every PRD.
fn plan_prds(ws: &mut Workspace, rng: &mut Rng) {
    let prds = ws.by_kind[kind_slot(Kind::Prd)].clone();
    let live_objectives = ws.live[kind_slot(Kind::Objective)].clone();
    let live_visions = ws.live[kind_slot(Kind::Vision)].clone();
    let objective_slot: std::collections::HashMap<usize, usize> = ws.by_kind
        [kind_slot(Kind::Objective)]
    .iter()
    .enumerate()
    .map(|(k, &i)| (i, k))
    .collect();
    ws.objective_prds = vec![Vec::new(); ws.by_kind[kind_slot(Kind::Objective)].len()];
    for (pos, &i) in prds.iter().enumerate() {
        let (rank, quarter, deprecated, confidential) = {
            let d = &ws.docs[i];
            (d.rank, d.quarter, d.status == "deprecated", d.confidential)
        };
        // About 9 in 10 live PRDs serve an objective; the rest go on a roadmap.
        if !live_objectives.is_empty() && (confidential || rng.chance(0.9)) {
            let how_many = if rng.chance(0.2) { 2 } else { 1 };
            for _ in 0..how_many {
                let o = rng.pick(&live_objectives);
                if !ws.docs[i].objectives.contains(&o) {
                    ws.docs[i].objectives.push(o);
                    if !deprecated && !confidential {
                        ws.objective_prds[objective_slot[&o]].push(i);
                    }
                }
            }
        }
        if !live_visions.is_empty() && rng.chance(0.3) {
            ws.docs[i].vision = Some(rng.pick(&live_visions));
        }
        // Dependencies: lower-numbered, live, no later target, and far enough along.
        let wanted = [0, 1, 1, 2, 2, 3][rng.below(6)];
        let mut tries = 0;
        while ws.docs[i].depends_on.len() < wanted && tries < 16 && pos > 0 {
            tries += 1;
            let lo = pos.saturating_sub(400);
            let j = prds[rng.range(lo, pos - 1)];
            let dep = &ws.docs[j];
            let ok = dep.referenceable
                && dep.quarter <= quarter
                && (deprecated || rank == 0 || dep.rank >= rank)
                && !ws.docs[i].depends_on.contains(&j);
            if ok {
                ws.docs[i].depends_on.push(j);
            }
        }
    }
}

/// Roadmap items: every live PRD without an objective, plus a sample of others.
fn plan_roadmaps(ws: &mut Workspace, rng: &mut Rng) {
    let roadmaps = ws.by_kind[kind_slot(Kind::Roadmap)].len();
    let mut items: Vec<Vec<(usize, &'static str)>> = vec![Vec::new(); roadmaps];
    let live_prds = ws.live[kind_slot(Kind::Prd)].clone();
    let horizon = |rng: &mut Rng, doc: &Doc| -> &'static str {
        match doc.rank {
            0 => "later",
            3 => "now",
            _ => {
                if rng.chance(0.5) {
                    "now"
                } else {
                    "next"
                }
            }
        }
    };
    let mut next = 0;
    for &i in &live_prds {
        if ws.docs[i].objectives.is_empty() {
            let h = horizon(rng, &ws.docs[i]);
            items[next % roadmaps].push((i, h));
            next += 1;
        }
    }
    for list in items.iter_mut() {
        let target = rng.range(10, 24);
        let mut tries = 0;
        while list.len() < target && tries < 64 {
            tries += 1;
            let i = rng.pick(&live_prds);
            if list.iter().any(|&(p, _)| p == i) {
                continue;
            }
            let h = horizon(rng, &ws.docs[i]);
            list.push((i, h));
        }
        // now, then next, then later; by quarter within a horizon.
        let order = |h: &str| match h {
            "now" => 0,
            "next" => 1,
            _ => 2,
        };
        list.sort_by_key(|&(p, h)| (order(h), ws.docs[p].quarter, p));
    }
    ws.roadmap_items = items;
}

/// Released releases include shipped PRDs; planned ones approved-or-later PRDs.
fn plan_releases(ws: &mut Workspace, rng: &mut Rng) {
    let live_prds = ws.live[kind_slot(Kind::Prd)].clone();
    let shipped: Vec<usize> = live_prds
        .iter()
        .copied()
        .filter(|&i| ws.docs[i].rank == 3)
        .collect();
    let committed: Vec<usize> = live_prds
        .iter()
        .copied()
        .filter(|&i| ws.docs[i].rank >= 1)
        .collect();
    let mut all = Vec::new();
    for &r in &ws.by_kind[kind_slot(Kind::Release)] {
        let released = ws.docs[r].status == "released";
        let pool = if released { &shipped } else { &committed };
        let mut includes = Vec::new();
        let wanted = rng.range(2, 6);
        let mut tries = 0;
        while includes.len() < wanted && tries < 40 && !pool.is_empty() {
            tries += 1;
            let p = rng.pick(pool);
            let fits = !released || ws.docs[p].quarter <= ws.docs[r].quarter || tries > 20;
            if fits && !includes.contains(&p) {
                includes.push(p);
            }
        }
        all.push(includes);
    }
    ws.release_includes = all;
}

// ---------------------------------------------------------------------------------------
// Text

struct Writer<'a> {
    ws: &'a Workspace,
    rng: &'a mut Rng,
    /// The document being written.
    me: usize,
}

impl Writer<'_> {
    fn noun(&mut self) -> &'static str {
        self.rng.pick(NOUNS)
    }
    fn adj(&mut self) -> &'static str {
        self.rng.pick(ADJECTIVES)
    }
    fn verb(&mut self) -> &'static str {
        self.rng.pick(VERBS)
    }
    fn persona(&mut self) -> &'static str {
        self.rng.pick(PERSONAS)
    }

    /// A random live document other than this one, preferring `kind`.
    fn target(&mut self, kind: Option<Kind>) -> Option<usize> {
        let pool = match kind {
            Some(k) => &self.ws.live[kind_slot(k)],
            None => &self.ws.live_all,
        };
        for _ in 0..4 {
            if pool.is_empty() {
                return None;
            }
            let t = self.rng.pick(pool);
            if t != self.me {
                return Some(t);
            }
        }
        None
    }

    /// `to` as a link path relative to this document.
    fn relative(&self, to: usize) -> String {
        let (from, to) = (&self.ws.docs[self.me], &self.ws.docs[to]);
        if from.kind == to.kind {
            to.file[to.kind.folder().len() + 1..].to_owned()
        } else {
            format!("../{}", to.file)
        }
    }

    /// A cross-reference in one of the spellings spex accepts, or plain text.
    fn reference(&mut self) -> String {
        let kind = if self.rng.chance(0.7) {
            Some(Kind::Prd)
        } else {
            None
        };
        let Some(t) = self.target(kind) else {
            return format!("the {}", self.noun());
        };
        let doc = &self.ws.docs[t];
        match self.rng.below(10) {
            0..=3 => format!("[[{}]]", doc.id),
            4 | 5 => {
                let anchor = self.rng.pick(doc.kind.anchors());
                format!("[[{}#{}]]", doc.id, anchor)
            }
            6 => format!("[[{}|the {} work]]", doc.id, self.noun()),
            7 | 8 => format!("[{}]({})", doc.title, self.relative(t)),
            _ => {
                let anchor = self.rng.pick(doc.kind.anchors());
                format!(
                    "[{} {}]({}#{})",
                    doc.id,
                    anchor.replace('-', " "),
                    self.relative(t),
                    anchor
                )
            }
        }
    }

    fn emphasis(&mut self, word: &str) -> String {
        match self.rng.below(12) {
            0 => format!("**{word}**"),
            1 => format!("*{word}*"),
            2 => format!("`{}`", word.replace(' ', "_")),
            _ => word.to_owned(),
        }
    }

    fn sentence(&mut self) -> String {
        let n = self.rng.range(2, 97);
        let s = match self.rng.below(14) {
            0 => format!(
                "The {} {} {} {} for every {}.",
                self.adj(),
                self.noun(),
                self.verb(),
                plural(self.noun()),
                self.persona()
            ),
            1 => format!(
                "Today {n}% of {} go through the {} {}, which {} the {} {}.",
                plural(self.noun()),
                self.adj(),
                self.noun(),
                self.verb(),
                self.adj(),
                self.noun()
            ),
            2 => {
                let (p, a, b) = (self.persona(), self.noun(), self.noun());
                let b = self.emphasis(b);
                format!(
                    "{} {p} needs the {a} to handle {b} without a manual step.",
                    article(p)
                )
            }
            3 => format!(
                "We expect {n}% fewer {} once the {} {} {}.",
                plural(self.noun()),
                self.noun(),
                self.verb(),
                plural(self.noun())
            ),
            4 => format!(
                "This builds on {} and keeps the {} {} unchanged.",
                self.reference(),
                self.adj(),
                self.noun()
            ),
            5 => format!(
                "In the pilot, {n} merchants saw the {} {} {} within {} days.",
                self.noun(),
                self.verb(),
                plural(self.noun()),
                self.rng.range(2, 30)
            ),
            6 => format!(
                "If the {} fails, the {} {} and the {} {} the {}.",
                self.noun(),
                self.noun(),
                self.verb(),
                self.persona(),
                self.verb(),
                self.noun()
            ),
            7 => format!(
                "See {} for the {} {} and how it {} {}.",
                self.reference(),
                self.adj(),
                self.noun(),
                self.verb(),
                plural(self.noun())
            ),
            8 => format!(
                "Median {} time is {} ms at p95, against a budget of {} ms.",
                self.noun(),
                n * 13,
                n * 10 + 200
            ),
            9 => {
                let w = self.adj();
                let w = self.emphasis(w);
                format!(
                    "Without {} {w} {}, every {} needs someone to {} it by hand.",
                    article(&w),
                    self.noun(),
                    self.noun(),
                    base(self.verb())
                )
            }
            10 => format!(
                "The {} team owns the {} and the {} {}.",
                self.rng.pick(TEAMS),
                self.noun(),
                self.adj(),
                self.noun()
            ),
            11 => format!(
                "Merchants on the {} plan asked for {} {} {} times last quarter.",
                self.adj(),
                self.adj(),
                plural(self.noun()),
                n
            ),
            12 => format!(
                "It {} the {} {} rather than the {} {}.",
                self.verb(),
                self.adj(),
                self.noun(),
                self.adj(),
                self.noun()
            ),
            _ => format!(
                "{} {} across {} {} and {}.",
                capitalize(self.noun()),
                self.verb(),
                n,
                plural(self.noun()),
                plural(self.noun())
            ),
        };
        capitalize(&s)
    }

    fn paragraph(&mut self, sentences: usize) -> String {
        let mut p = String::new();
        for k in 0..sentences {
            if k > 0 {
                p.push(' ');
            }
            p.push_str(&self.sentence());
        }
        p.push_str("\n\n");
        p
    }

    fn bullets(&mut self, items: usize, numbered: bool, checkbox: bool) -> String {
        let mut out = String::new();
        for k in 0..items {
            let marker = if numbered {
                format!("{}.", k + 1)
            } else if checkbox {
                if self.rng.chance(0.5) {
                    "- [x]".to_owned()
                } else {
                    "- [ ]".to_owned()
                }
            } else {
                "-".to_owned()
            };
            let _ = writeln!(out, "{marker} {}", self.sentence());
        }
        out.push('\n');
        out
    }

    fn question(&mut self) -> String {
        let start = self.rng.pick(QUESTION_STARTS);
        format!(
            "- {start} {} the {} {} before {}? {}",
            base(self.verb()),
            self.adj(),
            self.noun(),
            quarter_name(self.rng.range(NOW, LAST_QUARTER)),
            self.sentence()
        )
    }

    fn metrics_table(&mut self) -> String {
        let mut out = String::from("| Metric | Baseline | Target | Source |\n|---|---|---|---|\n");
        for _ in 0..self.rng.range(2, 4) {
            let base = self.rng.range(5, 80);
            let _ = writeln!(
                out,
                "| {} {} per {} | {}% | {}% | `{}.{}` |",
                capitalize(self.adj()),
                plural(self.noun()),
                self.noun(),
                base,
                base + self.rng.range(3, 20),
                self.noun().replace(' ', "_"),
                self.noun().replace(' ', "_")
            );
        }
        out.push('\n');
        out
    }
}

// ---------------------------------------------------------------------------------------
// Documents

/// A YAML scalar: plain when that is safe, else double-quoted.
fn yaml_str(s: &str) -> String {
    let risky = s.contains(": ")
        || s.contains(" #")
        || s.contains('"')
        || s.starts_with(|c: char| "*&!|>'%@`[{-?#,".contains(c));
    if risky {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s.to_owned()
    }
}

fn yaml_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

fn write_doc(ws: &Workspace, rng: &mut Rng, me: usize) -> String {
    let doc = &ws.docs[me];
    let mut w = Writer { ws, rng, me };
    let mut out = String::with_capacity(4096);
    out.push_str("---\n");
    let _ = writeln!(out, "id: {}", doc.id);
    let _ = writeln!(out, "title: {}", yaml_str(&doc.title));
    match doc.kind {
        Kind::Vision => vision(&mut w, &mut out),
        Kind::Objective => objective(&mut w, &mut out),
        Kind::Prd => prd(&mut w, &mut out),
        Kind::Roadmap => roadmap(&mut w, &mut out),
        Kind::Decision => decision(&mut w, &mut out),
        Kind::Release => release(&mut w, &mut out),
    }
    out
}

fn vision(w: &mut Writer, out: &mut String) {
    let doc = &w.ws.docs[w.me];
    let _ = writeln!(out, "status: {}", doc.status);
    let _ = writeln!(out, "owner: {}", person(w.rng));
    let _ = writeln!(out, "horizon: \"{}\"", 2027 + w.rng.below(4));
    out.push_str("---\n\n");
    let p = w.rng.range(4, 6);
    out.push_str(&w.paragraph(p));
    let p = w.rng.range(3, 5);
    out.push_str(&w.paragraph(p));
    out.push_str("## What we believe\n\n");
    let n = w.rng.range(3, 5);
    out.push_str(&w.bullets(n, true, false));
    out.push_str("## What the future looks like\n\n");
    let n = w.rng.range(4, 6);
    out.push_str(&w.bullets(n, false, false));
    out.push_str("## What we will not do\n\n");
    let p = w.rng.range(3, 5);
    out.push_str(&w.paragraph(p));
    out.push_str("## How we measure progress\n\n");
    let objectives = &w.ws.live[kind_slot(Kind::Objective)];
    let mut refs = Vec::new();
    for _ in 0..w.rng.range(2, 4) {
        if !objectives.is_empty() {
            refs.push(format!("[[{}]]", w.ws.docs[w.rng.pick(objectives)].id));
        }
    }
    let _ = writeln!(
        out,
        "The objectives {} are the next step toward this vision. {}\n",
        refs.join(", "),
        w.sentence()
    );
}

fn objective(w: &mut Writer, out: &mut String) {
    let doc = &w.ws.docs[w.me];
    let _ = writeln!(out, "status: {}", doc.status);
    let _ = writeln!(out, "owner: {}", person(w.rng));
    if let Some(&v) = w.ws.live[kind_slot(Kind::Vision)].first() {
        let visions = &w.ws.live[kind_slot(Kind::Vision)];
        let v = if w.rng.chance(0.5) {
            v
        } else {
            w.rng.pick(visions)
        };
        let _ = writeln!(out, "vision: {}", w.ws.docs[v].id);
    }
    let _ = writeln!(out, "quarter: {}", quarter_name(doc.quarter));
    out.push_str("metrics:\n");
    for _ in 0..w.rng.range(1, 3) {
        let base = w.rng.range(5, 90);
        let _ = writeln!(
            out,
            "  - name: {} {} per {}",
            capitalize(w.adj()),
            plural(w.noun()),
            w.noun()
        );
        let _ = writeln!(out, "    baseline: {base}");
        let _ = writeln!(
            out,
            "    target: {}.{}",
            base + w.rng.range(2, 30),
            w.rng.below(10)
        );
        let _ = writeln!(
            out,
            "    unit: {}",
            w.rng.pick(&["percent", "USD", "days", "ms", "contacts"])
        );
    }
    out.push_str("---\n\n## Outcome\n\n");
    let p = w.rng.range(3, 5);
    out.push_str(&w.paragraph(p));
    out.push_str("## Why now\n\n");
    let p = w.rng.range(3, 5);
    out.push_str(&w.paragraph(p));
    let p = w.rng.range(2, 4);
    out.push_str(&w.paragraph(p));
    out.push_str("## How we get there\n\n");
    let slot = w.ws.by_kind[kind_slot(Kind::Objective)]
        .iter()
        .position(|&i| i == w.me)
        .unwrap();
    let prds = &w.ws.objective_prds[slot];
    if prds.is_empty() {
        let n = w.rng.range(2, 4);
        out.push_str(&w.bullets(n, false, false));
    } else {
        // Long objectives list their first PRDs and summarise the rest.
        for &p in prds.iter().take(6) {
            let _ = writeln!(out, "- [[{}]]: {}", w.ws.docs[p].id, w.sentence());
        }
        if prds.len() > 6 {
            let _ = writeln!(out, "- …and {} more PRDs.", prds.len() - 6);
        }
        out.push('\n');
    }
    out.push_str("## How we measure\n\n");
    let p = w.rng.range(2, 3);
    out.push_str(&w.paragraph(p));
    out.push_str(&w.metrics_table());
}

fn prd(w: &mut Writer, out: &mut String) {
    let ws = w.ws;
    let doc = &ws.docs[w.me];
    let _ = writeln!(out, "status: {}", doc.status);
    let _ = writeln!(out, "owner: {}", person(w.rng));
    let _ = writeln!(out, "team: {}", w.rng.pick(TEAMS));
    let _ = writeln!(out, "priority: P{}", w.rng.weighted(&[10, 35, 40, 15]));
    if doc.rank == 3 && w.rng.chance(0.3) {
        let _ = writeln!(out, "target: {}", date_in(w.rng, doc.quarter));
    } else {
        let _ = writeln!(out, "target: {}", quarter_name(doc.quarter));
    }
    let ids =
        |list: &[usize]| -> Vec<String> { list.iter().map(|&i| ws.docs[i].id.clone()).collect() };
    match doc.objectives.len() {
        0 => {}
        1 if w.rng.chance(0.5) => {
            let _ = writeln!(out, "objectives: {}", ws.docs[doc.objectives[0]].id);
        }
        _ => {
            let _ = writeln!(out, "objectives: {}", yaml_list(&ids(&doc.objectives)));
        }
    }
    if let Some(v) = doc.vision {
        let _ = writeln!(out, "vision: {}", ws.docs[v].id);
    }
    if !doc.depends_on.is_empty() {
        let _ = writeln!(out, "depends_on: {}", yaml_list(&ids(&doc.depends_on)));
    }
    let mut related = Vec::new();
    for _ in 0..w.rng.range(0, 2) {
        if let Some(t) = w.target(None)
            && !related.contains(&ws.docs[t].id)
        {
            related.push(ws.docs[t].id.clone());
        }
    }
    if !related.is_empty() {
        if w.rng.chance(0.5) {
            let _ = writeln!(out, "related: \"{}\"", related.join(", "));
        } else {
            let _ = writeln!(out, "related: {}", yaml_list(&related));
        }
    }
    let mut tags: Vec<String> = Vec::new();
    for _ in 0..w.rng.range(1, 4) {
        let t = w.rng.pick(TAGS).to_string();
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let _ = writeln!(out, "tags: {}", yaml_list(&tags));
    if w.rng.chance(0.6) {
        let mut audience: Vec<String> = Vec::new();
        for a in ["engineering", "sales", "leadership"] {
            if w.rng.chance(0.6) {
                audience.push(a.to_owned());
            }
        }
        if !audience.is_empty() {
            let _ = writeln!(out, "audience: {}", yaml_list(&audience));
        }
    }
    if doc.confidential {
        out.push_str("confidential: true\n");
    }
    if w.rng.chance(0.8) {
        out.push_str("rice:\n");
        let _ = writeln!(out, "  reach: {}", w.rng.range(1, 40) * 50);
        let _ = writeln!(
            out,
            "  impact: {}",
            w.rng.pick(&["0.25", "0.5", "1", "2", "3"])
        );
        let _ = writeln!(
            out,
            "  confidence: {}",
            w.rng.pick(&["0.5", "0.7", "0.8", "1.0"])
        );
        let _ = writeln!(out, "  effort: {}", w.rng.range(1, 20));
    }
    out.push_str("---\n\n");

    let p = w.rng.range(2, 4);
    out.push_str(&w.paragraph(p));
    out.push_str("## Problem\n\n");
    let p = w.rng.range(3, 6);
    out.push_str(&w.paragraph(p));
    if w.rng.chance(0.75) {
        let p = w.rng.range(2, 4);
        out.push_str(&w.paragraph(p));
    }
    out.push_str("## Users\n\n");
    for _ in 0..w.rng.range(2, 4) {
        let _ = writeln!(out, "- **{}**: {}", capitalize(w.persona()), w.sentence());
    }
    out.push('\n');
    out.push_str("## Requirements\n\n");
    let n = w.rng.range(5, 8);
    let numbered = w.rng.chance(0.4);
    let checkbox = !numbered && doc.rank >= 2;
    out.push_str(&w.bullets(n, numbered, checkbox));
    if w.rng.chance(0.6) {
        out.push_str("## Customer value {.sales}\n\n");
        let p = w.rng.range(2, 4);
        out.push_str(&w.paragraph(p));
    }
    if w.rng.chance(0.5) {
        out.push_str("## Technical approach {.engineering}\n\n");
        let p = w.rng.range(2, 4);
        out.push_str(&w.paragraph(p));
        if w.rng.chance(0.2) {
            let _ = write!(
                out,
                "```json\n{{ \"{}\": \"{}\", \"retries\": {} }}\n```\n\n",
                w.noun().replace(' ', "_"),
                w.adj(),
                w.rng.range(1, 9)
            );
        }
    }
    if w.rng.chance(0.3) {
        out.push_str("## Non-goals\n\n");
        let n = w.rng.range(2, 3);
        out.push_str(&w.bullets(n, false, false));
    }
    if w.rng.chance(0.35) {
        out.push_str("## Rollout\n\n");
        let p = w.rng.range(2, 4);
        out.push_str(&w.paragraph(p));
    }
    if w.rng.chance(0.15) {
        out.push_str("## Business case {.leadership}\n\n");
        let p = w.rng.range(2, 3);
        out.push_str(&w.paragraph(p));
    }
    if w.rng.chance(0.03) {
        out.push_str("## Contract terms {.confidential}\n\n");
        let p = w.rng.range(1, 2);
        out.push_str(&w.paragraph(p));
    }
    out.push_str("## Success metrics\n\n");
    if w.rng.chance(0.35) {
        out.push_str(&w.metrics_table());
    } else {
        let n = w.rng.range(2, 4);
        out.push_str(&w.bullets(n, false, false));
    }
    out.push_str("## Open questions\n\n");
    for _ in 0..w.rng.range(2, 3) {
        let q = w.question();
        let _ = writeln!(out, "{q}");
    }
    out.push('\n');
    if w.rng.chance(0.2) {
        let _ = writeln!(
            out,
            "> Dependencies are tracked in [the requirements](#requirements) above. {}\n",
            w.sentence()
        );
    }
}

fn roadmap(w: &mut Writer, out: &mut String) {
    let ws = w.ws;
    let slot = ws.by_kind[kind_slot(Kind::Roadmap)]
        .iter()
        .position(|&i| i == w.me)
        .unwrap();
    let items = &ws.roadmap_items[slot];
    let _ = writeln!(out, "owner: {}", person(w.rng));
    let start = w.rng.range(NOW - 1, NOW + 1);
    let _ = writeln!(
        out,
        "period: \"{} – {}\"",
        quarter_name(start),
        quarter_name(start + 4)
    );
    out.push_str("items:\n");
    for &(p, horizon) in items {
        let _ = writeln!(out, "  - ref: {}", ws.docs[p].id);
        let _ = writeln!(out, "    horizon: {horizon}");
        if w.rng.chance(0.7) {
            let _ = writeln!(out, "    quarter: {}", quarter_name(ws.docs[p].quarter));
        }
        let _ = writeln!(
            out,
            "    confidence: {}",
            w.rng.pick(&["high", "medium", "low"])
        );
        if w.rng.chance(0.5) {
            let _ = writeln!(out, "    note: {}", yaml_str(&w.sentence()));
        }
    }
    out.push_str("---\n\n");
    let p = w.rng.range(2, 3);
    out.push_str(&w.paragraph(p));
    for (heading, horizon) in [("Now", "now"), ("Next", "next"), ("Later", "later")] {
        let _ = writeln!(out, "## {heading}\n");
        let mine: Vec<usize> = items
            .iter()
            .filter(|&&(_, h)| h == horizon)
            .map(|&(p, _)| p)
            .collect();
        let p = w.rng.range(1, 2);
        out.push_str(&w.paragraph(p));
        for &p in mine.iter().take(4) {
            let _ = writeln!(out, "- [[{}]]: {}", ws.docs[p].id, w.sentence());
        }
        if !mine.is_empty() {
            out.push('\n');
        }
    }
    out.push_str("## Risks to the plan\n\n");
    let n = w.rng.range(2, 3);
    out.push_str(&w.bullets(n, false, false));
}

fn decision(w: &mut Writer, out: &mut String) {
    let ws = w.ws;
    let doc = &ws.docs[w.me];
    let slot = ws.by_kind[kind_slot(Kind::Decision)]
        .iter()
        .position(|&i| i == w.me)
        .unwrap();
    let _ = writeln!(out, "status: {}", doc.status);
    let _ = writeln!(out, "date: {}", date_in(w.rng, doc.quarter));
    if let Some(s) = ws.supersedes[slot] {
        let _ = writeln!(out, "supersedes: {}", ws.docs[s].id);
    }
    let mut affects = Vec::new();
    for _ in 0..w.rng.range(1, 3) {
        if let Some(t) = w.target(Some(Kind::Prd))
            && !affects.contains(&ws.docs[t].id)
        {
            affects.push(ws.docs[t].id.clone());
        }
    }
    if !affects.is_empty() {
        let _ = writeln!(out, "affects: {}", yaml_list(&affects));
    }
    out.push_str("---\n\n");
    if let Some(by) = ws.superseded_by[slot] {
        let _ = writeln!(
            out,
            "> **Superseded** by [[{}]]. Kept for history; do not use this as guidance for new work.\n",
            ws.docs[by].id
        );
    }
    let _ = writeln!(
        out,
        "**Deciders:** {}, {}, {}.\n",
        person(w.rng),
        person(w.rng),
        person(w.rng)
    );
    out.push_str("## Context\n\n");
    let p = w.rng.range(3, 6);
    out.push_str(&w.paragraph(p));
    let p = w.rng.range(2, 4);
    out.push_str(&w.paragraph(p));
    if w.rng.chance(0.3) {
        out.push_str(&w.metrics_table());
    }
    out.push_str("## Decision\n\n");
    let p = w.rng.range(3, 5);
    out.push_str(&w.paragraph(p));
    out.push_str("## Consequences\n\n");
    let n = w.rng.range(3, 5);
    out.push_str(&w.bullets(n, false, false));
    out.push_str("## Alternatives considered\n\n");
    let n = w.rng.range(2, 4);
    out.push_str(&w.bullets(n, true, false));
    if w.rng.chance(0.5) {
        out.push_str("## Follow-up\n\n");
        let p = w.rng.range(2, 3);
        out.push_str(&w.paragraph(p));
    }
}

fn release(w: &mut Writer, out: &mut String) {
    let ws = w.ws;
    let doc = &ws.docs[w.me];
    let slot = ws.by_kind[kind_slot(Kind::Release)]
        .iter()
        .position(|&i| i == w.me)
        .unwrap();
    let includes = &ws.release_includes[slot];
    let _ = writeln!(out, "status: {}", doc.status);
    let _ = writeln!(out, "date: {}", date_in(w.rng, doc.quarter));
    if !includes.is_empty() {
        let ids: Vec<String> = includes.iter().map(|&i| ws.docs[i].id.clone()).collect();
        let _ = writeln!(out, "includes: \"{}\"", ids.join(", "));
    }
    out.push_str("---\n\n");
    let p = w.rng.range(2, 3);
    out.push_str(&w.paragraph(p));
    out.push_str("## What's new\n\n");
    for &p in includes {
        let _ = writeln!(out, "### {}\n", ws.docs[p].title);
        let s = w.rng.range(2, 3);
        let para = w.paragraph(s);
        let _ = write!(
            out,
            "{}Details: [[{}]].\n\n",
            para.trim_end_matches('\n').to_owned() + " ",
            ws.docs[p].id
        );
    }
    out.push_str("## Improvements\n\n");
    let n = w.rng.range(3, 6);
    out.push_str(&w.bullets(n, false, false));
    out.push_str("## Fixes\n\n");
    let n = w.rng.range(3, 6);
    out.push_str(&w.bullets(n, false, false));
    out.push_str("## Known issues\n\n");
    let n = w.rng.range(1, 3);
    out.push_str(&w.bullets(n, false, false));
}

fn readme(ws: &Workspace, n: usize, seed: u64) -> String {
    let mut out = format!(
        "# Synthetic product specs\n\nGenerated by `gen_corpus --docs {n} --seed {seed}` for spex benchmarks.\n\n"
    );
    for kind in Kind::ALL {
        let count = ws.by_kind[kind_slot(kind)].len();
        let _ = writeln!(
            out,
            "- [{}]({}/): {count} documents",
            kind.folder(),
            kind.folder()
        );
    }
    if let Some(&first) = ws.live[kind_slot(Kind::Vision)].first() {
        let _ = writeln!(out, "\nStart with the vision: [[{}]].", ws.docs[first].id);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Main

struct Args {
    docs: usize,
    out: PathBuf,
    seed: u64,
    force: bool,
}

fn usage() -> String {
    "usage: gen_corpus --docs N --out DIR [--seed S] [--force]\n  \
     --force  remove DIR first if it exists"
        .to_owned()
}

fn parse_args() -> Result<Args, String> {
    let mut docs = None;
    let mut out = None;
    let mut seed = 42;
    let mut force = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--docs" => {
                docs = Some(
                    value("--docs")?
                        .parse()
                        .map_err(|e| format!("--docs: {e}"))?,
                )
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--force" => force = true,
            "-h" | "--help" => return Err(usage()),
            other => return Err(format!("unknown argument `{other}`\n{}", usage())),
        }
    }
    let docs: usize = docs.ok_or_else(usage)?;
    if docs < 6 {
        return Err("--docs must be at least 6 (one document of each kind)".to_owned());
    }
    Ok(Args {
        docs,
        out: out.ok_or_else(usage)?,
        seed,
        force,
    })
}

fn generate(args: &Args) -> std::io::Result<(usize, usize)> {
    let out: &Path = &args.out;
    if out.exists() {
        let empty = out.read_dir()?.next().is_none();
        if !empty {
            if !args.force {
                return Err(std::io::Error::other(format!(
                    "{} exists and is not empty (pass --force to replace it)",
                    out.display()
                )));
            }
            std::fs::remove_dir_all(out)?;
        }
    }
    let mut rng = Rng::new(args.seed);
    let ws = plan(args.docs, &mut rng);
    for kind in Kind::ALL {
        std::fs::create_dir_all(out.join(kind.folder()))?;
    }
    std::fs::write(
        out.join("spex.yaml"),
        format!(
            "# Generated by gen_corpus (docs: {}, seed: {}).\nsite:\n  title: Synthetic Product Specs ({} documents)\n",
            args.docs, args.seed, args.docs
        ),
    )?;
    let mut bytes = 0;
    // Each document gets its own PRNG stream, so its text does not depend on the others'.
    for i in 0..ws.docs.len() {
        let mut doc_rng = Rng::new(args.seed.wrapping_mul(0x1000_0000_01B3) ^ (i as u64 + 1));
        let text = write_doc(&ws, &mut doc_rng, i);
        bytes += text.len();
        std::fs::write(out.join(&ws.docs[i].file), text)?;
    }
    let text = readme(&ws, args.docs, args.seed);
    bytes += text.len();
    std::fs::write(out.join("README.md"), text)?;
    Ok((ws.docs.len(), bytes))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match generate(&args) {
        Ok((docs, bytes)) => {
            eprintln!(
                "wrote {docs} documents ({:.1} MB, {:.2} KB on average) and README.md into {}",
                bytes as f64 / 1e6,
                bytes as f64 / docs as f64 / 1e3,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
