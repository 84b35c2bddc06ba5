#!/usr/bin/env bash
# Runs every check Berth has on this machine: lint, type check, unit tests, state-store tests on a
# real PostgreSQL and on embedded PGlite, Docker integration tests and end-to-end tests of the real
# binaries. Installs what is missing (Debian: Docker engine, PostgreSQL, busybox-static), starts
# the Docker daemon, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-host.sh

export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true CI="${CI:-true}"
ensure_packages postgresql busybox-static iproute2 awscli python3-boto3 socat haproxy docker-registry apache2-utils || exit 1
ensure_docker || exit 1
ensure_node_modules || exit 1
ensure_test_image || exit 1

passed=0
failed=0
step() { # step NAME COMMAND... : a non-test check counted as one passed or failed item
  local name=$1; shift
  echo "==> $name" >&2
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}

step "generate proto types" node scripts/gen-proto.mjs
# The module-boundary rule reads the project graph Nx caches in .nx/ (none on a fresh clone): make it
# first, then lint everything in one ESLint process (one start instead of one per project).
step "lint (eslint + module boundaries)" bash -c 'npx nx show projects >/dev/null && npx eslint apps libs tests bench'
# The whole workspace in one type check; the build only bundles (the projects' own build targets
# would type-check each library again).
step "type check" npx tsc -p tsconfig.json --noEmit
step "build" npm run build --silent

report=$(mktemp)
echo "==> vitest (unit, int, e2e)" >&2
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" >&2
vitest_status=$?
if [ -s "$report" ]; then
  read -r tp tf < <(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const failedSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + failedSuites);' "$report")
  passed=$((passed + tp)); failed=$((failed + tf))
  if [ "$vitest_status" -ne 0 ] && [ "$tf" -eq 0 ]; then failed=$((failed + 1)); fi
else
  failed=$((failed + 1))
fi
rm -f "$report"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
