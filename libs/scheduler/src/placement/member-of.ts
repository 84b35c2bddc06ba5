import { compileQuery, type QueryTarget } from '@berth/domain';
import type { InstanceSnapshot, MemberOfConstraint } from './types.js';

const targets = new WeakMap<InstanceSnapshot, QueryTarget>();

/** The query language's view of an instance; built once per snapshot, since placement asks many times. */
function targetOf(instance: InstanceSnapshot): QueryTarget {
  let target = targets.get(instance);
  if (!target) {
    target = {
      instanceId: instance.id,
      ec2InstanceId: instance.hostname,
      hostname: instance.hostname,
      agentConnected: instance.agentConnected,
      agentVersion: instance.agentVersion,
      registeredAt: instance.registeredAt,
      runningTasksCount: instance.runningTasksCount,
      attributes: instance.attributes,
      taskGroups: instance.taskGroups,
    };
    targets.set(instance, target);
  }
  return target;
}

/** A memberOf constraint: parsed once (a bad expression throws InvalidParameterException with its position). */
export function memberOf(expression: string): MemberOfConstraint {
  const predicate = compileQuery(expression);
  return { type: 'memberOf', expression, matches: (instance) => predicate(targetOf(instance)) };
}
