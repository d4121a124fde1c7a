//! Accounts: signing up, signing in and out, and changing a password.
//!
//! The rules for what makes a valid email, name and password live here as small
//! types that validate on construction, so the server and the browser apply the same
//! rules and nothing unchecked reaches the database.

pub mod api;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod export;
pub mod my_data;
pub mod nav;
pub mod pages;
pub mod password_reset;
pub mod password_reset_pages;
#[cfg(feature = "ssr")]
pub mod passwords;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;
pub mod time_zone;

use crate::input::TextRule;
use serde::{Deserialize, Serialize};

/// The signed-in manager, as the pages see them. Never carries the password hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Account {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub time_zone: String,
    /// When the account was made: the mirror's chart starts at its week.
    pub created_at: i64,
}

pub const EMAIL_MAX: usize = 254;
pub const NAME_MAX: usize = 80;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1024;

/// Characters that show nothing or reorder text (zero-width spaces and joiners, bidi
/// controls, fillers, tags): in an email or a name they only make a look-alike of
/// someone else.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
        | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E007F}')
        || c.is_control()
}

/// `raw` trimmed and in Unicode compatibility form (NFKC), so that full-width and
/// other look-alike spellings of the same letters are the same text, if it keeps
/// `rule`; `invisible` is the message when it holds an invisible character. The
/// length is checked before (NFKC can lengthen text) and after.
fn normalized(raw: &str, rule: &TextRule, invisible: &str) -> Result<String, String> {
    use unicode_normalization::UnicodeNormalization;
    let raw = raw.trim();
    rule.check_length(raw)?;
    let text: String = raw.nfkc().collect();
    rule.check_length(&text)?;
    if text.chars().any(is_invisible) {
        return Err(invisible.to_owned());
    }
    // Only emptiness is left to check: the length was, and invisible characters
    // include every control character.
    rule.parse(&text)
}

/// An email address, trimmed, in NFKC and lower-cased so that one person has one
/// account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    const RULE: TextRule = TextRule {
        what: "An email address",
        max: EMAIL_MAX,
        when_empty: Some("Enter your email address."),
        multiline: false,
    };

    pub fn parse(raw: &str) -> Result<Self, String> {
        let email = normalized(
            raw,
            &Self::RULE,
            "An email address cannot contain invisible characters.",
        )?
        .to_lowercase();
        let well_formed = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && local.len() <= 64
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !well_formed {
            return Err("Enter an email address like name@example.com.".into());
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name a manager's peers see, trimmed and in NFKC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    const RULE: TextRule = TextRule {
        what: "A name",
        max: NAME_MAX,
        when_empty: Some("Enter the name your peers will see."),
        multiline: false,
    };

    pub fn parse(raw: &str) -> Result<Self, String> {
        normalized(
            raw,
            &Self::RULE,
            "A name cannot contain control or invisible characters.",
        )
        .map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who a person is to their peers: their email and name, each checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub email: Email,
    pub name: DisplayName,
}

impl Profile {
    /// Every problem of the two fields at once, under the fields' names.
    pub fn parse(email: &str, display_name: &str) -> Result<Self, Vec<crate::error::FieldProblem>> {
        match (Email::parse(email), DisplayName::parse(display_name)) {
            (Ok(email), Ok(name)) => Ok(Self { email, name }),
            (email, name) => Err(crate::input::field_problems([
                ("email", email.err()),
                ("display_name", name.err()),
            ])),
        }
    }
}

/// A new account: who it is and where their week runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccount {
    pub profile: Profile,
    pub time_zone: time_zone::TimeZoneName,
}

/// A new password that meets the length rules. Kept out of `Debug` output.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Password {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let length = raw.chars().count();
        if length < PASSWORD_MIN {
            return Err(format!("Use at least {PASSWORD_MIN} characters."));
        }
        if length > PASSWORD_MAX {
            return Err("A password can be at most 1,024 characters.".into());
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Whose password a mailed link lets one choose (`password_reset`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordResetOffer {
    pub email: String,
}

/// Where to send someone after signing in: only paths on this site, so a crafted
/// link cannot bounce people to another site.
pub fn safe_next(next: &str) -> String {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local && !next.chars().any(char::is_control) {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized() {
        let email = Email::parse("  Ada.Lovelace@Example.ORG ").expect("valid");
        assert_eq!(email.as_str(), "ada.lovelace@example.org");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "   ",
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "ada@@example.org",
            "ada lovelace@example.org",
            "ada@.example.org",
            "ada@example..org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn email_length_is_limited() {
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(
            Email::parse(&long),
            Err("An email address can be at most 254 characters.".into())
        );
        assert_eq!(Email::parse(""), Err("Enter your email address.".into()));
    }

    #[test]
    fn names_are_trimmed_and_limited() {
        assert_eq!(
            DisplayName::parse("  Grace  ").expect("ok").as_str(),
            "Grace"
        );
        assert_eq!(
            DisplayName::parse(""),
            Err("Enter the name your peers will see.".into())
        );
        assert_eq!(
            DisplayName::parse(&"x".repeat(81)),
            Err("A name can be at most 80 characters.".into())
        );
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
        assert!(DisplayName::parse("tab\there").is_err());
    }

    #[test]
    fn look_alike_emails_and_names_are_the_same_or_refused() {
        let full_width = Email::parse("ａｄａ＠ｅｘａｍｐｌｅ．ｏｒｇ").expect("valid");
        assert_eq!(full_width.as_str(), "ada@example.org");
        assert_eq!(DisplayName::parse("Ａｄａ").expect("ok").as_str(), "Ada");
        for hidden in [
            "ad\u{200B}a@example.org",
            "\u{202E}ada@example.org",
            "ada@exa\u{FEFF}mple.org",
        ] {
            assert!(Email::parse(hidden).is_err(), "{hidden:?}");
        }
        for hidden in ["A\u{200D}da", "Ada\u{2066}", "\u{E0041}Ada", "Ad\u{00AD}a"] {
            assert!(DisplayName::parse(hidden).is_err(), "{hidden:?}");
        }
        let expands = "\u{FDFA}".repeat(10);
        assert!(
            DisplayName::parse(&expands).is_err(),
            "NFKC lengthens it past 80"
        );
    }

    #[test]
    fn passwords_have_a_minimum_and_maximum_length() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("exactly10!").is_ok());
        assert!(Password::parse(&"p".repeat(1024)).is_ok());
        assert!(Password::parse(&"p".repeat(1025)).is_err());
        assert_eq!(
            format!("{:?}", Password::parse("secret-secret").unwrap()),
            "Password(…)"
        );
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/circles/abc?x=1"), "/circles/abc?x=1");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
    }
}
