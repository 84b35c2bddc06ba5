import { createHash } from 'node:crypto';
import { EcsError, invalidParameter } from '@berth/domain';
import type { RequestOf } from '@berth/ecs-api';

/** RunTask clientTokens are honoured this long (ECS: 24 hours). */
export const CLIENT_TOKEN_LIFETIME_MS = 24 * 3600_000;

const tokenPattern = /^[\x20-\x7e]{1,64}$/;

export function checkClientToken(token: string): void {
  if (!tokenPattern.test(token)) throw invalidParameter('clientToken must be 1 to 64 printable ASCII characters.');
}

/** What makes two RunTask calls "the same request" for clientToken purposes: everything but the token and how the cluster and definition were named. */
export function runTaskRequestHash(req: RequestOf<'RunTask'>, definitionArn: string): string {
  const { clientToken: _token, cluster: _cluster, taskDefinition: _ref, ...rest } = req;
  return createHash('sha256').update(JSON.stringify({ definitionArn, ...rest })).digest('hex');
}

export function conflictingToken(taskArns: readonly string[]): EcsError {
  return new EcsError('ConflictException', `The clientToken was already used for a different request that started: ${taskArns.join(', ') || 'no tasks'}.`);
}
