import { describe, expect, it } from 'vitest';
import { Metadata, status as Status } from '@grpc/grpc-js';
import { EcsError } from '@berth/domain';
import { ConnectionError, defaultCertificateHint, fromGrpcError } from './errors.js';

/** A grpc-js ServiceError as the client library builds it. */
function serviceError(code: number, details: string, errorType?: string) {
  const metadata = new Metadata();
  if (errorType !== undefined) metadata.set('x-ecs-error-type', errorType);
  return Object.assign(new Error(`${code} ${Status[code]}: ${details}`), { code, details, metadata });
}

describe('fromGrpcError', () => {
  it.each([
    [Status.NOT_FOUND, 'Cluster not found.', 'ClusterNotFoundException'],
    [Status.NOT_FOUND, 'Service not found.', 'ServiceNotFoundException'],
    [Status.INVALID_ARGUMENT, 'bad', 'ClientException'],
    [Status.INVALID_ARGUMENT, 'bad', 'InvalidParameterException'],
    [Status.FAILED_PRECONDITION, 'The cluster has tasks.', 'ClusterContainsTasksException'],
    [Status.ALREADY_EXISTS, 'conflict', 'ConflictException'],
    [Status.RESOURCE_EXHAUSTED, 'Rate exceeded', 'ThrottlingException'],
    [Status.INTERNAL, 'boom', 'ServerException'],
    // the metadata wins over the code
    [Status.INVALID_ARGUMENT, 'too many', 'AttributeLimitExceededException'],
  ] as const)('code %i with metadata %s → %s', (code, details, name) => {
    const err = fromGrpcError(serviceError(code, details, name));
    expect(err).toBeInstanceOf(EcsError);
    expect((err as EcsError).errorName).toBe(name);
    expect(err.message).toBe(details);
  });

  it.each([
    [Status.INVALID_ARGUMENT, 'InvalidParameterException'],
    [Status.OUT_OF_RANGE, 'InvalidParameterException'],
    [Status.NOT_FOUND, 'ClientException'],
    [Status.FAILED_PRECONDITION, 'ClientException'],
    [Status.ALREADY_EXISTS, 'ConflictException'],
    [Status.ABORTED, 'ConflictException'],
    [Status.RESOURCE_EXHAUSTED, 'ClientException'], // grpc-js's own: a message over the size limit
    [Status.PERMISSION_DENIED, 'AccessDeniedException'],
    [Status.UNAUTHENTICATED, 'UnrecognizedClientException'],
    [Status.UNIMPLEMENTED, 'UnsupportedFeatureException'],
    [Status.INTERNAL, 'ServerException'],
    [Status.UNKNOWN, 'ServerException'],
    [Status.DATA_LOSS, 'ServerException'],
  ] as const)('without metadata, code %i → %s, whatever the message says', (code, name) => {
    for (const details of ['Cluster not found.', 'The Cluster cannot be deleted while Services are active.', 'ServiceNotFoundException: Service not found.']) {
      const err = fromGrpcError(serviceError(code, details));
      expect(err).toBeInstanceOf(EcsError);
      expect((err as EcsError).errorName).toBe(name);
      expect(err.message).toBe(details);
    }
  });

  it('ignores an unknown name in the metadata and falls back to the code', () => {
    const err = fromGrpcError(serviceError(Status.NOT_FOUND, 'Cluster not found.', 'NoSuchThingException')) as EcsError;
    expect(err.errorName).toBe('ClientException');
  });

  it('leaves a colon in an ordinary message alone', () => {
    const err = fromGrpcError(serviceError(Status.INVALID_ARGUMENT, 'Invalid setting: x', 'ClientException')) as EcsError;
    expect(err.message).toBe('Invalid setting: x');
  });

  it('uses the message without its "<code> <NAME>: " prefix when details are missing', () => {
    const err = fromGrpcError({ code: Status.INTERNAL, message: '13 INTERNAL: it broke', metadata: new Metadata() }) as EcsError;
    expect(err.errorName).toBe('ServerException');
    expect(err.message).toBe('it broke');
  });

  it('accepts an error without metadata', () => {
    const err = fromGrpcError({ code: Status.INVALID_ARGUMENT, details: 'bad' }) as EcsError;
    expect(err.errorName).toBe('InvalidParameterException');
  });

  it.each([Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED])('code %i is a ConnectionError naming the endpoint and how to change it', (code) => {
    const err = fromGrpcError(serviceError(code, 'No connection established'), { endpoint: '10.0.0.1:7470' });
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).not.toBeInstanceOf(EcsError);
    expect((err as ConnectionError).endpoint).toBe('10.0.0.1:7470');
    expect((err as ConnectionError).code).toBe(code);
    expect(err.message).toContain('control plane at 10.0.0.1:7470');
    expect(err.message).toContain('--endpoint');
    expect(err.message).toContain('BERTH_ENDPOINT');
  });

  it('says a deadline was missed, and takes another hint', () => {
    const err = fromGrpcError(serviceError(Status.DEADLINE_EXCEEDED, 'Deadline exceeded'), {
      endpoint: 'cp:7470',
      connectionHint: 'Check ECS_ENDPOINT.',
    });
    expect(err.message).toBe('Could not reach the Berth control plane at cp:7470 (it did not answer in time). Check ECS_ENDPOINT.');
  });

  it('includes the transport detail of UNAVAILABLE', () => {
    const err = fromGrpcError(serviceError(Status.UNAVAILABLE, 'connect ECONNREFUSED 127.0.0.1:7470'), { endpoint: '127.0.0.1:7470' });
    expect(err.message).toContain('(connect ECONNREFUSED 127.0.0.1:7470)');
  });

  it('passes EcsError and ConnectionError through', () => {
    const ecs = new EcsError('ClientException', 'x');
    const conn = new ConnectionError('e', Status.UNAVAILABLE, 'y');
    expect(fromGrpcError(ecs)).toBe(ecs);
    expect(fromGrpcError(conn)).toBe(conn);
  });

  it('turns a non-gRPC error into a ServerException with its message', () => {
    const err = fromGrpcError(new TypeError('.clusters: array expected')) as EcsError;
    expect(err.errorName).toBe('ServerException');
    expect(err.message).toBe('.clusters: array expected');
    expect((fromGrpcError('weird') as EcsError).message).toBe('weird');
  });

  it('keeps the original error as the cause', () => {
    const original = serviceError(Status.NOT_FOUND, 'Cluster not found.', 'ClusterNotFoundException');
    expect(fromGrpcError(original).cause).toBe(original);
  });
});

describe('fromGrpcError connection details', () => {
  it("shortens grpc-js's connection failure text", () => {
    const details = 'No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ';
    const err = fromGrpcError(Object.assign(new Error(details), { code: Status.UNAVAILABLE, details }), { endpoint: '127.0.0.1:1' });
    expect(err.message).toBe(
      'Could not reach the Berth control plane at 127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1). ' +
        'Is it running? Point at another control plane with --endpoint HOST:PORT or the BERTH_ENDPOINT environment variable.',
    );
  });

  it.each([
    'unable to verify the first certificate',
    'self-signed certificate in certificate chain',
    "Hostname/IP does not match certificate's altnames: IP: 10.0.0.9 is not in the cert's list: 127.0.0.1",
  ])('says a certificate did not verify and how to trust its CA: %s', (reason) => {
    const details = `No connection established. Last error: Error: ${reason}. Resolution note: `;
    const err = fromGrpcError(Object.assign(new Error(details), { code: Status.UNAVAILABLE, details }), { endpoint: 'cp:7470' });
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toBe(`The TLS certificate of the Berth control plane at cp:7470 did not verify (${reason}). ${defaultCertificateHint}`);
    const agent = fromGrpcError(Object.assign(new Error(details), { code: Status.UNAVAILABLE, details }), { certificateHint: 'Set ECS_BACKEND_CA_FILE.' });
    expect(agent.message).toMatch(/Set ECS_BACKEND_CA_FILE\.$/);
  });
});
