//! Where the database is: `--database` takes a SQLite file path or a PostgreSQL URL.

use std::{fmt, path::PathBuf, str::FromStr};

/// A SQLite file, or a PostgreSQL server (`postgres://user:password@host:port/name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Postgres(String),
}

impl Location {
    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }
}

impl FromStr for Location {
    type Err = std::convert::Infallible;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Ok(
            if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
                Self::Postgres(raw.to_owned())
            } else {
                Self::File(PathBuf::from(raw))
            },
        )
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Self {
        Self::File(path)
    }
}

/// How the location is shown in logs and errors: a URL's password never is.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Postgres(url) => {
                let hidden = url.split_once("://").and_then(|(scheme, rest)| {
                    let (credentials, host) = rest.rsplit_once('@')?;
                    let (user, _password) = credentials.split_once(':')?;
                    Some(format!("{scheme}://{user}:***@{host}"))
                });
                f.write_str(hidden.as_deref().unwrap_or(url))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_a_sqlite_file_and_a_url_is_postgres() {
        assert_eq!(
            "data/coaching.db".parse::<Location>().ok(),
            Some(Location::File("data/coaching.db".into()))
        );
        assert!("postgres://u@h/db"
            .parse::<Location>()
            .is_ok_and(|l| l.is_postgres()));
        assert!("postgresql://u@h/db"
            .parse::<Location>()
            .is_ok_and(|l| l.is_postgres()));
    }

    #[test]
    fn a_password_is_never_shown() {
        let location: Location = "postgres://circles:s3cret@db.example:5432/circles"
            .parse()
            .unwrap_or(Location::File("".into()));
        assert_eq!(
            location.to_string(),
            "postgres://circles:***@db.example:5432/circles"
        );
        let without: Location = "postgres://circles@db/c"
            .parse()
            .unwrap_or(Location::File("".into()));
        assert_eq!(without.to_string(), "postgres://circles@db/c");
    }
}
