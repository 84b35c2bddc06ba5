/**
 * gRPC status → Berth error: the one place a client turns a failed call back into the ECS error the
 * control plane raised (see apps/control-plane/src/grpc/errors.ts for the other direction).
 *
 * The control plane sends the ECS error name in the `x-ecs-error-type` metadata and the human
 * message as the status details. Without the metadata (not the control plane answering: a proxy, a
 * load balancer) only the status code decides — the message text is never parsed. UNAVAILABLE and
 * DEADLINE_EXCEEDED mean the control plane could not be reached and become a ConnectionError instead.
 */
import { status as Status, type Metadata } from '@grpc/grpc-js';
import { EcsError, isEcsErrorName, type EcsErrorName } from '@berth/domain';

export const ECS_ERROR_TYPE_METADATA_KEY = 'x-ecs-error-type';

/** How to point at another control plane, appended to connection errors. The CLI's wording by default. */
export const defaultConnectionHint =
  'Is it running? Point at another control plane with --endpoint HOST:PORT or the BERTH_ENDPOINT environment variable.';

/** The control plane could not be reached (or did not answer in time); nothing is known about the request's effect. */
export class ConnectionError extends Error {
  constructor(
    readonly endpoint: string,
    /** The gRPC status code (UNAVAILABLE or DEADLINE_EXCEEDED). */
    readonly code: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}

/** What to do when the control plane's certificate does not verify. The CLI's wording by default. */
export const defaultCertificateHint =
  'Give the CA that signed its certificate with --ca-bundle FILE or the BERTH_CA_BUNDLE environment variable.';

export interface FromGrpcErrorOptions {
  /** Named in connection errors; `the configured endpoint` when not given. */
  endpoint?: string;
  /** Replaces {@link defaultConnectionHint} (the agent has its own settings). */
  connectionHint?: string;
  /** Replaces {@link defaultCertificateHint}. */
  certificateHint?: string;
}

/** Node's words for a server certificate that did not verify (OpenSSL's reasons and the host-name check). */
const certificateFailure = /certificate|self[- ]signed|Hostname\/IP does not match|ERR_TLS_CERT|unable to get local issuer/i;

/** The parts of a grpc-js ServiceError this module reads. */
interface GrpcErrorLike {
  code: number;
  details?: unknown;
  message?: unknown;
  metadata?: Metadata;
}

function isGrpcErrorLike(err: unknown): err is GrpcErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number';
}

/** The name to use when the server did not say which ECS error it was: by the status code alone. */
function nameFromCode(code: number): EcsErrorName {
  switch (code) {
    case Status.INVALID_ARGUMENT:
    case Status.OUT_OF_RANGE:
      return 'InvalidParameterException';
    case Status.NOT_FOUND:
    case Status.FAILED_PRECONDITION:
      return 'ClientException';
    case Status.ALREADY_EXISTS:
    case Status.ABORTED:
      return 'ConflictException';
    case Status.RESOURCE_EXHAUSTED:
      // The control plane names its throttling in the metadata; a bare RESOURCE_EXHAUSTED is
      // grpc-js's own refusal of a message larger than the receive limit, which no retry can fix.
      return 'ClientException';
    case Status.PERMISSION_DENIED:
      return 'AccessDeniedException';
    case Status.UNAUTHENTICATED:
      return 'UnrecognizedClientException';
    case Status.UNIMPLEMENTED:
      return 'UnsupportedFeatureException';
    default:
      // INTERNAL, UNKNOWN, DATA_LOSS, CANCELLED and anything new.
      return 'ServerException';
  }
}

function metadataErrorName(metadata: Metadata | undefined): string | undefined {
  if (!metadata || typeof metadata.get !== 'function') return undefined;
  const value = metadata.get(ECS_ERROR_TYPE_METADATA_KEY)[0];
  if (value === undefined) return undefined;
  return (typeof value === 'string' ? value : value.toString('utf8')).trim();
}

/** The status details; grpc-js's `message` is `<code> <NAME>: <details>`, used only when details are missing. */
function detailsOf(err: GrpcErrorLike): string {
  if (typeof err.details === 'string') return err.details;
  if (typeof err.message === 'string') return err.message.replace(/^\d+ [A-Z_]+: /, '');
  return '';
}

/** grpc-js's `No connection established. Last error: Error: connect ECONNREFUSED h:p. Resolution note: ` → `connect ECONNREFUSED h:p`. */
function transportDetail(details: string): string {
  const text = details.replace(/\.?\s*Resolution note:\s*$/, '');
  const last = /Last error: (?:Error: )?(.+)$/.exec(text);
  return (last ? last[1]! : text).replace(/\.$/, '').trim();
}

function connectionError(err: GrpcErrorLike, details: string, options: FromGrpcErrorOptions): ConnectionError {
  const endpoint = options.endpoint ?? 'the configured endpoint';
  const why = err.code === Status.DEADLINE_EXCEEDED ? 'it did not answer in time' : transportDetail(details) || 'unavailable';
  if (certificateFailure.test(why)) {
    const hint = options.certificateHint ?? defaultCertificateHint;
    return new ConnectionError(endpoint, err.code, `The TLS certificate of the Berth control plane at ${endpoint} did not verify (${why}). ${hint}`, { cause: err });
  }
  const hint = options.connectionHint ?? defaultConnectionHint;
  return new ConnectionError(
    endpoint,
    err.code,
    `Could not reach the Berth control plane at ${endpoint} (${why}). ${hint}`,
    { cause: err },
  );
}

/**
 * Turns whatever a gRPC call rejected with into an EcsError (named as the control plane named it)
 * or a ConnectionError. Errors that are not gRPC errors become a ServerException carrying their message.
 */
export function fromGrpcError(err: unknown, options: FromGrpcErrorOptions = {}): EcsError | ConnectionError {
  if (err instanceof EcsError || err instanceof ConnectionError) return err;
  if (!isGrpcErrorLike(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return new EcsError('ServerException', message, { cause: err });
  }
  const details = detailsOf(err);
  if (err.code === Status.UNAVAILABLE || err.code === Status.DEADLINE_EXCEEDED) {
    return connectionError(err, details, options);
  }
  const metadataName = metadataErrorName(err.metadata);
  const name: EcsErrorName = metadataName !== undefined && isEcsErrorName(metadataName) ? metadataName : nameFromCode(err.code);
  return new EcsError(name, details, { cause: err });
}
