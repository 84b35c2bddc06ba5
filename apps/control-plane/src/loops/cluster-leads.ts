import type { Logger } from '@berth/log';
import type { Leadership, StoreAccess } from '@berth/state-store';

/** The lead key of a cluster's background work, and of the store-wide housekeeping. */
export const clusterLeadKey = (cluster: string) => `cluster:${cluster}`;
export const HOUSEKEEPING_LEAD_KEY = 'housekeeping';

/** A fresh answer is reused this long, so loops running side by side ask the store once. */
const REUSE_MS = 200;

/**
 * The clusters this replica drives: every loop asks before acting on a cluster. Each call checks
 * the lock connection, tries to take the lead of clusters nobody leads, gives up clusters that no
 * longer exist, and logs every change, so `leading cluster` lines show where each cluster is driven.
 */
export class ClusterLeads {
  private led = new Set<string>();
  private last: { at: number; answer: Promise<ReadonlySet<string>> } | undefined;

  constructor(
    private readonly store: Pick<StoreAccess, 'read'>,
    private readonly leadership: Leadership,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The clusters led now. Never throws: with the store away, nothing is led. */
  current(): Promise<ReadonlySet<string>> {
    const now = this.clock();
    if (this.last && now - this.last.at < REUSE_MS) return this.last.answer;
    const answer = this.check();
    this.last = { at: now, answer };
    return answer;
  }

  /** Whether this replica does the store-wide housekeeping. */
  leadsHousekeeping(): Promise<boolean> {
    return this.leadership.lead(HOUSEKEEPING_LEAD_KEY);
  }

  private async check(): Promise<ReadonlySet<string>> {
    await this.leadership.refresh();
    let names: string[] | undefined;
    try {
      names = await this.store.read.listClusterNames();
    } catch {
      // The store is away: keep what is still held (the loops' own queries fail meanwhile).
    }
    const now = new Set<string>();
    if (names) {
      for (const name of names) if (await this.leadership.lead(clusterLeadKey(name))) now.add(name);
      for (const name of this.led) if (!names.includes(name)) await this.leadership.release(clusterLeadKey(name));
    } else {
      const held = new Set(this.leadership.held());
      for (const name of this.led) if (held.has(clusterLeadKey(name))) now.add(name);
    }
    for (const name of now) if (!this.led.has(name)) this.log.info('leading cluster', { cluster: name });
    for (const name of this.led) if (!now.has(name)) this.log.info('no longer leading cluster', { cluster: name });
    this.led = now;
    return now;
  }
}
