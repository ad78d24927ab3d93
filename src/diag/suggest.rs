//! "Did you mean …?" suggestions from a list of candidates.

/// The candidate closest to `input`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != input)
        .map(|c| {
            let lower = c.to_lowercase();
            let score = strsim::jaro_winkler(&input_lower, &lower);
            (score, strsim::levenshtein(&input_lower, &lower), c)
        })
        .filter(|(score, _, _)| *score >= 0.85)
        // Jaro-Winkler ties often (`goals-1`, `goals-2` for `goals-3`): fewer edits win,
        // then the alphabetically first, so the answer is stable.
        .max_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| b.1.cmp(&a.1))
                .then_with(|| b.2.cmp(a.2))
        })
        .map(|(_, _, c)| c)
}

/// `did you mean `x`?` as a help line, when there is a suggestion.
pub fn suggestion_help<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(input, candidates).map(|s| format!("did you mean `{s}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_near_typo() {
        assert_eq!(
            did_you_mean("depends_om", ["depends_on", "owner", "title"]),
            Some("depends_on")
        );
        assert_eq!(
            did_you_mean("PRD-0012", ["PRD-012", "OBJ-001"]),
            Some("PRD-012")
        );
    }

    #[test]
    fn ties_go_to_the_candidate_with_fewer_edits() {
        assert_eq!(
            did_you_mean("goals-3", ["goals", "goals-1", "goals-2"]),
            Some("goals-1")
        );
    }

    #[test]
    fn suggests_nothing_for_unrelated_words() {
        assert_eq!(did_you_mean("zebra", ["depends_on", "owner"]), None);
    }
}

/// Did-you-mean for document IDs, stricter than for words. A number is the identity
/// of a numbered ID, so only IDs with the *same* number are offered: the same prefix
/// with other zero padding (`PRD-12` / `PRD-012`), or a prefix variant close to the one
/// written (`ERC-165` / `EIP-165`, `PDR-12` / `PRD-12`). `EIP-198` is never "did you mean
/// `EIP-158`": those are two different proposals. IDs without a number may be one edit
/// away. When two candidates are equally good, none is offered: a guess between them
/// would be arbitrary.
pub fn suggest_id<'a, I>(input: &str, ids: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    suggested_id(input, ids).map(|id| format!("did you mean `{id}`?"))
}

/// The ID [`suggest_id`] offers, itself.
pub fn suggested_id<'a, I>(input: &str, ids: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let split = |id: &str| -> Option<(String, u64)> {
        let digits_at = id.find(|c: char| c.is_ascii_digit())?;
        let (prefix, digits) = id.split_at(digits_at);
        Some((prefix.to_ascii_uppercase(), digits.parse().ok()?))
    };
    let wanted = split(input);
    let ids: Vec<&str> = ids.into_iter().collect();
    // `PRD-1` written where a kind uses the prefix `PRD-` is no typo of `RM-1`: a prefix
    // some ID really has is taken as meant, and only its own IDs are offered.
    let prefix_exists = wanted.as_ref().is_some_and(|(prefix, _)| {
        ids.iter()
            .filter_map(|id| split(id))
            .any(|(id_prefix, _)| id_prefix == *prefix)
    });
    let mut best: Option<(usize, &str)> = None;
    let mut tied = false;
    for id in ids {
        let distance = match (&wanted, split(id)) {
            (Some((prefix, _)), Some((id_prefix, _))) if prefix_exists && *prefix != id_prefix => {
                continue;
            }
            (Some((prefix, number)), Some((id_prefix, id_number))) if *number == id_number => {
                strsim::levenshtein(prefix, &id_prefix)
            }
            (None, None) => {
                strsim::levenshtein(&input.to_ascii_uppercase(), &id.to_ascii_uppercase())
            }
            _ => continue,
        };
        // Same prefix (padding or case only) scores 0; a close variant at most 2 edits.
        let limit = if wanted.is_some() { 2 } else { 1 };
        if distance > limit || id == input {
            continue;
        }
        match best {
            Some((score, _)) if distance > score => {}
            Some((score, b)) if distance == score => {
                tied |= b != id;
            }
            _ => {
                best = Some((distance, id));
                tied = false;
            }
        }
    }
    match best {
        Some((_, id)) if !tied => Some(id),
        _ => None,
    }
}

#[cfg(test)]
mod id_tests {
    use super::suggest_id;

    #[test]
    fn issue_13_an_existing_prefix_is_never_swapped_for_another_kind() {
        // PRD-1 has errors of its own and is not indexed: RM-1 is no answer.
        assert_eq!(suggest_id("PRD-1", ["RM-1", "PRD-2", "OBJ-1"]), None);
        assert_eq!(
            suggest_id("PRD-01", ["RM-1", "PRD-1"]).as_deref(),
            Some("did you mean `PRD-1`?")
        );
        // No ID uses `ERC-`: the close prefix still helps.
        assert_eq!(
            suggest_id("ERC-165", ["EIP-165", "EIP-1"]).as_deref(),
            Some("did you mean `EIP-165`?")
        );
    }

    #[test]
    fn suggests_ids_with_other_padding_or_one_typo() {
        let ids = ["PRD-001", "PRD-012", "OBJ-001"];
        assert_eq!(
            suggest_id("PRD-12", ids).as_deref(),
            Some("did you mean `PRD-012`?")
        );
        assert_eq!(
            suggest_id("OBJ-01", ids).as_deref(),
            Some("did you mean `OBJ-001`?")
        );
        assert_eq!(
            suggest_id("prd-001", ids).as_deref(),
            Some("did you mean `PRD-001`?")
        );
        assert_eq!(suggest_id("PRD-099", ids), None);
    }

    /// Issue 13 §12.
    #[test]
    fn prefix_variants_are_suggested_and_other_numbers_never() {
        let ids = ["EIP-158", "EIP-165", "EIP-198", "RFC-1", "auth-service"];
        assert_eq!(
            suggest_id("ERC-165", ids).as_deref(),
            Some("did you mean `EIP-165`?")
        );
        assert_eq!(suggest_id("EIP-199", ids), None);
        assert_eq!(suggest_id("RFC-14", ids), None);
        assert_eq!(
            suggest_id("auth-servce", ids).as_deref(),
            Some("did you mean `auth-service`?")
        );
        // Equally close prefixes: no arbitrary pick.
        assert_eq!(suggest_id("XYZ-7", ["ABC-7", "DEF-7"]), None);
        assert_eq!(suggest_id("FEAT-7", ["PRD-7", "OBJ-7", "DEC-7"]), None);
    }
}
