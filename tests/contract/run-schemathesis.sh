#!/usr/bin/env bash
# Schemathesis with our OpenAPI (schema/openapi.json) against a running waha-mock, once per
# engine persona. Bounded: 5 examples per operation and a fixed seed. `not_a_server_error` is
# not used on purpose: WAHA itself answers malformed group bodies with a 500, so the mock does
# too — `response_schema_conformance` holds those 500 bodies to WAHA's AllExceptionsFilter shape.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mock=${WAHA_MOCK_BIN:?set WAHA_MOCK_BIN to the waha-mock binary}
st=${SCHEMATHESIS:-$root/.venv/bin/schemathesis}
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null || true' EXIT
for engine in WEBJS WPP NOWEB GOWS; do
  out=$(mktemp)
  "$mock" --port 0 --engine "$engine" --api-key contract-key >"$out" 2>/dev/null &
  pid=$!
  for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.1; done
  url=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["url"])' "$out")
  echo "== schemathesis against waha-mock ($engine) at $url"
  "$st" --no-color --config-file "$root/tests/contract/schemathesis.toml" run "$root/schema/openapi.json" \
    --url "$url" -H "X-Api-Key: contract-key" -n 5 --seed 1 \
    --checks status_code_conformance,content_type_conformance,response_schema_conformance 2>&1 |
    sed -n '/SUMMARY/,$p'
  status=${PIPESTATUS[0]}
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
  rm -f "$out"
  [ "$status" -eq 0 ] || { echo "schemathesis failed for $engine"; exit "$status"; }
done
