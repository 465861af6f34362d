//! Reputation helpers of the suite. Outcomes are reported as the configured reporter (the bill
//! escrow contract), so tests can drive reputation without opening bills.

use cosmwasm_std::{Addr, Uint128};
use cw_multi_test::AppResponse;
use infermesh_types::reputation::{
    AttestationsResponse, BillRecord, ConfigResponse, ExecuteMsg, MultiplierResponse,
    OperatorsResponse, Outcome, Params, QueryMsg, ScoreAtHeightResponse, ScoreResponse,
};

use crate::suite::{AnyResult, Suite};
use infermesh_types::reputation::OutcomeReport;

impl Suite {
    /// The address the reputation contract takes outcomes from (its configured escrow).
    pub fn reputation_reporter(&self) -> Addr {
        self.reputation_config().escrow
    }

    pub fn reputation_execute(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        let reputation = self.reputation.addr().clone();
        self.execute(sender, &reputation, msg)
    }

    /// The escrow's report of a bill worth `value` base units (charged for a success, escrowed
    /// for a failure or a timeout).
    #[allow(clippy::too_many_arguments)]
    pub fn report_outcome(
        &mut self,
        bill_id: u64,
        operator: &Addr,
        consumer: &Addr,
        outcome: Outcome,
        latency_ms: u64,
        compute_units: u128,
        value: u128,
    ) -> AnyResult<AppResponse> {
        let escrow = self.reputation_reporter();
        let report = OutcomeReport {
            bill_id,
            operator: operator.to_string(),
            consumer: consumer.to_string(),
            outcome,
            latency_ms,
            compute_units: Uint128::new(compute_units),
            value: Uint128::new(value),
        };
        self.report_outcome_as(&escrow, report)
    }

    /// `report` sent by `sender` (the escrow, or someone posing as it).
    pub fn report_outcome_as(
        &mut self,
        sender: &Addr,
        report: OutcomeReport,
    ) -> AnyResult<AppResponse> {
        self.reputation_execute(sender, &ExecuteMsg::ReportOutcome(report))
    }

    pub fn rate_bill(
        &mut self,
        consumer: &Addr,
        bill_id: u64,
        stars: u8,
    ) -> AnyResult<AppResponse> {
        self.reputation_execute(consumer, &ExecuteMsg::Rate { bill_id, stars })
    }

    pub fn attest_accuracy(
        &mut self,
        validator: &Addr,
        operator: &Addr,
        accuracy: u8,
    ) -> AnyResult<AppResponse> {
        self.reputation_execute(
            validator,
            &ExecuteMsg::Attest {
                operator: operator.to_string(),
                accuracy,
            },
        )
    }

    pub fn refresh_reputation(&mut self, operator: &Addr) -> AnyResult<AppResponse> {
        let anyone = self.addr("anyone");
        self.reputation_execute(
            &anyone,
            &ExecuteMsg::Refresh {
                operator: operator.to_string(),
            },
        )
    }

    pub fn update_reputation_params(&mut self, params: Params) -> AnyResult<AppResponse> {
        let owner = self.owner.clone();
        self.reputation_execute(
            &owner,
            &ExecuteMsg::UpdateConfig {
                staking: None,
                escrow: None,
                params: Some(params),
            },
        )
    }

    pub fn reputation_config(&self) -> ConfigResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.reputation.addr(), &QueryMsg::Config {})
            .expect("reputation config query")
    }

    pub fn reputation_score(&self, operator: &Addr) -> ScoreResponse {
        self.reputation
            .score(&self.app.wrap(), operator)
            .expect("score query")
    }

    pub fn reputation_multiplier(&self, operator: &Addr) -> MultiplierResponse {
        self.reputation
            .multiplier(&self.app.wrap(), operator)
            .expect("multiplier query")
    }

    pub fn reputation_score_at_height(
        &self,
        operator: &Addr,
        height: u64,
    ) -> ScoreAtHeightResponse {
        self.reputation
            .score_at_height(&self.app.wrap(), operator, height)
            .expect("score at height query")
    }

    pub fn reputation_operators(
        &self,
        start_after: Option<&Addr>,
        limit: Option<u32>,
    ) -> OperatorsResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                self.reputation.addr(),
                &QueryMsg::Operators {
                    start_after: start_after.map(|a| a.to_string()),
                    limit,
                },
            )
            .expect("operators query")
    }

    pub fn reputation_bill(&self, bill_id: u64) -> Option<BillRecord> {
        self.app
            .wrap()
            .query_wasm_smart(self.reputation.addr(), &QueryMsg::Bill { bill_id })
            .expect("bill query")
    }

    pub fn reputation_attestations(&self, operator: &Addr) -> AttestationsResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                self.reputation.addr(),
                &QueryMsg::Attestations {
                    operator: operator.to_string(),
                },
            )
            .expect("attestations query")
    }
}
