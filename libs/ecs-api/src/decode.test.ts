import { describe, expect, it } from 'vitest';
import { EcsError } from '@berth/domain';
import { decodeRequest } from './decode.js';

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof EcsError && error.errorName === 'InvalidParameterException') return error.message;
    throw error;
  }
  throw new Error('expected an InvalidParameterException');
};

describe('decodeRequest', () => {
  it('keeps the members it knows, drops the others, and yields absent members as undefined', () => {
    expect(decodeRequest('RunTask', { taskDefinition: 'web', count: 2, launchType: 'FARGATE' })).toEqual({ taskDefinition: 'web', count: 2 });
    expect(decodeRequest('ListClusters', undefined)).toEqual({});
  });

  it('hands a task definition through whole, for the domain validator', () => {
    const body = { family: 'web', containerDefinitions: [{ name: 'a', image: 'x', pidMode: 'host' }], tags: [{ key: 'k', value: 'v' }] };
    expect(decodeRequest('RegisterTaskDefinition', body)).toEqual(body);
  });

  it.each([
    ['RunTask', { count: '2' }, 'count must be a number, got "2".'],
    ['RunTask', { count: 2.5 }, 'count must be an integer, got 2.5.'],
    ['DescribeClusters', { clusters: 'prod' }, 'clusters must be a list, got "prod".'],
    ['RunTask', { overrides: [] }, 'overrides must be an object, got a list.'],
    ['RunTask', { placementConstraints: [{ type: 'memberOf', expression: 3 }] }, 'placementConstraints[0].expression must be a string, got 3.'],
    ['UpdateService', { deploymentConfiguration: { deploymentCircuitBreaker: { enable: 'yes' } } }, 'deploymentConfiguration.deploymentCircuitBreaker.enable must be a boolean, got "yes".'],
    ['PutAttributes', { attributes: [{ name: 'a', targetId: null }] }, 'attributes[0].targetId must be a string, got null.'],
    ['RunTask', 'not an object', 'the request must be an object, got "not an object".'],
  ])('%s %j → %s', (operation, input, expected) => {
    expect(message(() => decodeRequest(operation as 'RunTask', input))).toBe(expected);
  });
});
