import type { ContainerDefinition, ContainerDependency, DependencyCondition, NetworkMode } from '../task-definition.js';
import {
  at,
  fail,
  item,
  namePattern,
  readArray,
  readEnum,
  readStringArray,
  requireObject,
  requireString,
  warnUnknown,
} from './read.js';
import type { Warnings, Where } from './read.js';

/**
 * Start-order references between containers — dependsOn, links and volumesFrom — and the graph
 * they form. The agent starts a container only after everything it points at, so the graph must be
 * acyclic; the reported cycle lists container names in order (`a -> b -> a`).
 */
const conditions: readonly DependencyCondition[] = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'];

export function readDependsOn(value: unknown, where: Where, warnings: Warnings): ContainerDependency[] {
  return readArray(value, where).map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, ['containerName', 'condition'], warnings);
    const containerName = requireString(fields['containerName'], at(here, 'containerName'));
    const condition = readEnum(fields['condition'], at(here, 'condition'), conditions);
    if (condition === undefined) throw fail(at(here, 'condition'), 'required');
    return { containerName, condition };
  });
}

/** `name` or `name:alias`; only bridge networking has Docker links. */
export function readLinks(value: unknown, where: Where, networkMode: NetworkMode): string[] {
  const links = readStringArray(value, where);
  if (links.length > 0 && networkMode !== 'bridge') {
    throw fail(where, `links are only supported with networkMode bridge, not ${networkMode}`);
  }
  links.forEach((link, i) => {
    const parts = link.split(':');
    if (parts.length > 2 || !parts.every((part) => namePattern.test(part))) {
      throw fail(
        item(where, i),
        `must be 'name' or 'name:alias' (1-255 letters, numbers, underscores or hyphens each), got '${link}'`,
      );
    }
  });
  return links;
}

export function linkTarget(link: string): string {
  return link.split(':')[0] ?? link;
}

type EdgeKind = 'dependsOn' | 'links' | 'volumesFrom';

interface Edge {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  readonly where: Where;
}

function containerWhere(where: Where, index: number, container: ContainerDefinition): Where {
  return { ...item(at(where, 'containerDefinitions'), index), container: container.name };
}

/**
 * Checks every reference names another container of the task and that dependency conditions can
 * hold, and returns the start-order edges for cycle detection.
 */
function referenceEdges(containers: readonly ContainerDefinition[], where: Where): Edge[] {
  const indexOf = new Map(containers.map((c, i) => [c.name, i] as const));
  const edges: Edge[] = [];
  const target = (from: number, name: string, kind: EdgeKind, here: Where): number => {
    const to = indexOf.get(name);
    if (to === undefined) throw fail(here, `'${name}' is not a container in the task definition`);
    if (to === from) throw fail(here, `a container cannot reference itself in ${kind}`);
    edges.push({ from, to, kind, where: here });
    return to;
  };
  containers.forEach((container, c) => {
    const base = containerWhere(where, c, container);
    const seen = new Set<string>();
    container.dependsOn.forEach((dependency, d) => {
      const here = at(item(at(base, 'dependsOn'), d), 'containerName');
      const to = target(c, dependency.containerName, 'dependsOn', here);
      if (seen.has(dependency.containerName)) throw fail(here, `duplicate dependency on '${dependency.containerName}'`);
      seen.add(dependency.containerName);
      checkCondition(container, dependency, containers[to], at(item(at(base, 'dependsOn'), d), 'condition'));
    });
    container.links.forEach((link, l) => target(c, linkTarget(link), 'links', item(at(base, 'links'), l)));
    container.volumesFrom.forEach((from, v) =>
      target(c, from.sourceContainer, 'volumesFrom', at(item(at(base, 'volumesFrom'), v), 'sourceContainer')),
    );
  });
  return edges;
}

function checkCondition(
  container: ContainerDefinition,
  dependency: ContainerDependency,
  targetContainer: ContainerDefinition | undefined,
  here: Where,
): void {
  if (targetContainer === undefined) return;
  const { condition } = dependency;
  if ((condition === 'COMPLETE' || condition === 'SUCCESS') && targetContainer.essential) {
    throw fail(
      here,
      `container '${container.name}' cannot depend on essential container '${targetContainer.name}' ` +
        `with condition ${condition}`,
    );
  }
  if (condition === 'HEALTHY' && targetContainer.healthCheck === undefined) {
    throw fail(
      here,
      `container '${container.name}' cannot depend on container '${targetContainer.name}' ` +
        `with condition HEALTHY: it has no healthCheck`,
    );
  }
}

/** Depth-first search in declaration order, so the reported cycle is deterministic. */
function findCycle(count: number, edges: readonly Edge[]): Edge[] | undefined {
  const outgoing: Edge[][] = Array.from({ length: count }, () => []);
  for (const edge of edges) outgoing[edge.from]?.push(edge);
  const state: ('new' | 'open' | 'done')[] = Array.from({ length: count }, () => 'new');
  const path: Edge[] = [];
  const visit = (node: number): Edge[] | undefined => {
    state[node] = 'open';
    for (const edge of outgoing[node] ?? []) {
      if (state[edge.to] === 'open') {
        const start = path.findIndex((e) => e.from === edge.to);
        return [...(start === -1 ? [] : path.slice(start)), edge];
      }
      if (state[edge.to] === 'new') {
        path.push(edge);
        const cycle = visit(edge.to);
        if (cycle !== undefined) return cycle;
        path.pop();
      }
    }
    state[node] = 'done';
    return undefined;
  };
  for (let node = 0; node < count; node++) {
    if (state[node] !== 'new') continue;
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

function describeCycle(cycle: readonly Edge[], containers: readonly ContainerDefinition[]): string {
  const kinds = new Set(cycle.map((edge) => edge.kind));
  const only = kinds.size === 1 ? [...kinds][0] : undefined;
  const label = only === undefined ? 'dependency' : only;
  const name = (index: number): string => containers[index]?.name ?? String(index);
  let text = `${label} cycle: ${name(cycle[0]?.from ?? 0)}`;
  for (const edge of cycle) {
    text += only === undefined && edge.kind !== 'dependsOn' ? ` -(${edge.kind})-> ` : ' -> ';
    text += name(edge.to);
  }
  return text;
}

/** All cross-container reference rules; throws on the first violation. */
export function checkContainerReferences(containers: readonly ContainerDefinition[], where: Where): void {
  const edges = referenceEdges(containers, where);
  const cycle = findCycle(containers.length, edges);
  const first = cycle?.[0];
  if (cycle !== undefined && first !== undefined) {
    throw fail(first.where, describeCycle(cycle, containers));
  }
}
