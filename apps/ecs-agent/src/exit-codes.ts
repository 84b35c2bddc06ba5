/** Exit codes a supervisor acts on (systemd: Restart=on-failure, RestartPreventExitStatus=5). */
export const ExitCode = {
  /** Clean shutdown. */
  Success: 0,
  /** Bad configuration or a runtime failure; a restart may help once it is fixed. */
  Error: 1,
  /** Registration was refused for good (no such cluster, saved state for another cluster); do not restart. */
  Terminal: 5,
} as const;

/** An error that ends the agent with a specific exit code and a message for the operator. */
export class AgentExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
