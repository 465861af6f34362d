use cosmwasm_schema::write_api;
use cw20_base::msg::{ExecuteMsg, QueryMsg};
use infermesh_kit::MigrateMsg;
use infermesh_types::token::InstantiateMsg;

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        migrate: MigrateMsg,
    }
}
