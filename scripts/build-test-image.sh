#!/usr/bin/env bash
# Builds berth/busybox:latest FROM scratch out of Debian's busybox-static, so tests and the
# quickstart have an image without any registry. Gives sh, sleep, httpd, nc and friends.
set -euo pipefail
image="${1:-berth/busybox:latest}"
docker_cmd=(docker ${DOCKER_HOST:+-H "$DOCKER_HOST"})
if "${docker_cmd[@]}" image inspect "$image" >/dev/null 2>&1; then exit 0; fi
busybox=$(command -v busybox || true)
[ -n "$busybox" ] && [ -x /bin/busybox ] && busybox=/bin/busybox
if [ -z "$busybox" ]; then echo "build-test-image: busybox not found; apt-get install busybox-static" >&2; exit 1; fi
if ! file "$busybox" 2>/dev/null | grep -q static && ldd "$busybox" >/dev/null 2>&1; then
  echo "build-test-image: $busybox is dynamically linked; install busybox-static" >&2; exit 1
fi
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$busybox" "$ctx/busybox"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /tmp /etc /var/www && chmod 1777 /tmp && \
    echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd && \
    echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> /etc/passwd && \
    echo 'root:x:0:' > /etc/group && echo 'nogroup:x:65534:' >> /etc/group && \
    echo '<h1>Hello from Berth</h1>' > /var/www/index.html
ENV PATH=/bin
CMD ["sh"]
DOCKERFILE
echo "build-test-image: building $image" >&2
DOCKER_BUILDKIT=0 "${docker_cmd[@]}" build -q -t "$image" "$ctx" >/dev/null
