import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportQueueState } from './report-queue.js';

const FILE = 'ecs_agent_reports.json';

/** The report queue's state in ECS_DATADIR, so reports made before a crash are still delivered. */
export function loadReportQueueState(dataDir: string): ReportQueueState | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as ReportQueueState;
    if (typeof parsed.nextSequence !== 'number' || !Array.isArray(parsed.unacked)) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

export function saveReportQueueState(dataDir: string, state: ReportQueueState): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}
