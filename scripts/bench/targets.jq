# Assembles the benchmark's JSON (scripts/bench.sh) and judges each target of the gas issue against the figures of
# this run: every comparison is with the peer or the plain cw20-base transfer measured in the same run.
def gas_of($round; $action; $system): first($actions[0][] | select(.round == $round and .action == $action and .system == $system) | .gas) // null;
def x($a; $b): (($a / $b) * 100 | round) / 100;
def pct($small; $large): (($large - $small) / $small * 10000 | round) / 100;
gas_of("pinned"; "transfer"; "cw20-base") as $transfer
| ($scale[0]) as $s
| {
    date: $date, wasmd: $wasmd, chain_id: $chain, tolerance_pct: $tol, wall_seconds: $wall,
    localnet_and_deploy_seconds: $setup, phases: ($phases + $s.phases), actions: $actions[0], sizes: $sizes[0],
    scale: $s,
    targets: (
      [ ["stake", "unstake", "propose", "vote", "execute"][] as $action
        | ($actions[0] | map(select(.action == $action and .system != "infermesh") | .system) | unique)[] as $peer
        | { u: gas_of("unpinned"; $action; "infermesh"), p: gas_of("pinned"; $action; "infermesh"),
            pu: gas_of("unpinned"; $action; $peer), pp: gas_of("pinned"; $action; $peer) }
        | { target: "\($action): less gas than \($peer), unpinned and pinned",
            figure: "unpinned \(.u) vs \(.pu) (\(x(.u; .pu))×), pinned \(.p) vs \(.pp) (\(x(.p; .pp))×)",
            met: (.u < .pu and .p < .pp) } ]
      + [ (gas_of("pinned"; "open bill"; "infermesh") + gas_of("pinned"; "complete"; "infermesh")
           + gas_of("pinned"; "finalize"; "infermesh")) as $job
          | { target: "open + complete + finalize ≤ 6 cw20 transfers, pinned",
              figure: "\($job) = \(x($job; $transfer)) × \($transfer)", met: ($job <= 6 * $transfer) } ]
      + [ (gas_of("pinned"; "settle batch of 5"; "infermesh") / 5 | round) as $per
          | { target: "batch settle of one provider's bills < 1 cw20 transfer per bill, pinned",
              figure: "\($per) per bill in a batch of 5 = \(x($per; $transfer)) × \($transfer)", met: ($per < $transfer) } ]
      + [ gas_of("pinned"; "redeem voucher"; "infermesh") as $redeem
          | { target: "one voucher redemption (any number of inferences) ≤ 2 cw20 transfers, pinned",
              figure: "\($redeem) = \(x($redeem; $transfer)) × \($transfer)", met: ($redeem <= 2 * $transfer) } ]
      + [ $s.paths[] | .points[0] as $base | .path as $path | .unit as $unit | .points[1:][]
          | pct($base.gas; .gas) as $d
          | { target: ($path + ": gas with " + (.n | tostring) + " " + $unit + " within " + ($tol | tostring) + " % of gas with " + ($base.n | tostring)),
              figure: ((.gas | tostring) + " vs " + ($base.gas | tostring) + " (" + ($d | tostring) + " %)"),
              met: (($d | fabs) <= $tol) } ]
      + [ ($sizes[0] | map(select(.system == "infermesh"))) as $suite
          | ($suite | map(select(.bytes > $max_bytes)) | map("\(.artifact) \(.bytes)") | join(", ")) as $over
          | ($suite | max_by(.bytes) | "\(.artifact) \(.bytes)") as $largest
          | { target: "every artifact of the suite ≤ \($max_bytes) bytes after optimisation",
              figure: (if $over == "" then "largest: " + $largest else "over: " + $over end),
              met: ($over == "") } ]
    )
  }
