import type { InstanceAttribute } from '@berth/domain';

/** Node's process.arch → the value ECS puts in ecs.cpu-architecture. */
export function cpuArchitecture(arch: string): string {
  return ({ x64: 'x86_64', arm64: 'arm64', arm: 'arm', ia32: 'i386' } as Record<string, string>)[arch] ?? arch;
}

/**
 * The attributes an agent registers: the operator's ECS_INSTANCE_ATTRIBUTES plus the built-in ones
 * placement constraints and task definitions rely on (os, architecture, capabilities).
 */
export function registrationAttributes(
  config: {
    instanceAttributes: Readonly<Record<string, string>>;
    availableLoggingDrivers: readonly string[];
    disablePrivileged: boolean;
    disableDockerHealthCheck: boolean;
  },
  host: { arch: string },
): InstanceAttribute[] {
  const builtIn: InstanceAttribute[] = [
    { name: 'ecs.os-type', value: 'linux' },
    { name: 'ecs.os-family', value: 'LINUX' },
    { name: 'ecs.cpu-architecture', value: cpuArchitecture(host.arch) },
    { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.17' },
    { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.21' },
    { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.25' },
    { name: 'ecs.capability.task-cpu-mem-limit' },
    { name: 'ecs.capability.container-ordering' },
    ...(config.disableDockerHealthCheck ? [] : [{ name: 'ecs.capability.container-health-check' }]),
    ...(config.disablePrivileged ? [] : [{ name: 'com.amazonaws.ecs.capability.privileged-container' }]),
    ...config.availableLoggingDrivers.map((driver) => ({ name: `com.amazonaws.ecs.capability.logging-driver.${driver}` })),
  ];
  const custom = Object.entries(config.instanceAttributes).map(([name, value]) => ({ name, value }));
  return [...builtIn, ...custom];
}
