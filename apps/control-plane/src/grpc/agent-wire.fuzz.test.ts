import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EcsError } from '@berth/domain';
import { loadBerthGrpc, type wire } from '@berth/proto';
import { helloFromWire, logDataFromWire, registrationFromWire, stateReportFromWire } from './agent-wire.js';

// The bytes an agent sends go through the same (de)serializers the server uses, then through the
// checks of agent-wire.ts: whatever arrives must come out as a checked value or an ECS error.
const service = loadBerthGrpc().grpc.berth.v1.AgentService.service;
const decodeRegister = (bytes: Buffer) => service.Register.requestDeserialize(bytes) as wire.RegisterRequest__Output;
const encodeRegister = (message: object) => service.Register.requestSerialize(message as wire.RegisterRequest) as Buffer;
const decodeAgentMessage = (bytes: Buffer) => service.Session.requestDeserialize(bytes) as wire.AgentMessage__Output;
const encodeAgentMessage = (message: object) => service.Session.requestSerialize(message as wire.AgentMessage) as Buffer;

function checked(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EcsError);
    expect((error as EcsError).message.length).toBeLessThan(2000);
  }
}

function throughChecks(message: wire.AgentMessage__Output): void {
  if (message.hello) checked(() => helloFromWire(message.hello!));
  if (message.stateReport) checked(() => stateReportFromWire(message.stateReport!));
  if (message.logData) checked(() => logDataFromWire(message.logData!));
}

/** Decoding random bytes may fail (grpc-js then answers INTERNAL); what decodes must pass the checks or be refused. */
function decodeOrSkip<T>(decode: (b: Buffer) => T, bytes: Uint8Array): T | undefined {
  try {
    return decode(Buffer.from(bytes));
  } catch {
    return undefined;
  }
}

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '\u0000', '\uFFFD', 'x'.repeat(5000)));
const number = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1));
const sequence = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), fc.constantFrom('0', '1', '9007199254740993'));
const container = fc.record(
  {
    containerName: text,
    status: fc.oneof(text, fc.constantFrom('NONE', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED')),
    runtimeId: text,
    exitCode: number,
    reason: text,
    healthStatus: fc.oneof(text, fc.constantFrom('HEALTHY', 'UNHEALTHY')),
    networkBindings: fc.array(fc.record({ containerPort: number, hostPort: number, protocol: text, bindIp: text }, { requiredKeys: [] }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const taskChange = fc.record(
  {
    taskArn: fc.oneof(text, fc.constant('arn:aws:ecs:local:000000000000:task/default/0123456789abcdef0123456789abcdef')),
    status: fc.oneof(text, fc.constantFrom('PENDING', 'RUNNING', 'STOPPED')),
    reason: text,
    stopCode: text,
    containers: fc.array(container, { maxLength: 3 }),
    startedAt: fc.record({ seconds: sequence, nanos: number }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const agentMessage = fc.oneof(
  fc.record({ hello: fc.record({ containerInstanceArn: text, cluster: text }, { requiredKeys: [] }) }),
  fc.record({ stateReport: fc.record({ sequence, tasks: fc.array(taskChange, { maxLength: 4 }) }, { requiredKeys: [] }) }),
  fc.record({ logData: fc.record({ requestId: text, stream: text, data: fc.uint8Array({ maxLength: 64 }).map(Buffer.from), error: text }, { requiredKeys: [] }) }),
);
const registerRequest = fc.record(
  {
    cluster: text,
    containerInstanceArn: text,
    hostname: text,
    totalResources: fc.array(fc.record({ name: text, type: text, integerValue: number, stringSetValue: fc.array(text, { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 6 }),
    attributes: fc.array(fc.record({ name: text, value: text }, { requiredKeys: [] }), { maxLength: 12 }),
    versionInfo: fc.record({ agentVersion: text, dockerVersion: text }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

describe('what an agent sends, fuzzed', () => {
  it('random bytes as a Register request', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const request = decodeOrSkip(decodeRegister, bytes);
        if (request) checked(() => registrationFromWire(request));
      }),
      { numRuns: 1000 },
    );
  });

  it('random bytes as a session message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const message = decodeOrSkip(decodeAgentMessage, bytes);
        if (message) throughChecks(message);
      }),
      { numRuns: 1000 },
    );
  });

  it('well-formed messages with hostile values', () => {
    let refused = 0;
    fc.assert(
      fc.property(agentMessage, (message) => {
        const decoded = decodeAgentMessage(encodeAgentMessage(message));
        try {
          if (decoded.hello) helloFromWire(decoded.hello);
          if (decoded.stateReport) stateReportFromWire(decoded.stateReport);
          if (decoded.logData) logDataFromWire(decoded.logData);
        } catch (error) {
          expect(error).toBeInstanceOf(EcsError);
          refused++;
        }
      }),
      { numRuns: 1000 },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it('well-formed Register requests with hostile values', () => {
    fc.assert(fc.property(registerRequest, (request) => checked(() => registrationFromWire(decodeRegister(encodeRegister(request))))), { numRuns: 1000 });
  });
});
