import type { TaskDefinitionInput } from '../tasks/task-definition.js';

/**
 * What a cluster lets its tasks do (ours, kept in the cluster's `settings`). By default a task may
 * not run privileged, mount host paths, use the host's network or pull from a registry other than
 * Docker Hub: each is a way out of the container onto the host, or code from anywhere.
 */
export interface ClusterPolicy {
  readonly allowPrivileged: boolean;
  readonly allowHostPaths: boolean;
  readonly allowHostNetwork: boolean;
  /** Registry hosts images may come from; `*` allows any. Images without a registry host are Docker Hub's (`docker.io`). */
  readonly allowedRegistries: readonly string[];
}

/** The settings names, as `berth update-cluster-settings --settings name=…,value=…` takes them. */
export const policySettings = {
  allowPrivileged: 'berthAllowPrivileged',
  allowHostPaths: 'berthAllowHostPaths',
  allowHostNetwork: 'berthAllowHostNetwork',
  allowedRegistries: 'berthAllowedRegistries',
} as const;

export const DEFAULT_ALLOWED_REGISTRIES: readonly string[] = ['docker.io'];

export function clusterPolicy(settings: readonly { name: string; value: string }[]): ClusterPolicy {
  const get = (name: string) => settings.find((s) => s.name === name)?.value;
  const flag = (name: string) => get(name) === 'true';
  const registries = get(policySettings.allowedRegistries);
  return {
    allowPrivileged: flag(policySettings.allowPrivileged),
    allowHostPaths: flag(policySettings.allowHostPaths),
    allowHostNetwork: flag(policySettings.allowHostNetwork),
    allowedRegistries: registries === undefined ? DEFAULT_ALLOWED_REGISTRIES : registries.split(',').map((r) => r.trim()).filter((r) => r !== ''),
  };
}

/** The registry host of an image reference, as Docker resolves it (`busybox` → `docker.io`). */
export function imageRegistry(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first.toLowerCase() : 'docker.io';
}

/**
 * How a volume reaches past the task onto the host: a host path; a Docker volume whose driver is
 * not `local` or that has driver options (`type=none,o=bind,device=/` is a bind mount of `/`); a
 * shared volume, which outlives the task and is open to anything on the host that names it.
 */
function hostAccessOf(v: TaskDefinitionInput['volumes'][number]): string[] {
  const setting = policySettings.allowHostPaths;
  if (v.host) return [`volume '${v.name}' mounts the host path ${v.host.sourcePath} (${setting})`];
  const docker = v.dockerVolumeConfiguration;
  if (!docker) return [];
  const out: string[] = [];
  if (docker.driver !== 'local') out.push(`volume '${v.name}' uses the Docker volume driver '${docker.driver.slice(0, 64)}' (${setting})`);
  else if (Object.keys(docker.driverOpts).length > 0) out.push(`volume '${v.name}' passes driver options to the local driver, which can bind host paths (${setting})`);
  if (docker.scope === 'shared') out.push(`volume '${v.name}' is a shared Docker volume, open to anything on the host that names it (${setting})`);
  return out;
}

/** Each way the definition goes past the policy, with the setting that would allow it. */
export function policyViolations(definition: Pick<TaskDefinitionInput, 'containerDefinitions' | 'volumes' | 'networkMode'>, policy: ClusterPolicy): string[] {
  const out: string[] = [];
  for (const c of definition.containerDefinitions) {
    if (c.privileged && !policy.allowPrivileged) out.push(`container '${c.name}' is privileged (${policySettings.allowPrivileged})`);
    const registry = imageRegistry(c.image);
    if (!policy.allowedRegistries.includes('*') && !policy.allowedRegistries.includes(registry)) {
      out.push(`container '${c.name}' uses an image from ${registry}, not an allowed registry (${policySettings.allowedRegistries}: ${policy.allowedRegistries.join(', ') || 'none'})`);
    }
  }
  if (!policy.allowHostPaths) for (const v of definition.volumes) out.push(...hostAccessOf(v));
  if (definition.networkMode === 'host' && !policy.allowHostNetwork) out.push(`networkMode is host (${policySettings.allowHostNetwork})`);
  return out;
}
