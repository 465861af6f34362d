//! Messages whose variants wrap named structs keep the wire JSON of a struct variant:
//! `{"variant":{...fields}}`, which scripts, the CLI and other chains' clients already send.

use cosmwasm_std::{from_json, to_json_string, Binary, Decimal, Timestamp, Uint128};
use infermesh_types::bill_escrow::{self, LatencyClass, ModelClass, OpenBill};
use infermesh_types::payment_channels::{self, OpenChannel, SignMode, Voucher};
use infermesh_types::reputation::{self, OutcomeBatch};
use infermesh_types::signing::Signed;
use infermesh_types::staking::{self, SlashClass, SlashRequest};
use infermesh_types::vesting::{self, GrantRequest, VestingPlan};

fn round_trip<T>(msg: &T, json: &str)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    assert_eq!(to_json_string(msg).unwrap(), json);
    assert_eq!(&from_json::<T>(json).unwrap(), msg);
}

#[test]
fn wrapped_variants_keep_the_struct_variant_json() {
    round_trip(
        &staking::ExecuteMsg::Slash(SlashRequest {
            operator: "op".into(),
            class: SlashClass::Minor,
            fraction: Decimal::percent(2),
            evidence_id: "e".into(),
            infraction_time: None,
        }),
        r#"{"slash":{"operator":"op","class":"minor","fraction":"0.02","evidence_id":"e","infraction_time":null}}"#,
    );
    round_trip(
        &reputation::ExecuteMsg::ReportOutcomes(OutcomeBatch {
            operator: "op".into(),
            successes: 1,
            failures: 0,
            timeouts: 0,
            success_value: Uint128::new(250_000),
            failed_value: Uint128::zero(),
            latency_score_value: Uint128::new(225_000_000),
            latency_ms_value: Uint128::new(30_000_000),
            latency_ratio_value: Uint128::new(300_000_000),
            compute_units: Uint128::new(5),
        }),
        r#"{"report_outcomes":{"operator":"op","successes":1,"failures":0,"timeouts":0,"success_value":"250000","failed_value":"0","latency_score_value":"225000000","latency_ms_value":"30000000","latency_ratio_value":"300000000","compute_units":"5"}}"#,
    );
    round_trip(
        &vesting::ReceiveMsg::CreateGrant(GrantRequest {
            beneficiary: "b".into(),
            plan: VestingPlan::TeamAndAdvisors,
            start: None,
        }),
        r#"{"create_grant":{"beneficiary":"b","plan":"team_and_advisors","start":null}}"#,
    );
    round_trip(
        &bill_escrow::ReceiveMsg::OpenBill(OpenBill {
            provider: "p".into(),
            gateway: "g".into(),
            gateway_consent: Signed {
                pubkey: Binary::from(vec![2u8; 2]),
                signature: Binary::from(vec![1u8; 2]),
                sign_mode: SignMode::Plain,
            },
            model_class: ModelClass::Small,
            max_units: Uint128::new(100),
            latency_class: LatencyClass::Fast,
            deadline: Timestamp::from_seconds(1),
            min_reputation: Some(800),
        }),
        r#"{"open_bill":{"provider":"p","gateway":"g","gateway_consent":{"pubkey":"AgI=","signature":"AQE=","sign_mode":"plain"},"model_class":"small","max_units":"100","latency_class":"fast","deadline":"1000000000","min_reputation":800}}"#,
    );
    round_trip(
        &payment_channels::ReceiveMsg::OpenChannel(OpenChannel {
            provider: "p".into(),
            pubkey: Binary::from(vec![2u8; 2]),
            expires_at: Timestamp::from_seconds(2),
        }),
        r#"{"open_channel":{"provider":"p","pubkey":"AgI=","expires_at":"2000000000"}}"#,
    );
    round_trip(
        &payment_channels::ExecuteMsg::Redeem(Voucher {
            channel_id: 1,
            cumulative_amount: Uint128::new(9),
            nonce: 3,
            signature: Binary::from(vec![1u8; 2]),
            sign_mode: SignMode::Adr036,
        }),
        r#"{"redeem":{"channel_id":1,"cumulative_amount":"9","nonce":3,"signature":"AQE=","sign_mode":"adr036"}}"#,
    );
}

/// A misspelled optional field must fail, not silently drop the protection it asks for
/// (a consumer's `min_reputation`, for one).
#[test]
fn execute_and_hook_messages_reject_unknown_fields() {
    let misspelled = r#"{"open_bill":{"provider":"p","gateway":"g","gateway_consent":{"pubkey":"AgI=","signature":"AQE=","sign_mode":"plain"},"model_class":"small","max_units":"100","latency_class":"fast","deadline":"1","min_reputaton":900}}"#;
    let err = from_json::<bill_escrow::ReceiveMsg>(misspelled).unwrap_err();
    assert!(
        err.to_string().contains("unknown field `min_reputaton`"),
        "{err}"
    );
    let extra = r#"{"unbond":{"operator":"op","amount":"1","memo":"x"}}"#;
    let err = from_json::<staking::ExecuteMsg>(extra).unwrap_err();
    assert!(err.to_string().contains("unknown field `memo`"), "{err}");
    let extra =
        r#"{"create_grant":{"beneficiary":"b","plan":"public_sale","start":null,"cliff":1}}"#;
    let err = from_json::<vesting::ReceiveMsg>(extra).unwrap_err();
    assert!(err.to_string().contains("unknown field `cliff`"), "{err}");
    let extra = r#"{"redeem":{"channel_id":1,"cumulative_amount":"9","nonce":3,"signature":"AQE=","sign_mode":"plain","gateway":"g"}}"#;
    let err = from_json::<payment_channels::ExecuteMsg>(extra).unwrap_err();
    assert!(err.to_string().contains("unknown field `gateway`"), "{err}");
    let extra = r#"{"rate":{"bill_id":1,"stars":5,"weight":9}}"#;
    let err = from_json::<reputation::ExecuteMsg>(extra).unwrap_err();
    assert!(err.to_string().contains("unknown field `weight`"), "{err}");
}
