#!/usr/bin/env bash
# The PBFT benchmark in the shape of BFT-SMaRt's (cybervein-node README: "Benchmark"):
# 4 replica processes and 1 client process on 127.0.0.1 over the gRPC transport with mutual TLS.
#
#   scripts/bench-pbft.sh [--size BYTES] [--duration S] [--warmup S] [--clients N]
#                         [--auth mac|signatures] [--checkpoint-interval K] [--batch N]
#                         [--durability power-loss|process-crash] [--threading single|pooled]
#                         [--dir DIR] [--base-port P] [--jfr]
#
#   --size       bytes of each write's value: 0 or 1024 as in BFT-SMaRt's runs (default 0)
#   --duration   seconds of the whole run (default 300); --warmup seconds discarded (default half)
#   --clients    client cores in the client process = requests outstanding (default 128)
#   --auth       mac (default: MACs where BFT-SMaRt v2.0 relies on TLS alone, signatures where it
#                signs; see the README) or signatures (every message signed)
#   --checkpoint-interval  PBFT K (default 64; L = 4K)
#   --batch      the most requests in one PRE-PREPARE (default 256)
#   --durability the members' node.durability: power-loss (default: an fsync before each message
#                that depends on a write) or process-crash (committed, no fsync waited for)
#   --threading  every process's node.threading: single (default for these roles: one network
#                thread that also runs the core) or pooled (network threads and a delivery thread)
#   --dir        where the cluster lives (default: a new temporary directory, removed afterwards)
#   --jfr        record a JFR profile of replica 0 (the primary) into DIR/m0.jfr (keeps DIR)
#
# Builds nothing: it runs the node jar built before (mvn -B -q -DskipTests package -pl
# cybervein-node -am). Starts the five processes, waits until the replicas are healthy, runs the
# client (bin/cybervein bench), prints its summary block and stops every process it started, also
# on Ctrl-C or failure. JAVA_OPTS reaches all five JVMs (default -Xmx512m -XX:+UseParallelGC).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$root/bin/cybervein"

usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
size=0 duration=300 warmup="" clients=128 auth=mac k=64 batch=256 durability=power-loss threading="" dir="" base_port=7400 jfr=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --auth) auth="$2"; shift 2 ;;
    --checkpoint-interval) k="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --durability) durability="$2"; shift 2 ;;
    --threading) threading="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    --jfr) jfr=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done
[[ -n "$warmup" ]] || warmup=$((duration / 2))
keep_dir=1
if [[ -z "$dir" ]]; then
  dir="$(mktemp -d "${TMPDIR:-/tmp}/bench-pbft.XXXXXX")"
  keep_dir=$jfr
elif [[ -e "$dir/cluster.conf" ]]; then
  echo "$dir already holds a cluster; give another --dir" >&2
  exit 1
fi
export JAVA_OPTS="${JAVA_OPTS:--Xmx512m -XX:+UseParallelGC}"

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  pids=()
  if [[ $keep_dir == 0 ]]; then rm -rf "$dir"; else echo "cluster directory kept: $dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

args=()
for i in 0 1 2 3; do
  args+=(--member "m$i,pbft-member,127.0.0.1:$((base_port + i)),127.0.0.1:$((base_port + 100 + i))")
done
args+=(--member "client,pbft-client,127.0.0.1:$((base_port + 4)),127.0.0.1:$((base_port + 104))")
"$cli" init --dir "$dir" --auth "$auth" --checkpoint-interval "$k" --batch "$batch" \
  --request-timeout-ms 4000 --client-retry-ms 4000 --retransmit-ms 1000 "${args[@]}" >/dev/null

for i in 0 1 2 3; do
  echo "node.durability = \"$durability\"" >>"$dir/m$i.conf"
done
if [[ -n "$threading" ]]; then
  for conf in m0 m1 m2 m3 client; do
    echo "node.threading = \"$threading\"" >>"$dir/$conf.conf"
  done
fi

mkdir -p "$dir/logs"
for i in 0 1 2 3; do
  opts="$JAVA_OPTS"
  if [[ $jfr == 1 && $i == 0 ]]; then
    opts="$opts -XX:StartFlightRecording=filename=$dir/m0.jfr,settings=profile"
  fi
  JAVA_OPTS="$opts" "$cli" run --config "$dir/m$i.conf" >"$dir/logs/m$i.log" 2>&1 </dev/null &
  pids+=($!)
done

deadline=$((SECONDS + 300))
for i in 0 1 2 3; do
  until curl -fsS --max-time 2 "http://127.0.0.1:$((base_port + 100 + i))/health" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      echo "m$i is not healthy after 300 s; its log:" >&2
      tail -20 "$dir/logs/m$i.log" >&2
      exit 1
    fi
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "m$i exited; its log:" >&2
      tail -20 "$dir/logs/m$i.log" >&2
      exit 1
    fi
    sleep 0.5
  done
done

echo "auth=$auth K=$k batch<=$batch durability=$durability threading=${threading:-default} transport=grpc+mTLS; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$cli" bench --config "$dir/client.conf" --clients "$clients" --size "$size" \
  --duration "$duration" --warmup "$warmup" --clock-ticks "$(getconf CLK_TCK)" \
  --pids "$(IFS=,; echo "${pids[*]}")" 2>"$dir/logs/client.log" &
bench_pid=$!
pids+=("$bench_pid")
status=0
wait "$bench_pid" || status=$?
if [[ $status != 0 ]]; then
  echo "the client failed ($status); its log:" >&2
  tail -20 "$dir/logs/client.log" >&2
fi
for i in 0 1 2 3; do
  view="$(curl -fsS --max-time 2 "http://127.0.0.1:$((base_port + 100 + i))/health" 2>/dev/null |
    tr -d ' \n' | sed -E 's/.*"view":([0-9]+).*"lastExecuted":([0-9]+).*/view \1, executed \2/')" || true
  echo "  m$i: ${view:-no answer}"
done
exit "$status"
