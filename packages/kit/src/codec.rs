//! The packed storage layout of the hot records: reputation's operator record and history
//! buckets (docs/reputation.md §3), the escrow's bills (docs/bill-escrow.md §12), the distributor's
//! books and members (docs/distributor.md §4).
//!
//! Every settlement writes such records, and storage costs gas per byte written (30 under the
//! Cosmos SDK's defaults, plus 2,000 a write), so they are not JSON: their fields are unsigned
//! LEB128 varints in a fixed order, without names — a zero is one byte, a `u128` at most 19 —
//! and byte strings are a varint length and the bytes. Decoding refuses a truncated value, a
//! varint wider than its field, bytes that are not UTF-8 where text is expected and trailing
//! bytes, so a layout change cannot be read as the old one by accident.

use std::marker::PhantomData;

use cosmwasm_std::{Addr, Empty, StdError, StdResult, Storage, Uint256};
use cw_storage_plus::{Map, PrimaryKey};

/// Encoded size of the largest `u128` / `u64` / `u32` / `u16` / `u8` (`⌈bits / 7⌉`).
pub const MAX_U128_BYTES: usize = 19;
pub const MAX_U64_BYTES: usize = 10;
pub const MAX_U32_BYTES: usize = 5;
pub const MAX_U16_BYTES: usize = 3;
pub const MAX_U8_BYTES: usize = 2;

#[derive(Default)]
pub struct Writer(Vec<u8>);

impl Writer {
    pub fn put(&mut self, value: impl Into<u128>) {
        let mut value = value.into();
        while value >= 0x80 {
            self.0.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    /// A length-prefixed byte string.
    pub fn put_bytes(&mut self, bytes: &[u8]) {
        self.put(bytes.len() as u128);
        self.0.extend_from_slice(bytes);
    }

    pub fn put_str(&mut self, text: &str) {
        self.put_bytes(text.as_bytes());
    }

    pub fn put_bool(&mut self, value: bool) {
        self.put(u8::from(value));
    }

    /// A 256-bit integer as two varints, the high and the low 128 bits: the high half of an
    /// accumulator scaled by 10^18 is zero for this token's supply (one byte), and nothing is
    /// lost if it is not.
    pub fn put_u256(&mut self, value: Uint256) {
        let bytes = value.to_be_bytes();
        let half = |range: std::ops::Range<usize>| {
            let mut part = [0u8; 16];
            part.copy_from_slice(&bytes[range]);
            u128::from_be_bytes(part)
        };
        self.put(half(0..16));
        self.put(half(16..32));
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

pub struct Reader<'a> {
    bytes: &'a [u8],
    /// What is decoded, for the error.
    what: &'static str,
    /// Set by the `get_*` readers on a corrupt value; [`Reader::finish`] then refuses.
    failed: bool,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], what: &'static str) -> Self {
        Reader {
            bytes,
            what,
            failed: false,
        }
    }

    /// The next varint as `T`, or `T::default()` with the reader marked failed. A decoder built
    /// on the `get_*` readers has no early return (and no drop code per field in wasm); its
    /// caller's [`Reader::finish`] reports the corruption.
    pub fn get<T: TryFrom<u128> + Default>(&mut self) -> T {
        match self.take() {
            Ok(value) => value,
            Err(_) => {
                self.failed = true;
                T::default()
            }
        }
    }

    /// An address the contract validated before packing it (its own storage, its own
    /// sub-message's payload): read back as written, not validated again. The one place the
    /// packed records turn bytes into an `Addr`.
    pub fn get_addr(&mut self) -> Addr {
        Addr::unchecked(self.get_string())
    }

    /// [`Reader::get_addr`], failing at once on a corrupt value.
    pub fn take_addr(&mut self) -> StdResult<Addr> {
        self.take_string().map(Addr::unchecked)
    }

    /// [`Writer::put_u256`]'s value.
    pub fn get_u256(&mut self) -> Uint256 {
        let mut bytes = [0u8; 32];
        bytes[..16].copy_from_slice(&self.get::<u128>().to_be_bytes());
        bytes[16..].copy_from_slice(&self.get::<u128>().to_be_bytes());
        Uint256::from_be_bytes(bytes)
    }

    pub fn get_bool(&mut self) -> bool {
        match self.get::<u8>() {
            0 => false,
            1 => true,
            _ => {
                self.failed = true;
                false
            }
        }
    }

    pub fn get_string(&mut self) -> String {
        match self.take_string() {
            Ok(text) => text,
            Err(_) => {
                self.failed = true;
                String::new()
            }
        }
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Marks the value corrupt (e.g. an unknown discriminant).
    pub fn fail(&mut self) {
        self.failed = true;
    }

    #[inline(never)]
    fn corrupt(&self) -> StdError {
        StdError::parse_err(self.what, "corrupt packed value")
    }

    /// The next varint, which must fit `T`.
    pub fn take<T: TryFrom<u128>>(&mut self) -> StdResult<T> {
        let value = self.varint()?;
        T::try_from(value).map_err(|_| self.corrupt())
    }

    /// Not inlined: one copy of the loop serves every field of every record (wasm size).
    #[inline(never)]
    fn varint(&mut self) -> StdResult<u128> {
        let mut value = 0u128;
        let mut shift = 0u32;
        loop {
            let (&byte, rest) = self.bytes.split_first().ok_or_else(|| self.corrupt())?;
            self.bytes = rest;
            let part = u128::from(byte & 0x7f);
            if shift >= u128::BITS || (part << shift) >> shift != part {
                return Err(self.corrupt());
            }
            value |= part << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        Ok(value)
    }

    pub fn take_bool(&mut self) -> StdResult<bool> {
        match self.take::<u8>()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.corrupt()),
        }
    }

    /// The next length-prefixed byte string.
    pub fn take_bytes(&mut self) -> StdResult<&'a [u8]> {
        let len: usize = self.take()?;
        if len > self.bytes.len() {
            return Err(self.corrupt());
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(taken)
    }

    pub fn take_string(&mut self) -> StdResult<String> {
        let bytes = self.take_bytes()?;
        String::from_utf8(bytes.to_vec()).map_err(|_| self.corrupt())
    }

    /// Refuses bytes left over and a value a `get_*` reader found corrupt.
    pub fn finish(self) -> StdResult<()> {
        if self.bytes.is_empty() && !self.failed {
            Ok(())
        } else {
            Err(self.corrupt())
        }
    }
}

/// A record with a packed storage layout.
pub trait Packed: Sized {
    /// Names the record in decoding errors.
    const WHAT: &'static str;

    fn pack(&self, w: &mut Writer);

    fn unpack(r: &mut Reader) -> StdResult<Self>;

    fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.pack(&mut w);
        w.into_bytes()
    }

    /// Refuses trailing bytes.
    fn from_bytes(bytes: &[u8]) -> StdResult<Self> {
        let mut r = Reader::new(bytes, Self::WHAT);
        let value = Self::unpack(&mut r)?;
        r.finish()?;
        Ok(value)
    }
}

/// A map of packed records under cw-storage-plus keys (so its keys are laid out, and can be
/// ranged over, like a `Map<K, _>` of the same namespace), read and written whole.
pub struct PackedMap<K, T> {
    namespace: &'static str,
    types: PhantomData<(K, T)>,
}

impl<'a, K: PrimaryKey<'a>, T: Packed> PackedMap<K, T> {
    pub const fn new(namespace: &'static str) -> Self {
        PackedMap {
            namespace,
            types: PhantomData,
        }
    }

    fn key(&self, k: K) -> Vec<u8> {
        Map::<K, Empty>::new(self.namespace).key(k).to_vec()
    }

    pub fn may_load(&self, storage: &dyn Storage, k: K) -> StdResult<Option<T>> {
        storage
            .get(&self.key(k))
            .map(|bytes| T::from_bytes(&bytes))
            .transpose()
    }

    pub fn save(&self, storage: &mut dyn Storage, k: K, value: &T) {
        storage.set(&self.key(k), &value.to_bytes());
    }

    pub fn remove(&self, storage: &mut dyn Storage, k: K) {
        storage.remove(&self.key(k));
    }
}

impl<K, T> PackedMap<K, T> {
    /// The namespace, as `Map::namespace_bytes` gives a map's.
    pub fn namespace_bytes(&self) -> &[u8] {
        self.namespace.as_bytes()
    }
}

/// A single packed record under a storage key.
pub struct PackedItem<T> {
    key: &'static str,
    types: PhantomData<T>,
}

impl<T> PackedItem<T> {
    /// The storage key, as `Item::as_slice` gives an item's.
    pub fn as_slice(&self) -> &[u8] {
        self.key.as_bytes()
    }
}

impl<T: Packed> PackedItem<T> {
    pub const fn new(key: &'static str) -> Self {
        PackedItem {
            key,
            types: PhantomData,
        }
    }

    pub fn may_load(&self, storage: &dyn Storage) -> StdResult<Option<T>> {
        storage
            .get(self.key.as_bytes())
            .map(|bytes| T::from_bytes(&bytes))
            .transpose()
    }

    pub fn load(&self, storage: &dyn Storage) -> StdResult<T> {
        self.may_load(storage)?
            .ok_or_else(|| StdError::not_found(T::WHAT))
    }

    pub fn save(&self, storage: &mut dyn Storage, value: &T) {
        storage.set(self.key.as_bytes(), &value.to_bytes());
    }

    /// Loads the record, applies `action` and saves what it returns (cw-storage-plus's
    /// `Item::update`).
    pub fn update<E: From<StdError>>(
        &self,
        storage: &mut dyn Storage,
        action: impl FnOnce(T) -> Result<T, E>,
    ) -> Result<T, E> {
        let value = action(self.load(storage)?)?;
        self.save(storage, &value);
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn packed(value: u128) -> Vec<u8> {
        let mut w = Writer::default();
        w.put(value);
        w.into_bytes()
    }

    #[test]
    fn varint_sizes() {
        assert_eq!(packed(0), [0]);
        assert_eq!(packed(127), [127]);
        assert_eq!(packed(128), [0x80, 1]);
        assert_eq!(packed(u128::from(u8::MAX)).len(), MAX_U8_BYTES);
        assert_eq!(packed(u128::from(u16::MAX)).len(), MAX_U16_BYTES);
        assert_eq!(packed(u128::from(u32::MAX)).len(), MAX_U32_BYTES);
        assert_eq!(packed(u128::from(u64::MAX)).len(), MAX_U64_BYTES);
        assert_eq!(packed(u128::MAX).len(), MAX_U128_BYTES);
    }

    #[test]
    fn refuses_truncated_oversized_and_trailing_bytes() {
        let mut r = Reader::new(&[0x80], "x");
        assert!(r.take::<u128>().is_err());
        // u128::MAX with one bit too many in its last byte.
        let mut wide = packed(u128::MAX);
        *wide.last_mut().unwrap() = 0x07;
        assert!(Reader::new(&wide, "x").take::<u128>().is_err());
        let mut long = vec![0x80; 19];
        long.push(0);
        assert!(Reader::new(&long, "x").take::<u128>().is_err());
        assert!(Reader::new(&packed(256), "x").take::<u8>().is_err());
        assert!(Reader::new(&[2], "x").take_bool().is_err());
        let mut r = Reader::new(&[1, 2], "x");
        assert_eq!(r.take::<u8>().unwrap(), 1);
        assert!(r.finish().is_err());
    }

    #[test]
    fn get_readers_defer_the_error_to_finish() {
        let mut r = Reader::new(&[5, 2], "x");
        assert_eq!(r.get::<u8>(), 5);
        assert!(!r.get_bool());
        assert_eq!(r.get::<u64>(), 0);
        assert!(r.finish().is_err());
        let mut r = Reader::new(&[1, b'a'], "x");
        assert_eq!(r.get_string(), "a");
        r.finish().unwrap();
        let mut r = Reader::new(&[], "x");
        r.fail();
        assert!(r.finish().is_err());
    }

    #[test]
    fn byte_strings_round_trip_and_refuse_truncation() {
        let mut w = Writer::default();
        w.put_str("wasm1xyz");
        w.put_bytes(&[]);
        w.put_bool(true);
        let bytes = w.into_bytes();
        assert_eq!(bytes[0], 8);
        let mut r = Reader::new(&bytes, "x");
        assert_eq!(r.take_string().unwrap(), "wasm1xyz");
        assert_eq!(r.take_bytes().unwrap(), &[] as &[u8]);
        assert!(r.take_bool().unwrap());
        r.finish().unwrap();
        assert!(Reader::new(&bytes[..5], "x").take_bytes().is_err());
        assert!(Reader::new(&[2, 0xff, 0xfe], "x").take_string().is_err());
    }

    #[derive(Debug, PartialEq)]
    struct Pair(u64, String);

    impl Packed for Pair {
        const WHAT: &'static str = "pair";
        fn pack(&self, w: &mut Writer) {
            w.put(self.0);
            w.put_str(&self.1);
        }
        fn unpack(r: &mut Reader) -> StdResult<Self> {
            Ok(Pair(r.take()?, r.take_string()?))
        }
    }

    #[test]
    fn packed_maps_and_items_store_bytes_under_their_keys() {
        let mut storage = cosmwasm_std::testing::MockStorage::new();
        const PAIRS: PackedMap<u64, Pair> = PackedMap::new("pairs");
        const ONE: PackedItem<Pair> = PackedItem::new("one");
        assert_eq!(PAIRS.may_load(&storage, 7).unwrap(), None);
        assert!(ONE.load(&storage).is_err());
        PAIRS.save(&mut storage, 7, &Pair(3, "x".into()));
        ONE.save(&mut storage, &Pair(4, "y".into()));
        assert_eq!(
            PAIRS.may_load(&storage, 7).unwrap(),
            Some(Pair(3, "x".into()))
        );
        assert_eq!(ONE.load(&storage).unwrap(), Pair(4, "y".into()));
        // The same key a `Map<u64, _>` of the namespace uses; the value is the packed bytes.
        let key = Map::<u64, Empty>::new("pairs").key(7).to_vec();
        assert_eq!(storage.get(&key).unwrap(), vec![3, 1, b'x']);
        storage.set(&key, &[3, 1, b'x', 0]);
        assert!(PAIRS.may_load(&storage, 7).is_err());
        PAIRS.remove(&mut storage, 7);
        assert_eq!(PAIRS.may_load(&storage, 7).unwrap(), None);
    }

    proptest! {
        #[test]
        fn round_trips(values in proptest::collection::vec(any::<u128>(), 0..20)) {
            let mut w = Writer::default();
            values.iter().for_each(|v| w.put(*v));
            let bytes = w.into_bytes();
            let mut r = Reader::new(&bytes, "x");
            for v in &values {
                prop_assert_eq!(r.take::<u128>().unwrap(), *v);
            }
            prop_assert!(r.finish().is_ok());
        }
    }
}
