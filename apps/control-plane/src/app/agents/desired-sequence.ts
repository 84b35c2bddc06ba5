/**
 * Numbers the desired-task sets sent to agents. They increase across control-plane restarts too
 * (they start from the clock, in microseconds), so an agent can always drop an older set that
 * arrives late. One per process: every set this replica sends draws from it.
 */
export class DesiredTaskSequence {
  private last = 0;

  next(now: Date): number {
    this.last = Math.max(this.last + 1, now.getTime() * 1000);
    return this.last;
  }
}
