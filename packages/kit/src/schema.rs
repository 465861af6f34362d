//! The schema of a contract's cw20 hook (`ReceiveMsg`): cosmwasm-schema's `write_api!` does not
//! describe it, yet every cw20 `Send` to the contract carries one. Each contract's schema bin
//! writes it next to the others, `schema/<contract>/raw/receive.json` (drift-checked by
//! scripts/schema.sh like the rest).

use cosmwasm_schema::schemars::schema::RootSchema;

pub fn write_hook_schema(schema: &RootSchema) {
    let dir = std::env::current_dir()
        .expect("the working directory")
        .join("schema")
        .join("raw");
    cosmwasm_schema::export_schema_with_title(schema, &dir, "receive");
}
