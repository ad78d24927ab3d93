//! Config stage: `people:` in spex.yaml → [`People`], the workspace's list of the
//! people its person-typed fields (`owner`, `authors`, …) may name. Without the list,
//! any name goes (and `similar-names` guesses at typos); with it, `unknown-person`
//! checks every name against it.

use std::collections::BTreeMap;
use std::ops::Range;

use super::reader::Reader;
use crate::parse::yaml::{Node, Value};

/// The keys a person written as a mapping may have.
const PERSON_KEYS: [&str; 5] = ["name", "aliases", "email", "github", "team"];

/// One person of `people:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The name as fields should write it (`Riley Chen`).
    pub name: String,
    /// Other spellings that mean this person (`Riley`, `R. Chen`): accepted, with a note
    /// pointing at `name`.
    pub aliases: Vec<String>,
    pub email: Option<String>,
    /// The GitHub login, without `@`.
    pub github: Option<String>,
    pub team: Option<String>,
}

/// How a value written in a person-typed field matches the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonMatch<'a> {
    /// The person's name, as listed.
    Name(&'a Person),
    /// One of the person's aliases, their e-mail address or `@github` login.
    Alias(&'a Person),
}

/// The workspace's people, by every way of writing them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    pub list: Vec<Person>,
    /// Each name, alias, e-mail address and `@login` → the person's index in `list`, and
    /// whether it is the name.
    spellings: BTreeMap<String, (usize, bool)>,
}

impl People {
    /// Who `written` (trimmed) names, if anyone in the list.
    pub fn find(&self, written: &str) -> Option<PersonMatch<'_>> {
        let &(i, is_name) = self.spellings.get(written.trim())?;
        let person = &self.list[i];
        Some(if is_name {
            PersonMatch::Name(person)
        } else {
            PersonMatch::Alias(person)
        })
    }

    /// The name to show for `written`: the listed name of the person it stands for
    /// (an alias, e-mail address or `@login` shows as the name), else `written`.
    pub fn display_name<'a>(&'a self, written: &'a str) -> &'a str {
        match self.find(written) {
            Some(PersonMatch::Name(person) | PersonMatch::Alias(person)) => &person.name,
            None => written,
        }
    }

    /// Every listed name, in list order: the candidates for a did-you-mean.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|p| p.name.as_str())
    }

    /// Every way of writing someone (names, aliases, e-mail addresses, `@logins`).
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        self.spellings.keys().map(String::as_str)
    }

    /// Adds `person`, or says which earlier entry already uses one of its spellings.
    fn add(&mut self, person: Person, spans: &PersonSpans) -> Result<(), Clash> {
        let i = self.list.len();
        let mut mine: Vec<(String, bool, Range<usize>)> =
            vec![(person.name.clone(), true, spans.name.clone())];
        for (alias, span) in person.aliases.iter().zip(&spans.aliases) {
            mine.push((alias.clone(), false, span.clone()));
        }
        if let (Some(email), Some(span)) = (&person.email, &spans.email) {
            mine.push((email.clone(), false, span.clone()));
        }
        if let (Some(login), Some(span)) = (&person.github, &spans.github) {
            mine.push((format!("@{login}"), false, span.clone()));
        }
        for (n, (text, _, span)) in mine.iter().enumerate() {
            let earlier = self
                .spellings
                .get(text)
                .map(|&(j, _)| self.list[j].name.clone());
            let repeated = mine[..n].iter().any(|(t, _, _)| t == text);
            if earlier.is_some() || repeated {
                return Err(Clash {
                    is_name: n == 0,
                    text: text.clone(),
                    at: span.clone(),
                    owner: earlier,
                });
            }
        }
        for (text, is_name, _) in mine {
            self.spellings.insert(text, (i, is_name));
        }
        self.list.push(person);
        Ok(())
    }
}

/// Where each part of one entry is written, for messages.
#[derive(Default)]
struct PersonSpans {
    name: Range<usize>,
    aliases: Vec<Range<usize>>,
    email: Option<Range<usize>>,
    github: Option<Range<usize>>,
}

/// A spelling used twice: by an earlier person (`owner`), or twice in one entry.
struct Clash {
    /// The clashing spelling is the new entry's name (not an alias, address or login).
    is_name: bool,
    text: String,
    at: Range<usize>,
    owner: Option<String>,
}

/// Reads `people:`: a list whose entries are a name, or a mapping with `name` and
/// optionally `aliases`, `email`, `github` and `team`.
pub(super) fn decode_people(r: &mut Reader, node: &Node) -> People {
    let mut people = People::default();
    let items: &[Node] = match &node.value {
        Value::Seq(items) => items,
        Value::Null => &[],
        other => {
            let found = other.type_name();
            r.error(
                node.span.clone(),
                format!("`people` must be a list of people, found {found}"),
            )
            .help = Some("write one person per line: `- Riley Chen`, or `- { name: Riley Chen, aliases: [Riley] }`".into());
            return people;
        }
    };
    for item in items {
        let Some((person, spans)) = decode_person(r, item) else {
            continue;
        };
        if let Err(clash) = people.add(person, &spans) {
            let text = &clash.text;
            let message = match &clash.owner {
                Some(owner) if owner == text && clash.is_name => {
                    format!("`{text}` is listed twice in `people`")
                }
                Some(owner) if owner == text => format!("`{text}` is already a person in `people`"),
                Some(owner) => format!("`{text}` already stands for `{owner}` in `people`"),
                None => format!("`{text}` is repeated in this person's entry"),
            };
            r.error(clash.at, message).help = Some(
                "each name, alias, e-mail address and GitHub login may stand for one person only"
                    .into(),
            );
        }
    }
    people
}

fn decode_person(r: &mut Reader, node: &Node) -> Option<(Person, PersonSpans)> {
    if !matches!(node.value, Value::Map(_)) {
        let name = r.string(node, "a person")?;
        let name = non_empty(r, name, &node.span, "a person's name")?;
        let spans = PersonSpans {
            name: node.span.clone(),
            ..PersonSpans::default()
        };
        return Some((
            Person {
                name,
                aliases: Vec::new(),
                email: None,
                github: None,
                team: None,
            },
            spans,
        ));
    }
    let mut name = None;
    let mut spans = PersonSpans::default();
    let mut person = Person {
        name: String::new(),
        aliases: Vec::new(),
        email: None,
        github: None,
        team: None,
    };
    for (key, value) in r.keyed(node, "a person", &PERSON_KEYS) {
        match key {
            "name" => {
                name = r
                    .string(value, "`name`")
                    .and_then(|n| non_empty(r, n, &value.span, "`name`"));
                spans.name = value.span.clone();
            }
            "aliases" => {
                for (alias, span) in r.strings(value, "an alias") {
                    if let Some(alias) = non_empty(r, alias, &span, "an alias") {
                        person.aliases.push(alias);
                        spans.aliases.push(span);
                    }
                }
            }
            "email" => {
                let Some(email) = r.string(value, "`email`") else {
                    continue;
                };
                let email = email.trim().to_owned();
                if is_email(&email) {
                    person.email = Some(email);
                    spans.email = Some(value.span.clone());
                } else {
                    r.error(
                        value.span.clone(),
                        format!("`{email}` is not an e-mail address"),
                    )
                    .help = Some("write it as `name@example.com`".into());
                }
            }
            "github" => {
                let Some(login) = r.string(value, "`github`") else {
                    continue;
                };
                let login = login.trim().trim_start_matches('@').to_owned();
                if is_github_login(&login) {
                    person.github = Some(login);
                    spans.github = Some(value.span.clone());
                } else {
                    r.error(
                        value.span.clone(),
                        format!("`{login}` is not a GitHub login"),
                    )
                    .help = Some(
                        "a login has letters, digits and single hyphens, up to 39 characters (`rchen`, `@rchen`)"
                            .into(),
                    );
                }
            }
            "team" => person.team = r.string(value, "`team`"),
            _ => {}
        }
    }
    let Some(name) = name else {
        if !has_key(node, "name") {
            r.error(node.span.clone(), "this person has no `name`").help =
                Some("add `name: …`, the spelling fields should use".into());
        }
        return None;
    };
    person.name = name;
    Some((person, spans))
}

/// Whether a mapping node has `key` (so a bad `name` is not reported twice).
fn has_key(node: &Node, key: &str) -> bool {
    matches!(&node.value, Value::Map(entries)
        if entries.iter().any(|(k, _)| matches!(&k.value, Value::Str(s) if s == key)))
}

/// `text` trimmed, or an error when nothing is left.
fn non_empty(r: &mut Reader, text: String, span: &Range<usize>, what: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        r.error(span.clone(), format!("{what} is empty"));
        None
    } else {
        Some(text.to_owned())
    }
}

fn is_email(text: &str) -> bool {
    text.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !text.contains(char::is_whitespace)
    })
}

/// GitHub's rule for logins: ASCII letters, digits and hyphens, at most 39, no hyphen
/// at either end or twice in a row.
fn is_github_login(login: &str) -> bool {
    !login.is_empty()
        && login.len() <= 39
        && login
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !login.starts_with('-')
        && !login.ends_with('-')
        && !login.contains("--")
}

#[cfg(test)]
mod tests;
