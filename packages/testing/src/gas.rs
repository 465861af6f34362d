//! Storage gas as the Cosmos SDK charges it, metered in the suite's app: what a transaction's
//! storage work would cost on chain, to prove in tests that a path's cost does not grow with
//! history (the chain tests measure the real gas, scripts/chain-tests/50-gas.sh).
//!
//! cw-multi-test runs each transaction on a cache over its base storage and writes the cache
//! back at the end, so the meter sees each key written once per transaction and reads that
//! miss the cache: fewer operations than the SDK charges for, the same for any two runs of one
//! path. Compare paths with each other, not with the chain's figures.

use std::cell::Cell;
use std::rc::Rc;

use cosmwasm_std::{MemoryStorage, Order, Record, Storage};

/// The SDK's default KV gas (`storetypes.KVGasConfig`).
pub const READ_COST_FLAT: u64 = 1_000;
pub const READ_COST_PER_BYTE: u64 = 3;
pub const WRITE_COST_FLAT: u64 = 2_000;
pub const WRITE_COST_PER_BYTE: u64 = 30;
pub const DELETE_COST: u64 = 1_000;
pub const ITER_NEXT_COST_FLAT: u64 = 30;

/// A memory storage that adds the SDK's gas of every operation to a shared meter.
#[derive(Default)]
pub struct MeteredStorage {
    inner: MemoryStorage,
    gas: Rc<Cell<u64>>,
}

impl MeteredStorage {
    /// The meter, shared with the suite.
    pub fn meter(&self) -> Rc<Cell<u64>> {
        self.gas.clone()
    }

    fn charge(&self, gas: u64) {
        self.gas.set(self.gas.get().saturating_add(gas));
    }
}

fn bytes(n: usize) -> u64 {
    n as u64
}

impl Storage for MeteredStorage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let value = self.inner.get(key);
        let size = key.len() + value.as_ref().map_or(0, Vec::len);
        self.charge(READ_COST_FLAT + READ_COST_PER_BYTE * bytes(size));
        value
    }

    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        Box::new(self.inner.range(start, end, order).inspect(|(k, v)| {
            self.charge(ITER_NEXT_COST_FLAT + READ_COST_PER_BYTE * bytes(k.len() + v.len()))
        }))
    }

    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.charge(WRITE_COST_FLAT + WRITE_COST_PER_BYTE * bytes(key.len() + value.len()));
        self.inner.set(key, value);
    }

    fn remove(&mut self, key: &[u8]) {
        self.charge(DELETE_COST);
        self.inner.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_cost_what_the_sdk_charges() {
        let mut storage = MeteredStorage::default();
        let meter = storage.meter();
        storage.set(b"ab", b"xyz");
        assert_eq!(meter.get(), 2_000 + 30 * 5);
        assert_eq!(storage.get(b"ab"), Some(b"xyz".to_vec()));
        assert_eq!(meter.get(), 2_150 + 1_000 + 3 * 5);
        storage.remove(b"ab");
        assert_eq!(meter.get(), 3_165 + 1_000);
        storage.set(b"c", b"d");
        let before = meter.get();
        assert_eq!(storage.range(None, None, Order::Ascending).count(), 1);
        assert_eq!(meter.get(), before + 30 + 3 * 2);
    }
}
