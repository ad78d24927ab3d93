//! Generates a git repository with a long history, to measure spex's history walk.
//!
//! `cargo run --release --example gen_history -- --docs 1000 --commits 10000 --out DIR`
//!
//! Each commit edits one to three PRDs (one in a hundred renames one), written straight
//! into the object database through git2's index, so 10,000 commits take seconds.
//! Authors and times are fixed by the commit number: the repository is the same on
//! every run.

use std::path::PathBuf;

use git2::{IndexEntry, IndexTime, Oid, Repository, Signature, Time};

struct Args {
    docs: usize,
    commits: usize,
    out: PathBuf,
}

fn parse_args() -> Args {
    let mut args = Args {
        docs: 1000,
        commits: 10_000,
        out: PathBuf::from("target/bench-history"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            println!(
                "usage: gen_history [--docs N (1000)] [--commits N (10000)] [--out DIR (target/bench-history)]"
            );
            std::process::exit(0);
        }
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--docs" => args.docs = value.parse().expect("--docs takes a number"),
            "--commits" => args.commits = value.parse().expect("--commits takes a number"),
            "--out" => args.out = PathBuf::from(value),
            other => panic!("unknown flag {other}"),
        }
    }
    args
}

/// A tiny deterministic generator (splitmix64): no dependency for the benchmark.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const AUTHORS: [&str; 6] = [
    "Maya Chen",
    "Tomás Rivera",
    "Priya Nair",
    "Jonas Weber",
    "Aisha Bello",
    "Sam Okafor",
];

fn prd(n: usize, revision: usize) -> String {
    format!(
        "---\nid: PRD-{n}\ntitle: Capability {n}\nstatus: draft\nowner: {}\nobjectives: OBJ-1\n---\n## Problem\nRevision {revision} of capability {n}.\n\n## Requirements\n- Requirement {revision}\n",
        AUTHORS[n % AUTHORS.len()]
    )
}

fn main() {
    let args = parse_args();
    if args.out.exists() {
        std::fs::remove_dir_all(&args.out).expect("remove old repository");
    }
    let repo = Repository::init(&args.out).expect("git init");
    let mut index = repo.index().expect("index");
    let mut rng = Rng(42);
    let mut paths: Vec<String> = (1..=args.docs)
        .map(|n| format!("prds/PRD-{n}.md"))
        .collect();
    let mut revisions = vec![0usize; args.docs];

    let add = |index: &mut git2::Index, path: &str, text: &str| {
        let entry = IndexEntry {
            ctime: IndexTime::new(0, 0),
            mtime: IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: text.len() as u32,
            id: Oid::ZERO_SHA1,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        };
        index
            .add_frombuffer(&entry, text.as_bytes())
            .expect("add blob");
    };
    add(
        &mut index,
        "objectives/OBJ-1.md",
        "---\nid: OBJ-1\ntitle: Grow\nstatus: active\n---\nGrow.\n",
    );
    for (i, path) in paths.iter().enumerate() {
        add(&mut index, path, &prd(i + 1, 0));
    }

    let start = 1_700_000_000i64;
    let mut parent: Option<Oid> = None;
    for c in 0..args.commits {
        if c > 0 {
            for _ in 0..1 + rng.below(3) {
                let d = rng.below(args.docs);
                if rng.below(100) == 0 {
                    let renamed = format!("prds/PRD-{}-renamed-{c}.md", d + 1);
                    index
                        .remove_path(std::path::Path::new(&paths[d]))
                        .expect("remove");
                    paths[d] = renamed;
                }
                revisions[d] += 1;
                add(&mut index, &paths[d].clone(), &prd(d + 1, revisions[d]));
            }
        }
        let tree = repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let author = AUTHORS[c % AUTHORS.len()];
        let signature = Signature::new(
            author,
            "dev@example.com",
            &Time::new(start + c as i64 * 3600, 0),
        )
        .expect("signature");
        let parents: Vec<git2::Commit> = parent
            .map(|p| repo.find_commit(p).expect("parent"))
            .into_iter()
            .collect();
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        let oid = repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                &format!("Change {c}"),
                &tree,
                &parent_refs,
            )
            .expect("commit");
        parent = Some(oid);
    }
    index.write().expect("write index");
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .expect("checkout");
    println!(
        "{} documents, {} commits in {}",
        args.docs,
        args.commits,
        args.out.display()
    );
}
