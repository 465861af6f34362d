;; A hostile CosmWasm contract for the chain tests (scripts/chain-tests/46-hostile-hook.sh): it instantiates, and every
;; execute spins until the chain stops it for lack of gas. The suite must survive pointing a hook at it: a hook sent
;; with a gas limit and a reply on error fails alone, within its limit, and the user's action stands.
;; Hand-written wasm text because the behaviour is the whole point and has no Rust to test: the cosmwasm-vm ABI is
;; memory + allocate/deallocate (Regions: offset, capacity, length, little-endian u32s) + interface_version_8 +
;; entry points taking Region pointers and returning a Region pointer to JSON.
(module
  (memory (export "memory") 2)
  ;; The instantiate answer: Ok(Response::default()) as cosmwasm-std serialises it.
  (data (i32.const 1024) "{\"ok\":{\"messages\":[],\"attributes\":[],\"events\":[],\"data\":null}}")
  ;; Its Region at 2048: offset 1024, capacity and length 62 (0x3e), the JSON's bytes.
  (data (i32.const 2048) "\00\04\00\00\3e\00\00\00\3e\00\00\00")
  ;; Bump allocator above the static data; nothing is freed (one call per instance).
  (global $heap (mut i32) (i32.const 4096))
  (func (export "interface_version_8"))
  (func (export "allocate") (param $size i32) (result i32)
    (local $region i32)
    (local.set $region (global.get $heap))
    (i32.store (local.get $region) (i32.add (local.get $region) (i32.const 12)))
    (i32.store offset=4 (local.get $region) (local.get $size))
    (i32.store offset=8 (local.get $region) (i32.const 0))
    (global.set $heap (i32.add (i32.add (local.get $region) (i32.const 12)) (local.get $size)))
    ;; Grow the memory when the bump pointer passes its end (64 KiB pages).
    (block $fits
      (br_if $fits (i32.le_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
      (drop (memory.grow (i32.add (i32.div_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (i32.const 65536)) (i32.const 1)))))
    (local.get $region))
  (func (export "deallocate") (param $region i32))
  (func (export "instantiate") (param $env i32) (param $info i32) (param $msg i32) (result i32)
    (i32.const 2048))
  (func (export "execute") (param $env i32) (param $info i32) (param $msg i32) (result i32)
    (loop $spin (br $spin))
    (unreachable)))
