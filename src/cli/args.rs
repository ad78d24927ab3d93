//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "spex", version, about = "Compile a repository of product specs: check, build, digest", long_about = None)]
pub struct Cli {
    /// The workspace folder (default: the nearest folder upward holding spex.yaml, else
    /// the current folder).
    #[arg(short = 'C', long = "workspace", global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// When to use colour in human output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print only diagnostics: no summary line.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print what spex is doing and how long each stage takes.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Read each revision (`--rev`, the base of `diff` and of `digest --since`)
    /// with the spex.yaml it had then, built-in defaults where it had none, instead of
    /// the current configuration.
    #[arg(long, global = true)]
    pub config_from_rev: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every document and reference; report problems.
    Check(CheckArgs),
    /// Check, then render the static site.
    Build(BuildArgs),
    /// What changed between two versions: documents, fields, references, roadmap items,
    /// sections and diagnostics.
    Diff(DiffArgs),
    /// Digests for engineering, sales and leadership (or your own audiences).
    Digest(DigestArgs),
    /// Check, then re-check on every change (with --build, keep the site up to date).
    Watch(WatchArgs),
    /// Preview the site with live reload while you write.
    Serve(ServeArgs),
    /// List the rules with their levels in this workspace, or explain one rule.
    Rules(RulesArgs),
    /// Print the effective configuration (built-in defaults with spex.yaml over them)
    /// and where each setting comes from.
    Config(ConfigArgs),
    /// Start a workspace: spex.yaml, starter documents, .gitignore and a CI workflow.
    Init(InitArgs),
    /// Create a document with the next free ID; prints only its path.
    New(NewArgs),
    /// Rename an ID, or move a document, across the whole workspace.
    Mv(MvArgs),
    /// List documents: filter with --where, pick columns, sort; a table, JSON or CSV.
    List(ListArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one per subcommand with --out.
    Man(ManArgs),
    /// The whole compiled workspace as one JSON document, for other tools.
    Export(ExportArgs),
    /// A JSON Schema of each kind's front matter, for editors and other validators.
    Schema(SchemaArgs),
    /// Serve the workspace to AI agents over MCP (stdio); read-only unless --allow-write.
    Mcp(McpArgs),
    /// The language server, over stdin/stdout: diagnostics while you type, go to
    /// definition, hover, completion, references and outline in any editor.
    Lsp(LspArgs),
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[arg(long, value_enum, default_value_t = ConfigFormat::Human)]
    pub format: ConfigFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigFormat {
    /// YAML in spex.yaml's syntax, each setting followed by `# <origin>`
    Human,
    /// `{ "config": …, "origins": { "/json/pointer": "spex.yaml:12" } }`
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule to explain (what it flags, why, an example and its fix).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// an aligned table, or the rule's documentation
    Human,
    /// an array of rule objects, or one object
    Json,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The workspace folder (same as -C).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Also build the site, and keep it up to date.
    #[arg(long)]
    pub build: bool,

    /// Output folder for --build.
    #[arg(short = 'o', long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Poll the file system instead of relying on OS events (network drives, containers).
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The workspace folder (same as -C).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Port (the next free one is used when it is taken; 0 picks any).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,

    /// Address to listen on. Anything but loopback exposes your specs to the network.
    ///
    /// Requests are answered only when their Host is localhost, a loopback address, the
    /// address listened on, or this value (any port): against DNS rebinding.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,

    /// Poll the file system instead of relying on OS events.
    #[arg(long)]
    pub poll: bool,

    /// Include confidential documents and sections in the preview.
    #[arg(long)]
    pub include_confidential: bool,
}

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// The workspace folder (same as -C).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// engineering, sales, leadership, an audience from spex.yaml, or all.
    ///
    /// Without --out, all of them go to standard output: Markdown digests one after
    /// another, each after a `<!-- spex digest: NAME -->` line and separated by `---`;
    /// JSON as one array. HTML needs --out.
    #[arg(long, value_name = "NAME", default_value = "all")]
    pub audience: String,

    /// Describe what changed since this revision, then the current state.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,

    #[arg(long, value_enum, default_value_t = DigestFormatArg::Markdown)]
    pub format: DigestFormatArg,

    /// A file (one audience) or folder (several: digest-<audience>.<ext> in it);
    /// default: standard output.
    #[arg(short = 'o', long, value_name = "FILE|DIR")]
    pub out: Option<PathBuf>,

    /// Describe the workspace as it was at this revision.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,

    /// Include confidential documents and sections (never send such a digest widely).
    #[arg(long)]
    pub include_confidential: bool,

    /// A human-written summary (a Markdown file) to print at the top of each digest.
    /// Without it, the workspace's `digest.md` (next to spex.yaml) is used: its untagged
    /// text goes to every audience, a section tagged `{.leadership}` to that audience only.
    #[arg(long, value_name = "FILE")]
    pub note: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestFormatArg {
    /// for GitHub, chat tools and e-mail bodies
    Markdown,
    /// one e-mail-friendly file with inline styles
    Html,
    /// the digest's data (schema in the README)
    Json,
    /// a Slack Block Kit message per audience, for an incoming webhook
    Slack,
    /// a complete e-mail (.eml) per audience: plain text and HTML, health in the subject
    Email,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// `BASE..HEAD` between two revisions (`BASE..` and `..HEAD` leave HEAD out),
    /// `BASE...HEAD` from their merge base, or `BASE` against the work tree (default: the
    /// merge base of HEAD and the default branch, against the work tree).
    #[arg(value_name = "RANGE")]
    pub range: Option<String>,

    /// The workspace folder (same as -C). Given alone, an existing folder is the
    /// workspace, not a revision.
    #[arg(value_name = "PATH")]
    pub folder: Option<PathBuf>,

    /// The workspace folder (same as PATH and -C).
    #[arg(long, value_name = "PATH", conflicts_with = "folder")]
    pub path: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// Include confidential documents' details and sections.
    #[arg(long)]
    pub include_confidential: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// a summary for the terminal
    Human,
    /// a pull-request comment
    Markdown,
    /// the diff as data (schema in the README)
    Json,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The workspace folder (same as -C).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Output folder (default: `output` in spex.yaml, else `_site` in the workspace).
    #[arg(short = 'o', long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Build even when there are errors.
    #[arg(long)]
    pub allow_errors: bool,

    /// Include confidential documents and sections (never publish such a build).
    #[arg(long)]
    pub include_confidential: bool,

    /// Build the site as the workspace was at this revision.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The workspace folder (same as -C), or one file: its workspace is checked and
    /// that file's diagnostics reported.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Treat warnings as errors for the exit code (`-D warnings`, as in rustc).
    #[arg(short = 'D', long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,

    /// Check the workspace as it was at this revision (branch, tag, sha, `HEAD~3`),
    /// read from git without touching the work tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,

    /// Report only documents changed since REV, and the new diagnostics the change
    /// causes in unchanged ones (a broken reference, a dependency now due too late).
    #[arg(long, value_name = "REV", conflicts_with = "rev")]
    pub changed_since: Option<String>,

    /// Print every note in human output; by default they are summed up in one line
    /// (`-v` prints them too). Other formats always list them all.
    #[arg(long)]
    pub notes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style messages with source snippets
    Human,
    /// one JSON array of diagnostics
    Json,
    /// GitHub Actions workflow commands
    Github,
    /// SARIF 2.1.0 for code scanning
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

// ---- authoring: `spex init` ----

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start the workspace in (created if missing; default: -C, else the
    /// current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Configuration only (spex.yaml, .gitignore, the CI workflow): no starter documents.
    #[arg(long)]
    pub bare: bool,
}

// ---- authoring: `spex new` ----

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The kind of document: prd, objective, vision, roadmap, decision, release, or one
    /// from spex.yaml.
    #[arg(value_name = "KIND")]
    pub kind: String,

    /// Its title (also the file name's slug).
    #[arg(value_name = "TITLE")]
    pub title: Option<String>,

    /// Set a front-matter field (repeatable): `--field priority=P1 --field tags=a,b`.
    /// Checked against the kind's schema before anything is written.
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,

    /// Use this ID instead of the next free one.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Print the document instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
}

// ---- authoring: `spex mv` ----

#[derive(Debug, Args)]
pub struct MvArgs {
    /// The ID to rename (`PRD-007`), or the path of the document to move.
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The new ID (`PRD-012`), or the document's new path.
    #[arg(value_name = "NEW")]
    pub new: String,

    /// Print a unified diff of every change instead of writing it.
    #[arg(long)]
    pub dry_run: bool,

    /// With --dry-run, show the changes to confidential documents too (else only their
    /// number).
    #[arg(long)]
    pub include_confidential: bool,
}

// ---- authoring: `spex list` ----

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only documents of this kind.
    #[arg(value_name = "KIND")]
    pub kind: Option<String>,

    /// A condition every listed document meets (repeatable): FIELD OP VALUE with OP one
    /// of = != < <= > >= ~ (contains), compared as the field's type says:
    /// `status=approved`, `target<=2027-Q1`, `priority<P2`, `tags~checkout`.
    #[arg(long = "where", value_name = "EXPR")]
    pub conditions: Vec<String>,

    /// The columns, comma-separated (default: id, kind, title, status, owner).
    #[arg(long, value_name = "A,B,C")]
    pub fields: Vec<String>,

    /// Order by this field (default: ID order).
    #[arg(long, value_name = "FIELD")]
    pub sort: Option<String>,

    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,

    /// Also list confidential documents (and those spex cannot be sure are public).
    #[arg(long)]
    pub include_confidential: bool,

    /// The workspace folder (same as -C).
    #[arg(long, value_name = "PATH")]
    pub path: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// aligned columns for the terminal
    Table,
    /// an array of objects with typed values
    Json,
    /// comma-separated values with a header row, for spreadsheets
    Csv,
}

// ---- authoring: `spex completions`, `spex man` ----

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: `spex completions bash > ~/.local/share/bash-completion/completions/spex`.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write spex.1 and a page per subcommand (spex-check.1, …) into this folder instead.
    #[arg(short = 'o', long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

// `spex export` and `spex schema` (issue 14).

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The workspace folder (same as -C).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,

    /// Write to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Include confidential documents and sections (never share such an export widely).
    #[arg(long)]
    pub include_confidential: bool,

    /// Print the JSON Schema of the export instead, and read no workspace.
    #[arg(long, conflicts_with_all = ["path", "include_confidential"])]
    pub schema: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// one JSON document (schema: `spex export --schema`)
    Json,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// One kind (`prd`, or a kind spex.yaml defines); default: every kind.
    #[arg(value_name = "KIND")]
    pub kind: Option<String>,

    /// Write `<kind>.schema.json` files into this folder instead of printing.
    #[arg(short = 'o', long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

// `spex mcp` (issue 16).

#[derive(Debug, Args)]
pub struct McpArgs {
    /// The workspace folder (same as -C).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Show confidential documents and sections to the agent too (never for an agent
    /// whose output leaves the people cleared to read them).
    #[arg(long)]
    pub include_confidential: bool,

    /// Answer as one audience of the workspace sees it (`sales`, …): every tool,
    /// resource and prompt shows only what that audience's digest may show.
    #[arg(long, value_name = "NAME")]
    pub audience: Option<String>,

    /// Let the agent create documents (`new_document`); without it the server writes
    /// nothing.
    #[arg(long)]
    pub allow_write: bool,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// The workspace folder (same as -C; default: the folder the editor opened).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}
