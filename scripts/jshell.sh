#!/usr/bin/env bash
# Opens JShell with the whole SDK and its dependencies on the class path.
# Usage: scripts/jshell.sh [extra jshell arguments, e.g. a script file]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# One reactor run packages every module and writes each module's runtime class path; the examples
# module depends on all the others, so its class path is the whole SDK.
mvn -B -q -DskipTests package dependency:build-classpath \
  -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt >&2

cp="$(cat examples/target/classpath.txt)"
for module in cybervein-api cybervein-crypto cybervein-dag cybervein-storage-proofs \
  cybervein-ledger cybervein-consensus cybervein-fl examples; do
  cp="$cp:$(ls "$module"/target/*.jar | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1)"
done

exec jshell --class-path "$cp" --startup DEFAULT --startup "$root/scripts/sdk-imports.jsh" "$@"
