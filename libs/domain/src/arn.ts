import { invalidParameter } from './errors.js';

/** Where ARNs say they live. *(ours)*: a private cluster has no real region or account. */
export interface ArnScope {
  readonly region: string;
  readonly account: string;
}

export const defaultArnScope: ArnScope = { region: 'local', account: '000000000000' };

const prefix = (scope: ArnScope) => `arn:aws:ecs:${scope.region}:${scope.account}:`;

export const clusterArn = (scope: ArnScope, name: string) => `${prefix(scope)}cluster/${name}`;
export const containerInstanceArn = (scope: ArnScope, cluster: string, id: string) =>
  `${prefix(scope)}container-instance/${cluster}/${id}`;
export const taskArn = (scope: ArnScope, cluster: string, id: string) => `${prefix(scope)}task/${cluster}/${id}`;
export const serviceArn = (scope: ArnScope, cluster: string, name: string) => `${prefix(scope)}service/${cluster}/${name}`;
export const taskDefinitionArn = (scope: ArnScope, family: string, revision: number) =>
  `${prefix(scope)}task-definition/${family}:${revision}`;

const arnPattern = /^arn:[^:]+:ecs:[^:]*:[^:]*:([a-z-]+)\/(.+)$/;

export interface ParsedArn {
  readonly resourceType: string;
  /** Path segments after the resource type: `cluster/x` → ['x'], `task/c/id` → ['c', 'id']. */
  readonly parts: readonly string[];
}

export function parseArn(value: string): ParsedArn | undefined {
  const match = arnPattern.exec(value);
  if (!match) return undefined;
  return { resourceType: match[1]!, parts: match[2]!.split('/') };
}

/** Accepts a cluster name or ARN (every ECS API does) and returns the name. */
export function clusterNameFrom(value: string | undefined | null): string {
  const v = (value ?? '').trim();
  if (v === '') return 'default';
  if (v.startsWith('arn:')) {
    const parsed = parseArn(v);
    if (!parsed || parsed.resourceType !== 'cluster' || parsed.parts.length !== 1) {
      throw invalidParameter(`Invalid cluster ARN '${v}'.`);
    }
    return parsed.parts[0]!;
  }
  return v;
}

const idPattern = /^[0-9a-f]{32}$/;

/**
 * Accepts a container-instance id or ARN and returns the id. An ARN naming another cluster is a
 * mismatch the caller must report, so the cluster in the ARN is returned too.
 */
export function containerInstanceIdFrom(value: string): { id: string; cluster?: string } {
  const v = value.trim();
  if (v.startsWith('arn:')) {
    const parsed = parseArn(v);
    if (!parsed || parsed.resourceType !== 'container-instance' || parsed.parts.length !== 2 || !idPattern.test(parsed.parts[1]!)) {
      throw invalidParameter(`Invalid container instance ARN '${v}'.`);
    }
    return { cluster: parsed.parts[0]!, id: parsed.parts[1]! };
  }
  if (!idPattern.test(v)) throw invalidParameter(`Invalid container instance id '${v}'.`);
  return { id: v };
}

export function isResourceId(value: string): boolean {
  return idPattern.test(value);
}

/** `family`, `family:revision` or a task-definition ARN → family and optional revision. */
export function taskDefinitionRefFrom(value: string): { family: string; revision?: number } {
  const v = value.trim();
  let body = v;
  if (v.startsWith('arn:')) {
    const parsed = parseArn(v);
    if (!parsed || parsed.resourceType !== 'task-definition' || parsed.parts.length !== 1) {
      throw invalidParameter(`Invalid task definition ARN '${v}'.`);
    }
    body = parsed.parts[0]!;
  }
  const match = /^([A-Za-z0-9_-]{1,255})(?::(\d{1,9}))?$/.exec(body);
  if (!match) throw invalidParameter(`Invalid task definition '${v}': expected family, family:revision or an ARN.`);
  if (v.startsWith('arn:') && match[2] === undefined) throw invalidParameter(`Invalid task definition ARN '${v}': the revision is missing.`);
  return match[2] === undefined ? { family: match[1]! } : { family: match[1]!, revision: Number(match[2]) };
}

/** A task id or ARN → id and, for an ARN, its cluster. */
export function taskIdFrom(value: string): { id: string; cluster?: string } {
  const v = value.trim();
  if (v.startsWith('arn:')) {
    const parsed = parseArn(v);
    if (!parsed || parsed.resourceType !== 'task' || parsed.parts.length !== 2 || !idPattern.test(parsed.parts[1]!)) {
      throw invalidParameter(`Invalid task ARN '${v}'.`);
    }
    return { cluster: parsed.parts[0]!, id: parsed.parts[1]! };
  }
  if (!idPattern.test(v)) throw invalidParameter(`Invalid task id '${v}'.`);
  return { id: v };
}
