import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { EcsError } from '@berth/domain';
import type { Caller } from '../caller.js';
import type { AppContext } from '../context.js';
import { keyHolder } from './credentials.js';

/** How far a request's X-Amz-Date may be from the control plane's clock, as AWS allows. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** A request as it arrived: header names in lower case, the body as sent. */
export interface SignedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

export interface VerifiedRequest {
  readonly caller: Caller;
  /** The signature, which names this one request (the replay guard keeps it). */
  readonly signature: string;
  readonly signedAt: Date;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/\s,]{1,128})\/(\d{8})\/([^/\s,]{1,64})\/([^/\s,]{1,64})\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]{1,1024}),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const sha256 = Hash.bind(null, 'sha256');

const invalid = (message: string) => new EcsError('InvalidSignatureException', message);
const quoted = (text: string) => `'${text.slice(0, 64)}'`;
const amzDate = (at: number) => new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function signingDate(value: string | undefined, now: number): Date {
  const m = value === undefined ? null : AMZ_DATE.exec(value);
  if (!m) throw invalid(`X-Amz-Date must be the signing time as YYYYMMDD'T'HHMMSS'Z', got ${quoted(value ?? '')}.`);
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (Number.isNaN(at)) throw invalid(`X-Amz-Date ${quoted(value!)} is not a time.`);
  if (at < now - MAX_CLOCK_SKEW_MS) throw invalid(`Signature expired: ${value} is now earlier than ${amzDate(now - MAX_CLOCK_SKEW_MS)} (${amzDate(now)} - 5 min.)`);
  if (at > now + MAX_CLOCK_SKEW_MS) throw invalid(`Signature not yet current: ${value} is still later than ${amzDate(now + MAX_CLOCK_SKEW_MS)} (${amzDate(now)} + 5 min.)`);
  return new Date(at);
}

/**
 * Checks an AWS Signature Version 4 (the `Authorization` header form the aws CLI and the SDKs
 * send) against the access key it names: the scope must be this control plane's region and
 * `service`, the time within five minutes of ours, and the signature the one the key's secret
 * gives — recomputed with the AWS SDK's own signer over exactly the headers the client signed.
 * Refusals use AWS's names: MissingAuthenticationToken, UnrecognizedClient (unknown key),
 * InvalidSignature (everything else).
 */
export async function verifySignatureV4(
  app: Pick<AppContext, 'store' | 'secrets' | 'credentials' | 'now' | 'log'>,
  request: SignedRequest,
  expected: { readonly region: string; readonly service: string },
): Promise<VerifiedRequest> {
  const header = request.headers['authorization'];
  if (!header) throw new EcsError('MissingAuthenticationTokenException', 'Missing Authentication Token: sign the request with AWS Signature Version 4 (the aws CLI and the AWS SDKs do).');
  const m = AUTHORIZATION.exec(header.trim());
  if (!m) throw invalid("The Authorization header must be AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=<names>, Signature=<hex>.");
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m as unknown as [string, string, string, string, string, string, string];
  const now = app.now().getTime();
  const signedAt = signingDate(request.headers['x-amz-date'], now);
  if (scopeDate !== request.headers['x-amz-date']!.slice(0, 8)) throw invalid(`The credential scope date ${scopeDate} is not the date of X-Amz-Date.`);
  if (region !== expected.region) throw invalid(`Credential should be scoped to a valid region, not ${quoted(region)}; this control plane's region is '${expected.region}' (--region).`);
  if (service !== expected.service) throw invalid(`Credential should be scoped to correct service: '${expected.service}'.`);
  const signedHeaders = signedHeaderList.split(';');
  for (const name of ['host', 'x-amz-date']) if (!signedHeaders.includes(name)) throw invalid(`SignedHeaders must include ${name}.`);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw invalid(`The signed header ${quoted(name)} is not in the request.`);
    headers[name] = value;
  }
  const claimedHash = request.headers['x-amz-content-sha256'];
  if (claimedHash !== undefined && claimedHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw invalid('x-amz-content-sha256 is not the SHA-256 of the body.');
  }

  const holder = await keyHolder(app, accessKeyId);
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey: holder.secret }, region, service, sha256, applyChecksum: false, uriEscapePath: true });
  const signed = await signer.sign(
    { method: request.method, protocol: 'https:', hostname: headers['host']!, path: request.path, query: Object.fromEntries(request.query), headers, body: request.body },
    { signingDate: signedAt, signableHeaders: new Set(signedHeaders) },
  );
  const ours = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers['authorization']))?.[1] ?? '';
  if (ours.length !== signature.length || !timingSafeEqual(Buffer.from(ours), Buffer.from(signature))) {
    throw invalid('The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
  }
  return { caller: holder.caller, signature, signedAt };
}

/**
 * Signed requests that changed something, each accepted once: the same signature again within
 * the clock-skew window (after which its date alone refuses it) is a replay. Bounded; a replica
 * only knows the requests it served.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly capacity = 200_000) {}

  /** Claims the signature for one request; false when it was already claimed. */
  claim(signature: string, signedAt: Date, now: number): boolean {
    if (this.seen.size >= this.capacity) this.prune(now);
    const until = this.seen.get(signature);
    if (until !== undefined && until > now) return false;
    if (this.seen.size >= this.capacity) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(signature, signedAt.getTime() + MAX_CLOCK_SKEW_MS);
    return true;
  }

  /** The request was refused before it changed anything: the same signed request may come again. */
  release(signature: string): void {
    this.seen.delete(signature);
  }

  private prune(now: number): void {
    for (const [signature, until] of this.seen) if (until <= now) this.seen.delete(signature);
  }
}
