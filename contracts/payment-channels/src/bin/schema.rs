use cosmwasm_schema::{schema_for, write_api};
use infermesh_kit::MigrateMsg;
use infermesh_types::payment_channels::{ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        migrate: MigrateMsg,
    }
    infermesh_kit::schema::write_hook_schema(&schema_for!(ReceiveMsg));
}
