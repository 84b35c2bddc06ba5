import type * as grpc from '@grpc/grpc-js';
import type { Caller } from '../app/caller.js';
import type { AppContext } from '../app/context.js';
import type { HostProof } from '../app/agents/register.js';
import { authenticate, parseBearer } from '../app/security/credentials.js';
import { recognizeJoinToken } from '../app/security/join-tokens.js';

/** The `authorization` metadata of a call, as sent (the transport only carries the credential). */
export function authorizationOf(metadata: grpc.Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  return value === undefined ? undefined : typeof value === 'string' ? value : value.toString('utf8');
}

/** The caller the call's credential proves (style rule 14: the transport carries, the app decides). */
export function callerOf(app: AppContext, metadata: grpc.Metadata): Promise<Caller> {
  return authenticate(app, parseBearer(authorizationOf(metadata)));
}

/** A host's proof at Register: its own credential (a restart), or a join token of ours (a new host). */
export async function registrationProofOf(app: AppContext, metadata: grpc.Metadata): Promise<HostProof> {
  const header = authorizationOf(metadata)?.trim();
  const join = header ? /^JoinToken (\S{1,200})$/.exec(header) : null;
  if (join) {
    await recognizeJoinToken(app, join[1]!);
    return { kind: 'join-token', token: join[1]! };
  }
  return { kind: 'agent', caller: await authenticate(app, parseBearer(header)) };
}
