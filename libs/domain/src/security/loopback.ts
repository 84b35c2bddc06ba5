/**
 * A `host:port` only this machine can reach: 127.0.0.0/8, ::1 or localhost. Plain text is
 * acceptable there and nowhere else.
 */
export function isLoopbackAddress(hostPort: string): boolean {
  const colon = hostPort.lastIndexOf(':');
  const host = (colon < 0 ? hostPort : hostPort.slice(0, colon)).replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
