use cosmwasm_schema::write_api;
use infermesh_kit::MigrateMsg;
use infermesh_types::bridge::{ExecuteMsg, InstantiateMsg, QueryMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        migrate: MigrateMsg,
    }
}
