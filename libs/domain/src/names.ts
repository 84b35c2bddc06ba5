import { invalidParameter } from './errors.js';

const namePattern = /^[A-Za-z0-9_-]{1,255}$/;

/** Cluster, service and task-definition family names share one rule in ECS. */
export function isValidResourceName(name: string): boolean {
  return namePattern.test(name);
}

export function assertClusterName(name: string): string {
  if (!isValidResourceName(name)) {
    throw invalidParameter(
      `Invalid cluster name '${name}'. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.`,
    );
  }
  return name;
}

export const DEFAULT_CLUSTER = 'default';

export function assertServiceName(name: string): string {
  if (!isValidResourceName(name)) {
    throw invalidParameter(
      `Invalid service name '${name}'. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.`,
    );
  }
  return name;
}
