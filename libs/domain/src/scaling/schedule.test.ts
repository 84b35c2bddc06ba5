import { describe, expect, it } from 'vitest';
import { nextScheduledRun, parseScalingSchedule } from './schedule.js';

const created = new Date('2026-12-03T05:00:00Z');
const runs = (expression: string, timezone: string | undefined, count: number, window: { startTime?: Date; endTime?: Date } = {}): string[] => {
  const schedule = parseScalingSchedule(expression, timezone);
  const out: string[] = [];
  let after = created;
  for (let i = 0; i < count; i++) {
    const next = nextScheduledRun(schedule, after, { createdAt: created, ...window });
    if (!next) break;
    out.push(next.toISOString());
    after = next;
  }
  return out;
};

describe('scheduled action expressions', () => {
  it.each<[string, string | undefined, string[]]>([
    ['at(2026-12-24T18:00:00)', undefined, ['2026-12-24T18:00:00.000Z']],
    ['at(2026-12-24T18:00:00)', 'Europe/Berlin', ['2026-12-24T17:00:00.000Z']],
    ['at(2026-07-01T09:30:00)', 'America/New_York', []], // already past: never runs
    ['rate(1 hour)', undefined, ['2026-12-03T06:00:00.000Z', '2026-12-03T07:00:00.000Z', '2026-12-03T08:00:00.000Z']],
    ['rate(15 minutes)', undefined, ['2026-12-03T05:15:00.000Z', '2026-12-03T05:30:00.000Z']],
    ['rate(2 days)', undefined, ['2026-12-05T05:00:00.000Z']],
    // Weekdays at 09:00 in Berlin (UTC+1 in December); 2026-12-03 is a Thursday.
    ['cron(0 9 ? * MON-FRI *)', 'Europe/Berlin', ['2026-12-03T08:00:00.000Z', '2026-12-04T08:00:00.000Z', '2026-12-07T08:00:00.000Z']],
    // Quartz numbering: 2 is Monday, 6 Friday.
    ['cron(0 9 ? * 2-6 *)', undefined, ['2026-12-03T09:00:00.000Z', '2026-12-04T09:00:00.000Z', '2026-12-07T09:00:00.000Z']],
    ['cron(0/20 6 * * ? *)', undefined, ['2026-12-03T06:00:00.000Z', '2026-12-03T06:20:00.000Z', '2026-12-03T06:40:00.000Z', '2026-12-04T06:00:00.000Z']],
    ['cron(0 12 L * ? *)', undefined, ['2026-12-31T12:00:00.000Z', '2027-01-31T12:00:00.000Z']],
    ['cron(0 12 ? * 6#1 *)', undefined, ['2026-12-04T12:00:00.000Z', '2027-01-01T12:00:00.000Z']], // first Friday
    ['cron(30 4 1 1 ? 2027)', undefined, ['2027-01-01T04:30:00.000Z']], // the year field ends it
  ])('%s in %s', (expression, timezone, expected) => {
    const got = runs(expression, timezone, 5);
    // A one-off (or a year-bounded cron) ends; a repeating schedule goes on past what is listed.
    expect(/^at|2027\)$/.test(expression) ? got : got.slice(0, expected.length)).toEqual(expected);
  });

  it('keeps to the action’s start and end times', () => {
    const startTime = new Date('2026-12-10T00:00:00Z');
    const endTime = new Date('2026-12-10T03:00:00Z');
    expect(runs('rate(1 hour)', undefined, 10, { startTime, endTime })).toEqual([
      '2026-12-10T00:00:00.000Z',
      '2026-12-10T01:00:00.000Z',
      '2026-12-10T02:00:00.000Z',
      '2026-12-10T03:00:00.000Z',
    ]);
    expect(runs('cron(0 12 * * ? *)', undefined, 10, { startTime, endTime })).toEqual([]);
  });

  it.each<[string, string | undefined, string]>([
    ['every hour', undefined, 'Schedule must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields); got "every hour".'],
    ['at(2026-12-24 18:00)', undefined, 'Schedule at(…) takes a local time as yyyy-mm-ddThh:mm:ss; got "2026-12-24 18:00".'],
    ['rate(0 minutes)', undefined, 'Schedule rate(…) takes a whole number of at least 1'],
    ['rate(5 weeks)', undefined, 'Schedule rate(…) takes a whole number of at least 1'],
    ['rate(1 hours)', undefined, 'Schedule rate(1 hours): use hour for 1.'],
    ['rate(5 minute)', undefined, 'Schedule rate(5 minute): use minutes for 5.'],
    ['cron(0 9 * * *)', undefined, 'Schedule cron(…) takes six fields (minutes hours day-of-month month day-of-week year); got 5'],
    ['cron(0 9 * * MON *)', undefined, 'Schedule cron(0 9 * * MON *): exactly one of day-of-month and day-of-week must be ?.'],
    ['cron(0 9 ? * ? *)', undefined, 'exactly one of day-of-month and day-of-week must be ?.'],
    ['cron(61 9 * * ? *)', undefined, 'Schedule cron(61 9 * * ? *) is not valid: Invalid value for minute: 61'],
    ['cron(0 9 ? * 8 *)', undefined, 'day-of-week values run from 1 (SUN) to 7 (SAT); got 8.'],
    ['cron(0 9 ? * 0 *)', undefined, 'day-of-week values run from 1 (SUN) to 7 (SAT); got 0.'],
    ['cron(0 9 ? * FRI *)', 'Mars/Olympus', 'Timezone must be an IANA time zone such as UTC or Europe/Berlin; got "Mars/Olympus".'],
  ])('refuses %s', (expression, timezone, message) => {
    expect(() => parseScalingSchedule(expression, timezone)).toThrow(message);
    expect(() => parseScalingSchedule(expression, timezone)).toThrow(expect.objectContaining({ errorName: 'ValidationException' }));
  });
});
