import { parseArgs } from 'node:util';

export interface AgentArgs {
  readonly configPath: string | undefined;
  readonly checkConfig: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export const agentUsage = `Usage: ecs-agent [--config PATH] [--check-config]

Reads /var/lib/ecs/ecs.config then /etc/ecs/ecs.config (or only PATH with --config); ECS_* variables
in the environment override both.

  --config PATH     read this ecs.config file instead of the default locations
  --check-config    print the effective configuration as JSON and exit 0, or the error and exit 1
  --version         print the agent version
  -h, --help        show this help

Exit codes: 0 clean stop, 1 configuration or runtime error, 5 registration refused (do not restart).
`;

export function parseAgentArgs(argv: readonly string[]): AgentArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string' },
      'check-config': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
  if (values.config === '') throw new Error('--config needs a path');
  return {
    configPath: values.config,
    checkConfig: values['check-config'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
