import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EcsError } from '@berth/domain';
import { camelCaseKeys, isApplicationAutoScalingOperation, isEcsApiOperation, isSecretsManagerOperation, isSsmOperation, operations, pascalCaseKeys, type UnaryOperationName } from '@berth/ecs-api';
import type { AppContext } from '../app/context.js';
import { invoke } from '../app/operations.js';
import { verifySignatureV4, type ReplayGuard } from '../app/security/signature-v4.js';
import { isStoreUnavailable } from '@berth/state-store';
import { ecsErrorToStatus, storeUnavailable } from '../grpc/errors.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';

/** How ECS's JSON protocol names an operation: `X-Amz-Target: AmazonEC2ContainerServiceV20141113.RunTask`. */
export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
/** Application Auto Scaling on the same port: `X-Amz-Target: AnyScaleFrontendService.RegisterScalableTarget`. */
export const SCALING_TARGET_PREFIX = 'AnyScaleFrontendService.';
/** The secret store on the same port: `secretsmanager.CreateSecret`, `AmazonSSM.PutParameter`. */
export const SECRETS_MANAGER_TARGET_PREFIX = 'secretsmanager.';
export const SSM_TARGET_PREFIX = 'AmazonSSM.';
export const ECS_CONTENT_TYPE = 'application/x-amz-json-1.1';
/** The same cap as a gRPC message. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Refusals of the wire protocol itself, before any operation runs (AWS's names). */
class ProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: 'UnknownOperationException' | 'SerializationException' | 'RequestEntityTooLargeException',
    message: string,
  ) {
    super(message);
  }
}

export interface EcsJsonDeps {
  readonly metrics: ApiMetrics;
  readonly replays: ReplayGuard;
}

const quoted = (text: string) => `'${text.slice(0, 64)}${text.length > 64 ? '…' : ''}'`;

/**
 * Which API a call speaks: ECS (camelCase members, SigV4 service `ecs`), or one of the APIs that
 * share its port with PascalCase members, each signed for its own SigV4 service name.
 */
type Api = 'ecs' | 'application-autoscaling' | 'secretsmanager' | 'ssm';

const pascalApis: readonly { prefix: string; api: Exclude<Api, 'ecs'>; title: string; has: (name: string) => boolean }[] = [
  { prefix: SCALING_TARGET_PREFIX, api: 'application-autoscaling', title: 'Application Auto Scaling', has: isApplicationAutoScalingOperation },
  { prefix: SECRETS_MANAGER_TARGET_PREFIX, api: 'secretsmanager', title: 'Secrets Manager', has: isSecretsManagerOperation },
  { prefix: SSM_TARGET_PREFIX, api: 'ssm', title: 'Systems Manager', has: isSsmOperation },
];

function operationOf(target: string | undefined): { op: UnaryOperationName; api: Api } {
  if (!target) throw new ProtocolError(400, 'UnknownOperationException', `X-Amz-Target is missing: an ECS call names its operation as ${ECS_TARGET_PREFIX}<Operation>.`);
  for (const { prefix, api, title, has } of pascalApis) {
    if (!target.startsWith(prefix)) continue;
    const name = target.slice(prefix.length);
    if (!has(name)) throw new ProtocolError(400, 'UnknownOperationException', `Berth does not implement the ${title} operation ${quoted(name)}.`);
    return { op: name as UnaryOperationName, api };
  }
  if (!target.startsWith(ECS_TARGET_PREFIX)) {
    const others = pascalApis.map((a) => `${a.prefix}<Operation>`).join(', ');
    throw new ProtocolError(400, 'UnknownOperationException', `X-Amz-Target ${quoted(target)} is not an ECS operation (${ECS_TARGET_PREFIX}<Operation>) or one of ${others}.`);
  }
  const name = target.slice(ECS_TARGET_PREFIX.length);
  if (!isEcsApiOperation(name)) throw new ProtocolError(400, 'UnknownOperationException', `Berth does not implement the ECS operation ${quoted(name)}.`);
  return { op: name, api: 'ecs' };
}

/**
 * The body, up to the cap. A larger one is read to its end without being kept (so the client
 * hears the refusal rather than a reset) unless it goes on past four times the cap.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > 4 * MAX_BODY_BYTES) {
        req.pause();
        reject(tooLarge());
      }
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

const tooLarge = () => new ProtocolError(413, 'RequestEntityTooLargeException', `The request body has more than ${MAX_BODY_BYTES} bytes (8 MiB), the most the control plane takes.`);

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new ProtocolError(400, 'SerializationException', `The body is not JSON: ${error instanceof Error ? error.message.slice(0, 120) : 'unreadable'}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ProtocolError(400, 'SerializationException', 'The body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

function send(res: ServerResponse, requestId: string, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': ECS_CONTENT_TYPE, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': requestId }).end(text);
}

/**
 * The ECS API on the HTTP listener: `POST /` in AWS JSON 1.1, signed with SigV4 by the access
 * keys of Berth's credentials, each operation run through the same `invoke` as its gRPC method —
 * one handler, two edges. Application Auto Scaling's, Secrets Manager's and SSM's operations share
 * the port, told apart by their X-Amz-Target; their members are PascalCase on the wire and camelCase inside. Answers are ECS JSON as botocore's model shapes them; errors are
 * `{"__type", "message"}` with HTTP 400 (500 for ServerException) and an `x-amzn-RequestId`.
 */
export async function serveEcsJson(app: AppContext, deps: EcsJsonDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  let name: string = 'ecs-json';
  let stop: ((code: string) => void) | undefined;
  let claimed: string | undefined;
  let api: Api = 'ecs';
  try {
    const body = await readBody(req);
    const called = operationOf(header(req, 'x-amz-target'));
    const op = called.op;
    name = op;
    api = called.api;
    stop = deps.metrics.startCall(op);
    const contentType = header(req, 'content-type') ?? '';
    if (contentType.split(';')[0]!.trim().toLowerCase() !== ECS_CONTENT_TYPE) {
      throw new ProtocolError(400, 'SerializationException', `Content-Type must be ${ECS_CONTENT_TYPE}, got ${quoted(contentType)}.`);
    }
    const [path, query = ''] = (req.url ?? '/').split('?', 2) as [string, string?];
    const verified = await verifySignatureV4(app, { method: req.method ?? 'POST', path, query: new URLSearchParams(query), headers: flatHeaders(req), body }, { region: app.scope.region, service: api });
    const pascal = api !== 'ecs';
    const request = pascal ? camelCaseKeys(parseBody(body)) : parseBody(body);
    if (operations[op].mutates) {
      if (!deps.replays.claim(verified.signature, verified.signedAt, app.now().getTime())) {
        throw new EcsError('InvalidSignatureException', 'This signed request was already served: a request that changes something is accepted once (the AWS SDKs and CLI make each call unique with amz-sdk-invocation-id; a hand-made client must sign a new request, not send the same one again).');
      }
      claimed = verified.signature;
    }
    const answer = await invoke(app, verified.caller, op, request, { extensions: false });
    stop('0');
    send(res, requestId, 200, pascal ? (pascalCaseKeys(answer) as object) : answer);
  } catch (error) {
    if (claimed && error instanceof EcsError && error.errorName !== 'ServerException') deps.replays.release(claimed);
    const { status, body, code } = errorAnswer(app, name, error, api);
    (stop ?? deps.metrics.startCall(name))(code);
    send(res, requestId, status, body);
    if (status === 413) res.on('finish', () => req.socket.destroy());
  }
}

/** What the other APIs call ECS's errors: a bad request is ValidationException in Application Auto Scaling and SSM. */
const errorNames: Record<Api, Partial<Record<string, string>>> = {
  ecs: {},
  'application-autoscaling': { InvalidParameterException: 'ValidationException', ClientException: 'ValidationException', ServerException: 'InternalServiceException' },
  secretsmanager: { ClientException: 'InvalidRequestException', ValidationException: 'InvalidParameterException', ServerException: 'InternalServiceError' },
  ssm: { InvalidParameterException: 'ValidationException', ClientException: 'ValidationException', ServerException: 'InternalServerError' },
};

function errorAnswer(app: AppContext, name: string, error: unknown, api: Api): { status: number; body: object; code: string } {
  if (error instanceof ProtocolError) return { status: error.status, body: { __type: error.errorName, message: error.message }, code: '3' };
  if (isStoreUnavailable(error)) {
    app.log.warn('the state store is unavailable', { method: name, error });
    return { status: 503, body: { __type: 'ServerException', message: storeUnavailable().message }, code: '14' };
  }
  const ecs = error instanceof EcsError ? error : undefined;
  if (!ecs) app.log.error('unexpected error in handler', { method: name, error });
  const known = ecs ?? new EcsError('ServerException', 'An internal error occurred; see the control plane log.');
  return {
    status: known.errorName === 'ServerException' ? 500 : 400,
    body: { __type: errorNames[api][known.errorName] ?? known.errorName, message: known.message },
    code: String(ecsErrorToStatus(known).code),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of Object.keys(req.headers)) out[name] = header(req, name);
  return out;
}
