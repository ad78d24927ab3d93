//! Every output surface of spex in one list, and what each may show. A surface is one
//! command line (or a running `serve`/`watch`); running it collects every byte it wrote:
//! stdout, stderr, each file of its output folder (and the file's path), each page it
//! served and each event it sent.
//!
//! A new subcommand or `--format` value fails `every_subcommand_and_format_is_a_surface`
//! until it is added here (or to `NO_CONTENT`, with the reason).

use std::fs;
use std::path::Path;
use std::process::Output;

use super::fixture::{Class, Fixture};
use super::live;
use crate::support::spex;

/// Subcommands that print no document content, and why they need no surface.
pub const NO_CONTENT: &[(&str, &str)] = &[
    ("help", "prints the usage text only"),
    (
        "init",
        "writes built-in starters into a new folder and prints their paths",
    ),
    (
        "completions",
        "prints a shell script built from the command-line definitions",
    ),
    (
        "man",
        "prints the manual page built from the command-line definitions",
    ),
    (
        "new",
        "prints the path it creates (with --dry-run, the kind's starter text)",
    ),
    (
        "lsp",
        "the writer's own editor over the writer's own files: shows the whole workspace by \
         design (README, Confidentiality), to the one client that started it; tests/cli/lsp/",
    ),
];

/// The audiences every workspace has.
pub const AUDIENCES: [&str; 3] = ["engineering", "sales", "leadership"];

/// Who may read an output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sees {
    /// The terminal of whoever runs the command on the repository (diagnostics quote
    /// any source line, confidential or not): everything.
    Everything,
    /// Everyone who reads the specs (the site, the preview, `spex diff` posted on a pull
    /// request, several digests at once): public documents and every audience's sections.
    Public,
    /// One audience's digest.
    Audience(&'static str),
    /// A folder of digests: each file is its audience's (`digest-<audience>.<ext>`).
    DigestFiles,
}

impl Sees {
    /// Whether a marker of `class` may appear in an output `what` of this kind.
    pub fn allows(self, class: Class, what: &str) -> bool {
        let sees = match self {
            Sees::DigestFiles => AUDIENCES
                .into_iter()
                .find(|a| what.contains(&format!("digest-{a}.")))
                .map_or(Sees::Public, Sees::Audience),
            other => other,
        };
        match (sees, class) {
            (Sees::Everything, _) => true,
            (_, Class::Hidden) => false,
            (Sees::Audience(a), Class::Audience(b)) => a == b,
            _ => true,
        }
    }

    /// The audience whose digest this output is, if any.
    pub fn audience(self, what: &str) -> Option<&'static str> {
        match self {
            Sees::Audience(a) => Some(a),
            Sees::DigestFiles => AUDIENCES
                .into_iter()
                .find(|a| what.contains(&format!("digest-{a}."))),
            _ => None,
        }
    }
}

/// How a surface is run.
pub enum How {
    /// One run; `{out}` in an argument is a fresh folder whose files are collected.
    Run(Vec<String>),
    /// `spex serve`: every page, the search index and the event stream, over HTTP,
    /// before and after a save.
    Serve,
    /// `spex watch --build`: the terminal and the site it keeps up to date, after a save.
    Watch,
    /// `spex mcp` with these arguments: a JSON-RPC session calling every tool on every
    /// document, confidential ones too.
    Mcp(&'static [&'static str]),
}

/// One output surface.
pub struct Surface {
    pub name: String,
    pub subcommand: &'static str,
    pub how: How,
    /// Who reads its standard output (for `diff` and `digest`, the output itself).
    pub stdout: Sees,
    /// Who reads its standard error: the terminal or CI log of whoever runs it.
    pub stderr: Sees,
    /// Who reads the files it writes, the pages it serves and the events it sends.
    pub output: Sees,
}

/// One piece of output: which stream, a name (`file prd/PRD-1.html`), and its bytes.
pub struct Artifact {
    pub stream: Stream,
    pub what: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
    Output,
}

impl Surface {
    fn run(name: String, subcommand: &'static str, args: &[&str], stdout: Sees) -> Surface {
        Surface {
            name,
            subcommand,
            how: How::Run(args.iter().map(|a| a.to_string()).collect()),
            stdout,
            stderr: Sees::Everything,
            output: stdout,
        }
    }

    /// Who may read `artifact`.
    pub fn sees(&self, artifact: &Artifact) -> Sees {
        match artifact.stream {
            Stream::Stdout => self.stdout,
            Stream::Stderr => self.stderr,
            Stream::Output => self.output,
        }
    }

    /// The `--format` value this surface asks for, if it names one.
    pub fn format(&self) -> Option<&str> {
        let How::Run(args) = &self.how else {
            return None;
        };
        let at = args.iter().position(|a| a == "--format")?;
        args.get(at + 1).map(String::as_str)
    }
}

/// The list: every subcommand in every format, with history (`--since`, `--rev`, ranges
/// that start and end at the commit that touched confidential documents) and without.
pub fn surfaces() -> Vec<Surface> {
    let mut list = Vec::new();
    for format in ["human", "json", "github", "sarif"] {
        let args = ["check", "--format", format];
        list.push(Surface::run(
            args.join(" "),
            "check",
            &args,
            Sees::Everything,
        ));
    }
    for args in [
        &["check", "--rev", "HEAD~1"][..],
        &["check", "--changed-since", "HEAD~2", "--format", "json"],
    ] {
        list.push(Surface::run(
            args.join(" "),
            "check",
            args,
            Sees::Everything,
        ));
    }

    for extra in [
        &[][..],
        &["--allow-errors"],
        &["--allow-errors", "--rev", "HEAD"],
        &["--rev", "HEAD"],
        &["--allow-errors", "--rev", "HEAD~1"],
        &["--allow-errors", "--rev", "HEAD~2"],
    ] {
        let mut args = vec!["build", "--out", "{out}/site"];
        args.extend_from_slice(extra);
        let mut surface = Surface::run(args.join(" "), "build", &args, Sees::Public);
        // The terminal gets the diagnostics, as from `spex check`.
        surface.stdout = Sees::Everything;
        list.push(surface);
    }

    let sinces: [&[&str]; 3] = [&[], &["--since", "HEAD~1"], &["--since", "HEAD~2"]];
    for audience in AUDIENCES {
        for (format, ext) in [
            ("markdown", "md"),
            ("html", "html"),
            ("json", "json"),
            ("slack", "slack.json"),
            ("email", "eml"),
        ] {
            for since in sinces {
                let out = format!("{{out}}/digest.{ext}");
                let mut args = vec!["digest", "--audience", audience, "--format", format];
                args.extend_from_slice(since);
                args.extend_from_slice(&["--out", &out]);
                let name = args.join(" ");
                list.push(Surface::run(
                    name,
                    "digest",
                    &args,
                    Sees::Audience(audience),
                ));
            }
        }
        for args in [
            ["digest", "--audience", audience, "--format", "markdown"],
            ["digest", "--audience", audience, "--rev", "HEAD~1"],
        ] {
            let name = args.join(" ");
            list.push(Surface::run(
                name,
                "digest",
                &args,
                Sees::Audience(audience),
            ));
        }
    }
    for format in ["markdown", "json", "slack"] {
        for since in sinces {
            let mut args = vec!["digest", "--format", format];
            args.extend_from_slice(since);
            list.push(Surface::run(args.join(" "), "digest", &args, Sees::Public));
        }
    }
    for format in ["markdown", "html", "json", "slack", "email"] {
        let args = [
            "digest",
            "--format",
            format,
            "--since",
            "HEAD~2",
            "--out",
            "{out}/all/",
        ];
        list.push(Surface::run(
            args.join(" "),
            "digest",
            &args,
            Sees::DigestFiles,
        ));
    }

    for range in ["HEAD~2..HEAD", "HEAD~2..HEAD~1", "HEAD~1", "HEAD~2"] {
        for format in ["human", "markdown", "json"] {
            let args = ["diff", range, "--format", format];
            list.push(Surface::run(args.join(" "), "diff", &args, Sees::Public));
        }
    }

    for (subcommand, how) in [("watch", How::Watch), ("serve", How::Serve)] {
        list.push(Surface {
            name: format!("{subcommand} (live, with a save)"),
            subcommand,
            how,
            stdout: Sees::Everything,
            stderr: Sees::Everything,
            output: Sees::Public,
        });
    }

    // Listings: without --include-confidential, public documents and only what of them
    // does not point at a hidden one (a public roadmap's item on a confidential PRD).
    let every_field = "id,kind,title,path,status,owner,team,tags,items,metrics,horizon,period,vision,objectives,depends_on,related,affects,includes,supersedes";
    for format in ["table", "json", "csv"] {
        for extra in [
            &[][..],
            &["--fields", every_field],
            &[
                "roadmap",
                "--where",
                "items~leakmarkrm1confnote",
                "--fields",
                "id,items",
            ],
            &["--sort", "title", "--fields", every_field],
        ] {
            let mut args = vec!["list", "--format", format];
            args.extend_from_slice(extra);
            list.push(Surface::run(args.join(" "), "list", &args, Sees::Public));
        }
        let args = [
            "list",
            "--format",
            format,
            "--include-confidential",
            "--fields",
            every_field,
        ];
        list.push(Surface::run(
            args.join(" "),
            "list",
            &args,
            Sees::Everything,
        ));
    }

    // The catalogue and spex.yaml's levels: no document content at all.
    for args in [
        &["rules", "--format", "human"][..],
        &["rules", "--format", "json"],
        &["rules", "orphan", "--format", "human"],
        &["rules", "orphan", "--format", "json"],
    ] {
        list.push(Surface::run(args.join(" "), "rules", args, Sees::Public));
    }
    // The configuration: spex.yaml and the built-in defaults, no document content.
    for format in ["human", "json"] {
        let args = ["config", "--format", format];
        list.push(Surface::run(args.join(" "), "config", &args, Sees::Public));
    }

    // The whole model as data: what anyone may read, or everything when asked.
    for (args, sees) in [
        (&["export"][..], Sees::Public),
        (
            &["export", "--format", "json", "--out", "{out}/export.json"],
            Sees::Public,
        ),
        (&["export", "--include-confidential"], Sees::Everything),
        (&["export", "--schema"], Sees::Public),
    ] {
        list.push(Surface::run(args.join(" "), "export", args, sees));
    }
    // A rename's dry run: the diff of every public file it would change; confidential
    // ones (and public ones whose diff would show a hidden section or name a hidden
    // document) only counted, unless asked for. PRD-1 is referenced from confidential
    // documents and links to them.
    for (args, sees) in [
        (&["mv", "PRD-1", "PRD-77", "--dry-run"][..], Sees::Public),
        (
            &[
                "mv",
                "PRD-1",
                "PRD-77",
                "--dry-run",
                "--include-confidential",
            ],
            Sees::Everything,
        ),
        (
            &["mv", "prds/PRD-1.md", "specs/PRD-1.md", "--dry-run"],
            Sees::Public,
        ),
        (&["mv", "OBJ-1", "OBJ-5", "--dry-run"], Sees::Public),
    ] {
        list.push(Surface::run(args.join(" "), "mv", args, sees));
    }
    // The MCP server: an agent sees what anyone may read, one audience's view, or
    // everything when asked. Its stderr is the log of whoever started it.
    for (args, sees) in [
        (&[][..], Sees::Public),
        (&["--include-confidential"], Sees::Everything),
        (
            &["--audience", "engineering"],
            Sees::Audience("engineering"),
        ),
        (&["--audience", "sales"], Sees::Audience("sales")),
        (&["--audience", "leadership"], Sees::Audience("leadership")),
    ] {
        list.push(Surface {
            name: format!("mcp {}", args.join(" ")).trim_end().to_owned(),
            subcommand: "mcp",
            how: How::Mcp(args),
            stdout: sees,
            stderr: Sees::Everything,
            output: sees,
        });
    }
    // Schemas come from spex.yaml and the built-in kinds: no document content at all.
    for args in [
        &["schema"][..],
        &["schema", "prd"],
        &["schema", "--out", "{out}/schemas"],
    ] {
        list.push(Surface::run(args.join(" "), "schema", args, Sees::Public));
    }
    list
}

/// Runs `surface` on the fixture with `scratch` as its own empty folder; every byte it
/// wrote, and any problem running it (a panic, a live surface that never updated).
pub fn collect(surface: &Surface, fixture: &mut Fixture, scratch: &Path) -> Collected {
    let mut collected = match &surface.how {
        How::Run(args) => run_once(args, fixture, scratch),
        How::Serve => live::serve(fixture, scratch),
        How::Watch => live::watch(fixture, scratch),
        How::Mcp(args) => super::mcp::session(fixture, args),
    };
    for artifact in &collected.artifacts {
        let text = String::from_utf8_lossy(&artifact.bytes);
        if artifact.stream == Stream::Stderr && text.contains("panicked at") {
            collected.problems.push(format!("panicked: {text}"));
        }
    }
    collected
}

/// What a surface wrote, and what went wrong running it.
#[derive(Default)]
pub struct Collected {
    pub artifacts: Vec<Artifact>,
    pub problems: Vec<String>,
}

fn run_once(args: &[String], fixture: &Fixture, scratch: &Path) -> Collected {
    let out = scratch.join("out");
    fs::create_dir_all(&out).expect("output folder");
    let out_text = out.to_str().expect("a UTF-8 temporary path");
    let args: Vec<String> = args.iter().map(|a| a.replace("{out}", out_text)).collect();
    let output = command(fixture.repo.path())
        .args(&args)
        .output()
        .expect("spex runs");
    let mut collected = Collected::default();
    if output.status.code().is_none_or(|code| code > 2) {
        collected
            .problems
            .push(format!("exit status {:?}", output.status));
    }
    collected.artifacts = streams(output);
    collected.artifacts.extend(files(&out, "file"));
    collected
}

/// `spex` in the fixture, with the clock fixed and nothing from the environment that
/// changes links (GitHub Actions variables).
pub fn command(repo: &Path) -> std::process::Command {
    let mut command = spex();
    command
        .current_dir(repo)
        .env(
            "SOURCE_DATE_EPOCH",
            crate::git_repo::day(2026, 1, 26).to_string(),
        )
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_SHA")
        .env_remove("GITHUB_SERVER_URL")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_HEAD_REF")
        .env_remove("GITHUB_WORKSPACE");
    command
}

fn streams(output: Output) -> Vec<Artifact> {
    vec![
        Artifact {
            stream: Stream::Stdout,
            what: "stdout".into(),
            bytes: output.stdout,
        },
        Artifact {
            stream: Stream::Stderr,
            what: "stderr".into(),
            bytes: output.stderr,
        },
    ]
}

/// Every file under `root` (hidden ones too), and its path as an artifact of its own.
pub fn files(root: &Path, label: &str) -> Vec<Artifact> {
    let mut artifacts = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("readable");
        let rel = entry
            .path()
            .strip_prefix(root)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.is_empty() {
            continue;
        }
        artifacts.push(Artifact {
            stream: Stream::Output,
            what: format!("path {rel}"),
            bytes: rel.clone().into_bytes(),
        });
        if entry.file_type().is_file() {
            artifacts.push(Artifact {
                stream: Stream::Output,
                what: format!("{label} {rel}"),
                bytes: fs::read(entry.path()).expect("readable"),
            });
        }
    }
    artifacts
}
