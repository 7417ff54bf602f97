#!/usr/bin/env bash
# A local cluster of CyberVein node processes on 127.0.0.1 (README: "Run a cluster").
#
#   scripts/cluster.sh start N [--dir DIR] [--base-port P]   N PBFT members (N = 3f + 1: 4, 7, ...)
#                                                            plus a client's configuration
#   scripts/cluster.sh start-dataflow [--dir DIR] [--base-port P]
#                                                            the whitepaper's data flow: storage
#                                                            nodes s0-s2 and super node "super",
#                                                            accounts alice and bob (no process)
#   scripts/cluster.sh status  [--dir DIR]                   each member's view and executed
#                                                            sequence; every pair's link (check)
#   scripts/cluster.sh kill ID [--dir DIR]                   SIGKILL one member (e.g. the primary)
#   scripts/cluster.sh restart ID [--dir DIR]                start a stopped member again
#   scripts/cluster.sh stop    [--dir DIR]                   SIGTERM every member, SIGKILL after 10 s
#
# The run directory (default target/cluster) holds the cluster description and one configuration
# per member (cybervein init), keys/, data/ (LMDB), logs/ID.log and run/ID.pid. Writes go through
# the client: bin/cybervein run --config DIR/client.conf (lines such as "put k v" on stdin).
# Builds the node jar first if it is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$root/bin/cybervein"

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 1 ]] || usage
command="$1"; shift
count=""; member=""
case "$command" in
  start) [[ $# -ge 1 ]] || usage; count="$1"; shift ;;
  kill|restart) [[ $# -ge 1 ]] || usage; member="$1"; shift ;;
  status|stop|start-dataflow) ;;
  *) usage ;;
esac
dir="$root/target/cluster"; base_port=7100
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    *) usage ;;
  esac
done

members() { # the ids of the running kind (not the client, no account), from the configuration files
  for conf in "$dir"/*.conf; do
    local id; id="$(basename "$conf" .conf)"
    [[ "$id" == cluster || "$id" == client ]] && continue
    grep -q "id = \"$id\", role = account" "$dir/cluster.conf" || echo "$id"
  done
}

http_of() { # the HTTP address of member $1, from the cluster description
  grep "id = \"$1\", role" "$dir/cluster.conf" | sed -E 's/.*http = "([^"]*)".*/\1/'
}

healthy() { curl -fsS --max-time 2 "http://$(http_of "$1")/health" >/dev/null 2>&1; }

launch() { # starts member $1 in the background, with its pid file and log
  local id="$1"
  mkdir -p "$dir/logs" "$dir/run"
  nohup "$cli" run --config "$dir/$id.conf" >>"$dir/logs/$id.log" 2>&1 </dev/null &
  echo $! >"$dir/run/$id.pid"
}

wait_healthy() { # polls /health of the given members for up to 120 s
  local deadline=$((SECONDS + 120)) id
  for id in "$@"; do
    until healthy "$id"; do
      if ((SECONDS > deadline)); then
        echo "$id is not healthy after 120 s; see $dir/logs/$id.log" >&2
        return 1
      fi
      sleep 0.5
    done
    echo "$id healthy at http://$(http_of "$id")/health"
  done
}

stop_member() {
  local id="$1" pidfile="$dir/run/$1.pid"
  [[ -f "$pidfile" ]] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$id did not stop within 10 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

build_once() {
  if ! ls "$root"/cybervein-node/target/cybervein-node-*-all.jar >/dev/null 2>&1; then
    echo "building the node jar (mvn -B -q -DskipTests package -pl cybervein-node -am)"
    (cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true package -pl cybervein-node -am)
  fi
  if [[ -f "$dir/cluster.conf" ]]; then
    echo "$dir already holds a cluster; stop it and remove the directory first" >&2
    exit 1
  fi
}

case "$command" in
  start-dataflow)
    build_once
    args=(--validator super)
    i=0
    for m in s0,storage s1,storage s2,storage super,dag alice,account bob,account; do
      args+=(--member "$m,127.0.0.1:$((base_port + i)),127.0.0.1:$((base_port + 100 + i))")
      i=$((i + 1))
    done
    "$cli" init --dir "$dir" "${args[@]}" >/dev/null
    for id in $(members); do launch "$id"; done
    wait_healthy $(members)
    echo "data flow cluster up in $dir; as the accounts:"
    echo "  $cli upload --config $dir/alice.conf --file FILE --name my-data --storage s0,s1"
    echo "  $cli download --config $dir/bob.conf --owner alice --name my-data --out COPY"
    ;;
  start)
    if ! ls "$root"/cybervein-node/target/cybervein-node-*-all.jar >/dev/null 2>&1; then
      echo "building the node jar (mvn -B -q -DskipTests package -pl cybervein-node -am)"
      (cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true package -pl cybervein-node -am)
    fi
    if [[ -f "$dir/cluster.conf" ]]; then
      echo "$dir already holds a cluster; stop it and remove the directory first" >&2
      exit 1
    fi
    args=()
    for ((i = 0; i < count; i++)); do
      args+=(--member "member-$i,pbft-member,127.0.0.1:$((base_port + i)),127.0.0.1:$((base_port + 100 + i))")
    done
    args+=(--member "client,pbft-client,127.0.0.1:$((base_port + count)),127.0.0.1:$((base_port + 100 + count))")
    # A 3 s view-change timeout: a loaded laptop should not change views on every slow fsync.
    "$cli" init --dir "$dir" --checkpoint-interval 8 --request-timeout-ms 3000 "${args[@]}" >/dev/null
    for id in $(members); do launch "$id"; done
    wait_healthy $(members)
    echo "cluster of $count members up in $dir"
    echo "write: $cli run --config $dir/client.conf    (then type: put k v | get k | delete k)"
    ;;
  status)
    for id in $(members); do
      if healthy "$id"; then
        curl -fsS "http://$(http_of "$id")/health" | tr -d ' \n' |
          sed -E -e 's/.*"node":"([^"]*)".*"view":([0-9]+),"primary":"([^"]*)".*"lastExecuted":([0-9]+).*/\1: view \2 (primary \3), executed up to \4/' \
            -e 's/.*"node":"([^"]*)".*"height":([0-9]+),"tip":"(.{12})[^"]*","stateRoot":"(.{12})[^"]*","bandwidthM":([0-9]+).*/\1: height \2, tip \3.., state root \4.., M \5 bytes/' \
            -e 's/.*"node":"([^"]*)".*"superNode":(true|false),"units":([0-9]+).*/\1: dag node (super node: \2), \3 units/'
        echo
      else
        echo "$id: down"
      fi
    done
    "$cli" check --config "$dir/$(members | head -1).conf" || true
    ;;
  kill)
    pid="$(cat "$dir/run/$member.pid")"
    kill -KILL "$pid" && rm -f "$dir/run/$member.pid" && echo "$member (pid $pid) killed with SIGKILL"
    ;;
  restart)
    launch "$member"
    wait_healthy "$member"
    ;;
  stop)
    for id in $(members); do stop_member "$id"; done
    echo "stopped"
    ;;
esac
