/** Builders shared by the query tests (not exported from the library). */
import type { QueryBuiltInSubject, QueryCondition, QueryExpression, QuerySubject } from './ast.js';
import type { QueryTarget } from './evaluate.js';

export const attr = (name: string): QuerySubject => ({ kind: 'attribute', name });
export const subj = (kind: QueryBuiltInSubject): QuerySubject => ({ kind });
const toSubject = (s: string): QuerySubject =>
  s.startsWith('attribute:') ? attr(s.slice('attribute:'.length)) : subj(s as QueryBuiltInSubject);

export const cmp = (s: string, operator: '==' | '!=' | '>' | '>=' | '<' | '<=', value: string): QueryCondition => ({
  kind: 'compare',
  subject: toSubject(s),
  operator,
  value,
});
export const exists = (s: string, operator: 'exists' | '!exists' = 'exists'): QueryCondition => ({
  kind: 'exists',
  subject: toSubject(s),
  operator,
});
export const list = (s: string, operator: 'in' | 'not_in', values: string[]): QueryCondition => ({
  kind: 'list',
  subject: toSubject(s),
  operator,
  values,
});
export const match = (s: string, operator: '=~' | '!~', pattern: string): QueryCondition => ({
  kind: 'match',
  subject: toSubject(s),
  operator,
  pattern,
});
export const and = (left: QueryExpression, right: QueryExpression): QueryExpression => ({ kind: 'and', left, right });
export const or = (left: QueryExpression, right: QueryExpression): QueryExpression => ({ kind: 'or', left, right });
export const not = (operand: QueryExpression): QueryExpression => ({ kind: 'not', operand });

/** The message parseQuery gives for a mistake at a 1-based column of a one-line expression. */
export function syntaxMessage(text: string, column: number, detail: string): string {
  return `Invalid memberOf expression at position ${column}: ${detail}.\n  ${text}\n  ${' '.repeat(column - 1)}^`;
}

export function target(overrides: Partial<QueryTarget> = {}): QueryTarget {
  return {
    instanceId: '0123456789abcdef0123456789abcdef',
    ec2InstanceId: 'i-0abc',
    hostname: 'node-1',
    agentConnected: true,
    agentVersion: '1.80.0',
    registeredAt: new Date('2026-03-01T12:00:00Z'),
    runningTasksCount: 4,
    attributes: {
      'ecs.instance-type': 't2.small',
      'ecs.availability-zone': 'us-east-1a',
      disk: '',
      size: '9',
      tier: 'gold',
    },
    taskGroups: ['service:web', 'family:batch'],
    ...overrides,
  };
}
