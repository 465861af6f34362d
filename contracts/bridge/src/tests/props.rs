//! Invariant 5 (docs/invariants.md): for random interleavings of sends both ways, receipts,
//! success and error acknowledgements and timeouts on one channel, escrowed at home = sent −
//! returned − refunded, and the wrapped supply on the remote side never exceeds it.

use cosmwasm_std::Uint128;
use proptest::prelude::*;

use super::*;

#[derive(Clone, Debug)]
enum Op {
    /// A home holder sends up to `amount`; an invalid receiver makes the other side refuse it.
    HomeSend {
        holder: usize,
        amount: u128,
        valid: bool,
    },
    RemoteSend {
        holder: usize,
        amount: u128,
        valid: bool,
    },
    /// The relayer delivers the n-th undelivered packet (modulo), or its acknowledgement.
    Deliver(usize),
    Acknowledge(usize),
    TimeOut(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 1..5_000u128, prop::bool::weighted(0.8)).prop_map(|(holder, amount, valid)| {
            Op::HomeSend {
                holder,
                amount,
                valid,
            }
        }),
        (0..3usize, 1..5_000u128, prop::bool::weighted(0.8)).prop_map(|(holder, amount, valid)| {
            Op::RemoteSend {
                holder,
                amount,
                valid,
            }
        }),
        any::<usize>().prop_map(Op::Deliver),
        any::<usize>().prop_map(Op::Acknowledge),
        any::<usize>().prop_map(Op::TimeOut),
    ]
}

struct Pending {
    packet: IbcPacket,
    from_home: bool,
    ack: Option<Binary>,
}

const START: u128 = 10_000;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn escrow_matches_the_flows_and_covers_the_wrapped_supply(ops in prop::collection::vec(op(), 1..60)) {
        let mut link = Link::new();
        let token = link.home.token.clone();
        let home_holders: Vec<Addr> = (0..3).map(|i| link.home.addr(&format!("home-{i}"))).collect();
        let remote_holders: Vec<Addr> = (0..3).map(|i| link.remote.addr(&format!("remote-{i}"))).collect();
        for holder in &home_holders {
            link.fund(holder, START);
        }
        let (mut sent, mut returned, mut refunded) = (0u128, 0u128, 0u128);
        let mut pending: Vec<Pending> = vec![];
        for op in ops {
            match op {
                Op::HomeSend { holder, amount, valid } => {
                    let from = &home_holders[holder];
                    let amount = amount.min(link.home.balance(&token, from));
                    if amount == 0 { continue; }
                    let to = &remote_holders[holder];
                    let receiver = if valid { to.to_string() } else { "nowhere".into() };
                    let packet = link.home.send(from, CHANNEL, amount, TransferMsg { receiver, ..transfer(to) }).unwrap().unwrap();
                    sent += amount;
                    pending.push(Pending { packet, from_home: true, ack: None });
                }
                Op::RemoteSend { holder, amount, valid } => {
                    let Some(wrapped) = link.wrapped() else { continue };
                    let from = &remote_holders[holder];
                    let amount = amount.min(link.remote.balance(&wrapped, from));
                    if amount == 0 { continue; }
                    let to = &home_holders[holder];
                    let receiver = if valid { to.to_string() } else { "nowhere".into() };
                    let packet = link.remote.send(from, CHANNEL, amount, TransferMsg { receiver, ..transfer(to) }).unwrap().unwrap();
                    pending.push(Pending { packet, from_home: false, ack: None });
                }
                Op::Deliver(n) => {
                    let waiting: Vec<usize> = (0..pending.len()).filter(|&i| pending[i].ack.is_none()).collect();
                    if waiting.is_empty() { continue; }
                    let p = &mut pending[waiting[n % waiting.len()]];
                    let amount: Ics20Packet = from_json(&p.packet.data).unwrap();
                    let (ack, bytes) = if p.from_home {
                        link.remote.receive(&p.packet)
                    } else {
                        link.home.receive(&p.packet)
                    };
                    if !p.from_home && ack.is_success() {
                        returned += amount.amount.u128();
                    }
                    p.ack = Some(bytes);
                }
                Op::Acknowledge(n) => {
                    let delivered: Vec<usize> = (0..pending.len()).filter(|&i| pending[i].ack.is_some()).collect();
                    if delivered.is_empty() { continue; }
                    let p = pending.remove(delivered[n % delivered.len()]);
                    let ack = p.ack.unwrap();
                    if p.from_home {
                        let failed = !from_json::<Ics20Ack>(&ack).unwrap().is_success();
                        link.home.acknowledge(&p.packet, ack).unwrap();
                        if failed {
                            refunded += from_json::<Ics20Packet>(&p.packet.data).unwrap().amount.u128();
                        }
                    } else {
                        link.remote.acknowledge(&p.packet, ack).unwrap();
                    }
                }
                Op::TimeOut(n) => {
                    let waiting: Vec<usize> = (0..pending.len()).filter(|&i| pending[i].ack.is_none()).collect();
                    if waiting.is_empty() { continue; }
                    let p = pending.remove(waiting[n % waiting.len()]);
                    if p.from_home {
                        link.home.time_out(&p.packet).unwrap();
                        refunded += from_json::<Ics20Packet>(&p.packet.data).unwrap().amount.u128();
                    } else {
                        link.remote.time_out(&p.packet).unwrap();
                    }
                }
            }
            let escrowed = link.home.channel(CHANNEL).outstanding.u128();
            prop_assert_eq!(escrowed, sent - returned - refunded);
            prop_assert_eq!(link.home.balance(&token, &link.home.bridge()), escrowed);
            let supply = link.wrapped_supply();
            prop_assert!(supply <= escrowed, "wrapped supply {} above the escrow {}", supply, escrowed);
            prop_assert_eq!(link.remote.channel(CHANNEL).outstanding, Uint128::new(supply));
            // Nothing created: every home token is with a holder or in the escrow.
            let held: u128 = home_holders.iter().map(|h| link.home.balance(&token, h)).sum();
            prop_assert_eq!(held + escrowed, 3 * START);
            let in_flight = |from_home: bool| pending.iter().filter(|p| p.from_home == from_home).count() as u32;
            prop_assert_eq!(link.home.channel(CHANNEL).in_flight, in_flight(true));
            prop_assert_eq!(link.remote.channel(CHANNEL).in_flight, in_flight(false));
        }
    }
}
