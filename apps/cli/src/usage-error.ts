/** Runs of this many characters without a space are what a pasted value looks like; longer ones are cut. */
const MAX_RUN = 120;
const MAX_MESSAGE = 2000;

/**
 * Messages quote what the user typed; a 10 MB argument must not come back as a 10 MB error. Long
 * unbroken runs keep their first 100 characters, and the whole message at most MAX_MESSAGE.
 */
export function boundMessage(message: string): string {
  const runs = message.replace(new RegExp(`\\S{${MAX_RUN + 1},}`, 'g'), (run) => `${run.slice(0, 100)}… (${run.length} characters)`);
  return runs.length > MAX_MESSAGE ? `${runs.slice(0, MAX_MESSAGE)}… (cut short)` : runs;
}

/** A mistake in the command line: printed with a pointer to the help, exit code 252 (as aws). */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The subcommand whose help to point at, when known. */
    readonly subcommand?: string,
  ) {
    super(boundMessage(message));
    this.name = 'UsageError';
  }
}
