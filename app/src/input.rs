//! Typed inputs. What a person types is checked once, where it enters, and becomes a
//! typed value (`CircleName`, `NewCircle`, …) or every problem of the form at once;
//! code behind that point never checks it again.

use crate::error::FieldProblem;

/// The one rule for text people type: its length in characters (not bytes), whether
/// it may be empty, and no control characters but line breaks and tabs in text that
/// spans lines.
#[derive(Clone, Copy, Debug)]
pub struct TextRule {
    /// What the text is, to start a message: "The title", "A circle's name".
    pub what: &'static str,
    pub max: usize,
    /// The message when it is empty, or `None` when it may be empty.
    pub when_empty: Option<&'static str>,
    /// Whether line breaks and tabs are part of the text (notes, descriptions).
    pub multiline: bool,
}

impl TextRule {
    /// Checks `text` as it is (a note keeps its spaces while it is being typed).
    pub fn check(&self, text: &str) -> Result<(), String> {
        if text.trim().is_empty() {
            return match self.when_empty {
                Some(message) => Err(message.into()),
                None => Ok(()),
            };
        }
        let length = text.chars().count();
        if length > self.max {
            return Err(format!("{}; this is {length}.", self.limit()));
        }
        let allowed = |c: char| self.multiline && matches!(c, '\n' | '\r' | '\t');
        if text.chars().any(|c| c.is_control() && !allowed(c)) {
            return Err(format!(
                "{} contains characters we cannot store.",
                self.what
            ));
        }
        Ok(())
    }

    /// Only the length: "The title can be at most 5 characters." without the count,
    /// for text that is counted in another form than it was typed in (accounts count
    /// names after Unicode normalisation, which can lengthen them).
    pub fn check_length(&self, text: &str) -> Result<(), String> {
        match text.chars().count() > self.max {
            true => Err(format!("{}.", self.limit())),
            false => Ok(()),
        }
    }

    /// "The title can be at most 5 characters".
    fn limit(&self) -> String {
        format!("{} can be at most {} characters", self.what, self.max)
    }

    /// The text trimmed, if it keeps the rule.
    pub fn parse(&self, raw: &str) -> Result<String, String> {
        let text = raw.trim();
        self.check(text).map(|()| text.to_owned())
    }
}

/// The problems of a form's fields, each under its field's name; empty when every
/// field parsed. Used where a typed input is built from several fields:
///
/// ```ignore
/// match (CircleName::parse(name), Purpose::parse(purpose)) {
///     (Ok(name), Ok(purpose)) => Ok(NewCircle { name, purpose }),
///     (name, purpose) => Err(field_problems([("name", name.err()), ("purpose", purpose.err())])),
/// }
/// ```
pub fn field_problems<const N: usize>(fields: [(&str, Option<String>); N]) -> Vec<FieldProblem> {
    fields
        .into_iter()
        .filter_map(|(field, problem)| problem.map(|message| FieldProblem::new(field, message)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TITLE: TextRule = TextRule {
        what: "The title",
        max: 5,
        when_empty: Some("Give it a title."),
        multiline: false,
    };

    #[test]
    fn text_is_counted_in_characters_and_trimmed() {
        assert_eq!(TITLE.parse("  héllo ").as_deref(), Ok("héllo"));
        assert_eq!(
            TITLE.parse("hello!"),
            Err("The title can be at most 5 characters; this is 6.".into())
        );
        assert_eq!(TITLE.parse("   "), Err("Give it a title.".into()));
        assert_eq!(TITLE.check_length("héllo"), Ok(()));
        assert_eq!(
            TITLE.check_length("hello!"),
            Err("The title can be at most 5 characters.".into())
        );
        assert!(TITLE.parse("a\nb").is_err(), "one line only");
        let note = TextRule {
            multiline: true,
            when_empty: None,
            ..TITLE
        };
        assert_eq!(note.parse(""), Ok(String::new()));
        assert!(note.check("a\nb").is_ok());
        assert!(note.check("a\u{7}").is_err());
    }

    #[test]
    fn problems_keep_their_fields() {
        let problems = field_problems([("a", None), ("b", Some("bad".into()))]);
        assert_eq!(problems, vec![FieldProblem::new("b", "bad")]);
    }
}
