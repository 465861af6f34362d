//! Bill-escrow helpers of the suite: operators ready to serve, bills and disputes.

use cosmwasm_std::{Addr, Timestamp, Uint128, Uint64};
use cw_multi_test::AppResponse;
use infermesh_types::bill_escrow::consent::{
    acceptance_sign_bytes, receipt_sign_bytes, route_sign_bytes, AcceptanceTerms, ReceiptTerms,
    RouteTerms, ACCEPT_BILL, BILL_RECEIPT, ROUTE_BILL,
};
use infermesh_types::bill_escrow::CompleteBill;
use infermesh_types::bill_escrow::{
    Bill, BillsResponse, ExecuteMsg, LatencyClass, ModelClass, Params, QueryMsg, QuoteResponse,
    ReceiveMsg, SlaWindowResponse, TotalsResponse, Verdict,
};
use infermesh_types::signing::{SignMode, Signed};
use infermesh_types::staking::Role;

use crate::suite::{AnyResult, Suite};
use infermesh_types::bill_escrow::OpenBill;

/// Arguments of an `OpenBill` with sensible defaults.
#[derive(Clone, Debug)]
pub struct BillArgs {
    pub provider: Addr,
    pub gateway: Addr,
    pub model_class: ModelClass,
    pub latency_class: LatencyClass,
    pub max_units: u128,
    pub deadline: Timestamp,
    pub min_reputation: Option<u16>,
    /// The gateway's consent to send; `None`: signed by the gateway's key in the suite.
    pub gateway_consent: Option<Signed>,
}

impl BillArgs {
    pub fn msg(&self, gateway_consent: Signed) -> ReceiveMsg {
        ReceiveMsg::OpenBill(self.open_bill(gateway_consent))
    }

    pub fn open_bill(&self, gateway_consent: Signed) -> OpenBill {
        OpenBill {
            provider: self.provider.to_string(),
            gateway: self.gateway.to_string(),
            gateway_consent,
            model_class: self.model_class,
            max_units: Uint128::new(self.max_units),
            latency_class: self.latency_class,
            deadline: self.deadline,
            min_reputation: self.min_reputation,
        }
    }
}

/// The result hash the suite's providers claim for bill `bill_id`.
pub fn result_hash(bill_id: u64) -> String {
    format!("sha256:{bill_id:064x}")
}

impl Suite {
    /// Registers `operator` with `role` in staking and self-bonds `self_bond` (funded from the
    /// liquidity allocation).
    pub fn ready_operator(&mut self, operator: &Addr, role: Role, self_bond: u128) {
        self.staking_fund(operator, self_bond)
            .expect("fund operator");
        self.register_operator(operator, role)
            .expect("register operator");
        if self_bond > 0 {
            self.bond(operator, self_bond).expect("self-bond");
        }
    }

    /// Default bill arguments: small model, standard latency, 100 units, deadline in one day.
    pub fn bill_args(&self, provider: &Addr, gateway: &Addr) -> BillArgs {
        BillArgs {
            provider: provider.clone(),
            gateway: gateway.clone(),
            model_class: ModelClass::Small,
            latency_class: LatencyClass::Standard,
            max_units: 100,
            deadline: self.now().plus_seconds(86_400),
            min_reputation: None,
            gateway_consent: None,
        }
    }

    /// The gateway's signed consent to route a bill of `args` for `consumer` (plain mode).
    pub fn gateway_consent(&self, consumer: &Addr, args: &BillArgs) -> Signed {
        let chain_id = self.app.block_info().chain_id;
        let escrow = self.bill_escrow.addr().to_string();
        self.signed_by(&args.gateway, |gateway| {
            let terms = RouteTerms {
                chain_id: &chain_id,
                consumer: consumer.as_str(),
                contract: &escrow,
                deadline: Uint64::new(args.deadline.seconds()),
                kind: ROUTE_BILL,
                latency_class: args.latency_class,
                max_units: Uint128::new(args.max_units),
                model_class: args.model_class,
                provider: args.provider.as_str(),
            };
            route_sign_bytes(SignMode::Plain, gateway, &terms).expect("route terms")
        })
    }

    /// `signer`'s signed receipt of bill `bill_id` (plain mode): the provider's is the one that
    /// counts.
    pub fn provider_receipt(&self, signer: &Addr, bill_id: u64) -> Signed {
        let chain_id = self.app.block_info().chain_id;
        let escrow = self.bill_escrow.addr().to_string();
        let bill = self.bill(bill_id);
        self.signed_by(signer, |signer| {
            let terms = ReceiptTerms {
                bill_id: Uint64::new(bill_id),
                chain_id: &chain_id,
                consumer: bill.consumer.as_str(),
                contract: &escrow,
                deadline: Uint64::new(bill.terms.deadline.seconds()),
                kind: BILL_RECEIPT,
            };
            receipt_sign_bytes(SignMode::Plain, signer, &terms).expect("receipt")
        })
    }

    pub fn escrow_execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        let escrow = self.bill_escrow.addr().clone();
        self.execute(sender, &escrow, msg)
    }

    pub fn escrow_query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> AnyResult<T> {
        Ok(self
            .app
            .wrap()
            .query_wasm_smart(self.bill_escrow.addr(), msg)?)
    }

    pub fn quote(&self, model: ModelClass, latency: LatencyClass, units: u128) -> QuoteResponse {
        self.escrow_query(&QueryMsg::Quote {
            model_class: model,
            latency_class: latency,
            units: Uint128::new(units),
        })
        .expect("quote query")
    }

    /// The amount to send to open `args` (quote of `max_units` plus the network fee).
    pub fn escrow_required(&self, args: &BillArgs) -> u128 {
        self.quote(args.model_class, args.latency_class, args.max_units)
            .escrow_required
            .u128()
    }

    /// The consumer deposits `amount` for later bills (cw20 Send).
    pub fn escrow_deposit(&mut self, consumer: &Addr, amount: u128) -> AnyResult<AppResponse> {
        let escrow = self.bill_escrow.addr().clone();
        self.send(consumer, &escrow, amount, &ReceiveMsg::Deposit {})
    }

    /// Opens a bill funded with `amount` of the consumer's credit; returns its id.
    pub fn open_bill_from_credit(
        &mut self,
        consumer: &Addr,
        amount: u128,
        args: &BillArgs,
    ) -> AnyResult<u64> {
        let consent = match &args.gateway_consent {
            Some(consent) => consent.clone(),
            None => self.gateway_consent(consumer, args),
        };
        let msg = ExecuteMsg::OpenBill {
            amount: Uint128::new(amount),
            bill: args.open_bill(consent),
        };
        let response = self.escrow_execute(consumer, &msg)?;
        Ok(attribute(&response, "bill_id")
            .expect("open_bill emits bill_id")
            .parse()?)
    }

    /// Opens a bill by cw20 Send of `amount`; returns its id.
    pub fn open_bill(&mut self, consumer: &Addr, amount: u128, args: &BillArgs) -> AnyResult<u64> {
        let escrow = self.bill_escrow.addr().clone();
        let consent = match &args.gateway_consent {
            Some(consent) => consent.clone(),
            None => self.gateway_consent(consumer, args),
        };
        let response = self.send(consumer, &escrow, amount, &args.msg(consent))?;
        Ok(attribute(&response, "bill_id")
            .expect("open_bill emits bill_id")
            .parse()?)
    }

    pub fn complete_bill(
        &mut self,
        provider: &Addr,
        bill_id: u64,
        units: u128,
        latency_ms: u64,
    ) -> AnyResult<AppResponse> {
        self.escrow_execute(
            provider,
            &ExecuteMsg::Complete(CompleteBill {
                bill_id,
                units: Uint128::new(units),
                latency_ms,
                result_hash: result_hash(bill_id),
                acceptance: None,
            }),
        )
    }

    /// `signer`'s signed acceptance (plain mode) of the completion `units` in `latency_ms` of
    /// bill `bill_id` with [`result_hash`]: the consumer's is the one that settles.
    pub fn consumer_acceptance(
        &self,
        signer: &Addr,
        bill_id: u64,
        units: u128,
        latency_ms: u64,
    ) -> Signed {
        let chain_id = self.app.block_info().chain_id;
        let escrow = self.bill_escrow.addr().to_string();
        let hash = result_hash(bill_id);
        self.signed_by(signer, |signer| {
            let terms = AcceptanceTerms {
                bill_id: Uint64::new(bill_id),
                chain_id: &chain_id,
                contract: &escrow,
                kind: ACCEPT_BILL,
                latency_ms: Uint64::new(latency_ms),
                result_hash: &hash,
                units: Uint128::new(units),
            };
            acceptance_sign_bytes(SignMode::Plain, signer, &terms).expect("acceptance")
        })
    }

    /// The provider completes bill `bill_id` carrying `acceptance`: a job in two transactions.
    pub fn complete_accepted_bill(
        &mut self,
        provider: &Addr,
        bill_id: u64,
        units: u128,
        latency_ms: u64,
        acceptance: Signed,
    ) -> AnyResult<AppResponse> {
        self.escrow_execute(
            provider,
            &ExecuteMsg::Complete(CompleteBill {
                bill_id,
                units: Uint128::new(units),
                latency_ms,
                result_hash: result_hash(bill_id),
                acceptance: Some(acceptance),
            }),
        )
    }

    /// The provider completes many bills in one `CompleteBatch`, each `(bill id, units, latency,
    /// with the consumer's acceptance?)`: accepted ones settle at once.
    pub fn complete_batch(
        &mut self,
        provider: &Addr,
        consumer: &Addr,
        completions: &[(u64, u128, u64, bool)],
    ) -> AnyResult<AppResponse> {
        let completions = completions
            .iter()
            .map(|&(bill_id, units, latency_ms, accepted)| CompleteBill {
                bill_id,
                units: Uint128::new(units),
                latency_ms,
                result_hash: result_hash(bill_id),
                acceptance: accepted
                    .then(|| self.consumer_acceptance(consumer, bill_id, units, latency_ms)),
            })
            .collect();
        self.escrow_execute(provider, &ExecuteMsg::CompleteBatch { completions })
    }

    /// Anyone sends `provider`'s unreported job outcomes to reputation.
    pub fn report_escrow_outcomes(
        &mut self,
        sender: &Addr,
        provider: &Addr,
    ) -> AnyResult<AppResponse> {
        self.escrow_execute(
            sender,
            &ExecuteMsg::ReportOutcomes {
                provider: provider.to_string(),
            },
        )
    }

    pub fn accept_bill(&mut self, consumer: &Addr, bill_id: u64) -> AnyResult<AppResponse> {
        self.escrow_execute(consumer, &ExecuteMsg::Accept { bill_id })
    }

    pub fn finalize_bill(&mut self, sender: &Addr, bill_id: u64) -> AnyResult<AppResponse> {
        self.escrow_execute(sender, &ExecuteMsg::Finalize { bill_id })
    }

    /// Refunds a timed-out bill without the provider's receipt: nothing counts against it.
    pub fn refund_timeout(&mut self, sender: &Addr, bill_id: u64) -> AnyResult<AppResponse> {
        self.escrow_execute(
            sender,
            &ExecuteMsg::RefundTimeout {
                bill_id,
                receipt: None,
            },
        )
    }

    /// Refunds a timed-out bill with the provider's signed receipt: the timeout counts.
    pub fn refund_timeout_with_receipt(
        &mut self,
        sender: &Addr,
        bill_id: u64,
    ) -> AnyResult<AppResponse> {
        let provider = self.bill(bill_id).provider;
        let receipt = self.provider_receipt(&provider, bill_id);
        self.escrow_execute(
            sender,
            &ExecuteMsg::RefundTimeout {
                bill_id,
                receipt: Some(receipt),
            },
        )
    }

    /// The consumer disputes by a cw20 Send of `bond`.
    pub fn dispute_bill(
        &mut self,
        consumer: &Addr,
        bill_id: u64,
        bond: u128,
    ) -> AnyResult<AppResponse> {
        let escrow = self.bill_escrow.addr().clone();
        self.send(consumer, &escrow, bond, &ReceiveMsg::Dispute { bill_id })
    }

    pub fn resolve_vote(
        &mut self,
        validator: &Addr,
        bill_id: u64,
        provider_at_fault: bool,
    ) -> AnyResult<AppResponse> {
        self.escrow_execute(
            validator,
            &ExecuteMsg::ResolveVote {
                bill_id,
                provider_at_fault,
            },
        )
    }

    pub fn resolve_bill(
        &mut self,
        arbiter: &Addr,
        bill_id: u64,
        verdict: Verdict,
    ) -> AnyResult<AppResponse> {
        self.escrow_execute(arbiter, &ExecuteMsg::Resolve { bill_id, verdict })
    }

    /// The payee withdraws its whole credit from the escrow.
    pub fn escrow_withdraw(&mut self, payee: &Addr) -> AnyResult<AppResponse> {
        self.escrow_execute(payee, &ExecuteMsg::Withdraw {})
    }

    /// What `payee` may withdraw from the escrow.
    pub fn escrow_credit(&self, payee: &Addr) -> u128 {
        let credit: Uint128 = self
            .escrow_query(&QueryMsg::Credit {
                address: payee.to_string(),
            })
            .expect("credit query");
        credit.u128()
    }

    /// `address`'s tokens plus its credits in the escrow and the channels: what it was paid.
    pub fn paid_to(&self, address: &Addr) -> u128 {
        self.balance(address) + self.escrow_credit(address) + self.channels_credit(address)
    }

    pub fn bill(&self, bill_id: u64) -> Bill {
        self.escrow_query(&QueryMsg::Bill { bill_id })
            .expect("bill query")
    }

    pub fn bills_by_status(&self, status: infermesh_types::bill_escrow::BillStatus) -> Vec<Bill> {
        let response: BillsResponse = self
            .escrow_query(&QueryMsg::Bills {
                filter: Some(infermesh_types::bill_escrow::BillFilter::Status(status)),
                start_after: None,
                limit: Some(30),
            })
            .expect("bills query");
        response.bills
    }

    pub fn escrow_totals(&self) -> TotalsResponse {
        self.escrow_query(&QueryMsg::Totals {})
            .expect("totals query")
    }

    pub fn sla_window(&self, provider: &Addr) -> SlaWindowResponse {
        self.escrow_query(&QueryMsg::SlaWindow {
            provider: provider.to_string(),
        })
        .expect("sla window query")
    }

    pub fn escrow_params(&self) -> Params {
        self.escrow_query(&QueryMsg::Params {})
            .expect("params query")
    }

    /// The owner's emergency adjustment: tests set parameters up outside the parameter guard
    /// (`UpdateParams` is the guarded path).
    pub fn update_escrow_params(&mut self, params: Params) -> AnyResult<AppResponse> {
        let owner = self.owner.clone();
        self.escrow_execute(&owner, &ExecuteMsg::EmergencyUpdateParams { params })
    }

    /// Every raw storage entry of the escrow, to prove a rejected message changed nothing.
    pub fn escrow_storage(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.app.dump_wasm_raw(self.bill_escrow.addr())
    }
}

/// The first value of `key` in any event of `response`.
pub fn attribute(response: &AppResponse, key: &str) -> Option<String> {
    response
        .events
        .iter()
        .flat_map(|event| event.attributes.iter())
        .find(|attribute| attribute.key == key)
        .map(|attribute| attribute.value.clone())
}
