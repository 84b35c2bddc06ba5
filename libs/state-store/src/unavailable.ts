/**
 * Whether an error means the database cannot be reached right now (stopped, restarting, the
 * network gone), as opposed to a query that is wrong: the caller should answer "unavailable, try
 * again" rather than "internal error", and nothing was committed.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, crash, cannot connect now), and Node's socket errors.
    if (/^08/.test(code) || /^57P0[123]$/.test(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true;
  }
  if (/Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i.test(error.message)) return true;
  return error.cause !== undefined && error.cause !== error && isStoreUnavailable(error.cause);
}
