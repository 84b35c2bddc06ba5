/** A mistake in the command line: printed with a pointer to the help, exit code 252 (as aws). */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The subcommand whose help to point at, when known. */
    readonly subcommand?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
