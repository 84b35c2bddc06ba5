import { compileQuery, parseQuery, querySubjects, type QueryTarget } from '@berth/domain';
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

/**
 * A memberOf constraint, parsed once (a bad expression throws InvalidParameterException with its
 * position). An expression that reads `task:group` or `runningTasksCount` depends on what the plan
 * itself places, so it is evaluated against the live view; others are checked once per plan.
 */
export function memberOf(expression: string): MemberOfConstraint {
  const predicate = compileQuery(expression);
  const dynamic = querySubjects(parseQuery(expression)).some((s) => s.kind === 'task:group' || s.kind === 'runningTasksCount');
  return {
    type: 'memberOf',
    expression,
    dynamic,
    matches: (instance, live) =>
      predicate(
        live && dynamic
          ? { ...targetOf(instance), taskGroups: live.taskGroups, runningTasksCount: instance.runningTasksCount + live.placed }
          : targetOf(instance),
      ),
  };
}
