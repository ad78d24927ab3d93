//! Who is writing: `user.name` from git's configuration, as `git commit` would use it.

use super::GitRepo;

impl GitRepo {
    /// `user.name` as this repository sees it (its own config over the global ones).
    pub fn user_name(&self) -> Option<String> {
        name_in(&self.repo.config().ok()?)
    }
}

/// `user.name` from the global and system configuration, outside any repository.
pub fn global_user_name() -> Option<String> {
    name_in(&git2::Config::open_default().ok()?)
}

fn name_in(config: &git2::Config) -> Option<String> {
    let name = config.get_string("user.name").ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}
