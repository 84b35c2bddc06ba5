/**
 * Application Auto Scaling's JSON members are PascalCase (`ResourceId`, `RoleARN`); Berth's
 * requests and answers are camelCase (`resourceId`, `roleArn`) on every edge. These turn one into
 * the other, recursively through objects and lists; values are never touched. A trailing `ARN`
 * is `Arn` in camelCase, as the proto's field names have it.
 */
export function camelCaseKeys(value: unknown): unknown {
  return mapKeys(value, (key) => (key === 'ARN' ? 'arn' : (key.charAt(0).toLowerCase() + key.slice(1)).replace(/ARN$/, 'Arn')));
}

/** How an API spells a trailing ARN: `ARN` (Application Auto Scaling, Secrets Manager) or `Arn` (Elastic Load Balancing). */
export type ArnSpelling = 'ARN' | 'Arn';

export function pascalCaseKeys(value: unknown, arn: ArnSpelling = 'ARN'): unknown {
  return mapKeys(value, (key) => (key.charAt(0).toUpperCase() + key.slice(1)).replace(/Arn$/, arn));
}

/** Members whose value is a map keyed by data (Secrets Manager's version ids), not by member names: their keys stay as they are. */
const dataKeyedMembers: ReadonlySet<string> = new Set(['versionIdsToStages', 'VersionIdsToStages', 'secretVersionsToStages', 'SecretVersionsToStages']);

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, rename));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) out[rename(key)] = dataKeyedMembers.has(key) ? member : mapKeys(member, rename);
  return out;
}
