import { EcsError, parameterCandidates, secretLookupOf, type StoredSecret } from '@berth/domain';
import type { StoreReads } from '@berth/state-store';

/** Finding stored secrets and parameters the way Secrets Manager and SSM take their ids. */

export const secretNotFound = () => new EcsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
export const parameterNotFound = (name: string) => new EcsError('ParameterNotFound', `Parameter ${name} not found.`);
export const markedForDeletion = () => new EcsError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");

/** A SecretId (name, ARN, or ARN without its suffix) → the one secret it names, if any. */
export function matchSecret(candidates: readonly StoredSecret[], secretId: string): StoredSecret | undefined {
  const lookup = secretLookupOf(secretId);
  return candidates.find((s) => (lookup.arn !== undefined && s.arn === lookup.arn) || s.name === lookup.name);
}

export async function findSecretById(read: Pick<StoreReads, 'findSecrets'>, secretId: string): Promise<StoredSecret | undefined> {
  const lookup = secretLookupOf(secretId);
  return matchSecret(await read.findSecrets('secret', { names: [lookup.name], ...(lookup.arn ? { arns: [lookup.arn] } : {}) }), secretId);
}

export function matchParameter(candidates: readonly StoredSecret[], nameOrArn: string): StoredSecret | undefined {
  for (const name of parameterCandidates(nameOrArn)) {
    const found = candidates.find((p) => p.name === name);
    if (found) return found;
  }
  return undefined;
}
