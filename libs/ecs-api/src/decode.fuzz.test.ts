import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EcsError } from '@berth/domain';
import { decodeRequest } from './decode.js';
import { isApplicationAutoScalingOperation, operationNames } from './operations.js';

// Every request that reaches a handler went through decodeRequest: whatever a client sends, it
// must come out as the typed request or as an InvalidParameterException naming a member
// (ValidationException for Application Auto Scaling's operations, as that API names it).
// Member names of the requests, so the fuzzing gets past "unknown member" into the values.
const members = fc.constantFrom(
  'cluster', 'clusters', 'clusterName', 'include', 'maxResults', 'nextToken', 'filter', 'status', 'containerInstance', 'containerInstances',
  'force', 'attributes', 'targetType', 'attributeName', 'attributeValue', 'family', 'familyPrefix', 'containerDefinitions', 'taskDefinition',
  'count', 'group', 'startedBy', 'overrides', 'placementConstraints', 'placementStrategy', 'clientToken', 'tags', 'task', 'tasks', 'reason',
  'desiredStatus', 'serviceName', 'service', 'services', 'desiredCount', 'deploymentConfiguration', 'schedulingStrategy', 'settings', 'role',
  'description', 'accessKeyId', 'ttl', 'maxUses', 'joinTokenId', 'principal', 'since', 'containerName', 'follow', 'tail', 'sort',
  'serviceNamespace', 'resourceId', 'resourceIds', 'scalableDimension', 'minCapacity', 'maxCapacity', 'suspendedState', 'policyName',
  'targetTrackingScalingPolicyConfiguration', 'stepScalingPolicyConfiguration', 'schedule', 'startTime', 'scalableTargetAction',
);
const value = fc.oneof(fc.jsonValue(), fc.string(), fc.integer(), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), fc.constant(null));
const requestish = fc.dictionary(fc.oneof(members, fc.string({ maxLength: 12 })), value, { maxKeys: 6 });

describe.each(operationNames)('decodeRequest(%s) on hostile input', (name) => {
  it('answers any JSON value with a request or an InvalidParameterException, quoting little', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), requestish), (input) => {
        try {
          decodeRequest(name, input);
        } catch (error) {
          expect(error).toBeInstanceOf(EcsError);
          expect((error as EcsError).errorName).toBe(isApplicationAutoScalingOperation(name) ? 'ValidationException' : 'InvalidParameterException');
          expect((error as EcsError).message.length).toBeLessThan(1000);
        }
      }),
      { numRuns: 150 },
    );
  });
});
