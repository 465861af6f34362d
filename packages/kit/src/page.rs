//! Pagination: one page size rule for every list query.

/// Page size when a list query gives no limit.
pub const DEFAULT_PAGE_LIMIT: u32 = 10;
/// Largest page any list query returns, whatever the caller asks for.
pub const MAX_PAGE_LIMIT: u32 = 30;

/// Clamps a caller's page size to the suite-wide bounds.
pub fn page_limit(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_PAGE_LIMIT).min(MAX_PAGE_LIMIT) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_clamped() {
        assert_eq!(page_limit(None), DEFAULT_PAGE_LIMIT as usize);
        assert_eq!(page_limit(Some(0)), 0);
        assert_eq!(page_limit(Some(5)), 5);
        assert_eq!(page_limit(Some(u32::MAX)), MAX_PAGE_LIMIT as usize);
    }
}
