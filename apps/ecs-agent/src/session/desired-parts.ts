/** The most parts one desired set may come in (a bound on what a partial set may hold). */
export const MAX_DESIRED_PARTS = 10_000;

/** One DesiredTasks message as the agent reads it: a whole set, or one part of one. */
export interface DesiredPart<T> {
  readonly sequence: number;
  readonly part: number;
  /** 0 or 1: the message holds the whole set. */
  readonly parts: number;
  readonly tasks: readonly T[];
}

/**
 * Puts a desired set sent in parts back together. A set is complete once every part of its
 * sequence is here; a part of a newer set drops an unfinished older one, and anything at or below
 * the last complete sequence is stale. Pure: the caller applies and acknowledges what `add` returns.
 */
export class DesiredPartsAssembler<T> {
  private lastComplete = 0;
  private pending: { sequence: number; parts: number; received: Map<number, readonly T[]> } | undefined;

  /** The complete set once this part finishes it; `undefined` while parts are missing or when the part is stale or malformed. */
  add(message: DesiredPart<T>): { sequence: number; tasks: T[] } | undefined {
    const { sequence, part } = message;
    const parts = message.parts || 1;
    if (!Number.isSafeInteger(sequence) || sequence <= this.lastComplete) return undefined;
    if (parts > MAX_DESIRED_PARTS || part >= parts) return undefined;
    if (this.pending && sequence < this.pending.sequence) return undefined;
    if (!this.pending || this.pending.sequence !== sequence || this.pending.parts !== parts) {
      this.pending = { sequence, parts, received: new Map() };
    }
    this.pending.received.set(part, message.tasks);
    if (this.pending.received.size < parts) return undefined;
    const tasks: T[] = [];
    for (let index = 0; index < parts; index++) tasks.push(...this.pending.received.get(index)!);
    this.pending = undefined;
    this.lastComplete = sequence;
    return { sequence, tasks };
  }

  /** The session ended: a half-received set is dropped (the next session sends the whole set again). */
  dropUnfinished(): void {
    this.pending = undefined;
  }
}
