import { describe, expect, it } from 'vitest';
import type { ContainerDefinition, TaskDefinitionInput } from '../task-definition.js';
import { accepted, container, rejection, taskDef } from './test-fixtures.js';
import type { Json } from './test-fixtures.js';

/** linuxParameters, systemControls, firelensConfiguration and the task-level Fargate-era fields. */
function only(fields: Json, top: Json = {}): ContainerDefinition {
  const result = accepted(taskDef(top, [container(fields)])).definition.containerDefinitions[0];
  if (result === undefined) throw new Error('no container');
  return result;
}

describe('linuxParameters, systemControls and firelensConfiguration: accepted', () => {
  it.each<[string, Json, Partial<ContainerDefinition>]>([
    ['capabilities, upper-cased and without CAP_', { linuxParameters: { capabilities: { add: ['NET_ADMIN', 'cap_sys_ptrace'], drop: ['MKNOD'] } } }, {
      linuxParameters: { capabilities: { add: ['NET_ADMIN', 'SYS_PTRACE'], drop: ['MKNOD'] }, initProcessEnabled: false, tmpfs: [], devices: [] },
    }],
    ['init, shm, swap', { linuxParameters: { initProcessEnabled: true, sharedMemorySize: 64, maxSwap: 0, swappiness: 60 } }, {
      linuxParameters: { capabilities: { add: [], drop: [] }, initProcessEnabled: true, sharedMemorySize: 64, maxSwap: 0, swappiness: 60, tmpfs: [], devices: [] },
    }],
    ['tmpfs with options', { linuxParameters: { tmpfs: [{ containerPath: '/run', size: 64, mountOptions: ['noexec', 'mode=1777'] }] } }, {
      linuxParameters: { capabilities: { add: [], drop: [] }, initProcessEnabled: false, tmpfs: [{ containerPath: '/run', size: 64, mountOptions: ['noexec', 'mode=1777'] }], devices: [] },
    }],
    ['devices', { linuxParameters: { devices: [{ hostPath: '/dev/fuse', permissions: ['read', 'write'] }] } }, {
      linuxParameters: { capabilities: { add: [], drop: [] }, initProcessEnabled: false, tmpfs: [], devices: [{ hostPath: '/dev/fuse', permissions: ['read', 'write'] }] },
    }],
    ['systemControls', { systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }, { namespace: 'kernel.shmmax', value: '1' }] }, {
      systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }, { namespace: 'kernel.shmmax', value: '1' }],
    }],
  ])('%s', (_, fields, expected) => {
    expect(only(fields)).toMatchObject(expected);
  });

  it('maxSwap without container memory registers with a warning that it is ignored', () => {
    const { warnings } = accepted(taskDef({ memory: '512' }, [container({ memory: undefined, linuxParameters: { maxSwap: 128 } })]));
    expect(warnings).toEqual(["Ignoring 'linuxParameters.maxSwap' (container 'web'): Docker limits swap only together with the container's memory, which is not set."]);
  });

  it('an empty systemControls list stays absent, as on definitions registered before the field', () => {
    expect(Object.keys(only({ systemControls: [] }))).not.toContain('systemControls');
  });

  it('a FireLens router and an awsfirelens user register, each with a warning saying what is not emulated', () => {
    const { definition, warnings } = accepted(
      taskDef({}, [
        container({ name: 'log_router', firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } } }),
        container({ name: 'app', logConfiguration: { logDriver: 'awsfirelens', options: { Name: 'cloudwatch' } } }),
      ]),
    );
    expect(definition.containerDefinitions[0]?.firelensConfiguration).toEqual({ type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } });
    expect(warnings).toEqual([
      expect.stringContaining("Container 'log_router' is a FireLens log router"),
      expect.stringContaining("Container 'app' logs with awsfirelens: FireLens routing is not emulated"),
    ]);
  });
});

describe('linuxParameters, systemControls and firelensConfiguration: refused, naming the field', () => {
  const web = "(container 'web').";
  it.each<[string, Json, Json, string]>([
    ['unknown capability', { linuxParameters: { capabilities: { add: ['FLY'] } } }, {}, `containerDefinitions[0].linuxParameters.capabilities.add[0]: must be a kernel capability such as NET_ADMIN or SYS_PTRACE, got 'FLY' ${web}`],
    ['capabilities not a list', { linuxParameters: { capabilities: { drop: 'ALL' } } }, {}, `containerDefinitions[0].linuxParameters.capabilities.drop: expected an array, got string ${web}`],
    ['tmpfs relative path', { linuxParameters: { tmpfs: [{ containerPath: 'run', size: 1 }] } }, {}, `containerDefinitions[0].linuxParameters.tmpfs[0].containerPath: must be an absolute path, got 'run' ${web}`],
    ['tmpfs without size', { linuxParameters: { tmpfs: [{ containerPath: '/run' }] } }, {}, `containerDefinitions[0].linuxParameters.tmpfs[0].size: required ${web}`],
    ['tmpfs bad option', { linuxParameters: { tmpfs: [{ containerPath: '/run', size: 8, mountOptions: ['noexec,suid'] }] } }, {}, `containerDefinitions[0].linuxParameters.tmpfs[0].mountOptions[0]: must be a tmpfs mount option such as noexec or mode=1777, got 'noexec,suid' ${web}`],
    ['duplicate tmpfs', { linuxParameters: { tmpfs: [{ containerPath: '/run', size: 8 }, { containerPath: '/run', size: 9 }] } }, {}, `containerDefinitions[0].linuxParameters.tmpfs[1].containerPath: duplicate tmpfs mount '/run' ${web}`],
    ['device permission', { linuxParameters: { devices: [{ hostPath: '/dev/fuse', permissions: ['rw'] }] } }, {}, `containerDefinitions[0].linuxParameters.devices[0].permissions[0]: must be one of read, write, mknod, got 'rw' ${web}`],
    ['empty device permission', { linuxParameters: { devices: [{ hostPath: '/dev/fuse', permissions: [''] }] } }, {}, `containerDefinitions[0].linuxParameters.devices[0].permissions[0]: must be one of read, write, mknod ${web}`],
    ['device without hostPath', { linuxParameters: { devices: [{ containerPath: '/dev/x' }] } }, {}, `containerDefinitions[0].linuxParameters.devices[0].hostPath: required ${web}`],
    ['swappiness above 100', { linuxParameters: { swappiness: 101 } }, {}, `containerDefinitions[0].linuxParameters.swappiness: must be an integer between 0 and 100, got 101 ${web}`],
    ['sharedMemorySize 0', { linuxParameters: { sharedMemorySize: 0 } }, {}, `containerDefinitions[0].linuxParameters.sharedMemorySize: must be an integer of at least 1 MiB, got 0 ${web}`],
    ['a host-wide sysctl', { systemControls: [{ namespace: 'vm.swappiness', value: '1' }] }, {}, `containerDefinitions[0].systemControls[0].namespace: must be a namespaced kernel parameter (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*, net.*), got 'vm.swappiness' ${web}`],
    ['net.* with host networking', { systemControls: [{ namespace: 'net.core.somaxconn', value: '1' }] }, { networkMode: 'host' }, `containerDefinitions[0].systemControls[0].namespace: 'net.core.somaxconn' cannot be set with networkMode host: the container shares the host's network stack ${web}`],
    ['sysctl without value', { systemControls: [{ namespace: 'kernel.sem' }] }, {}, `containerDefinitions[0].systemControls[0].value: required ${web}`],
    ['firelens type', { firelensConfiguration: { type: 'vector' } }, {}, `containerDefinitions[0].firelensConfiguration.type: must be one of fluentd, fluentbit, got 'vector' ${web}`],
    ['awsfirelens without a router', { logConfiguration: { logDriver: 'awsfirelens' } }, {}, "Container 'web' uses the awsfirelens log driver, so the task definition must contain a log-router container with a firelensConfiguration."],
  ])('%s', (_, fields, top, message) => {
    const { name, message: got } = rejection(taskDef(top, [container(fields)]));
    expect(name).toBe('ClientException');
    expect(got).toBe(message);
  });

  it('two FireLens routers', () => {
    const router = (name: string) => container({ name, firelensConfiguration: { type: 'fluentbit' } });
    expect(rejection(taskDef({}, [router('a'), router('b')])).message).toBe("At most one container in a task definition may have a firelensConfiguration, got 'a', 'b'.");
  });
});

describe('task-level Fargate-era fields', () => {
  it.each<[string, Json, Partial<TaskDefinitionInput>, string[]]>([
    ['runtimePlatform', { runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' } }, { runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' } }, []],
    ['ephemeralStorage, with a warning', { ephemeralStorage: { sizeInGiB: 21 } }, { ephemeralStorage: { sizeInGiB: 21 } }, ["ephemeralStorage is recorded but not enforced: containers write to the instance's Docker storage."]],
    ['pidMode host and ipcMode none', { pidMode: 'host', ipcMode: 'none' }, { pidMode: 'host', ipcMode: 'none' }, []],
    ['pidMode task and ipcMode task, with warnings', { pidMode: 'task', ipcMode: 'task' }, { pidMode: 'task', ipcMode: 'task' }, [
      'pidMode task is accepted but not emulated yet: Berth starts no per-task namespace holder, so each container keeps its own PID namespace.',
      'ipcMode task is accepted but not emulated yet: Berth starts no per-task namespace holder, so each container keeps its own IPC namespace.',
    ]],
  ])('%s', (_, top, expected, warnings) => {
    const result = accepted(taskDef(top));
    expect(result.definition).toMatchObject(expected);
    expect(result.warnings).toEqual(warnings);
  });

  it.each<[string, Json, string]>([
    ['Windows', { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } }, "runtimePlatform.operatingSystemFamily: Berth runs Linux containers only, got 'WINDOWS_SERVER_2022_CORE'."],
    ['unknown architecture', { runtimePlatform: { cpuArchitecture: 'RISCV' } }, "runtimePlatform.cpuArchitecture: must be one of X86_64, ARM64, got 'RISCV'."],
    ['ephemeralStorage below 21 GiB', { ephemeralStorage: { sizeInGiB: 20 } }, 'ephemeralStorage.sizeInGiB: must be an integer between 21 and 200 GiB, got 20.'],
    ['ephemeralStorage without size', { ephemeralStorage: {} }, 'ephemeralStorage.sizeInGiB: required.'],
    ['pidMode unknown', { pidMode: 'container' }, "pidMode: must be one of host, task, got 'container'."],
    ['ipcMode unknown', { ipcMode: 'shareable' }, "ipcMode: must be one of host, task, none, got 'shareable'."],
  ])('refuses %s', (_, top, message) => {
    expect(rejection(taskDef(top)).message).toBe(message);
  });
});
