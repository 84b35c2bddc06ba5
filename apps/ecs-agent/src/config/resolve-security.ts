/** The *(Berth)* keys that prove who the host is and whom it talks to. */

import { isLoopbackAddress, parseJoinToken } from '@berth/domain';
import type { ResolveContext } from './context.js';


export interface SecuritySettings {
  readonly backendTls: boolean;
  readonly joinToken?: string;
  readonly joinTokenFile?: string;
  readonly backendCaFile?: string;
  readonly backendClientCertFile?: string;
  readonly backendClientKeyFile?: string;
}

/**
 * TLS when ECS_BACKEND_HOST starts with https://, or has no scheme and ECS_BACKEND_CA_FILE is set.
 * ECS_JOIN_TOKEN (or ECS_JOIN_TOKEN_FILE, a path to a file holding it): what a new host registers
 * with, made by `berth create-join-token`; after the first registration the host uses the
 * credential it was given. ECS_BACKEND_CA_FILE: the control plane speaks TLS with a certificate
 * from this CA. ECS_BACKEND_CLIENT_CERT_FILE / _KEY_FILE: the host's own certificate, when the
 * control plane asks for one (mutual TLS).
 */
export function resolveSecurity(ctx: ResolveContext, backend: { backendHost: string; scheme?: 'https' | 'http' }): SecuritySettings {
  const token = ctx.read('ECS_JOIN_TOKEN');
  if (token && !parseJoinToken(token.value)) throw ctx.fail({ ...token, value: '(not shown)' }, 'is not a join token (berth-join.<id>.<secret>, from berth create-join-token)');
  const tokenFile = ctx.read('ECS_JOIN_TOKEN_FILE');
  if (token && tokenFile) throw ctx.fail(tokenFile, 'and ECS_JOIN_TOKEN are both set; set one of them');
  const ca = ctx.read('ECS_BACKEND_CA_FILE');
  const cert = ctx.read('ECS_BACKEND_CLIENT_CERT_FILE');
  const key = ctx.read('ECS_BACKEND_CLIENT_KEY_FILE');
  if (cert && !key) throw ctx.fail(cert, 'needs ECS_BACKEND_CLIENT_KEY_FILE too');
  if (key && !cert) throw ctx.fail(key, 'needs ECS_BACKEND_CLIENT_CERT_FILE too');
  if (ca && backend.scheme === 'http') throw ctx.fail(ca, 'asks for TLS but ECS_BACKEND_HOST starts with http://; use https:// or drop one of them');
  const backendTls = backend.scheme === 'https' || (backend.scheme === undefined && ca !== undefined);
  if (cert && !backendTls) throw ctx.fail(cert, 'is only used with TLS: start ECS_BACKEND_HOST with https:// or set ECS_BACKEND_CA_FILE');
  if (!backendTls && !isLoopbackAddress(backend.backendHost)) {
    ctx.warnings.push(
      `ECS_BACKEND_HOST=${backend.backendHost} is not on this machine and TLS is off: the host's credential and task secrets cross the network in plain text. Start it with https:// (and set ECS_BACKEND_CA_FILE for a private CA).`,
    );
  }
  return {
    backendTls,
    ...(token ? { joinToken: token.value } : {}),
    ...(tokenFile ? { joinTokenFile: tokenFile.value } : {}),
    ...(ca ? { backendCaFile: ca.value } : {}),
    ...(cert && key ? { backendClientCertFile: cert.value, backendClientKeyFile: key.value } : {}),
  };
}
