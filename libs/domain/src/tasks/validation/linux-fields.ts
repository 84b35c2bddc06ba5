import type { Device, DevicePermission, FirelensConfiguration, LinuxParameters, NetworkMode, SystemControl } from '../task-definition.js';
import {
  at,
  fail,
  item,
  isAbsolutePath,
  optional,
  readArray,
  readBool,
  readEnum,
  readInt,
  readObject,
  readString,
  readStringArray,
  readStringMap,
  requireInt,
  requireObject,
  requireString,
  warnUnknown,
} from './read.js';
import type { Warnings, Where } from './read.js';

/**
 * The Linux-specific container fields ECS passes to Docker: `linuxParameters`, `systemControls`
 * and `firelensConfiguration`. Each value is checked here so Docker never sees one it would refuse
 * at create time, when the task has already been placed.
 */

/** The capabilities ECS documents for `linuxParameters.capabilities` (Docker's names without `CAP_`). */
export const kernelCapabilities = [
  'ALL', 'AUDIT_CONTROL', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER',
  'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'MKNOD',
  'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID',
  'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE', 'SYS_RAWIO',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'SYSLOG', 'WAKE_ALARM',
] as const;

/** The tmpfs mount options ECS documents; `mode`, `uid`, `gid`, `nr_inodes`, `nr_blocks` and `mpol` take `=value`. */
export const tmpfsMountOptions = [
  'defaults', 'ro', 'rw', 'suid', 'nosuid', 'dev', 'nodev', 'exec', 'noexec', 'sync', 'async', 'dirsync', 'remount',
  'mand', 'nomand', 'atime', 'noatime', 'diratime', 'nodiratime', 'bind', 'rbind', 'unbindable', 'runbindable',
  'private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave', 'relatime', 'norelatime', 'strictatime',
  'nostrictatime', 'mode', 'uid', 'gid', 'nr_inodes', 'nr_blocks', 'mpol',
] as const;

const devicePermissions: readonly DevicePermission[] = ['read', 'write', 'mknod'];
const linuxParameterFields = ['capabilities', 'initProcessEnabled', 'sharedMemorySize', 'tmpfs', 'devices', 'maxSwap', 'swappiness'];

function readCapabilities(value: unknown, where: Where, warnings: Warnings): LinuxParameters['capabilities'] {
  const fields = readObject(value, where);
  if (!fields) return { add: [], drop: [] };
  warnUnknown(fields, where, ['add', 'drop'], warnings);
  const list = (key: 'add' | 'drop'): string[] =>
    readStringArray(fields[key], at(where, key)).map((name, i) => {
      const bare = name.toUpperCase().replace(/^CAP_/, '');
      if (!(kernelCapabilities as readonly string[]).includes(bare)) {
        throw fail(item(at(where, key), i), `must be a kernel capability such as NET_ADMIN or SYS_PTRACE, got '${name}'`);
      }
      return bare;
    });
  return { add: list('add'), drop: list('drop') };
}

function readTmpfs(value: unknown, where: Where, warnings: Warnings): LinuxParameters['tmpfs'] {
  const paths = new Set<string>();
  return readArray(value, where).map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, ['containerPath', 'size', 'mountOptions'], warnings);
    const containerPath = requireString(fields['containerPath'], at(here, 'containerPath'));
    if (!isAbsolutePath(containerPath)) throw fail(at(here, 'containerPath'), `must be an absolute path, got '${containerPath}'`);
    if (paths.has(containerPath)) throw fail(at(here, 'containerPath'), `duplicate tmpfs mount '${containerPath}'`);
    paths.add(containerPath);
    const size = requireInt(fields['size'], at(here, 'size'), { min: 1, unit: 'MiB' });
    const mountOptions = readStringArray(fields['mountOptions'], at(here, 'mountOptions'));
    mountOptions.forEach((option, j) => {
      const name = option.split('=')[0] ?? '';
      if (!(tmpfsMountOptions as readonly string[]).includes(name) || option.includes(',')) {
        throw fail(item(at(here, 'mountOptions'), j), `must be a tmpfs mount option such as noexec or mode=1777, got '${option}'`);
      }
    });
    return { containerPath, size, mountOptions };
  });
}

function readDevices(value: unknown, where: Where, warnings: Warnings): Device[] {
  return readArray(value, where).map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, ['hostPath', 'containerPath', 'permissions'], warnings);
    const hostPath = requireString(fields['hostPath'], at(here, 'hostPath'));
    if (!isAbsolutePath(hostPath)) throw fail(at(here, 'hostPath'), `must be an absolute path, got '${hostPath}'`);
    const containerPath = readString(fields['containerPath'], at(here, 'containerPath'));
    if (containerPath !== undefined && !isAbsolutePath(containerPath)) {
      throw fail(at(here, 'containerPath'), `must be an absolute path, got '${containerPath}'`);
    }
    const permissions = readArray(fields['permissions'], at(here, 'permissions')).map(
      (p, j) => {
        const where = item(at(here, 'permissions'), j);
        const permission = readEnum(p, where, devicePermissions);
        if (permission === undefined) throw fail(where, `must be one of ${devicePermissions.join(', ')}`);
        return permission;
      },
    );
    return { hostPath, ...optional('containerPath', containerPath), permissions };
  });
}

export function readLinuxParameters(value: unknown, where: Where, warnings: Warnings): LinuxParameters | undefined {
  const fields = readObject(value, where);
  if (!fields) return undefined;
  warnUnknown(fields, where, linuxParameterFields, warnings);
  return {
    capabilities: readCapabilities(fields['capabilities'], at(where, 'capabilities'), warnings),
    initProcessEnabled: readBool(fields['initProcessEnabled'], at(where, 'initProcessEnabled')) ?? false,
    ...optional('sharedMemorySize', readInt(fields['sharedMemorySize'], at(where, 'sharedMemorySize'), { min: 1, unit: 'MiB' })),
    tmpfs: readTmpfs(fields['tmpfs'], at(where, 'tmpfs'), warnings),
    devices: readDevices(fields['devices'], at(where, 'devices'), warnings),
    ...optional('maxSwap', readInt(fields['maxSwap'], at(where, 'maxSwap'), { min: 0, unit: 'MiB' })),
    ...optional('swappiness', readInt(fields['swappiness'], at(where, 'swappiness'), { min: 0, max: 100 })),
  };
}

/** What Docker lets a container set in its own namespaces: IPC parameters, message queues and the network stack. */
const namespacedSysctl = /^(kernel\.(shm[a-z_]*|msg[a-z_]*|sem)|fs\.mqueue\.[a-z_]+|net\.[a-zA-Z0-9_./-]+)$/;

export function readSystemControls(value: unknown, where: Where, networkMode: NetworkMode, warnings: Warnings): SystemControl[] {
  const seen = new Set<string>();
  return readArray(value, where).map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, ['namespace', 'value'], warnings);
    const namespace = requireString(fields['namespace'], at(here, 'namespace'));
    if (!namespacedSysctl.test(namespace)) {
      throw fail(at(here, 'namespace'), `must be a namespaced kernel parameter (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*, net.*), got '${namespace}'`);
    }
    if (networkMode === 'host' && namespace.startsWith('net.')) {
      throw fail(at(here, 'namespace'), `'${namespace}' cannot be set with networkMode host: the container shares the host's network stack`);
    }
    if (seen.has(namespace)) throw fail(at(here, 'namespace'), `duplicate system control '${namespace}'`);
    seen.add(namespace);
    const text = requireString(fields['value'], at(here, 'value'));
    return { namespace, value: text };
  });
}

export const firelensWarning = (container: string): string =>
  `Container '${container}' is a FireLens log router (firelensConfiguration): Berth runs it as a normal container; ` +
  'it does not generate its Fluent Bit/Fluentd configuration or route other containers\' logs to it.';

export const awsfirelensWarning = (container: string): string =>
  `Container '${container}' logs with awsfirelens: FireLens routing is not emulated, so its logs stay in Docker's json-file log on the instance (berth logs / docker logs).`;

export function readFirelensConfiguration(value: unknown, where: Where, warnings: Warnings): FirelensConfiguration | undefined {
  const fields = readObject(value, where);
  if (!fields) return undefined;
  warnUnknown(fields, where, ['type', 'options'], warnings);
  const type = readEnum(fields['type'], at(where, 'type'), ['fluentd', 'fluentbit'] as const);
  if (type === undefined) throw fail(at(where, 'type'), 'required');
  return { type, options: readStringMap(fields['options'], at(where, 'options')) };
}
