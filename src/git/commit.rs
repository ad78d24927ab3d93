//! git2 commits → the model's `CommitInfo`.

use crate::model::CommitInfo;

pub fn commit_info(commit: &git2::Commit) -> CommitInfo {
    let author = commit.author();
    let when = author.when();
    let id = commit.id().to_string();
    CommitInfo {
        short_id: id[..7.min(id.len())].to_owned(),
        id,
        time: when.seconds(),
        date: local_date(when.seconds(), when.offset_minutes()),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        subject: commit
            .summary_bytes()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default(),
    }
}

/// The calendar date of a commit in its author's time zone, as they would say it.
fn local_date(seconds: i64, offset_minutes: i32) -> String {
    let Ok(timestamp) = jiff::Timestamp::from_second(seconds) else {
        return String::new();
    };
    let offset =
        jiff::tz::Offset::from_seconds(offset_minutes * 60).unwrap_or(jiff::tz::Offset::UTC);
    timestamp
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .date()
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_in_the_authors_time_zone() {
        // 2026-03-04 23:30 UTC is already the 5th in Berlin (+01:00).
        let t = 1_772_667_000;
        assert_eq!(super::local_date(t, 0), "2026-03-04");
        assert_eq!(super::local_date(t, 60), "2026-03-05");
    }
}
