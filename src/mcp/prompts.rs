//! MCP prompts: task templates a person picks in their client ("write a PRD for…",
//! "review this PRD against its objectives") that tell the model which spex tools to call
//! and in which order, so the work rests on the workspace's facts and rules rather than
//! on the model's guesses. In: the prompt's name and arguments. Out: its messages. The
//! prompts carry no workspace content: the model fetches it through the tools, where the
//! audience policy applies.

use rmcp::model::{GetPromptResult, Prompt, PromptArgument, PromptMessage, Role};
use serde_json::{Map, Value};

/// Every prompt with its arguments.
pub fn list() -> Vec<Prompt> {
    vec![
        Prompt::new(
            "write_prd",
            Some("Draft a new PRD for an idea, tied to the workspace's objectives, checked by spex until it has no errors"),
            Some(vec![
                PromptArgument::new("idea")
                    .with_description("What the PRD is for: the problem or feature, in a sentence or two")
                    .with_required(true),
                PromptArgument::new("objective")
                    .with_description("The objective it serves (an ID like OBJ-003), if known")
                    .with_required(false),
            ]),
        )
        .with_title("Write a PRD for…"),
        Prompt::new(
            "review_prd",
            Some("Review a PRD against the objectives and vision it claims to serve, its dependencies and spex's rules"),
            Some(vec![
                PromptArgument::new("id")
                    .with_description("The PRD's ID, e.g. PRD-012")
                    .with_required(true),
            ]),
        )
        .with_title("Review this PRD against its objectives"),
    ]
}

/// The prompt `name` with `arguments` filled in. `shown` says whether an ID names a
/// document the server shows: a prompt names no other (an ID the agent guessed is not
/// repeated back, as `get_document` does not repeat it).
pub fn get<'a>(
    name: &str,
    arguments: Option<&'a Map<String, Value>>,
    shown: impl Fn(&str) -> bool,
) -> Result<GetPromptResult, String> {
    let arg = |key: &str| {
        arguments
            .and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let required = |key: &str| {
        arg(key).ok_or_else(|| format!("the prompt `{name}` needs the argument `{key}`"))
    };
    let document = |id: &'a str| -> Result<&'a str, String> {
        if shown(id) {
            Ok(id)
        } else {
            Err(
                "no document with that ID; `list_documents` lists the documents there are"
                    .to_owned(),
            )
        }
    };
    let (description, text) = match name {
        "write_prd" => {
            let idea = required("idea")?;
            let objective = match arg("objective").map(document).transpose()? {
                Some(id) => format!("It serves {id}: read it with `get_document` first."),
                None => "Find the objective it serves: `list_documents` with kind `objective` (and `get_document` on the likely ones); ask the user if none fits.".to_owned(),
            };
            (
                "Draft a PRD",
                format!(
                    "Write a PRD for: {idea}\n\n\
                     Work from the spex workspace, not from memory:\n\
                     1. {objective}\n\
                     2. `search` for existing PRDs on the same subject; if one covers it, say so instead of writing a new one, and name the PRDs the new one depends on or relates to.\n\
                     3. `next_id` with kind `prd` for its ID, and `get_document` on a recent PRD to follow the workspace's conventions (fields, sections).\n\
                     4. Draft the whole file: YAML front matter (id, title, status: draft, owner, objectives, and depends_on/related where they apply), then the body with the sections the workspace's PRDs use.\n\
                     5. `check_text` with the draft and a path like `prds/<ID>-<slug>.md`; fix every error and warning it reports (`rules` explains any rule), and check again until it is clean.\n\
                     6. If the server allows writing, create it with `new_document`; otherwise give the user the final text and the path to save it at."
                ),
            )
        }
        "review_prd" => {
            let id = document(required("id")?)?;
            (
                "Review a PRD",
                format!(
                    "Review {id} against its objectives.\n\n\
                     1. `get_document` {id}: read its fields, body, health and diagnostics.\n\
                     2. `get_document` on each objective and the vision it references, and `trace` {id} with direction `up` for what it depends on.\n\
                     3. `check` with the PRD's path for its diagnostics; `rules` explains each rule.\n\
                     4. Judge: does the problem and solution serve each objective's stated outcome and metrics? Are success metrics measurable and tied to them? Are dependencies planned no later than this PRD (see its health)? Is anything the objective needs missing, or anything out of scope?\n\
                     5. Answer with a short verdict, then concrete suggested edits (quote the section), and the spex diagnostics to fix. Do not change files."
                ),
            )
        }
        other => {
            return Err(format!(
                "no prompt `{other}`: the prompts are write_prd and review_prd"
            ));
        }
    };
    Ok(
        GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
            .with_description(description),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_prompt_can_be_got_and_names_the_tools_to_call() {
        let arguments: Map<String, Value> =
            serde_json::from_str(r#"{"idea":"bulk labels","id":"PRD-3"}"#).expect("json");
        for prompt in list() {
            let got = get(&prompt.name, Some(&arguments), |_| true).expect("prompt");
            let text = serde_json::to_string(&got.messages).expect("json");
            assert!(text.contains("`get_document`"), "{text}");
        }
        assert!(
            get("write_prd", None, |_| true)
                .expect_err("needs idea")
                .contains("`idea`")
        );
        assert!(get("nope", None, |_| true).is_err());
        let hidden = get("review_prd", Some(&arguments), |id| id != "PRD-3").expect_err("hidden");
        assert!(!hidden.contains("PRD-3"), "{hidden}");
    }
}
