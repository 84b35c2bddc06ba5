import { invalidParameter } from '@berth/domain';
import type { wire } from '@berth/proto';

const agentTaskStatuses = ['PENDING', 'RUNNING', 'STOPPED'];
const agentContainerStatuses = ['NONE', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'];
const agentStopCodes = ['', 'EssentialContainerExited', 'TaskFailedToStart'];
const MAX_REASON = 1024;

/** A sequence number arrives as an int64 string; it must be a positive safe integer. */
export function sequenceFrom(value: string | number | undefined, field: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw invalidParameter(`${field} must be a positive integer, got '${String(value)}'.`);
  return n;
}

/** Agent reports are untrusted input: check every status and bound every string. */
export function validateStateReport(report: wire.StateReport__Output): { sequence: number } {
  const sequence = sequenceFrom(report.sequence, 'stateReport.sequence');
  report.tasks.forEach((task, i) => {
    const at = `stateReport.tasks[${i}]`;
    if (!task.taskArn) throw invalidParameter(`${at}.taskArn is required.`);
    if (!agentTaskStatuses.includes(task.status)) {
      throw invalidParameter(`${at}.status '${task.status}' is not one of ${agentTaskStatuses.join(', ')}.`);
    }
    if (task.reason.length > MAX_REASON) throw invalidParameter(`${at}.reason is longer than ${MAX_REASON} characters.`);
    if (!agentStopCodes.includes(task.stopCode)) throw invalidParameter(`${at}.stopCode '${task.stopCode}' is not one the agent may set.`);
    task.containers.forEach((c, j) => {
      if (!c.containerName) throw invalidParameter(`${at}.containers[${j}].containerName is required.`);
      if (!agentContainerStatuses.includes(c.status)) {
        throw invalidParameter(`${at}.containers[${j}].status '${c.status}' is not one of ${agentContainerStatuses.join(', ')}.`);
      }
      if (c.reason.length > MAX_REASON) throw invalidParameter(`${at}.containers[${j}].reason is longer than ${MAX_REASON} characters.`);
    });
  });
  return { sequence };
}
