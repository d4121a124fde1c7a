//! Long lists a page at a time: the page number an address asks for, checked once,
//! and the links to the newer and older pages. Pages count from 1; the first page's
//! address has no `?page=`.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The last page anyone may ask for: it bounds how many rows a query skips.
pub const PAGES_MAX: u32 = 10_000;

/// A page number from 1 to [`PAGES_MAX`]; none given means the first page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageNumber(u32);

impl PageNumber {
    pub fn parse(page: Option<u32>) -> Result<Self, AppError> {
        match page.unwrap_or(1) {
            page @ 1..=PAGES_MAX => Ok(Self(page)),
            _ => Err(AppError::invalid(
                "page",
                format!("Pages are numbered from 1 to {PAGES_MAX}."),
            )),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// How many rows the pages before this one hold, at `per_page` a page.
    pub fn skip(self, per_page: usize) -> i64 {
        (i64::from(self.0) - 1) * per_page as i64
    }
}

/// Rows read one beyond a page (`LIMIT per_page + 1`): the page's rows, and whether an
/// older page follows.
pub fn one_page<T>(mut rows: Vec<T>, per_page: usize) -> (Vec<T>, bool) {
    let more = rows.len() > per_page;
    rows.truncate(per_page);
    (rows, more)
}

/// The address of page `page` of the list at `path`.
pub fn page_path(path: &str, page: u32) -> String {
    match page {
        0 | 1 => path.to_owned(),
        page => format!("{path}?page={page}"),
    }
}

/// The page this address asks for (`?page=N`), or `None` for none or for something
/// that is not a number (then the first page shows).
pub fn page_in_address() -> Memo<Option<u32>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse().ok())))
}

/// "Newer" and "older" links under a list, when there is a page to go to.
#[component]
pub fn Pager(
    /// Names the navigation landmark: "Pages of sessions".
    label: &'static str,
    path: String,
    page: u32,
    has_older: bool,
    newer_text: &'static str,
    older_text: &'static str,
) -> impl IntoView {
    let newer = (page > 1)
        .then(|| view! { <a href=page_path(&path, page - 1) rel="prev">{newer_text}</a> });
    let older =
        has_older.then(|| view! { <a href=page_path(&path, page + 1) rel="next">{older_text}</a> });
    (newer.is_some() || older.is_some())
        .then(|| view! { <nav class="pages" aria-label=label>{newer}{older}</nav> })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_run_from_one_to_the_maximum() {
        assert_eq!(PageNumber::parse(None).map(PageNumber::get), Ok(1));
        assert_eq!(PageNumber::parse(Some(3)).map(|p| p.skip(50)), Ok(100));
        assert!(PageNumber::parse(Some(PAGES_MAX)).is_ok());
        assert!(PageNumber::parse(Some(0)).is_err());
        assert!(PageNumber::parse(Some(PAGES_MAX + 1)).is_err());
    }

    #[test]
    fn a_page_is_cut_from_one_row_more_than_it_shows() {
        assert_eq!(one_page(vec![1, 2, 3], 2), (vec![1, 2], true));
        assert_eq!(one_page(vec![1, 2], 2), (vec![1, 2], false));
        assert_eq!(page_path("/sessions", 1), "/sessions");
        assert_eq!(page_path("/sessions", 2), "/sessions?page=2");
    }
}
