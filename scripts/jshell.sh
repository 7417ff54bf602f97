#!/usr/bin/env bash
# Opens JShell with the SDK's library modules, the examples and their dependencies on the class
# path and every SDK package imported (scripts/sdk-imports.jsh).
# Usage: scripts/jshell.sh [extra jshell arguments, e.g. a script file]
#
# It compiles only what JShell needs: the library modules and examples (main code only: no tests,
# no javadoc, no format check, not the shaded benchmarks jar). When no pom.xml or main source or
# resource changed since the last build, it skips Maven altogether and reuses the class path it
# cached under target/jshell/, so a second launch takes seconds. Set CYBERVEIN_JSHELL_REBUILD=1 to
# force a build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

modules=(cybervein-api cybervein-crypto cybervein-bitcoin cybervein-store-lmdb cybervein-dag cybervein-storage-proofs
  cybervein-consensus cybervein-ledger cybervein-fl cybervein-transport-grpc cybervein-node examples)
cache="$root/target/jshell"
stamp="$cache/stamp"
classpath_file="$cache/classpath.txt"

# True when the cached class path is missing or stale: an entry was deleted (mvn clean), or a pom,
# a main source or resource, or the Maven configuration is newer than the stamp.
needs_build() {
  [[ "${CYBERVEIN_JSHELL_REBUILD:-}" == 1 ]] && return 0
  [[ -f "$stamp" && -s "$classpath_file" ]] || return 0
  local entry
  while IFS= read -r -d ':' entry; do
    [[ -e "$entry" ]] || return 0
  done < <(printf '%s:' "$(cat "$classpath_file")")
  local watched=(pom.xml)
  [[ -d .mvn ]] && watched+=(.mvn)
  for module in "${modules[@]}"; do
    watched+=("$module/pom.xml")
    [[ -d "$module/src/main" ]] && watched+=("$module/src/main")
  done
  [[ -n "$(find "${watched[@]}" -newer "$stamp" -print -quit)" ]]
}

if needs_build; then
  mkdir -p "$cache"
  touch "$cache/stamp.next" # sources edited during the build count as changed next time
  echo "scripts/jshell.sh: compiling the SDK (main code only)..." >&2
  list="$(IFS=,; echo "${modules[*]}")"
  # Up to test-compile with tests skipped, not package: the reactor then hands out target/classes
  # (and, for modules whose tests use another's test-jar, the empty test-classes) instead of jars,
  # so no jar and no shaded jar is built; build-classpath writes each module's class path.
  mvn -B -q -pl "$list" -am \
    -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dspotless.check.skip=true \
    -Denforcer.skip=true \
    test-compile dependency:build-classpath \
    -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt >&2
  echo "$root/examples/target/classes:$(cat examples/target/classpath.txt)" > "$classpath_file"
  mv "$cache/stamp.next" "$stamp"
fi

exec jshell --class-path "$(cat "$classpath_file")" \
  --startup DEFAULT --startup "$root/scripts/sdk-imports.jsh" "$@"
