use cosmwasm_schema::write_api;
use infermesh_types::bill_escrow::{ExecuteMsg, InstantiateMsg, QueryMsg};
use infermesh_types::common::MigrateMsg;

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        migrate: MigrateMsg,
    }
}
