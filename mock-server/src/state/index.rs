//! Sorted views of each account's groups, built on first use and dropped on any change, so a
//! `list` page (and `count`) costs O(page) in steady state instead of filtering and sorting the
//! whole world on every request.

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;

use super::GroupState;

/// The order of a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    /// Creation order (no `sortBy`).
    Creation,
    /// By id.
    Id,
    /// By subject, then id.
    Subject,
}

/// Cached views: (account, order) → group ids in ascending order.
#[derive(Debug, Clone, Default)]
pub struct ListIndex {
    views: HashMap<(String, Order), Arc<Vec<String>>>,
}

// The index is derived data: two worlds with the same groups are equal whatever is cached.
impl PartialEq for ListIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl ListIndex {
    /// Forgets every view (called on every change to groups).
    pub fn clear(&mut self) {
        self.views.clear();
    }

    /// The ids of `account`'s groups in `order`, ascending.
    pub fn view(&mut self, groups: &IndexMap<String, GroupState>, account: &str, order: Order) -> Arc<Vec<String>> {
        self.views
            .entry((account.to_owned(), order))
            .or_insert_with(|| {
                let mut mine: Vec<&GroupState> = groups.values().filter(|g| g.member(account).is_some()).collect();
                match order {
                    Order::Creation => {}
                    Order::Id => mine.sort_unstable_by(|a, b| a.id.cmp(&b.id)),
                    Order::Subject => {
                        mine.sort_unstable_by(|a, b| a.subject.cmp(&b.subject).then_with(|| a.id.cmp(&b.id)))
                    }
                }
                Arc::new(mine.into_iter().map(|g| g.id.clone()).collect())
            })
            .clone()
    }
}
