#!/usr/bin/env bash
# `npm start` with DATABASE_URL unset: embedded PostgreSQL, migrations, demo data, /health,
# a demo login and `me`, then a clean stop (API first, then the database).
set -euo pipefail
cd "$(dirname "$0")/.."
unset DATABASE_URL
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
# info: the checks below read the start-up lines (JSON, through the logger like everything else).
export PORT NODE_ENV=development LOG_LEVEL=info
LOG=$(mktemp)
npm start >"$LOG" 2>&1 &
APP=$!
cleanup() { kill -TERM "$APP" 2>/dev/null || true; rm -f "$LOG"; }
trap cleanup EXIT

for i in $(seq 1 180); do
  if curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$APP" 2>/dev/null; then echo "npm start exited early:"; cat "$LOG"; exit 1; fi
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/health" || { echo "no /health after 180 s"; cat "$LOG"; exit 1; }
echo

TOKEN=$(curl -sf "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' \
  -d '{"query":"mutation { login(email: \"hr@lumc.test\", password: \"exchange-demo-2026\") { accessToken } }"}' |
  node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const t=JSON.parse(s).data?.login?.accessToken;if(!t){console.error(s);process.exit(1)}console.log(t)})")
ME=$(curl -sf "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \
  -d '{"query":"{ me { email roles organisation { code } } }"}')
echo "$ME"
echo "$ME" | grep -q '"email":"hr@lumc.test"' || { echo "me did not return the demo HR user"; exit 1; }

# `npm start` runs node under npm and a shell: stop node itself, as a process manager would.
# (This project's: other checkouts on the machine may run one too.)
NODE_PID=$(for p in $(pgrep -f '^node dist/main.js$'); do
  if [ "$(readlink "/proc/$p/cwd")" = "$PWD" ]; then echo "$p"; fi; done | tail -1)
[ -n "$NODE_PID" ] || { echo "no 'node dist/main.js' of this project is running"; cat "$LOG"; exit 1; }
kill -TERM "$NODE_PID"
for i in $(seq 1 30); do kill -0 "$APP" 2>/dev/null || break; sleep 1; done
if kill -0 "$APP" 2>/dev/null; then echo "the API did not stop within 30 s"; cat "$LOG"; exit 1; fi
trap 'rm -f "$LOG"' EXIT
# Where the cluster is, as the start logged it (running as root in a private folder: outside it).
CLUSTER=$(sed -n 's/.*embedded PostgreSQL ready on [^ ]* (data in \([^)]*\)).*/\1/p' "$LOG" | tail -1)
[ -n "$CLUSTER" ] || { echo "the start did not log where the embedded PostgreSQL keeps its data"; cat "$LOG"; exit 1; }
if pgrep -f "postgres -D $CLUSTER( |$)" >/dev/null; then echo "the embedded PostgreSQL is still running"; exit 1; fi
grep -q "closing the API, then the database" "$LOG" || { cat "$LOG"; exit 1; }
echo "smoke test passed: 1 passed, 0 failed"
