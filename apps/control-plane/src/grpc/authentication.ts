import type * as grpc from '@grpc/grpc-js';
import type { Caller } from '../app/caller.js';
import type { AppContext } from '../app/context.js';
import { authenticate, parseBearer } from '../app/security/credentials.js';

/** The `authorization` metadata of a call, as sent (the transport only carries the credential). */
export function authorizationOf(metadata: grpc.Metadata): string | undefined {
  const value = metadata.get('authorization')[0];
  return value === undefined ? undefined : typeof value === 'string' ? value : value.toString('utf8');
}

/** The caller the call's credential proves (style rule 14: the transport carries, the app decides). */
export function callerOf(app: AppContext, metadata: grpc.Metadata): Promise<Caller> {
  return authenticate(app, parseBearer(authorizationOf(metadata)));
}

/** A host's proof at Register: its own credential (a restart), or a join token (a new host). */
export type RegistrationProof = { readonly kind: 'agent'; readonly caller: Caller } | { readonly kind: 'join-token'; readonly token: string };

export async function registrationProofOf(app: AppContext, metadata: grpc.Metadata): Promise<RegistrationProof> {
  const header = authorizationOf(metadata)?.trim();
  const join = header ? /^JoinToken (\S{1,200})$/.exec(header) : null;
  if (join) return { kind: 'join-token', token: join[1]! };
  return { kind: 'agent', caller: await authenticate(app, parseBearer(header)) };
}
