# Sourced by the project's scripts: installs what Berth needs on a Debian host and starts Docker.
# Functions only; nothing runs on source.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "berth: need root to run: $*" >&2; return 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
  echo "berth: installing $* (apt-get)" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ensure_packages PKG... : installs the Debian packages that are missing.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# ensure_node_modules: npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "berth: installing npm dependencies" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
}

# ensure_docker: Docker engine installed and answering on /var/run/docker.sock.
ensure_docker() {
  command -v dockerd >/dev/null 2>&1 || ensure_packages docker.io
  if docker version >/dev/null 2>&1; then return 0; fi
  echo "berth: starting dockerd" >&2
  mkdir -p /var/log/berth 2>/dev/null || true
  as_root sh -c 'nohup dockerd >/var/log/berth-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do
    if docker version >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "berth: dockerd did not start; see /var/log/berth-dockerd.log" >&2
  return 1
}

# ensure_test_image: the busybox image tests and the quickstart run (no registry needed).
ensure_test_image() {
  ensure_packages busybox-static
  bash "$(dirname "${BASH_SOURCE[0]}")/../build-test-image.sh" >&2
}
