#!/usr/bin/env bash
# Starts a second Docker daemon on this machine — a second "host" for multi-host tests — with its
# own bridge, data root and socket, and copies the test image into it. Idempotent: does nothing
# when it already answers. Prints the DOCKER_HOST to use.
set -euo pipefail
sock=/run/berth-docker2.sock
host="unix://$sock"
if docker -H "$host" version >/dev/null 2>&1; then echo "$host"; exit 0; fi
if ! ip link show berth-br2 >/dev/null 2>&1; then
  ip link add berth-br2 type bridge
  ip addr add 10.213.0.1/24 dev berth-br2
fi
ip link set berth-br2 up
mkdir -p /var/lib/berth-docker2 /run/berth-docker2
nohup dockerd -H "$host" --data-root /var/lib/berth-docker2 --exec-root /run/berth-docker2 \
  --pidfile /run/berth-docker2.pid --bridge berth-br2 >/var/log/berth-docker2.log 2>&1 &
for _ in $(seq 1 60); do
  docker -H "$host" version >/dev/null 2>&1 && break
  sleep 0.5
done
docker -H "$host" version >/dev/null 2>&1 || { echo "second dockerd did not start; see /var/log/berth-docker2.log" >&2; exit 1; }
if ! docker -H "$host" image inspect berth/busybox:latest >/dev/null 2>&1; then
  docker save berth/busybox:latest | docker -H "$host" load -q >/dev/null
fi
echo "$host"
