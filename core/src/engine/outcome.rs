//! Per-member outcomes: the common constructor, and tying each outcome to the id the caller
//! passed (engines answer with a `@lid`, a `@s.whatsapp.net` JID or in another order).
//!
//! Layer: wire shapes; it may import the foundation and `model`.

use std::collections::{HashMap, VecDeque};

use crate::ids::{ContactId, to_cus_format};
use crate::model::ParticipantOutcome;

/// An outcome of `code` for member `id` (`ok` for 200), before `requested` is matched and `raw` set.
pub(super) fn new(id: String, pn: Option<String>, code: Option<i64>) -> ParticipantOutcome {
    ParticipantOutcome {
        pn: super::words::pn_for(&id, pn),
        id,
        requested: None,
        ok: code == Some(200),
        code,
        message: None,
        invite_code: None,
        invite_expires_at: None,
        invite_sent: None,
        needs_invitation: false,
        raw: Default::default(),
    }
}

/// A caller's id in the form WAHA answers with (`+555` → `555@c.us`); kept as given when invalid.
pub(super) fn normalized(requested: &str) -> String {
    ContactId::parse(requested).map_or_else(|_| to_cus_format(requested), String::from)
}

/// The ids an outcome answers to: `id`, `pn`, and the `@lid` the engine sent beside a phone JID.
fn aliases<'a>(o: &'a ParticipantOutcome, lid: Option<&'a str>) -> impl Iterator<Item = &'a str> + 'a {
    [Some(o.id.as_str()), o.pn.as_deref(), lid].into_iter().flatten()
}

/// Sets each outcome's `requested` to the caller's id it answers (each id used once). `lids`
/// are the `@lid`s engines send beside a phone JID, one per outcome. A lid-only outcome (no
/// phone number known) is matched only by elimination — one such outcome and one unmatched
/// phone id left — never by position, because engines reorder.
pub(super) fn match_requested(outcomes: &mut [ParticipantOutcome], lids: &[Option<String>], requested: &[String]) {
    let keys: Vec<String> = requested.iter().map(|r| normalized(r)).collect();
    // Normalised id -> the caller's positions still unmatched, in order (linear in the list size).
    let mut unmatched: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        unmatched.entry(key.as_str()).or_default().push_back(i);
    }
    let mut used = vec![false; requested.len()];
    for (i, o) in outcomes.iter_mut().enumerate() {
        let lid = lids.get(i).and_then(Option::as_deref);
        let hit = aliases(o, lid).find_map(|alias| unmatched.get_mut(alias).and_then(VecDeque::pop_front));
        if let Some(i) = hit {
            used[i] = true;
            o.requested = Some(requested[i].clone());
        }
    }
    // A phone id that matched nothing is someone else; two different lids are two people.
    let mut open = outcomes.iter_mut().filter(|o| o.requested.is_none() && o.pn.is_none() && o.id.ends_with("@lid"));
    let mut left = (0..requested.len()).filter(|&i| !used[i] && keys[i].ends_with("@c.us"));
    if let (Some(o), None, Some(i), None) = (open.next(), open.next(), left.next(), left.next()) {
        o.requested = Some(requested[i].clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(id: &str, pn: Option<&str>) -> ParticipantOutcome {
        new(id.to_owned(), pn.map(str::to_owned), Some(200))
    }

    fn lids(of: &[Option<&str>]) -> Vec<Option<String>> {
        of.iter().map(|l| l.map(str::to_owned)).collect()
    }

    fn requested(outcomes: &[ParticipantOutcome]) -> Vec<Option<&str>> {
        outcomes.iter().map(|o| o.requested.as_deref()).collect()
    }

    #[test]
    fn matches_by_phone_lid_and_id_whatever_the_order() {
        let mut outcomes = vec![outcome("9@lid", Some("333@c.us")), outcome("222@c.us", None), outcome("7@lid", None)];
        let asked = ["7@lid".to_owned(), "+222".to_owned(), "333@s.whatsapp.net".to_owned()];
        match_requested(&mut outcomes, &lids(&[None, Some("8@lid"), None]), &asked);
        assert_eq!(requested(&outcomes), [Some("333@s.whatsapp.net"), Some("+222"), Some("7@lid")]);
    }

    #[test]
    fn a_caller_lid_matches_the_lid_beside_a_phone_jid() {
        let mut outcomes = vec![outcome("222@c.us", None)];
        match_requested(&mut outcomes, &lids(&[Some("8@lid")]), &["8@lid".to_owned(), "5@c.us".to_owned()]);
        assert_eq!(requested(&outcomes), [Some("8@lid")]);
    }

    #[test]
    fn elimination_only_when_one_is_left_on_each_side() {
        let mut one = vec![outcome("1@c.us", None), outcome("9@lid", None)];
        match_requested(&mut one, &[], &["1@c.us".to_owned(), "555".to_owned()]);
        assert_eq!(requested(&one), [Some("1@c.us"), Some("555")]);

        let mut two = vec![outcome("8@lid", None), outcome("9@lid", None)];
        match_requested(&mut two, &[], &["555".to_owned(), "666".to_owned()]);
        assert_eq!(requested(&two), [None, None], "two unknown lids are never paired by position");

        let mut lid = vec![outcome("9@lid", None)];
        match_requested(&mut lid, &[], &["8@lid".to_owned()]);
        assert_eq!(requested(&lid), [None], "another lid is another person");
    }

    #[test]
    fn each_requested_id_is_used_once() {
        let mut outcomes = vec![outcome("1@c.us", None), outcome("1@c.us", None)];
        match_requested(&mut outcomes, &[], &["1@c.us".to_owned(), "2@c.us".to_owned()]);
        assert_eq!(requested(&outcomes), [Some("1@c.us"), None], "a phone id that matched nothing is someone else");
    }
}
