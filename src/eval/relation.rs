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
    /// Row numbers, by their whole tuple.
    primary: Primary,
    indexes: Vec<Index>,
    /// End of the stable rows.
    pub(crate) stable_end: u32,
    /// End of the recent rows.
    pub(crate) recent_end: u32,
}

/// A relation's rows by their whole tuple.
#[derive(Debug)]
enum Primary {
    /// One table, by the [`Tag`] of the tuple.
    Flat(TagTable),
    /// Two levels: by the first value (its id is the tag) a group, and in the group, by the
    /// second value's id (for two arguments: equal tags then mean equal tuples) or the tag of
    /// the whole tuple (for more), the row.
    ///
    /// For the relations that recursive strata derive from nothing, which grow to millions of
    /// rows (see [`Relation::group`]). A join derives
    /// its tuples in runs that share their first value (the first value of the delta row it
    /// extends), so a run's lookups read one group, a few cache lines, where one table
    /// scatters them over megabytes and each is a cache miss.
    Grouped {
        /// Group numbers, by first value.
        by_first: Directory,
        groups: Vec<TagTable>,
    },
}

/// Group numbers by value id: an array by id for the ids below four per group (value ids
/// are dense, and values met together get close ids, so consecutive lookups read close
/// entries), a table for the others.
#[derive(Debug, Default)]
struct Directory {
    /// By value id, the group number plus one (0: none).
    direct: Vec<u32>,
    table: TagTable,
    len: usize,
}

impl Directory {
    fn get(&self, id: u32) -> Option<u32> {
        match self.direct.get(id as usize) {
            Some(&g) if g != 0 => Some(g - 1),
            _ => self.table.find(id, |_| true),
        }
    }

    /// Adds an entry (the caller knows `id` has none).
    fn insert(&mut self, id: u32, group: u32) {
        let i = id as usize;
        if i < 4 * self.len + 1024 {
            if i >= self.direct.len() {
                let size = (i + 1).max(self.direct.len() * 2).min(4 * self.len + 1024);
                self.direct.resize(size.max(i + 1), 0);
            }
            if let Some(entry) = self.direct.get_mut(i) {
                *entry = group + 1;
            }
        } else {
            self.table.insert(id, group);
        }
        self.len += 1;
    }
}

/// A hash index on some positions: one bucket of rows per distinct key.
///
/// While the relation grows, each bucket is a vector of its own and the table maps a key to
/// its bucket's number. Once the relation is complete, [`Relation::freeze`] packs the buckets
/// into one array, each as its length followed by its rows, and the table then maps a key to
/// where its bucket starts: a lookup reads the table and the bucket, where it read the table,
/// the bucket's vector, its rows and the first row's values before. At a million facts each of
/// those reads is a cache miss.
///
/// On one position the tag of a key is the key's value id itself, so equal tags mean equal
/// keys and a lookup never reads a row to compare keys. A packed index on one position whose
/// keys are dense among the value ids (at most four ids per key) is an array by value id
/// instead of a table: no probing, and keys with close ids (values met together in the input)
/// have their entries close together.
#[derive(Debug)]
struct Index {
    positions: Vec<usize>,
    /// Bucket numbers (or, once packed, bucket starts), by the tag of their key (see
    /// [`Index::tag`]); a bucket's first row stands for its key.
    table: TagTable,
    buckets: Vec<Vec<u32>>,
    /// The packed buckets of a complete relation; `buckets` is then empty.
    packed: Option<Vec<u32>>,
    /// For a packed index on one position, when its keys are dense: by value id, the start
    /// of its bucket plus one (0: no bucket); `table` is then empty.
    direct: Option<Vec<u32>>,
}

impl Index {
    /// Whether the tag of a key is the key itself.
    fn exact(&self) -> bool {
        self.positions.len() == 1
    }

    /// The tag of a key given as the tuple `values` holding it at `positions`.
    fn tag_at(&self, values: &[ValueId], positions: bool) -> Tag {
        let value = |i: usize| {
            let at = if positions {
                self.positions.get(i).copied().unwrap_or(usize::MAX)
            } else {
                i
            };
            values.get(at).copied().unwrap_or(ValueId(u32::MAX))
        };
        if self.exact() {
            value(0).0
        } else {
            tag(hash_values((0..self.positions.len()).map(value)))
        }
    }

    /// The rows of the bucket at `handle` (a bucket number, or a start once packed).
    fn rows(&self, handle: usize) -> &[u32] {
        match &self.packed {
            Some(packed) => {
                let len = packed.get(handle).copied().unwrap_or(0) as usize;
                packed.get(handle + 1..handle + 1 + len).unwrap_or(&[])
            }
            None => self.buckets.get(handle).map_or(&[][..], Vec::as_slice),
        }
    }

    /// The handle of the bucket of `key`.
    fn find(&self, data: &[ValueId], arity: usize, key: &[ValueId]) -> Option<usize> {
        if key.len() != self.positions.len() {
            return None;
        }
        if let Some(direct) = &self.direct {
            let start = direct.get(key.first()?.0 as usize).copied().unwrap_or(0);
            return start.checked_sub(1).map(|s| s as usize);
        }
        let exact = self.exact();
        let found = self.table.find(self.tag_at(key, false), |h| {
            exact
                || self
                    .rows(h as usize)
                    .first()
                    .is_some_and(|&r| key_matches(row_of(data, arity, r), &self.positions, key))
        })?;
        Some(found as usize)
    }

    /// Adds row `row`, holding `tuple`, to its bucket.
    fn add(&mut self, data: &[ValueId], arity: usize, row: u32, tuple: &[ValueId]) {
        if self.packed.is_some() || self.direct.is_some() {
            self.unpack(data, arity, row);
        }
        let kt = self.tag_at(tuple, true);
        let exact = self.exact();
        let Index {
            positions,
            table,
            buckets,
            ..
        } = self;
        let found = table.find(kt, |b| {
            exact
                || buckets
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

    /// Packs the buckets (see the type's docs).
    fn pack(&mut self, data: &[ValueId], arity: usize) {
        if self.packed.is_some() {
            return;
        }
        let key_of = |rows: &Vec<u32>| -> Option<u32> {
            let p = *self.positions.first()?;
            Some(row_of(data, arity, *rows.first()?).get(p)?.0)
        };
        let max_key = if self.exact() {
            self.buckets.iter().map(key_of).max().flatten()
        } else {
            None
        };
        let dense = max_key.filter(|&m| (m as usize) < 4 * self.buckets.len() + 64);
        let total = self.buckets.len() + self.buckets.iter().map(Vec::len).sum::<usize>();
        if total >= (u32::MAX - 1) as usize {
            return;
        }
        let mut packed = Vec::with_capacity(total);
        let mut starts = Vec::with_capacity(self.buckets.len());
        let mut direct = dense.map(|m| vec![0u32; m as usize + 1]);
        for rows in std::mem::take(&mut self.buckets) {
            let start = packed.len() as u32;
            if let Some(entry) = direct
                .as_mut()
                .and_then(|d| d.get_mut(key_of(&rows)? as usize))
            {
                *entry = start + 1;
            }
            starts.push(start);
            packed.push(rows.len() as u32);
            packed.extend_from_slice(&rows);
        }
        if direct.is_some() {
            self.table = TagTable::default();
        } else {
            self.table
                .map_values(|b| starts.get(b as usize).copied().unwrap_or(0));
        }
        self.packed = Some(packed);
        self.direct = direct;
    }

    /// Undoes [`Index::pack`] (for a row added to a relation thought complete), by
    /// indexing rows `0..rows` again.
    fn unpack(&mut self, data: &[ValueId], arity: usize, rows: u32) {
        self.packed = None;
        self.direct = None;
        self.table = TagTable::default();
        self.buckets.clear();
        for row in 0..rows {
            let tuple = row_of(data, arity, row);
            self.add(data, arity, row, tuple);
        }
    }
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

    /// An empty table of `size` slots (a power of two).
    fn with_slots(size: usize) -> TagTable {
        TagTable {
            slots: vec![0; size],
            len: 0,
            shift: 32 - size.trailing_zeros(),
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

    /// Replaces every entry's value `v` by `f(v)`.
    fn map_values(&mut self, f: impl Fn(u32) -> u32) {
        for slot in &mut self.slots {
            if *slot != 0 {
                let value = f((*slot as u32).wrapping_sub(1));
                *slot = (*slot & !0xffff_ffff) | u64::from(value.wrapping_add(1));
            }
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(4);
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
fn hash_values(values: impl Iterator<Item = ValueId>) -> u64 {
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
            primary: Primary::Flat(TagTable::default()),
            indexes: indexes
                .iter()
                .map(|positions| Index {
                    positions: positions.clone(),
                    table: TagTable::default(),
                    buckets: Vec::new(),
                    packed: None,
                    direct: None,
                })
                .collect(),
            stable_end: 0,
            recent_end: 0,
        }
    }

    /// Switches an empty relation of two or more arguments to [`Primary::Grouped`] (the
    /// engine does for those a recursive stratum derives). Not for relations with rows: base
    /// statements often have nearly unique first values, and a group per value would cost
    /// an allocation and some 60 bytes per row.
    pub(crate) fn group(&mut self) {
        if self.facts.is_empty() && self.arity >= 2 {
            self.primary = Primary::Grouped {
                by_first: Directory::default(),
                groups: Vec::new(),
            };
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

    /// The hash of `tuple` that [`Relation::find_hashed`] and [`Relation::insert_hashed`]
    /// take: its [`hash_values`] hash, or 0 for a grouped relation of two arguments, which
    /// uses none (the second value is its own tag), so a derived pair is not hashed.
    pub(crate) fn hash(&self, tuple: &[ValueId]) -> u64 {
        match self.primary {
            Primary::Grouped { .. } if self.arity == 2 => 0,
            _ => hash_values(tuple.iter().copied()),
        }
    }

    /// The row holding exactly `tuple`, given its [`Relation::hash`].
    pub(crate) fn find_hashed(&self, hash: u64, tuple: &[ValueId]) -> Option<u32> {
        let (data, arity) = (&self.data, self.arity);
        match &self.primary {
            Primary::Flat(table) => table.find(tag(hash), |r| row_of(data, arity, r) == tuple),
            Primary::Grouped { by_first, groups } => {
                let g = by_first.get(tuple.first()?.0)?;
                let group = groups.get(g as usize)?;
                if arity == 2 {
                    group.find(tuple.get(1)?.0, |_| true)
                } else {
                    group.find(tag(hash), |r| row_of(data, arity, r) == tuple)
                }
            }
        }
    }

    /// The row holding exactly `tuple`.
    pub(crate) fn find(&self, tuple: &[ValueId]) -> Option<u32> {
        self.find_hashed(self.hash(tuple), tuple)
    }

    /// The bucket of index `index` whose key is `key`: a handle for
    /// [`Relation::bucket_rows`] and its rows, ascending.
    pub(crate) fn bucket(&self, index: usize, key: &[ValueId]) -> Option<(usize, &[u32])> {
        let ix = self.indexes.get(index)?;
        let handle = ix.find(&self.data, self.arity, key)?;
        Some((handle, ix.rows(handle)))
    }

    /// The rows of one bucket of an index, by the handle [`Relation::bucket`] gave.
    pub(crate) fn bucket_rows(&self, index: usize, handle: usize) -> &[u32] {
        self.indexes
            .get(index)
            .map_or(&[][..], |ix| ix.rows(handle))
    }

    /// Packs the indexes of a complete relation (see [`Index`]); adding a row later is
    /// correct but slow.
    pub(crate) fn freeze(&mut self) {
        for ix in &mut self.indexes {
            ix.pack(&self.data, self.arity);
        }
    }

    /// Appends `tuple` as a new row for `fact`; the caller has checked with
    /// [`Relation::find_hashed`] that it is absent and passes the same hash. Tuples of the
    /// wrong length are ignored.
    pub(crate) fn insert_hashed(&mut self, hash: u64, tuple: &[ValueId], fact: FactId) {
        if tuple.len() != self.arity {
            return;
        }
        let row = self.facts.len() as u32;
        // Value by value: for two or three values a loop of pushes costs less than the call
        // to `memcpy` that `extend_from_slice` makes, once per derived fact.
        for &v in tuple {
            self.data.push(v);
        }
        self.facts.push(fact);
        let Relation {
            arity,
            data,
            primary,
            indexes,
            ..
        } = self;
        let arity = *arity;
        match primary {
            Primary::Flat(table) => table.insert(tag(hash), row),
            Primary::Grouped { by_first, groups } => {
                let first = tuple.first().map_or(0, |v| v.0);
                let g = match by_first.get(first) {
                    Some(g) => g,
                    None => {
                        let g = groups.len() as u32;
                        groups.push(TagTable::with_slots(8));
                        by_first.insert(first, g);
                        g
                    }
                };
                let t = if arity == 2 {
                    tuple.get(1).map_or(0, |v| v.0)
                } else {
                    tag(hash)
                };
                if let Some(group) = groups.get_mut(g as usize) {
                    group.insert(t, row);
                }
            }
        }
        for ix in indexes {
            ix.add(data, arity, row, tuple);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(values: &[u32]) -> Vec<ValueId> {
        values.iter().map(|&v| ValueId(v)).collect()
    }

    fn insert(rel: &mut Relation, values: &[u32]) {
        let tuple = ids(values);
        let hash = rel.hash(&tuple);
        assert!(rel.find_hashed(hash, &tuple).is_none());
        let fact = FactId(rel.len() as u32);
        rel.insert_hashed(hash, &tuple, fact);
    }

    fn bucket_keys(rel: &Relation, index: usize, key: u32) -> Vec<u32> {
        rel.bucket(index, &ids(&[key]))
            .map(|(_, rows)| rows.to_vec())
            .unwrap_or_default()
    }

    #[test]
    fn grouped_and_flat_tables_find_the_same_rows() {
        for grouped in [false, true] {
            for arity in [2, 3] {
                let mut rel = Relation::new(arity, &[]);
                if grouped {
                    rel.group();
                }
                let mut tuples = Vec::new();
                for x in 0..40u32 {
                    for y in 0..(x % 7) {
                        let t: Vec<u32> = (0..arity as u32)
                            .map(|i| if i == 0 { x } else { 100 + y * 7 + i })
                            .collect();
                        tuples.push(t);
                    }
                }
                // A first value far beyond the dense range goes to the directory's table.
                tuples.push((0..arity as u32).map(|i| 1_000_000 + i).collect());
                for t in &tuples {
                    insert(&mut rel, t);
                }
                for (row, t) in tuples.iter().enumerate() {
                    assert_eq!(rel.find(&ids(t)), Some(row as u32));
                }
                assert_eq!(rel.find(&ids(&vec![7; arity])), None);
            }
        }
    }

    #[test]
    fn packed_indexes_answer_like_growing_ones_and_survive_a_late_row() {
        // Index 0 on position 0 (dense keys: an array), index 1 on positions 0 and 1.
        let mut rel = Relation::new(2, &[vec![0], vec![0, 1]]);
        let mut rows = Vec::new();
        for x in 0..30u32 {
            for y in 0..(x % 4) {
                insert(&mut rel, &[x, y]);
                rows.push((x, y));
            }
        }
        let expect = |rows: &[(u32, u32)], x: u32| -> Vec<u32> {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| r.0 == x)
                .map(|(i, _)| i as u32)
                .collect()
        };
        let before: Vec<Vec<u32>> = (0..31).map(|x| bucket_keys(&rel, 0, x)).collect();
        rel.freeze();
        for x in 0..31 {
            assert_eq!(bucket_keys(&rel, 0, x), expect(&rows, x));
            assert_eq!(bucket_keys(&rel, 0, x), before[x as usize]);
            if let Some((handle, found)) = rel.bucket(0, &ids(&[x])) {
                assert_eq!(rel.bucket_rows(0, handle), found);
            }
        }
        assert_eq!(
            rel.bucket(1, &ids(&[3, 2])).map(|(_, r)| r.to_vec()),
            Some(vec![
                rows.iter().position(|&r| r == (3, 2)).unwrap_or(0) as u32
            ])
        );
        assert!(rel.bucket(1, &ids(&[3, 3])).is_none());
        // A row added after packing unpacks the indexes and is found.
        insert(&mut rel, &[5, 9]);
        rows.push((5, 9));
        assert_eq!(bucket_keys(&rel, 0, 5), expect(&rows, 5));
        assert_eq!(rel.bucket(1, &ids(&[5, 9])).map(|(_, r)| r.len()), Some(1));
    }

    #[test]
    fn sparse_keys_keep_a_table_when_packed() {
        let mut rel = Relation::new(2, &[vec![1]]);
        insert(&mut rel, &[1, 5_000_000]);
        insert(&mut rel, &[2, 5_000_000]);
        insert(&mut rel, &[3, 7]);
        rel.freeze();
        assert_eq!(bucket_keys(&rel, 0, 5_000_000), vec![0, 1]);
        assert_eq!(bucket_keys(&rel, 0, 7), vec![2]);
        assert!(bucket_keys(&rel, 0, 8).is_empty());
    }
}
