//! Relations: the facts of one predicate, stored as rows of interned values, with a tuple
//! table for deduplication and exact lookup and the hash indexes the plan asks for. Nothing
//! here knows about rules or provenance.

use super::{FactId, ValueId};
use crate::analyze::Version;

/// The facts of one predicate, append-only.
///
/// Row `r` holds the values `data[r * arity .. (r + 1) * arity]` and is the fact `facts[r]`.
/// Rows are never removed or reordered, so the semi-naive lifecycle is three consecutive row
/// ranges, in the manner of datafrog's `stable` / `recent` / `to_add`:
///
/// - `0 .. stable_end`: **stable** rows, joined with each other in earlier rounds;
/// - `stable_end .. recent_end`: **recent** rows (the delta), added by the previous round;
/// - `recent_end .. len`: rows being added in this round, invisible to this round's joins.
///
/// At the end of a round `stable_end` moves to `recent_end` and `recent_end` to `len`; the
/// fixpoint of a stratum is reached when no relation of it has recent rows. Relations of
/// finished strata are read whole ([`Version::All`]).
///
/// Indexes map the values at some positions to the ascending list of rows holding them, so a
/// version's rows are a sub-slice found by binary search.
#[derive(Debug)]
pub(crate) struct Relation {
    arity: usize,
    data: Vec<ValueId>,
    facts: Vec<FactId>,
    /// Row numbers, by the [`Tag`] of their whole tuple.
    primary: TagTable,
    indexes: Vec<Index>,
    /// End of the stable rows.
    pub(crate) stable_end: u32,
    /// End of the recent rows.
    pub(crate) recent_end: u32,
}

/// A hash index on some positions: one bucket of rows per distinct key.
#[derive(Debug)]
struct Index {
    positions: Vec<usize>,
    /// Bucket numbers, by the [`Tag`] of their key; a bucket's first row stands for its key.
    table: TagTable,
    buckets: Vec<Vec<u32>>,
}

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

/// 32 bits of a tuple's or key's hash, stored beside each table entry. Comparing tags first
/// means a lookup reads a row's values only when the tags agree, and growing a table rehashes
/// from the tags alone, without reading any row: at a million facts the rows no longer fit in
/// the cache, and those reads were most of the engine's time.
type Tag = u32;

/// The tag of a hash.
fn tag(hash: u64) -> Tag {
    (hash >> 32) as u32 ^ hash as u32
}

/// A hash table from [`Tag`]s to `u32` values (row or bucket numbers), with open addressing
/// and linear probing over one array of 64-bit slots: the tag in the high half, the value
/// plus one in the low half, zero for an empty slot. Tag and value sit in the same slot, so a
/// probe touches one cache line where a table with separate control bytes touches two; the
/// engine's lookups are memory-bound once relations outgrow the cache. The caller resolves
/// tag collisions with its `eq` test; nothing is ever removed.
#[derive(Debug, Default)]
struct TagTable {
    slots: Vec<u64>,
    len: usize,
    /// `32 - log2(slots.len())`: a slot's home is the top bits of its mixed tag.
    shift: u32,
}

impl TagTable {
    /// Most entries per slot before the table doubles (3/4: short probe runs).
    const LOAD_NUM: usize = 3;
    const LOAD_DEN: usize = 4;

    fn home(&self, tag: Tag) -> usize {
        // A multiplicative mix: the tag's top bits alone may be weak for small ids.
        (tag.wrapping_mul(0x9e37_79b9) >> self.shift) as usize
    }

    /// The value of the first entry with this tag that `eq` accepts.
    fn find(&self, tag: Tag, mut eq: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(tag);
        loop {
            let slot = self.slots.get(i).copied().unwrap_or(0);
            if slot == 0 {
                return None;
            }
            if (slot >> 32) as u32 == tag {
                let value = (slot as u32).wrapping_sub(1);
                if eq(value) {
                    return Some(value);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds an entry (the caller knows no equal one is present). Values up to `u32::MAX - 1`.
    fn insert(&mut self, tag: Tag, value: u32) {
        if (self.len + 1) * Self::LOAD_DEN > self.slots.len() * Self::LOAD_NUM {
            self.grow();
        }
        self.place((u64::from(tag) << 32) | u64::from(value.wrapping_add(1)));
        self.len += 1;
    }

    fn place(&mut self, slot: u64) {
        let mask = self.slots.len() - 1;
        let mut i = self.home((slot >> 32) as u32);
        while let Some(s) = self.slots.get_mut(i) {
            if *s == 0 {
                *s = slot;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        self.shift = 32 - size.trailing_zeros();
        for slot in old {
            if slot != 0 {
                self.place(slot);
            }
        }
    }
}

/// Hashes a sequence of value ids (the multiply-add scheme of `rustc-hash`).
pub(crate) fn hash_values(values: impl Iterator<Item = ValueId>) -> u64 {
    let mut h = 0u64;
    for v in values {
        h = h.wrapping_add(u64::from(v.0)).wrapping_mul(SEED);
    }
    h.rotate_left(26)
}

fn row_of(data: &[ValueId], arity: usize, row: u32) -> &[ValueId] {
    let start = row as usize * arity;
    data.get(start..start + arity).unwrap_or(&[])
}

fn key_hash(tuple: &[ValueId], positions: &[usize]) -> u64 {
    hash_values(
        positions
            .iter()
            .map(|&p| tuple.get(p).copied().unwrap_or(ValueId(u32::MAX))),
    )
}

fn key_matches(tuple: &[ValueId], positions: &[usize], key: &[ValueId]) -> bool {
    positions.len() == key.len()
        && positions
            .iter()
            .zip(key)
            .all(|(&p, k)| tuple.get(p) == Some(k))
}

impl Relation {
    /// An empty relation with these indexes.
    pub(crate) fn new(arity: usize, indexes: &[Vec<usize>]) -> Relation {
        Relation {
            arity,
            data: Vec::new(),
            facts: Vec::new(),
            primary: TagTable::default(),
            indexes: indexes
                .iter()
                .map(|positions| Index {
                    positions: positions.clone(),
                    table: TagTable::default(),
                    buckets: Vec::new(),
                })
                .collect(),
            stable_end: 0,
            recent_end: 0,
        }
    }

    /// Number of arguments.
    pub(crate) fn arity(&self) -> usize {
        self.arity
    }

    /// Number of rows.
    pub(crate) fn len(&self) -> usize {
        self.facts.len()
    }

    /// The values of a row (empty for a row that does not exist).
    pub(crate) fn row(&self, row: u32) -> &[ValueId] {
        row_of(&self.data, self.arity, row)
    }

    /// The fact of a row.
    pub(crate) fn fact(&self, row: u32) -> FactId {
        self.facts
            .get(row as usize)
            .copied()
            .unwrap_or(FactId(u32::MAX))
    }

    /// All facts, in insertion order.
    pub(crate) fn facts(&self) -> &[FactId] {
        &self.facts
    }

    /// The rows a version covers.
    pub(crate) fn range(&self, version: Version) -> (u32, u32) {
        match version {
            Version::All => (0, self.facts.len() as u32),
            Version::Full => (0, self.recent_end),
            Version::Old => (0, self.stable_end),
            Version::Delta => (self.stable_end, self.recent_end),
        }
    }

    /// The row holding exactly `tuple`, given its [`hash_values`] hash.
    pub(crate) fn find_hashed(&self, hash: u64, tuple: &[ValueId]) -> Option<u32> {
        let (data, arity) = (&self.data, self.arity);
        self.primary
            .find(tag(hash), |r| row_of(data, arity, r) == tuple)
    }

    /// The row holding exactly `tuple`.
    pub(crate) fn find(&self, tuple: &[ValueId]) -> Option<u32> {
        self.find_hashed(hash_values(tuple.iter().copied()), tuple)
    }

    /// The rows of index `index` whose key is `key`, ascending.
    pub(crate) fn bucket(&self, index: usize, key: &[ValueId]) -> Option<(usize, &[u32])> {
        let ix = self.indexes.get(index)?;
        let (data, arity) = (&self.data, self.arity);
        let b = ix.table.find(tag(hash_values(key.iter().copied())), |b| {
            ix.buckets
                .get(b as usize)
                .and_then(|rows| rows.first())
                .is_some_and(|&r| key_matches(row_of(data, arity, r), &ix.positions, key))
        })?;
        ix.buckets
            .get(b as usize)
            .map(|rows| (b as usize, rows.as_slice()))
    }

    /// The rows of one bucket of an index.
    pub(crate) fn bucket_rows(&self, index: usize, bucket: usize) -> &[u32] {
        self.indexes
            .get(index)
            .and_then(|ix| ix.buckets.get(bucket))
            .map_or(&[][..], Vec::as_slice)
    }

    /// Appends `tuple` as a new row for `fact`; the caller has checked with
    /// [`Relation::find_hashed`] that it is absent and passes the same hash. Tuples of the
    /// wrong length are ignored.
    pub(crate) fn insert_hashed(&mut self, hash: u64, tuple: &[ValueId], fact: FactId) {
        if tuple.len() != self.arity {
            return;
        }
        let row = self.facts.len() as u32;
        self.data.extend_from_slice(tuple);
        self.facts.push(fact);
        let Relation {
            arity,
            data,
            primary,
            indexes,
            ..
        } = self;
        let arity = *arity;
        primary.insert(tag(hash), row);
        for ix in indexes {
            let Index {
                positions,
                table,
                buckets,
            } = ix;
            let kt = tag(key_hash(tuple, positions));
            let found = table.find(kt, |b| {
                buckets
                    .get(b as usize)
                    .and_then(|rows| rows.first())
                    .is_some_and(|&r| {
                        let rep = row_of(data, arity, r);
                        positions.iter().all(|&p| rep.get(p) == tuple.get(p))
                    })
            });
            match found.and_then(|b| buckets.get_mut(b as usize)) {
                Some(rows) => rows.push(row),
                None => {
                    let b = buckets.len() as u32;
                    buckets.push(vec![row]);
                    table.insert(kt, b);
                }
            }
        }
    }
}
