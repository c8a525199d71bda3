//! Rendered group objects, reused while nothing they are rendered from has changed.
//!
//! A render of a 50-member group costs tens of µs; reads (`GET /groups/{id}`, list pages)
//! far outnumber changes. Each entry is checked by a fingerprint of everything the render
//! reads — the group's state and, for GOWS, the `@lid`s of its members and owner — so a change
//! is seen without any bookkeeping at the places that change the world.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use waha_groups::Engine;

use crate::state::{GroupState, World};

/// Bytes of rendered JSON the cache holds at most; past it, it starts over empty.
pub const RENDER_CACHE_BYTES: usize = 32 << 20;

/// A render and the fingerprint it was made from.
type Entry = Option<(u64, Arc<[u8]>)>;

/// Rendered groups by id: `[with participants, without]`.
pub(crate) struct RenderCache {
    entries: HashMap<String, [Entry; 2]>,
    bytes: usize,
    bound: usize,
}

impl Default for RenderCache {
    fn default() -> Self {
        RenderCache { entries: HashMap::new(), bytes: 0, bound: RENDER_CACHE_BYTES }
    }
}

impl RenderCache {
    /// The group as the engine renders it, from the cache when it is current.
    pub(crate) fn group(&mut self, engine: &Engine, g: &GroupState, world: &World, exclude: bool) -> Arc<[u8]> {
        let print = fingerprint(engine, g, world);
        let slot = usize::from(exclude);
        if let Some(Some((p, bytes))) = self.entries.get(&g.id).map(|e| &e[slot])
            && *p == print
        {
            return bytes.clone();
        }
        let wire = super::group_wire(engine, g, world, exclude);
        let bytes: Arc<[u8]> = serde_json::to_vec(&wire).expect("wire structs serialise").into();
        if self.bytes + bytes.len() > self.bound {
            self.entries.clear();
            self.bytes = 0;
        }
        let entry = self.entries.entry(g.id.clone()).or_default();
        if let Some((_, old)) = entry[slot].replace((print, bytes.clone())) {
            self.bytes -= old.len();
        }
        self.bytes += bytes.len();
        bytes
    }
}

fn fingerprint(engine: &Engine, g: &GroupState, world: &World) -> u64 {
    let mut h = DefaultHasher::new();
    g.hash(&mut h);
    if *engine == Engine::Gows {
        for phone in g.members.iter().map(|m| &*m.id).chain([g.owner.as_str()]) {
            world.lid(phone).hash(&mut h);
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Member, MemberRole, Phone};

    #[test]
    fn a_change_is_seen_and_the_bound_holds() {
        let world = World::new(1, 0);
        let owner = Member { id: Phone::new("1@c.us"), role: MemberRole::Superadmin };
        let mut g = GroupState::new("1@g.us".into(), "A".into(), "1@c.us", 0, vec![owner], "AbC".into());
        let mut cache = RenderCache::default();
        let first = cache.group(&Engine::Noweb, &g, &world, false);
        assert!(Arc::ptr_eq(&first, &cache.group(&Engine::Noweb, &g, &world, false)), "served from the cache");
        g.subject = "B".into();
        let renamed = cache.group(&Engine::Noweb, &g, &world, false);
        assert!(String::from_utf8_lossy(&renamed).contains("\"subject\":\"B\""));
        assert_eq!(cache.bytes, renamed.len(), "the old render is accounted for");
        let bare = cache.group(&Engine::Noweb, &g, &world, true);
        assert_eq!(cache.bytes, renamed.len() + bare.len());
    }

    #[test]
    fn the_cache_never_holds_more_than_its_bound() {
        let world = World::new(1, 0);
        let mut cache = RenderCache { bound: 2_000, ..RenderCache::default() };
        for n in 0..100 {
            let owner = Member { id: Phone::new("1@c.us"), role: MemberRole::Superadmin };
            let g = GroupState::new(format!("{n}@g.us"), "A".into(), "1@c.us", 0, vec![owner], "AbC".into());
            let bytes = cache.group(&Engine::Gows, &g, &world, false);
            assert!(cache.bytes <= cache.bound, "{} bytes cached", cache.bytes);
            assert_eq!(cache.bytes, cache.entries.values().flatten().flatten().map(|(_, b)| b.len()).sum::<usize>());
            assert!(cache.entries.contains_key(&g.id), "the newest render is kept ({} bytes)", bytes.len());
        }
    }
}
