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

/// Did-you-mean for document IDs, stricter than for words: `PRD-099` is not a typo of
/// `PRD-001`. Same prefix and number with other zero padding (`PRD-12` / `PRD-012`), or
/// one edit away.
pub fn suggest_id<'a, I>(input: &str, ids: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let split = |id: &str| -> Option<(String, u64)> {
        let digits_at = id.find(|c: char| c.is_ascii_digit())?;
        let (prefix, digits) = id.split_at(digits_at);
        Some((prefix.to_ascii_uppercase(), digits.parse().ok()?))
    };
    let wanted = split(input);
    let mut best: Option<(usize, &str)> = None;
    for id in ids {
        let score = if wanted.is_some() && split(id) == wanted {
            0
        } else {
            match strsim::levenshtein(&input.to_ascii_uppercase(), &id.to_ascii_uppercase()) {
                d @ 0..=1 => d + 1,
                _ => continue,
            }
        };
        if best.is_none_or(|(s, b)| score < s || (score == s && id < b)) {
            best = Some((score, id));
        }
    }
    best.map(|(_, id)| format!("did you mean `{id}`?"))
}

#[cfg(test)]
mod id_tests {
    use super::suggest_id;

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
}
