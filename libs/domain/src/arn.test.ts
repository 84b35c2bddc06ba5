import { describe, expect, it } from 'vitest';
import { clusterNameFrom, containerInstanceIdFrom, taskDefinitionRefFrom, taskIdFrom } from './arn.js';

const id = 'a'.repeat(32);

describe('name-or-ARN parsing', () => {
  it.each([
    ['web', { family: 'web' }],
    ['web:3', { family: 'web', revision: 3 }],
    ['arn:aws:ecs:local:000000000000:task-definition/web:12', { family: 'web', revision: 12 }],
  ])('task definition %s', (text, ref) => expect(taskDefinitionRefFrom(text)).toEqual(ref));

  it.each(['web:', 'web:x', 'bad name', 'arn:aws:ecs:local:0:task-definition/web', 'arn:aws:ecs:local:0:cluster/web', ''])(
    'rejects task definition %j',
    (text) => expect(() => taskDefinitionRefFrom(text)).toThrow(/Invalid task definition/),
  );

  it('tasks and instances by id or ARN', () => {
    expect(taskIdFrom(id)).toEqual({ id });
    expect(taskIdFrom(`arn:aws:ecs:local:000000000000:task/c1/${id}`)).toEqual({ id, cluster: 'c1' });
    expect(() => taskIdFrom('nope')).toThrow(/Invalid task id/);
    expect(() => taskIdFrom(`arn:aws:ecs:local:0:container-instance/c/${id}`)).toThrow(/Invalid task ARN/);
    expect(containerInstanceIdFrom(`arn:aws:ecs:local:000000000000:container-instance/c2/${id}`)).toEqual({ id, cluster: 'c2' });
  });

  it('clusters default to "default"', () => {
    expect(clusterNameFrom('')).toBe('default');
    expect(clusterNameFrom(undefined)).toBe('default');
    expect(clusterNameFrom('arn:aws:ecs:local:000000000000:cluster/prod')).toBe('prod');
    expect(() => clusterNameFrom('arn:aws:ecs:local:0:task/x/y')).toThrow(/Invalid cluster ARN/);
  });
});
