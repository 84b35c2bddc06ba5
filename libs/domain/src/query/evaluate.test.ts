import { describe, expect, it } from 'vitest';
import { EcsError } from '../errors.js';
import type { QueryExpression } from './ast.js';
import { type QueryTarget, compileQuery, evaluateQuery } from './evaluate.js';
import { parseQuery } from './parser.js';
import { cmp, list, match, target } from './test-helpers.js';
import { parseQueryDate } from './values.js';

/** Both ways in: parsed then evaluated, and compiled from text. */
function check(text: string, t: QueryTarget, expected: boolean): void {
  expect(evaluateQuery(parseQuery(text), t)).toBe(expected);
  expect(compileQuery(text)(t)).toBe(expected);
}

const base = target();

describe('evaluateQuery: the ECS examples against a t2.small in us-east-1a running service:web', () => {
  it.each<[string, boolean]>([
    ['attribute:ecs.instance-type == t2.small', true],
    ['attribute:ecs.instance-type == t2.micro', false],
    ['attribute:ecs.availability-zone in [us-east-1a, us-east-1b]', true],
    ['attribute:ecs.availability-zone in [us-east-1c, us-east-1d]', false],
    ['task:group == service:web', true],
    ['not(task:group == database)', true],
    ['attribute:ecs.instance-type =~ t2.*', true],
    ['runningTasksCount > 3 and agentConnected == true', true],
    ['runningTasksCount > 4 and agentConnected == true', false],
    ['attribute:disk exists', true],
    ['attribute:disk !exists || attribute:disk != hdd', true],
    ['registeredAt < 2026-01-01T00:00:00Z', false],
  ])('%s → %s', (text, expected) => check(text, base, expected));
});

describe('evaluateQuery: text subjects', () => {
  it.each<[string, boolean]>([
    ['hostname == node-1', true],
    ['hostname == NODE-1', false],
    ['hostname != node-1', false],
    ['hostname != node-2', true],
    ['hostname in [node-2, node-1]', true],
    ['hostname not_in [node-2, node-3]', true],
    ['hostname not_in [node-1]', false],
    ['hostname =~ ^node', true],
    ['hostname =~ ode', true], // partial match, like Go's MatchString
    ['hostname =~ ^ode', false],
    ['hostname !~ ^ode', true],
    ['hostname =~ ^node-1$', true],
    ['hostname exists', true],
    ['hostname !exists', false],
    ['ec2InstanceId == i-0abc', true],
    ['instanceId == 0123456789abcdef0123456789abcdef', true],
    ['instanceId =~ ^0123', true],
    ['agentVersion == 1.80.0', true],
    ['agentVersion > 1.8.0', true], // lexicographic: '1.80.0' > '1.8.0'
    ['agentVersion < 1.9.0', true], // lexicographic, not semver
    ['agentVersion >= 1.80.0', true],
    ['agentVersion <= 1.80.0', true],
    ['agentVersion < 1.80.0', false],
  ])('%s → %s', (text, expected) => check(text, base, expected));
});

describe('evaluateQuery: attributes', () => {
  it.each<[string, boolean]>([
    ['attribute:tier == gold', true],
    ['attribute:tier == Gold', false],
    ["attribute:disk == ''", true], // name-only attribute has value ''
    ['attribute:disk exists', true],
    ['attribute:disk !exists', false],
    // a missing attribute fails every comparison and passes every negative one
    ['attribute:missing == x', false],
    ['attribute:missing != x', true],
    ['attribute:missing > 0', false],
    ['attribute:missing >= 0', false],
    ['attribute:missing < 0', false],
    ['attribute:missing <= 0', false],
    ['attribute:missing in [x]', false],
    ['attribute:missing not_in [x]', true],
    ['attribute:missing =~ .*', false],
    ['attribute:missing !~ .*', true],
    ['attribute:missing exists', false],
    ['attribute:missing !exists', true],
    // inherited object keys are not attributes
    ['attribute:constructor exists', false],
    ['attribute:toString == x', false],
    ['attribute:__proto__ exists', false],
    // numbers compare numerically when both sides are numbers
    ['attribute:size > 10', false], // 9 > 10 numerically (lexicographically '9' > '10')
    ['attribute:size < 10', true],
    ['attribute:size >= 9.0', true],
    ['attribute:size <= 8.5', false],
    ['attribute:size == 9.0', false], // == is text equality
    ['attribute:size == 9', true],
    ['attribute:size in [9.0, 09]', false],
    // else lexicographically
    ['attribute:tier > gol', true],
    ['attribute:tier < silver', true],
    ['attribute:tier >= gold', true],
    ['attribute:tier > 5', true], // 'gold' > '5' by code units
    ['attribute:size < abc', true], // '9' < 'abc' by code units
    ['attribute:ecs.instance-type !~ ^t2', false],
    ["attribute:ecs.instance-type =~ 't2\\.small'", true],
    ["attribute:ecs.instance-type =~ '^t2\\.(micro|small)$'", true],
  ])('%s → %s', (text, expected) => check(text, base, expected));
});

describe('evaluateQuery: task:group matches ANY task; negatives when NONE does', () => {
  const none = target({ taskGroups: [] });
  it.each<[string, QueryTarget, boolean]>([
    ['task:group == family:batch', base, true],
    ['task:group != service:web', base, false], // one task is service:web
    ['task:group != database', base, true],
    ['task:group in [database, family:batch]', base, true],
    ['task:group not_in [database, family:batch]', base, false],
    ['task:group not_in [database]', base, true],
    ['task:group =~ ^service:', base, true],
    ['task:group !~ ^service:', base, false],
    ['task:group !~ ^db', base, true],
    ['task:group > service:a', base, true],
    ['task:group exists', base, true],
    ['task:group == service:web', none, false],
    ['task:group != service:web', none, true],
    ['task:group not_in [a]', none, true],
    ['task:group =~ .*', none, false],
    ['task:group exists', none, true],
    ['not(task:group == service:web)', none, true],
  ])('%s', (text, t, expected) => check(text, t, expected));
});

describe('evaluateQuery: typed subjects', () => {
  it.each<[string, boolean]>([
    ['agentConnected == true', true],
    ['agentConnected == TRUE', true],
    ['agentConnected == false', false],
    ['agentConnected != true', false],
    ['agentConnected in [false]', false],
    ['agentConnected in [false, true]', true],
    ['agentConnected not_in [false]', true],
    ['agentConnected exists', true],
    ['runningTasksCount == 4', true],
    ['runningTasksCount == 4.0', true], // numeric equality
    ['runningTasksCount == 04', true],
    ['runningTasksCount != 4', false],
    ['runningTasksCount > 3', true],
    ['runningTasksCount > 4', false],
    ['runningTasksCount >= 4', true],
    ['runningTasksCount < 10', true], // numeric, not '4' < '10' lexicographically
    ['runningTasksCount <= 3.5', false],
    ['runningTasksCount in [1, 4]', true],
    ['runningTasksCount not_in [1, 2]', true],
    ['runningTasksCount > -1', true],
    ['registeredAt == 2026-03-01T12:00:00Z', true],
    ['registeredAt == 2026-03-01T12:00:00.000Z', true],
    ['registeredAt == 2026-03-01T14:00:00+02:00', true],
    ['registeredAt == 2026-03-01T07:00-0500', true],
    ['registeredAt == 2026-03-01T12:00:00', true], // no offset is UTC, whatever the machine's zone
    ['registeredAt == 2026-03-01', false],
    ['registeredAt > 2026-03-01', true],
    ['registeredAt < 2026-03-02', true],
    ['registeredAt >= 2026-03-01T12:00:00.001Z', false],
    ['registeredAt <= 2026-03-01T12:00:00Z', true],
    ['registeredAt in [2026-01-01, 2026-03-01T12:00:00Z]', true],
    ['registeredAt not_in [2026-01-01]', true],
    ['registeredAt > 2024-02-29T23:59:59.999999999Z', true],
  ])('%s → %s', (text, expected) => check(text, base, expected));

  it('disconnected agent', () => {
    const t = target({ agentConnected: false });
    check('agentConnected == false', t, true);
    check('agentConnected in [false]', t, true);
    check('agentConnected != false', t, false);
  });
});

describe('evaluateQuery: connectives', () => {
  it.each<[string, boolean]>([
    ['hostname == node-1 and hostname == x', false],
    ['hostname == node-1 && hostname == node-1', true],
    ['hostname == x or hostname == node-1', true],
    ['hostname == x || hostname == y', false],
    ['not hostname == x', true],
    ['!hostname == node-1', false],
    ['not not hostname == node-1', true],
    ['hostname == x and hostname == y or hostname == node-1', true], // (x and y) or node-1
    ['hostname == x and (hostname == y or hostname == node-1)', false],
    ['not hostname == x and hostname == y', false], // (not x) and y
    ['not (hostname == x and hostname == y)', true],
  ])('%s → %s', (text, expected) => check(text, base, expected));
});

describe('compileQuery and evaluateQuery', () => {
  it('compile once, evaluate against many targets', () => {
    const matches = compileQuery('attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and runningTasksCount < 5');
    const targets = [
      target(),
      target({ attributes: { 'ecs.availability-zone': 'us-east-1b' }, runningTasksCount: 0 }),
      target({ attributes: { 'ecs.availability-zone': 'us-east-1c' } }),
      target({ runningTasksCount: 5 }),
      target({ attributes: {} }),
    ];
    expect(targets.map(matches)).toEqual([true, true, false, false, false]);
  });

  it('compileQuery reports syntax errors up front', () => {
    expect(() => compileQuery('hostname ==')).toThrow(EcsError);
  });

  it('evaluateQuery reuses the compiled form of the same expression object', () => {
    const expr = parseQuery('hostname =~ ^node');
    expect(evaluateQuery(expr, base)).toBe(true);
    expect(evaluateQuery(expr, target({ hostname: 'other' }))).toBe(false);
  });

  it.each<[string, QueryExpression]>([
    ['an invalid regex', match('hostname', '=~', '(')],
    ['a regex on a number', match('runningTasksCount', '=~', '1')],
    ['ordering on a boolean', cmp('agentConnected', '>', 'true')],
    ['a non-number for runningTasksCount', cmp('runningTasksCount', '>', 'x')],
    ['a non-date for registeredAt', list('registeredAt', 'in', ['2026-01-01', 'soon'])],
    ['a non-boolean for agentConnected', cmp('agentConnected', '==', 'yes')],
  ])('refuses a hand-built tree with %s', (_what, expr) => {
    expect(() => evaluateQuery(expr, base)).toThrow(EcsError);
  });
});

describe('parseQueryDate', () => {
  it.each<[string, number | undefined]>([
    ['1970-01-01', 0],
    ['1970-01-01T00:00:01Z', 1000],
    ['2026-01-01', Date.UTC(2026, 0, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2000-02-29T23:59:59.5Z', Date.UTC(2000, 1, 29, 23, 59, 59, 500)],
    ['0001-01-01', -62_135_596_800_000],
    ['1969-12-31T23:59:59.999z', -1],
    ['2026-01-01t01:00+01:00', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00-00:30', Date.UTC(2026, 0, 1, 0, 30)],
    ['2026-06-30T12:00:00.123456Z', Date.UTC(2026, 5, 30, 12, 0, 0, 123)],
    ['1900-02-29', undefined],
    ['2026-04-31', undefined],
    ['2026-00-10', undefined],
    ['2026-01-00', undefined],
    ['2026-01-01T12:60Z', undefined],
    ['2026-01-01T12:00:60Z', undefined],
    ['2026-01-01T12:00+24:00', undefined],
    ['2026-01-01T12', undefined],
    ['2026-1-1', undefined],
    ['26-01-01', undefined],
    ['2026-01-01 12:00', undefined],
    ['', undefined],
  ])('%s → %s', (text, ms) => {
    expect(parseQueryDate(text)).toBe(ms);
  });
});

describe('regular expressions are matched in linear time (RE2 semantics)', () => {
  // With a backtracking engine `^(a+)+$` against 29 'a's and a 'b' took ~17 s and stalled the control
  // plane; each of these must finish well inside the test's timeout.
  it.each(['^(a+)+$', '(a|a)*$', '^(a|aa)+$', '(x+x+)+y', '^(\\w+\\s?)*$'])('%s against long hostile values', (pattern) => {
    const matches = compileQuery(`attribute:x =~ '${pattern}'`);
    for (const value of ['a'.repeat(29) + 'b', 'a'.repeat(10_000) + '!', 'x'.repeat(5_000), 'word '.repeat(2_000) + '!']) {
      expect(typeof matches(target({ attributes: { x: value } }))).toBe('boolean');
    }
  });

  it('still matches what it should, anywhere unless anchored', () => {
    expect(compileQuery("attribute:x =~ 'b+'")(target({ attributes: { x: 'abbbc' } }))).toBe(true);
    expect(compileQuery("attribute:x =~ '^b+'")(target({ attributes: { x: 'abbbc' } }))).toBe(false);
    expect(compileQuery("attribute:x !~ '^(a+)+$'")(target({ attributes: { x: 'a'.repeat(40) + 'b' } }))).toBe(true);
  });
});
