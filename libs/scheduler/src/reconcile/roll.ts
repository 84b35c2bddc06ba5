import type { TaskView } from './classify.js';
import type { PlannedStop } from './types.js';

/** What a rollout strategy (REPLICA or DAEMON) is told. */
export interface RollContext {
  readonly views: readonly TaskView[];
  /** Tasks the PRIMARY deployment should have. */
  readonly desired: number;
  /** Most tasks RUNNING+PENDING (maximumPercent). */
  readonly upper: number;
  /** Fewest healthy tasks while rolling (minimumHealthyPercent). */
  readonly lower: number;
  readonly primaryId: string | undefined;
  /** Why the PRIMARY may not launch in this pass, if it may not. */
  readonly launchBlocked?: 'no-primary' | 'failed' | 'backoff';
  /** Reason text for rollout and scale-in stops. */
  readonly scalingReason: string;
}

export interface RollResult {
  readonly starts: number;
  /** DAEMON: the instances to start on, one task each. */
  readonly instanceIds?: readonly string[];
  readonly stops: readonly PlannedStop[];
  /** Starts the pass would have made if launching were allowed (for the backoff event). */
  readonly wanted: number;
  /** Work remains, but the bounds allow neither a start nor a stop and nothing is in flight. */
  readonly stuck: boolean;
}

/**
 * The stops of one pass and the healthy-task budget they draw on. Stops that are not bound by
 * minimumHealthyPercent (scale-in, unhealthy, leaving PENDING tasks) go through `force`; rollout
 * and replacement stops go through `tryStop`, which refuses to take the healthy count below `lower`.
 */
export class Stops {
  readonly list: PlannedStop[] = [];
  private readonly arns = new Set<string>();
  private healthyLeft = 0;

  constructor(private readonly lower: number) {}

  has(view: TaskView): boolean {
    return this.arns.has(view.task.arn);
  }

  force(view: TaskView, reason: string): void {
    if (this.has(view)) return;
    this.arns.add(view.task.arn);
    this.list.push({ taskArn: view.task.arn, reason, stopCode: 'ServiceSchedulerInitiated' });
  }

  /** Start the budget from the healthy tasks the forced stops left. Call once, after them. */
  openBudget(views: readonly TaskView[]): void {
    this.healthyLeft = views.filter((v) => v.counting && v.healthy && !this.has(v)).length;
  }

  tryStop(view: TaskView, reason: string): boolean {
    if (this.has(view)) return false;
    if (view.healthy) {
      if (this.healthyLeft - 1 < this.lower) return false;
      this.healthyLeft--;
    }
    this.force(view, reason);
    return true;
  }
}

/** Nothing will change by itself: every counting task is healthy and none is on its way out. */
export function settled(views: readonly TaskView[]): boolean {
  return views.every((v) => (v.counting ? v.healthy : !v.present));
}
