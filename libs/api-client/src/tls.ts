import * as grpc from '@grpc/grpc-js';

/** TLS to the control plane: the CA that signed its certificate (the system's without one), and the client's own pair for mutual TLS. */
export interface TlsOptions {
  readonly ca?: Buffer;
  readonly clientCert?: Buffer;
  readonly clientKey?: Buffer;
}

/** Plain text without `tls` (loopback and tests); TLS, verifying the server against `tls.ca`, with it. */
export function channelCredentials(tls: TlsOptions | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(tls.ca ?? null, tls.clientKey ?? null, tls.clientCert ?? null);
}

/** The metadata every call carries: the caller's credential. */
export function authorizationMetadata(authorization: string | undefined): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (authorization) metadata.set('authorization', authorization);
  return metadata;
}

/**
 * grpc-js gives the target host as the TLS server name even when it is an IP address, and Node
 * warns about that (DEP0123) on every connection. Nothing is wrong (no name is sent; the
 * certificate is still checked against the IP), so the warning only alarms whoever reads it.
 */
export function silenceIpServerNameWarning(): void {
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0];
    const code = typeof options === 'object' && options !== null ? (options as { code?: string }).code : rest[1];
    if (code === 'DEP0123') return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}
