//! Reputation helpers of the suite. Outcomes are reported as the configured reporter (the bill
//! escrow contract), so tests can drive reputation without opening bills; ratings are of the
//! escrow's real bills (reputation reads them from its `Bill` query).

use cosmwasm_std::{Addr, Uint128};
use cw_multi_test::AppResponse;
use infermesh_types::reputation::{
    AttestationsResponse, ConfigResponse, ExecuteMsg, JobOutcome, MultiplierResponse,
    OperatorsResponse, Outcome, OutcomeBatch, Params, QueryMsg, ScoreAtHeightResponse,
    ScoreResponse,
};

use crate::suite::{AnyResult, Suite};

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

    /// One job of `operator` as the escrow counts it: `value` base units (charged for a
    /// success, escrowed for a failure or a timeout), against the latency the operator advertises
    /// in staking now (none when staking does not know it).
    pub fn job_outcome(
        &self,
        operator: &Addr,
        outcome: Outcome,
        latency_ms: u64,
        compute_units: u128,
        value: u128,
    ) -> JobOutcome {
        JobOutcome {
            outcome,
            latency_ms,
            advertised_latency_ms: self
                .staking
                .operator_status(&self.app.wrap(), operator)
                .map_or(0, |status| status.advertised_latency_ms),
            compute_units: Uint128::new(compute_units),
            value: Uint128::new(value),
        }
    }

    /// `jobs` of `operator` summed into one batch by `OutcomeBatch::add`, as the escrow sums
    /// them.
    pub fn outcome_batch(operator: &Addr, jobs: &[JobOutcome]) -> OutcomeBatch {
        let mut batch = OutcomeBatch {
            operator: operator.to_string(),
            ..OutcomeBatch::default()
        };
        jobs.iter().for_each(|job| batch.add(job));
        batch
    }

    /// The escrow's report of one job of `operator` alone, a batch of one (see
    /// [`Suite::job_outcome`]).
    pub fn report_job(
        &mut self,
        operator: &Addr,
        outcome: Outcome,
        latency_ms: u64,
        compute_units: u128,
        value: u128,
    ) -> AnyResult<AppResponse> {
        let job = self.job_outcome(operator, outcome, latency_ms, compute_units, value);
        self.report_outcomes(&Suite::outcome_batch(operator, &[job]))
    }

    /// `batch` reported by the escrow (the configured reporter).
    pub fn report_outcomes(&mut self, batch: &OutcomeBatch) -> AnyResult<AppResponse> {
        let escrow = self.reputation_reporter();
        self.report_outcomes_as(&escrow, batch)
    }

    /// `batch` sent by `sender` (the escrow, or someone posing as it).
    pub fn report_outcomes_as(
        &mut self,
        sender: &Addr,
        batch: &OutcomeBatch,
    ) -> AnyResult<AppResponse> {
        self.reputation_execute(sender, &ExecuteMsg::ReportOutcomes(batch.clone()))
    }

    /// A real job through the escrow, rated: `consumer` (holding the tokens) opens a bill of
    /// `units` small-model units with `provider` through `gateway` (a key account, which signs
    /// its consent), the provider completes all of them in `latency_ms`, the consumer accepts
    /// (the bill settles), anyone has the escrow report the provider's pending outcomes (its
    /// successes otherwise reach reputation up to `report_interval_seconds` later) and the
    /// consumer rates the bill `stars`. Returns the bill id.
    pub fn rated_job(
        &mut self,
        consumer: &Addr,
        provider: &Addr,
        gateway: &Addr,
        units: u128,
        latency_ms: u64,
        stars: u8,
    ) -> AnyResult<u64> {
        let mut args = self.bill_args(provider, gateway);
        args.max_units = units;
        let amount = self.escrow_required(&args);
        let id = self.open_bill(consumer, amount, &args)?;
        self.complete_bill(provider, id, units, latency_ms)?;
        self.accept_bill(consumer, id)?;
        let anyone = self.addr("anyone");
        self.report_escrow_outcomes(&anyone, provider)?;
        self.rate_bill(consumer, id, stars)?;
        Ok(id)
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

    /// The owner's emergency adjustment: tests set parameters up outside the parameter guard
    /// (`UpdateConfig` is the guarded path).
    pub fn update_reputation_params(&mut self, params: Params) -> AnyResult<AppResponse> {
        let owner = self.owner.clone();
        self.reputation_execute(&owner, &ExecuteMsg::EmergencyUpdateParams { params })
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

    /// The stars the consumer gave bill `bill_id` of the escrow, if rated.
    pub fn reputation_rating(&self, bill_id: u64) -> Option<u8> {
        self.reputation
            .rating(&self.app.wrap(), bill_id)
            .expect("rating query")
            .stars
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
