import type { MountPoint, Volume } from '../task-definition.js';
import {
  at,
  fail,
  isAbsolutePath,
  item,
  readArray,
  readBool,
  readEnum,
  readObject,
  readString,
  readStringMap,
  requireName,
  requireObject,
  requireString,
  warnUnknown,
} from './read.js';
import type { Warnings, Where } from './read.js';

/**
 * Task volumes (bind mounts of a host path, or Docker volumes) and the container fields that use
 * them: mountPoints name a task volume, volumesFrom names another container.
 */
type DockerVolumeConfiguration = NonNullable<Volume['dockerVolumeConfiguration']>;

const volumeFields = ['name', 'host', 'dockerVolumeConfiguration'];
const dockerVolumeFields = ['scope', 'autoprovision', 'driver', 'driverOpts', 'labels'];
const mountPointFields = ['sourceVolume', 'containerPath', 'readOnly'];
const volumesFromFields = ['sourceContainer', 'readOnly'];
const scopes: readonly DockerVolumeConfiguration['scope'][] = ['task', 'shared'];

export function readVolumes(value: unknown, where: Where, warnings: Warnings): Volume[] {
  const seen = new Set<string>();
  return readArray(value, where).map((entry, i) => {
    const volume = readVolume(entry, item(where, i), warnings);
    if (seen.has(volume.name)) throw fail(at(item(where, i), 'name'), `duplicate volume name '${volume.name}'`);
    seen.add(volume.name);
    return volume;
  });
}

function readVolume(value: unknown, where: Where, warnings: Warnings): Volume {
  const fields = requireObject(value, where);
  warnUnknown(fields, where, volumeFields, warnings);
  const name = requireName(fields['name'], at(where, 'name'));
  const sourcePath = readHostSourcePath(fields['host'], at(where, 'host'), warnings);
  const docker = readDockerVolumeConfiguration(
    fields['dockerVolumeConfiguration'],
    at(where, 'dockerVolumeConfiguration'),
    warnings,
  );
  if (sourcePath !== undefined && docker !== undefined) {
    throw fail(where, `volume '${name}' may specify host or dockerVolumeConfiguration, not both`);
  }
  return {
    name,
    ...(sourcePath === undefined ? {} : { host: { sourcePath } }),
    ...(docker === undefined ? {} : { dockerVolumeConfiguration: docker }),
  };
}

/** An empty `host` (or no sourcePath) is a Docker-managed volume, as in ECS. */
function readHostSourcePath(value: unknown, where: Where, warnings: Warnings): string | undefined {
  const host = readObject(value, where);
  if (host === undefined) return undefined;
  warnUnknown(host, where, ['sourcePath'], warnings);
  const sourcePath = readString(host['sourcePath'], at(where, 'sourcePath'));
  if (sourcePath !== undefined && !isAbsolutePath(sourcePath)) {
    throw fail(at(where, 'sourcePath'), `must be an absolute path, got '${sourcePath}'`);
  }
  return sourcePath;
}

function readDockerVolumeConfiguration(
  value: unknown,
  where: Where,
  warnings: Warnings,
): DockerVolumeConfiguration | undefined {
  const fields = readObject(value, where);
  if (fields === undefined) return undefined;
  warnUnknown(fields, where, dockerVolumeFields, warnings);
  const scope = readEnum(fields['scope'], at(where, 'scope'), scopes) ?? 'task';
  const autoprovision = readBool(fields['autoprovision'], at(where, 'autoprovision')) ?? false;
  if (autoprovision && scope !== 'shared') {
    throw fail(at(where, 'autoprovision'), `autoprovision is only allowed with scope shared`);
  }
  return {
    scope,
    autoprovision,
    driver: readString(fields['driver'], at(where, 'driver')) ?? 'local',
    driverOpts: readStringMap(fields['driverOpts'], at(where, 'driverOpts')),
    labels: readStringMap(fields['labels'], at(where, 'labels')),
  };
}

export function readMountPoints(
  value: unknown,
  where: Where,
  volumeNames: ReadonlySet<string>,
  warnings: Warnings,
): MountPoint[] {
  const paths = new Set<string>();
  return readArray(value, where).map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, mountPointFields, warnings);
    const sourceVolume = requireString(fields['sourceVolume'], at(here, 'sourceVolume'));
    if (!volumeNames.has(sourceVolume)) {
      throw fail(at(here, 'sourceVolume'), `'${sourceVolume}' is not a volume of the task definition`);
    }
    const containerPath = requireString(fields['containerPath'], at(here, 'containerPath'));
    if (!isAbsolutePath(containerPath)) {
      throw fail(at(here, 'containerPath'), `must be an absolute path, got '${containerPath}'`);
    }
    if (paths.has(containerPath)) throw fail(at(here, 'containerPath'), `duplicate mount point '${containerPath}'`);
    paths.add(containerPath);
    const readOnly = readBool(fields['readOnly'], at(here, 'readOnly')) ?? false;
    return { sourceVolume, containerPath, readOnly };
  });
}

export interface VolumeFrom {
  readonly sourceContainer: string;
  readonly readOnly: boolean;
}

/** Reads the shape only; whether sourceContainer exists is checked once all containers are read. */
export function readVolumesFrom(value: unknown, where: Where, warnings: Warnings): VolumeFrom[] {
  return readArray(value, where).map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, volumesFromFields, warnings);
    const sourceContainer = requireString(fields['sourceContainer'], at(here, 'sourceContainer'));
    const readOnly = readBool(fields['readOnly'], at(here, 'readOnly')) ?? false;
    return { sourceContainer, readOnly };
  });
}
