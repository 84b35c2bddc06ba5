#!/usr/bin/env bash
# A private certificate authority for one Berth installation, made with openssl.
#
#   make-local-pki.sh DIR                 CA (ca.pem, ca.key) and a server certificate
#                                         (server.pem, server.key) for localhost and 127.0.0.1,
#                                         plus every name in BERTH_TLS_SANS (comma-separated,
#                                         e.g. "DNS:berth.internal,IP:10.0.0.5")
#   make-local-pki.sh DIR client NAME     a client certificate NAME.pem / NAME.key for mutual TLS
#
# Nothing that exists is overwritten: run it again to add what is missing. Keys are 0600.
set -euo pipefail

dir=${1:?usage: make-local-pki.sh DIR [client NAME]}
mkdir -p "$dir"
cd "$dir"
umask 077

if [ ! -s ca.pem ] || [ ! -s ca.key ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout ca.key -out ca.pem -days 3650 -subj "/CN=Berth local CA $(hostname)" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  chmod 644 ca.pem
fi

# issue NAME SUBJECT EXTENSIONS
issue() {
  local name=$1 subject=$2 extensions=$3
  [ -s "$name.pem" ] && [ -s "$name.key" ] && return 0
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
  printf '%s\n' "$extensions" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
    -out "$name.pem" -days 825 -extfile "$name.ext" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
  chmod 644 "$name.pem"
}

case "${2:-server}" in
  server)
    sans="DNS:localhost,IP:127.0.0.1${BERTH_TLS_SANS:+,$BERTH_TLS_SANS}"
    issue server "/CN=localhost" "subjectAltName=$sans
extendedKeyUsage=serverAuth
keyUsage=critical,digitalSignature"
    ;;
  client)
    name=${3:?usage: make-local-pki.sh DIR client NAME}
    [[ $name =~ ^[A-Za-z0-9._-]{1,64}$ ]] || { echo "make-local-pki.sh: client NAME must be 1-64 letters, digits, '.', '_' or '-'" >&2; exit 2; }
    issue "$name" "/CN=$name" "extendedKeyUsage=clientAuth
keyUsage=critical,digitalSignature"
    ;;
  *)
    echo "usage: make-local-pki.sh DIR [client NAME]" >&2
    exit 2
    ;;
esac
