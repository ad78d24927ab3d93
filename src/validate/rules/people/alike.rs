//! Which spellings of a name are probably one person, for `similar-names`: for each
//! spelling, the most common other one that folds to the same letters or is a typo away.
//! Found without comparing every pair in full: at 10,000 documents there are hundreds of
//! spellings, so hundreds of thousands of pairs, and nearly all of them are plainly
//! different names. Spellings are grouped by length (a typo changes it by at most
//! [`MAX_EDITS`]) and scanned most common first, so the search stops at the first alike
//! one; a pair is compared letter by letter only when the letters each has and the other
//! lacks do not already rule a typo out.

use std::collections::HashMap;

use crate::parse::slug::slugify;

/// Names closer than this many edits (after folding case and accents) are one person
/// misspelt, when both are long enough for a typo to be told from another name.
const MAX_EDITS: usize = 2;
const MIN_CHARS: usize = 5;

/// The spellings of a workspace, ready to be matched with each other.
pub(super) struct Alikes {
    /// Each spelling folded by `slugify`.
    folded: Vec<Vec<char>>,
    /// Which letters each folded spelling has, one bit per letter modulo 64.
    letters: Vec<u64>,
    /// Each spelling's place when ranked by uses, most first, then alphabetically: the
    /// first of a group is taken as meant.
    rank: Vec<usize>,
    /// The spellings of each folded length, in rank order.
    by_len: HashMap<usize, Vec<usize>>,
}

impl Alikes {
    /// `names` are the distinct spellings in alphabetical order, `uses` how often each
    /// is written.
    pub fn new(names: &[&String], uses: &[usize]) -> Alikes {
        let folded: Vec<Vec<char>> = names.iter().map(|n| slugify(n).chars().collect()).collect();
        let letters = folded.iter().map(|f| letter_set(f)).collect();
        let mut ranked: Vec<usize> = (0..names.len()).collect();
        ranked.sort_by_key(|&i| (std::cmp::Reverse(uses[i]), names[i]));
        let mut rank = vec![0; names.len()];
        let mut by_len: HashMap<usize, Vec<usize>> = HashMap::new();
        for (place, &i) in ranked.iter().enumerate() {
            rank[i] = place;
            by_len.entry(folded[i].len()).or_default().push(i);
        }
        Alikes {
            folded,
            letters,
            rank,
            by_len,
        }
    }

    /// The best-ranked spelling ranked above `rare` and alike to it, if any.
    pub fn most_common_alike(&self, rare: usize) -> Option<usize> {
        let len = self.folded[rare].len();
        // Different lengths are alike only through typos, which need MIN_CHARS.
        let lengths = if len >= MIN_CHARS {
            len.saturating_sub(MAX_EDITS)..=len + MAX_EDITS
        } else {
            len..=len
        };
        let mut best: Option<usize> = None;
        for length in lengths {
            let Some(spellings) = self.by_len.get(&length) else {
                continue;
            };
            // In rank order: the first alike one is this length's best.
            let above = |&&other: &&usize| {
                self.rank[other] < self.rank[rare]
                    && best.is_none_or(|b| self.rank[other] < self.rank[b])
            };
            if let Some(&found) = spellings
                .iter()
                .take_while(above)
                .find(|&&other| self.alike(rare, other))
            {
                best = Some(found);
            }
        }
        best
    }

    /// Whether spellings `a` and `b` are probably one person: folded alike (case,
    /// accents or punctuation only), or both long enough and a typo or two apart.
    fn alike(&self, a: usize, b: usize) -> bool {
        let (fa, fb) = (&self.folded[a], &self.folded[b]);
        if fa == fb {
            return true;
        }
        if fa.len() < MIN_CHARS || fb.len() < MIN_CHARS {
            return false;
        }
        // Every letter one has and the other lacks costs an edit of its own.
        let (la, lb) = (self.letters[a], self.letters[b]);
        let missing = (la & !lb).count_ones().max((lb & !la).count_ones());
        missing as usize <= MAX_EDITS && within_edits(fa, fb, MAX_EDITS)
    }
}

/// Whether two spellings, folded by `slugify`, are probably one person: the same test as
/// [`Alikes`] makes, for one pair (a draft's spelling against the workspace's).
pub(in crate::validate::rules) fn alike(a: &[char], b: &[char]) -> bool {
    if a == b {
        return true; // case, accents or punctuation only
    }
    a.len() >= MIN_CHARS && b.len() >= MIN_CHARS && within_edits(a, b, MAX_EDITS)
}

/// The letters of `word` as a bit set, one bit per letter modulo 64 (letters sharing a
/// bit only make the set say less, never rule out a real match).
fn letter_set(word: &[char]) -> u64 {
    word.iter()
        .fold(0, |set, &c| set | 1 << (u32::from(c) % 64))
}

/// Whether the Levenshtein distance of `a` and `b` is at most `k`: the usual table, row
/// by row, given up as soon as a whole row exceeds `k` (no later row can come back
/// under it), so most pairs of unlike names cost a row or two.
fn within_edits(a: &[char], b: &[char], k: usize) -> bool {
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= k
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: [&str; 24] = [
        "",
        "a",
        "riley-chen",
        "riley-chenn",
        "rilay-chen",
        "riley",
        "chen-riley",
        "jose",
        "josé",
        "jonas-petrov",
        "jonas-novak",
        "mateo-petrov",
        "greta-mehta",
        "gretta-mehta",
        "abcdef",
        "badcfe",
        "kitten",
        "sitting",
        "flaw",
        "lawn",
        "Riley Chen",
        "JOSE",
        "Gréta Mehta",
        "riley chen",
    ];

    #[test]
    fn within_edits_agrees_with_the_levenshtein_distance() {
        for a in WORDS {
            for b in WORDS {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let distance = strsim::levenshtein(a, b);
                for k in 0..4 {
                    assert_eq!(within_edits(&ca, &cb, k), distance <= k, "{a} {b} {k}");
                }
            }
        }
    }

    /// The definition, over every pair: the best-ranked spelling above `rare` that folds
    /// alike or is within MAX_EDITS of it with both at least MIN_CHARS long.
    fn most_common_alike_by_every_pair(
        names: &[&String],
        uses: &[usize],
        rare: usize,
    ) -> Option<usize> {
        let folded: Vec<String> = names.iter().map(|n| slugify(n)).collect();
        let rank = |i: usize| (std::cmp::Reverse(uses[i]), names[i]);
        (0..names.len())
            .filter(|&other| {
                let (a, b) = (&folded[rare], &folded[other]);
                let (la, lb) = (a.chars().count(), b.chars().count());
                rank(other) < rank(rare)
                    && (a == b
                        || la >= MIN_CHARS
                            && lb >= MIN_CHARS
                            && strsim::levenshtein(a, b) <= MAX_EDITS)
            })
            .min_by_key(|&other| rank(other))
    }

    #[test]
    fn the_grouped_search_finds_what_comparing_every_pair_finds() {
        let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
        words.sort();
        words.dedup();
        let names: Vec<&String> = words.iter().collect();
        // Several use counts, so ranks differ from the alphabetical order.
        for seed in 0..5 {
            let uses: Vec<usize> = (0..names.len()).map(|i| (i * 7 + seed * 3) % 4).collect();
            let alikes = Alikes::new(&names, &uses);
            let mut found = 0;
            for rare in 0..names.len() {
                let expected = most_common_alike_by_every_pair(&names, &uses, rare);
                assert_eq!(alikes.most_common_alike(rare), expected, "{}", names[rare]);
                found += usize::from(expected.is_some());
            }
            assert!(found > 3, "the words have alike pairs");
        }
    }
}
