import { describe, expect, it } from 'vitest';
import type { TaskDefinitionInput } from '../tasks/task-definition.js';
import { clusterPolicy, imageRegistry, policyViolations } from './cluster-policy.js';

type Definition = Pick<TaskDefinitionInput, 'containerDefinitions' | 'volumes' | 'networkMode'>;
const definition = (over: { containers?: object[]; volumes?: object[]; networkMode?: string } = {}): Definition =>
  ({
    containerDefinitions: over.containers ?? [{ name: 'web', image: 'busybox:latest', privileged: false }],
    volumes: over.volumes ?? [],
    networkMode: over.networkMode ?? 'bridge',
  }) as unknown as Definition;
const dockerVolume = (fields: object) => ({ name: 'data', dockerVolumeConfiguration: { scope: 'task', autoprovision: false, driver: 'local', driverOpts: {}, labels: {}, ...fields } });

describe('the default cluster policy', () => {
  const policy = clusterPolicy([]);
  it.each<[string, Definition, RegExp[]]>([
    ['a plain task', definition(), []],
    ['a task-scoped local Docker volume', definition({ volumes: [dockerVolume({})] }), []],
    ['privileged', definition({ containers: [{ name: 'c', image: 'busybox', privileged: true }] }), [/container 'c' is privileged \(berthAllowPrivileged\)/]],
    ['a host path', definition({ volumes: [{ name: 'root', host: { sourcePath: '/' } }] }), [/volume 'root' mounts the host path \/ \(berthAllowHostPaths\)/]],
    ['a local volume binding / through driver options', definition({ volumes: [dockerVolume({ driverOpts: { type: 'none', o: 'bind', device: '/' } })] }), [/passes driver options to the local driver/]],
    ['another volume driver', definition({ volumes: [dockerVolume({ driver: 'rexray/ebs' })] }), [/uses the Docker volume driver 'rexray\/ebs'/]],
    ['a shared volume', definition({ volumes: [dockerVolume({ scope: 'shared', autoprovision: true })] }), [/is a shared Docker volume/]],
    ['host networking', definition({ networkMode: 'host' }), [/networkMode is host \(berthAllowHostNetwork\)/]],
    ['another registry', definition({ containers: [{ name: 'c', image: 'registry.example:5000/app:1' }] }), [/uses an image from registry.example:5000, not an allowed registry/]],
    [
      'everything at once, each named',
      definition({ containers: [{ name: 'c', image: 'quay.io/x', privileged: true }], volumes: [{ name: 'root', host: { sourcePath: '/' } }], networkMode: 'host' }),
      [/privileged/, /quay.io/, /host path/, /networkMode/],
    ],
  ])('%s', (_case, def, expected) => {
    const violations = policyViolations(def, policy);
    expect(violations).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(violations[i]).toMatch(pattern));
  });
});

describe('settings open the policy up, one at a time', () => {
  it.each<[string, string, Definition]>([
    ['berthAllowPrivileged', 'true', definition({ containers: [{ name: 'c', image: 'busybox', privileged: true }] })],
    ['berthAllowHostPaths', 'true', definition({ volumes: [{ name: 'root', host: { sourcePath: '/' } }, dockerVolume({ scope: 'shared', driverOpts: { o: 'bind' } })] })],
    ['berthAllowHostNetwork', 'true', definition({ networkMode: 'host' })],
    ['berthAllowedRegistries', 'registry.example:5000, docker.io', definition({ containers: [{ name: 'c', image: 'registry.example:5000/app' }, { name: 'd', image: 'busybox' }] })],
    ['berthAllowedRegistries', '*', definition({ containers: [{ name: 'c', image: 'anything.example/app' }] })],
  ])('%s=%s', (name, value, def) => {
    expect(policyViolations(def, clusterPolicy([]))).not.toEqual([]);
    expect(policyViolations(def, clusterPolicy([{ name, value }]))).toEqual([]);
  });

  it('takes only "true" as true', () => {
    expect(clusterPolicy([{ name: 'berthAllowPrivileged', value: 'yes' }]).allowPrivileged).toBe(false);
  });
});

describe('imageRegistry', () => {
  it.each([
    ['busybox', 'docker.io'],
    ['library/busybox:1', 'docker.io'],
    ['berth/busybox:latest', 'docker.io'],
    ['localhost/app', 'localhost'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000'],
    ['Quay.IO/org/app@sha256:abc', 'quay.io'],
  ])('%s → %s', (image, registry) => {
    expect(imageRegistry(image)).toBe(registry);
  });
});
