import { invalidParameter } from '@berth/domain';

/**
 * List calls page with `maxResults` (1–100, default 100) and an opaque `nextToken` that encodes the
 * last key returned. The token is base64url JSON so it survives any transport.
 */
export function pageSize(maxResults: number | undefined, limit = 100): number {
  if (maxResults === undefined || maxResults === 0) return limit;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > limit) {
    throw invalidParameter(`maxResults must be between 1 and ${limit}.`);
  }
  return maxResults;
}

export function encodeToken(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

export function decodeToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && typeof (parsed as { k?: unknown }).k === 'string') {
      return (parsed as { k: string }).k;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidParameter('Invalid nextToken.');
}

/** Fetch one extra row to learn whether there is a next page; the last page has no nextToken. */
export function pageOf<T>(rows: readonly T[], size: number, keyOf: (row: T) => string): { items: T[]; nextToken?: string } {
  if (rows.length <= size) return { items: [...rows] };
  const items = rows.slice(0, size);
  return { items, nextToken: encodeToken(keyOf(items[items.length - 1]!)) };
}
