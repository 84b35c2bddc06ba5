import { Cron } from 'croner';
import { validationError } from './capacity.js';

/**
 * Scheduled actions' expressions, as Application Auto Scaling writes them: `at(yyyy-mm-ddThh:mm:ss)`
 * once, `rate(value unit)` repeatedly, `cron(minutes hours day-of-month month day-of-week year)`
 * with Quartz's fields (days of the week 1–7 from Sunday, `?`, `L`, `W`, `#`), read in an IANA
 * timezone (UTC unless given). Cron arithmetic is croner's, not ours: this file only turns AWS's
 * spelling into croner's seven-part Quartz mode.
 */

export type ScalingSchedule =
  | { readonly kind: 'at'; readonly expression: string; readonly at: Date | undefined }
  | { readonly kind: 'rate'; readonly expression: string; readonly everyMs: number }
  | { readonly kind: 'cron'; readonly expression: string; readonly cron: Cron };

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const FIELD = 'Schedule';

export function checkTimezone(timezone: string, field = 'Timezone'): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw validationError(`${field} must be an IANA time zone such as UTC or Europe/Berlin; got ${JSON.stringify(timezone)}.`);
  }
}

export function parseScalingSchedule(expression: string, timezone = 'UTC'): ScalingSchedule {
  checkTimezone(timezone);
  const match = /^(at|rate|cron)\((.*)\)$/.exec(expression.trim());
  if (!match) throw validationError(`${FIELD} must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields); got ${JSON.stringify(expression)}.`);
  const [, kind, body = ''] = match;
  if (kind === 'at') return { kind, expression, at: parseAt(body, timezone) };
  if (kind === 'rate') return { kind, expression, everyMs: parseRate(body) };
  return { kind: 'cron', expression, cron: parseCron(body, timezone) };
}

function parseAt(body: string, timezone: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(body)) {
    throw validationError(`${FIELD} at(…) takes a local time as yyyy-mm-ddThh:mm:ss; got ${JSON.stringify(body)}.`);
  }
  try {
    // croner reads an ISO time without offset in the job's timezone: the one instant it names.
    return new Cron(body, { timezone, paused: true }).nextRun(new Date(0)) ?? undefined;
  } catch (error) {
    throw validationError(`${FIELD} at(${body}) is not a valid time: ${(error as Error).message}`);
  }
}

function parseRate(body: string): number {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  const value = Number(match?.[1]);
  if (!match || !(value >= 1)) throw validationError(`${FIELD} rate(…) takes a whole number of at least 1 and minute(s), hour(s) or day(s); got ${JSON.stringify(body)}.`);
  const unit = match[2]!;
  if ((value === 1) !== !unit.endsWith('s')) throw validationError(`${FIELD} rate(${body}): use ${value === 1 ? unit.replace(/s$/, '') : `${unit}s`} for ${value}.`);
  return value * RATE_UNITS[unit.replace(/s$/, '')]!;
}

/** Each field's largest value, for Quartz's `start/step` (croner wants `start-max/step`). */
const FIELD_MAX = [59, 23, 31, 12, 7, 2199];

function parseCron(body: string, timezone: string): Cron {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw validationError(`${FIELD} cron(…) takes six fields (minutes hours day-of-month month day-of-week year); got ${fields.length} in ${JSON.stringify(body)}.`);
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw validationError(`${FIELD} cron(${body}): exactly one of day-of-month and day-of-week must be ?.`);
  }
  for (const part of dayOfWeek!.split(',')) {
    // `6#3` is the third Friday: the number after # counts weeks, not days.
    const day = part.replace(/#\d+$/, '').match(/\d+/g)?.map(Number).find((value) => value < 1 || value > 7);
    if (day !== undefined) throw validationError(`${FIELD} cron(${body}): day-of-week values run from 1 (SUN) to 7 (SAT); got ${day}.`);
  }
  const quartz = fields.map((field, i) => (field === '?' ? '*' : field.replace(/(^|,)(\d+)\/(\d+)/g, (_all, lead: string, start: string, step: string) => `${lead}${start}-${FIELD_MAX[i]}/${step}`)));
  try {
    return new Cron(['0', ...quartz].join(' '), { timezone, paused: true, mode: '7-part', alternativeWeekdays: true });
  } catch (error) {
    const message = (error as Error).message.replace(/^CronPattern: /, '');
    throw validationError(`${FIELD} cron(${body}) is not valid: ${message}`);
  }
}

/**
 * The first run strictly after `after`, inside [startTime, endTime] when they are given; undefined
 * when there is none. A rate runs at its start time and every rate after it; without a start
 * time, one rate after the action was created and every rate after that.
 */
export function nextScheduledRun(schedule: ScalingSchedule, after: Date, window: { readonly createdAt: Date; readonly startTime?: Date; readonly endTime?: Date }): Date | undefined {
  const from = window.startTime && window.startTime.getTime() - 1 > after.getTime() ? new Date(window.startTime.getTime() - 1) : after;
  let next: Date | undefined;
  if (schedule.kind === 'at') {
    next = schedule.at && schedule.at > from ? schedule.at : undefined;
  } else if (schedule.kind === 'rate') {
    const anchor = (window.startTime ?? window.createdAt).getTime();
    const first = window.startTime ? 0 : 1;
    const k = Math.max(first, Math.floor((from.getTime() - anchor) / schedule.everyMs) + 1);
    next = new Date(anchor + k * schedule.everyMs);
  } else {
    next = schedule.cron.nextRun(from) ?? undefined;
  }
  if (next && window.endTime && next > window.endTime) return undefined;
  return next;
}
