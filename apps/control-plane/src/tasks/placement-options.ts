import { invalidParameter, type TaskDefinition } from '@berth/domain';
import { memberOf, type PlacementConstraint, type PlacementStrategy } from '@berth/scheduler';
import type { wire } from '@berth/proto';

const MAX_STRATEGIES = 5;
const MAX_CONSTRAINTS = 10;

/** placementStrategy from a request → scheduler strategies, refusing unknown types and fields. */
export function strategiesFrom(list: readonly wire.PlacementStrategy__Output[]): PlacementStrategy[] {
  if (list.length > MAX_STRATEGIES) throw invalidParameter(`placementStrategy can have at most ${MAX_STRATEGIES} items.`);
  return list.map((s, i): PlacementStrategy => {
    const at = `placementStrategy[${i}]`;
    switch (s.type) {
      case 'random':
        return { type: 'random' };
      case 'binpack':
        if (s.field !== 'cpu' && s.field !== 'memory') throw invalidParameter(`${at}.field must be cpu or memory for binpack, got '${s.field}'.`);
        return { type: 'binpack', field: s.field };
      case 'spread': {
        const field = s.field === 'instanceId' || s.field === 'host' ? s.field : s.field.startsWith('attribute:') && s.field.length > 10 ? (s.field as `attribute:${string}`) : undefined;
        if (!field) throw invalidParameter(`${at}.field must be instanceId, host or attribute:<name> for spread, got '${s.field}'.`);
        return { type: 'spread', field };
      }
      default:
        throw invalidParameter(`${at}.type must be random, binpack or spread, got '${s.type}'.`);
    }
  });
}

/** Request constraints plus the task definition's (memberOf expressions compiled once, here). */
export function constraintsFrom(
  list: readonly { type: string; expression?: string }[],
  definition: Pick<TaskDefinition, 'placementConstraints'> | undefined,
): PlacementConstraint[] {
  const all = [...list, ...(definition?.placementConstraints ?? [])].map((c) => ({ type: c.type, expression: c.expression ?? '' }));
  if (all.length > MAX_CONSTRAINTS) throw invalidParameter(`placementConstraints can have at most ${MAX_CONSTRAINTS} items.`);
  return all.map((c, i): PlacementConstraint => {
    if (c.type === 'distinctInstance') {
      if (c.expression) throw invalidParameter(`placementConstraints[${i}]: distinctInstance takes no expression.`);
      return { type: 'distinctInstance' };
    }
    if (c.type === 'memberOf') {
      if (!c.expression) throw invalidParameter(`placementConstraints[${i}]: memberOf needs an expression.`);
      return memberOf(c.expression);
    }
    throw invalidParameter(`placementConstraints[${i}].type must be distinctInstance or memberOf, got '${c.type}'.`);
  });
}

/** Static host ports a task needs on its instance, by protocol (host mode maps containerPort itself). */
export function staticPorts(definition: TaskDefinition): { ports: number[]; portsUdp: number[] } {
  const ports: number[] = [];
  const portsUdp: number[] = [];
  for (const c of definition.containerDefinitions) {
    for (const m of c.portMappings) {
      const host = definition.networkMode === 'host' ? m.containerPort : m.hostPort;
      if (host > 0) (m.protocol === 'udp' ? portsUdp : ports).push(host);
    }
  }
  return { ports, portsUdp };
}
