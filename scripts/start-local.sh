#!/usr/bin/env bash
# Starts a working Berth on this machine: the control plane on embedded storage (.berth/data) and
# one local ecs-agent joined to the "default" cluster. Installs what is missing (Debian: Docker
# engine, openssl; npm dependencies), builds, and runs in the foreground until Ctrl-C.
#
# Secure by default: TLS with a private CA made on the first start (.berth/tls), an admin
# credential the control plane writes on its first start (.berth/data/admin-credentials, which
# ./bin/berth finds by itself), and a one-use join token for the agent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-host.sh

export NX_DAEMON=false NX_NO_CLOUD=true
ensure_packages openssl curl
ensure_docker
ensure_node_modules
ensure_test_image
echo "berth: building" >&2
npm run --silent build >/dev/null

listen="${BERTH_LISTEN:-127.0.0.1:7470}"
http_listen="${BERTH_HTTP_LISTEN:-127.0.0.1:7471}"
tls=.berth/tls
# A listener off loopback needs its address in the certificate: BERTH_TLS_SANS="IP:10.0.0.5,DNS:berth.internal".
bash scripts/make-local-pki.sh "$tls"
mkdir -p .berth/agent
cat > .berth/ecs.config <<CONFIG
# Written by scripts/start-local.sh. ECS_CLUSTER is unset, so the agent joins "default".
ECS_BACKEND_HOST=https://${listen}
ECS_BACKEND_CA_FILE=$(pwd)/${tls}/ca.pem
# A one-use token, made below when this host has no credential of its own yet.
ECS_JOIN_TOKEN_FILE=$(pwd)/.berth/join-token
ECS_DATADIR=$(pwd)/.berth/agent
ECS_LOGLEVEL=info
# The test image exists only locally; do not try a registry first.
ECS_IMAGE_PULL_BEHAVIOR=prefer-cached
# Publish task ports on this machine only.
ECS_HOST_PORT_BIND_IP=127.0.0.1
CONFIG

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo >&2; echo "berth: stopping" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

./bin/control-plane --listen "$listen" --http-listen "$http_listen" --data-dir .berth/data \
  --tls-cert "$tls/server.pem" --tls-key "$tls/server.key" 2> >(sed -u 's/^/[control-plane] /' >&2) &
pids+=($!)
ready() { curl -fsS --cacert "$tls/ca.pem" "https://${http_listen}/readyz" >/dev/null 2>&1; }
for _ in $(seq 1 120); do
  if ready; then break; fi
  sleep 0.5
done
ready || { echo "berth: the control plane did not become ready" >&2; exit 1; }

# The CLI finds the admin credential (.berth/data/admin-credentials) and the CA (.berth/tls/ca.pem) from here.
export BERTH_ENDPOINT="https://$listen"
if ! grep -qs '"credential"' .berth/agent/ecs_agent_data.json; then
  # A new host (or one from before credentials existed, which starts over as a new instance).
  rm -f .berth/agent/ecs_agent_data.json
  (umask 077 && ./bin/berth create-join-token --ttl 10m --max-uses 1 | sed -n 's/.*"token": "\(berth-join[^"]*\)".*/\1/p' > .berth/join-token)
  [ -s .berth/join-token ] || { echo "berth: could not make a join token for the agent" >&2; exit 1; }
fi
./bin/ecs-agent --config .berth/ecs.config 2> >(sed -u 's/^/[ecs-agent] /' >&2) &
pids+=($!)
for _ in $(seq 1 60); do
  if ./bin/berth list-container-instances 2>/dev/null | grep -q container-instance; then break; fi
  sleep 0.5
done
# Used up once the agent holds its own credential; until then it stays for the agent to retry with.
if grep -qs '"credential"' .berth/agent/ecs_agent_data.json; then rm -f .berth/join-token; fi

# A sample web task (busybox httpd) on a dynamic port; a second start reuses the one still running.
task=$(./bin/berth list-tasks --family hello-web 2>/dev/null | grep -o 'arn:aws:ecs:[^"]*' | head -1 || true)
if [ -z "$task" ]; then
  ./bin/berth register-task-definition --cli-input-json file://deploy/examples/web-task.json >/dev/null
  task=$(./bin/berth run-task --task-definition hello-web | grep -o '"taskArn": "[^"]*"' | head -1 | cut -d'"' -f4)
fi
url=""
if [ -n "$task" ] && ./bin/berth wait tasks-running --tasks "$task"; then
  port=$(./bin/berth describe-tasks --tasks "$task" | grep -o '"hostPort": [0-9]*' | head -1 | grep -o '[0-9]*$')
  url="http://127.0.0.1:${port}/"
fi

cat >&2 <<INFO

  Berth is running.
    control plane  https://${listen} (gRPC, TLS)   https://${http_listen}/metrics
    credentials    .berth/data/admin-credentials (profile berth; admin)   CA .berth/tls/ca.pem
    agent          joined cluster "default"   (config .berth/ecs.config)
    sample task    ${url:-did not start; see the agent log above}   (task ${task:-none})

  Try, in another terminal (from this directory, so berth finds the credential and the CA):
$( [ "$listen" = 127.0.0.1:7470 ] || echo "    export BERTH_ENDPOINT=https://${listen}" )
    ./bin/berth describe-clusters --output table
    ./bin/berth list-container-instances --output table
    ./bin/berth describe-container-instances --container-instances <id> --output table
    curl ${url:-http://127.0.0.1:PORT/}
    ./bin/berth describe-tasks --tasks ${task:-TASK} --output table
    ./bin/berth logs --task ${task:-TASK}
    ./bin/berth run-task --task-definition hello-web --count 2
    ./bin/berth stop-task --task ${task:-TASK}

  Ctrl-C stops both.
INFO
./bin/berth --output table describe-clusters >&2 || true
wait -n "${pids[@]}"
