import { authorizationMetadata, ConnectionError, fromGrpcError } from '@berth/api-client';
import { EcsError, type InstanceAttribute, type Resources } from '@berth/domain';
import type { Logger } from '@berth/log';
import type { wire } from '@berth/proto';
import { AgentExit, ExitCode } from '../exit-codes.js';
import { backoffDelay, REGISTER_BACKOFF } from '../session/backoff.js';

export interface RegistrationInput {
  readonly cluster: string;
  readonly clusterExplicit: boolean;
  readonly savedArn: string | undefined;
  readonly resources: Resources;
  readonly attributes: readonly InstanceAttribute[];
  readonly tags: Readonly<Record<string, string>>;
  readonly hostname: string;
  readonly agentVersion: string;
  readonly dockerVersion: string;
}

/** Refusals that no retry can fix: the supervisor must not restart the agent into them. */
const terminalErrors = new Set([
  'ClusterNotFoundException',
  'ClientException',
  'InvalidParameterException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'MissingAuthenticationTokenException',
]);

export function registerRequest(input: RegistrationInput): wire.RegisterRequest {
  return {
    cluster: input.cluster,
    containerInstanceArn: input.savedArn ?? '',
    totalResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: input.resources.cpu },
      { name: 'MEMORY', type: 'INTEGER', integerValue: input.resources.memory },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: input.resources.ports.map(String) },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: input.resources.portsUdp.map(String) },
    ],
    attributes: input.attributes.map((a) => ({ name: a.name, value: a.value ?? '' })),
    versionInfo: { agentVersion: input.agentVersion, dockerVersion: input.dockerVersion },
    hostname: input.hostname,
    tags: Object.entries(input.tags).map(([key, value]) => ({ key, value })),
    createDefaultCluster: !input.clusterExplicit,
  };
}

/**
 * Registers until it succeeds, retrying with backoff and jitter while the control plane is
 * unreachable; a refusal ends the agent with exit code 5.
 */
export async function registerWithRetry(
  client: wire.AgentServiceClient,
  input: RegistrationInput,
  deps: {
    log: Logger;
    endpoint: string;
    signal: AbortSignal;
    sleep: (ms: number, signal: AbortSignal) => Promise<void>;
    /** `Bearer id:secret` (the host's credential) or `JoinToken …` (a new host). */
    authorization: string;
  },
): Promise<wire.RegisterResponse__Output> {
  const request = registerRequest(input);
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<wire.RegisterResponse__Output>((resolve, reject) =>
        client.Register(request, authorizationMetadata(deps.authorization), { deadline: Date.now() + 15_000 }, (error, response) =>
          error || !response ? reject(error ?? new Error('empty response')) : resolve(response),
        ),
      );
    } catch (raw) {
      const error = fromGrpcError(raw, { endpoint: deps.endpoint, connectionHint: 'Check ECS_BACKEND_HOST.', certificateHint: 'Set ECS_BACKEND_CA_FILE to the CA that signed it.' });
      if (error instanceof EcsError && terminalErrors.has(error.errorName)) {
        throw new AgentExit(ExitCode.Terminal, `Registration refused: ${error.errorName}: ${error.message}`, { cause: error });
      }
      const delay = backoffDelay(REGISTER_BACKOFF, attempt, Math.random());
      deps.log.warn('registration failed; retrying', {
        endpoint: deps.endpoint,
        reason: error instanceof ConnectionError || error instanceof EcsError ? error.message : String(error),
        retryInMs: delay,
      });
      await deps.sleep(delay, deps.signal);
    }
  }
}
