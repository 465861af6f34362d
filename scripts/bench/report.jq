# The benchmark's Markdown report, from the JSON scripts/bench.sh assembles:
#   {date, wasmd, chain_id, tolerance_pct, wall_seconds, localnet_and_deploy_seconds, phases: [{name, seconds}],
#    actions: [{round, action, system, what, gas, tx}], sizes: [{artifact, system, bytes, gzip_bytes, store_gas}],
#    scale: scripts/bench/bench.mjs's output, targets: [{target, figure, met}]}
def commas: tostring | if length <= 3 then . else (.[0:length - 3] | commas) + "," + .[length - 3:] end;
def ratio($a; $b): if $a == null or $b == null or $b == 0 then "" else "\((($a / $b) * 100 | round) / 100)" end;
def gas_of($round; $action; $system): first(.actions[] | select(.round == $round and .action == $action and .system == $system) | .gas) // null;
def cell: if . == null then "–" else commas end;
def pct($small; $large): (($large - $small) / $small * 10000 | round) / 100;

. as $r
| ($r.actions | map(select(.system != "infermesh")) | map({key: .action, value: .system}) | group_by(.key)
   | map({key: .[0].key, value: (map(.value) | unique)}) | from_entries) as $peers
| "# InferMesh gas benchmark",
  "",
  "\($r.date), wasmd \($r.wasmd), one fresh single-node localnet (chain \($r.chain_id)), the suite and its peers deployed side by side. Gas is the `gas_used` of a real transaction carrying exactly one message (ante handler included). \"Unpinned\": no code pinned; \"pinned\": after one governance proposal pinned every code (`MsgPinCodes`), as a chain hosting the suite would. A warm-up round ran first, so no measured action pays for a first record.",
  "",
  "## Actions, side by side",
  "",
  "| action | system | what | unpinned | pinned | ÷ peer unpinned | ÷ peer pinned | ÷ cw20-base transfer (pinned) |",
  "|---|---|---|--:|--:|--:|--:|--:|",
  ( ($r.actions | map(select(.round == "pinned")) | map(.action) | reduce .[] as $a ([]; if index($a) then . else . + [$a] end))[] as $action
    | ($r.actions | map(select(.round == "pinned" and .action == $action)))[] as $row
    | ($r | gas_of("unpinned"; $action; $row.system)) as $u
    | ($row.gas) as $p
    | (if $row.system == "infermesh" then ($peers[$action] // []) else [] end) as $vs
    | "| \($action) | \($row.system) | \($row.what) | \($u | cell) | \($p | cell) | \($vs | map(. as $peer | "\(ratio($u; $r | gas_of("unpinned"; $action; $peer))) (\($peer))") | join(", ")) | \($vs | map(. as $peer | "\(ratio($p; $r | gas_of("pinned"; $action; $peer))) (\($peer))") | join(", ")) | \(ratio($p; $r | gas_of("pinned"; "transfer"; "cw20-base"))) |"
  ),
  "",
  "Peers, built from their published crates (bench/peers): cw20-base 2.0.0 (cw-plus), cw20-stake 2.6.0 and DAO DAO 2.6.0 (dao-dao-core, dao-voting-cw20-staked, dao-proposal-single with anyone-may-propose, majority of 20 % quorum, no deposit module), cw4-stake 2.0.0 (cw-plus). Both stake MESH; both DAOs spend 1,000 MESH of their treasury to the same recipient. The suite's staking actions carry more than the peers' (operators, tiers, slashing, the stake hook to the distributor); its governance more than DAO DAO's (deposits, vault weights, timelock, solvency check).",
  "",
  "## Scale (pinned)",
  "",
  "| hot path | in state | \($r.scale.levels | map(tostring) | join(" | ")) | largest Δ | verdict (±\($r.tolerance_pct) %) |",
  "|---|---|\($r.scale.levels | map("--:") | join("|"))|--:|---|",
  ( $r.scale.paths[]
    | .points[0].gas as $base
    | (.points[1:] | map(pct($base; .gas)) | max_by(fabs)) as $d
    | "| \(.path) | \(.unit) (\(.points | map(.n | commas) | join(" / "))) | \(.points | map(.gas | commas) | join(" | ")) | \(if $d > 0 then "+" else "" end)\($d) % | \(if ($d | fabs) <= $r.tolerance_pct then "same" else "**DIFFERS**" end) |"
  ),
  "",
  "## Artifacts",
  "",
  "| artifact | bytes | gzip bytes | store gas |",
  "|---|--:|--:|--:|",
  ( $r.sizes | sort_by(.system, .artifact)[] | "| \(.artifact) | \(.bytes | commas) | \(.gzip_bytes | commas) | \(.store_gas | commas) |" ),
  "",
  "## Targets of the gas issue",
  "",
  "| target | figure | met |",
  "|---|---|---|",
  ( $r.targets[] | "| \(.target) | \(.figure) | \(if .met then "yes" else "**no**" end) |" ),
  "",
  "| step | seconds |",
  "|---|--:|",
  "| start the localnet and deploy the suite | \($r.localnet_and_deploy_seconds) |",
  ( $r.phases[] | "| \(.name) | \(.seconds * 10 | round / 10) |" ),
  "| **wall time of the run** | **\($r.wall_seconds)** |"
