//! Shared UI pieces: the page frame, form fields, notices.

pub mod assets;
pub mod flash;
pub mod form;
pub mod inline_script;
pub mod island_form;
pub mod islands;
pub mod kept_form;
pub mod layout;
pub mod pager;

/// Percent-encodes `text` for use inside a URL query value.
pub fn encode_query_value(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// "1 member", "3 members".
pub fn count_of(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            super::encode_query_value("/join/abc?x=1&y=é"),
            "/join/abc%3Fx%3D1%26y%3D%C3%A9"
        );
    }
}
