//! Consent by signature: a statement signed off-chain by an account's secp256k1 key (raw or
//! Keplr `signArbitrary`, ADR-036), checked on-chain against the address that must consent.
//!
//! The key travels with the signature; its address (bech32 of `ripemd160(sha256(pubkey))` with
//! the chain's prefix) must be the expected signer, so no key registry is needed.

use cosmwasm_std::{Addr, Api, CanonicalAddr, StdError};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};
use thiserror::Error;

/// A compressed secp256k1 public key: 0x02 or 0x03, then 32 bytes.
pub const COMPRESSED_PUBKEY_LEN: usize = 33;
/// A compact secp256k1 signature: r and s, 32 bytes each (no recovery byte). The chain's crypto
/// API aborts the whole call on a longer one, so its length is checked first.
pub const SIGNATURE_LEN: usize = 64;

#[derive(Error, Debug, PartialEq)]
pub enum SignatureError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("public key must be a {expected}-byte compressed secp256k1 key")]
    InvalidPubkey { expected: usize },

    #[error("the key signs for {derived}, not for {expected}")]
    WrongSigner { expected: Addr, derived: Addr },

    #[error("signature of {signer} is not valid for this statement")]
    InvalidSignature { signer: Addr },

    #[error("signature must be {expected} bytes (r and s, without a recovery byte), not {len}")]
    SignatureLength { expected: usize, len: usize },
}

/// A signature's length, checked before the crypto API sees it (it aborts on a longer one
/// instead of answering false).
pub fn check_signature_len(signature: &[u8]) -> Result<(), SignatureError> {
    if signature.len() != SIGNATURE_LEN {
        return Err(SignatureError::SignatureLength {
            expected: SIGNATURE_LEN,
            len: signature.len(),
        });
    }
    Ok(())
}

/// The account address of a compressed secp256k1 key, with the chain's prefix.
pub fn derive_address(api: &dyn Api, pubkey: &[u8]) -> Result<Addr, SignatureError> {
    let valid_prefix = matches!(pubkey.first(), Some(0x02) | Some(0x03));
    if pubkey.len() != COMPRESSED_PUBKEY_LEN || !valid_prefix {
        return Err(SignatureError::InvalidPubkey {
            expected: COMPRESSED_PUBKEY_LEN,
        });
    }
    let hash = Ripemd160::digest(Sha256::digest(pubkey));
    Ok(api.addr_humanize(&CanonicalAddr::from(hash.as_slice()))?)
}

/// Checks that `signer` signed `message` (the bytes whose sha256 secp256k1 signs) with the key
/// `pubkey`: the key must be `signer`'s and the signature valid. A malformed signature is
/// `InvalidSignature` like a wrong one.
pub fn verify(
    api: &dyn Api,
    signer: &Addr,
    message: &[u8],
    pubkey: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    let derived = derive_address(api, pubkey)?;
    if derived != *signer {
        return Err(SignatureError::WrongSigner {
            expected: signer.clone(),
            derived,
        });
    }
    check_signature_len(signature)?;
    let hash = Sha256::digest(message);
    if !api
        .secp256k1_verify(hash.as_slice(), signature, pubkey)
        .unwrap_or(false)
    {
        return Err(SignatureError::InvalidSignature {
            signer: signer.clone(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockApi;
    use k256::ecdsa::{signature::Signer, Signature, SigningKey};

    use super::*;

    fn key(seed: u8) -> (SigningKey, Vec<u8>) {
        let key = SigningKey::from_slice(&[seed; 32]).unwrap();
        let pubkey = key
            .verifying_key()
            .to_encoded_point(true)
            .as_bytes()
            .to_vec();
        (key, pubkey)
    }

    #[test]
    fn a_signature_verifies_only_for_its_keys_address() {
        let api = MockApi::default();
        let (signing, pubkey) = key(7);
        let signer = derive_address(&api, &pubkey).unwrap();
        let signature: Signature = signing.sign(b"statement");
        let signature = signature.to_bytes();
        verify(&api, &signer, b"statement", &pubkey, &signature).unwrap();

        assert_eq!(
            verify(&api, &signer, b"other statement", &pubkey, &signature),
            Err(SignatureError::InvalidSignature {
                signer: signer.clone()
            })
        );
        let someone = api.addr_make("someone");
        assert_eq!(
            verify(&api, &someone, b"statement", &pubkey, &signature),
            Err(SignatureError::WrongSigner {
                expected: someone,
                derived: signer.clone()
            })
        );
        assert_eq!(
            verify(&api, &signer, b"statement", &pubkey, &[1, 2, 3]),
            Err(SignatureError::SignatureLength {
                expected: 64,
                len: 3
            })
        );
        // 65 bytes (a recovery byte appended): named, before the crypto API would abort.
        let mut long = signature.to_vec();
        long.push(1);
        assert_eq!(
            verify(&api, &signer, b"statement", &pubkey, &long),
            Err(SignatureError::SignatureLength {
                expected: 64,
                len: 65
            })
        );
        let mut wrong = signature.to_vec();
        wrong[5] ^= 1;
        assert_eq!(
            verify(&api, &signer, b"statement", &pubkey, &wrong),
            Err(SignatureError::InvalidSignature { signer })
        );
        assert_eq!(
            derive_address(&api, &[4u8; 33]),
            Err(SignatureError::InvalidPubkey { expected: 33 })
        );
    }
}
