/** A client of the ECS JSON endpoint for tests and benchmarks: requests signed with SigV4 by the AWS SDK's own signer, sent as they are (bad input included). */
import { randomUUID } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export interface KeyPair {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown>;
}

export interface RawOptions {
  /** Sign at another time (skew tests). */
  readonly signingDate?: Date;
  readonly region?: string;
  readonly headers?: Record<string, string>;
  /** Send these bytes instead of the JSON of the request. */
  readonly body?: string | Buffer;
  /** Leave out the Authorization header. */
  readonly unsigned?: boolean;
  /** Application Auto Scaling on the same port: its X-Amz-Target prefix and SigV4 service. */
  readonly api?: 'ecs' | 'application-autoscaling' | 'secretsmanager' | 'ssm';
}

const targetPrefix = { ecs: 'AmazonEC2ContainerServiceV20141113', 'application-autoscaling': 'AnyScaleFrontendService', secretsmanager: 'secretsmanager', ssm: 'AmazonSSM' } as const;

/** The headers and body of one ECS JSON call, signed with SigV4 as the SDKs sign it. */
export async function signedCall(httpEndpoint: string, pair: KeyPair, operation: string | undefined, request: object, options: RawOptions = {}) {
  const body = options.body ?? JSON.stringify(request);
  const [hostname, port] = httpEndpoint.split(':') as [string, string];
  const headers: Record<string, string> = {
    host: httpEndpoint,
    'content-type': 'application/x-amz-json-1.1',
    ...(operation ? { 'x-amz-target': `${targetPrefix[options.api ?? 'ecs']}.${operation}` } : {}),
    // As the SDKs do: each call is unique, so two alike in one second are two requests, not a replay.
    'amz-sdk-invocation-id': randomUUID(),
    ...options.headers,
  };
  const signer = new SignatureV4({ credentials: pair, region: options.region ?? 'local', service: options.api ?? 'ecs', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname, port: Number(port), path: '/', query: {}, headers, body }, { signingDate: options.signingDate ?? new Date() });
  const sent = { ...signed.headers } as Record<string, string>;
  if (options.unsigned) delete sent['authorization'];
  delete sent['host'];
  return { url: `http://${httpEndpoint}/`, headers: sent, body };
}

export async function send(call: { url: string; headers: Record<string, string>; body: string | Buffer }): Promise<RawAnswer> {
  const response = await fetch(call.url, { method: 'POST', headers: call.headers, body: call.body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Calls an ECS operation on the control plane's HTTP listener, signed by `pair`. */
export async function ecsJson(httpEndpoint: string, pair: KeyPair, operation: string | undefined, request: object = {}, options: RawOptions = {}): Promise<RawAnswer> {
  return send(await signedCall(httpEndpoint, pair, operation, request, options));
}
