import { describe, expect, it } from 'vitest';
import { MEASURED_DOCKER } from './latency.js';
import { parseSimArgs } from './sim-args.js';

describe('parseSimArgs', () => {
  it('defaults to 100 measured hosts of 4 vCPUs and 16 GiB in three zones, one connection per 50 hosts', () => {
    expect(parseSimArgs([])).toMatchObject({
      hosts: 100,
      cpus: 4,
      memoryMiB: 16_384,
      zones: ['zone-a', 'zone-b', 'zone-c'],
      connections: 2,
      timings: MEASURED_DOCKER,
      startFailureRate: 0,
    });
    expect(parseSimArgs(['--hosts', '5000']).connections).toBe(100);
  });

  it('reads every flag', () => {
    const args = parseSimArgs([
      '--config', '/tmp/ecs.config', '--hosts', '7', '--cpus', '2', '--memory', '2048', '--zones', 'a,b', '--connections', '3', '--ramp', '10',
      '--start-ms', '100,200', '--pull-ms', '5', '--start-failure-rate', '0.25', '--seed', '9', '--hostname-prefix', 'edge', '--status-every', '0',
    ]);
    expect(args).toMatchObject({
      configPath: '/tmp/ecs.config', hosts: 7, cpus: 2, memoryMiB: 2048, zones: ['a', 'b'], connections: 3, rampPerSecond: 10,
      startFailureRate: 0.25, seed: 9, hostnamePrefix: 'edge', statusEverySeconds: 0,
    });
    expect(args.timings.start).toEqual({ p50Ms: 100, p99Ms: 200 });
    expect(args.timings.pull).toEqual({ p50Ms: 5, p99Ms: 5 });
  });

  it.each([
    [['--hosts', '0'], '--hosts must be a whole number from 1 to 20000'],
    [['--hosts', '20001'], '--hosts must be a whole number from 1 to 20000'],
    [['--hosts', '1.5'], '--hosts'],
    [['--cpus', 'many'], '--cpus'],
    [['--hosts', '3', '--connections', '4'], '--connections must be a whole number from 1 to 3'],
    [['--zones', 'a,,b'], '--zones'],
    [['--zones', 'a b'], '--zones'],
    [['--start-failure-rate', '2'], '--start-failure-rate must be a number from 0 to 1'],
    [['--start-failure-rate', 'x'], '--start-failure-rate'],
    [['--stop-ms', '5,1'], '--stop-ms'],
    [['--hostname-prefix', 'Bad_Name'], '--hostname-prefix'],
    [['--config', ''], '--config needs a path'],
    [['--hostz', '3'], "Unknown option '--hostz'"],
  ])('refuses %j with a message naming the flag', (argv, message) => {
    expect(() => parseSimArgs(argv)).toThrow(message);
  });
});
