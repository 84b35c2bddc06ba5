import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import type { Listener, LoadBalancer, TargetGroup } from '@berth/domain';
import type { Database } from '../schema.js';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, t0 } from '../testing/fixtures.js';
import {
  deleteListener,
  deleteLoadBalancer,
  deleteTargetGroup,
  findListeners,
  findLoadBalancerForUpdate,
  findLoadBalancers,
  findTargetGroupForUpdate,
  findTargetGroups,
  insertListener,
  insertLoadBalancer,
  insertTargetGroup,
  listLoadBalancers,
  listTargetGroups,
  updateTargetGroup,
} from './load-balancing.js';

const elb = 'arn:aws:elasticloadbalancing:local:000000000000:';
const group = (name: string, overrides: Partial<TargetGroup> = {}): TargetGroup => ({
  arn: `${elb}targetgroup/${name}/0000000000000001`,
  name,
  protocol: 'HTTP',
  port: 80,
  targetType: 'instance',
  healthCheck: { enabled: true, protocol: 'HTTP', port: 'traffic-port', path: '/', matcher: '200', intervalSeconds: 30, timeoutSeconds: 5, healthyThresholdCount: 5, unhealthyThresholdCount: 2 },
  deregistrationDelaySeconds: 300,
  tags: [],
  createdAt: t0,
  ...overrides,
});
const balancer = (name: string, overrides: Partial<LoadBalancer> = {}): LoadBalancer => ({
  arn: `${elb}loadbalancer/app/${name}/0000000000000002`,
  name,
  type: 'application',
  scheme: 'internet-facing',
  tags: [],
  createdAt: t0,
  ...overrides,
});
const listener = (lb: LoadBalancer, port: number, tg: TargetGroup): Listener => ({
  arn: `${lb.arn.replace(':loadbalancer/', ':listener/')}/${port.toString(16).padStart(16, '0')}`,
  loadBalancerArn: lb.arn,
  port,
  protocol: 'HTTP',
  targetGroupArn: tg.arn,
  createdAt: at(5),
});

describe.each(backends)('load-balancing repositories on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(() => b.reset());

  const tx = <T>(fn: (trx: Transaction<Database>) => Promise<T>) => b.db.transaction().execute(fn);

  it('stores a target group with every field; a second of the same name is refused and changes nothing', async () => {
    const web = group('web', { targetType: 'ip', tags: [{ key: 'team', value: 'a' }], deregistrationDelaySeconds: 10 });
    expect(await tx((trx) => insertTargetGroup(trx, web))).toBe(true);
    expect(await tx((trx) => insertTargetGroup(trx, group('web', { arn: `${elb}targetgroup/web/0000000000000009`, port: 81 })))).toBe(false);
    expect(await findTargetGroups(b.db, { names: ['web'] })).toEqual([{ targetGroup: web, loadBalancerArns: [] }]);
    expect(await tx((trx) => findTargetGroupForUpdate(trx, web.arn))).toEqual(web);
    expect(await tx((trx) => findTargetGroupForUpdate(trx, `${elb}targetgroup/none/1`))).toBeUndefined();
  });

  it('updates the health check and delay, finds by name or ARN in one call, lists in name order after a marker', async () => {
    const [a, c, bb] = [group('a'), group('c', { arn: `${elb}targetgroup/c/3` }), group('b', { arn: `${elb}targetgroup/b/2` })];
    await tx(async (trx) => {
      for (const g of [a, c, bb]) await insertTargetGroup(trx, g);
    });
    const changed = { ...a, healthCheck: { ...a.healthCheck, path: '/health', intervalSeconds: 10 }, deregistrationDelaySeconds: 0, port: 9999 };
    await tx((trx) => updateTargetGroup(trx, changed));
    expect((await findTargetGroups(b.db, { arns: [a.arn] }))[0]?.targetGroup).toEqual({ ...changed, port: 80 });
    expect((await findTargetGroups(b.db, { arns: [c.arn], names: ['b', 'zz'] })).map((v) => v.targetGroup.name)).toEqual(['b', 'c']);
    expect(await findTargetGroups(b.db, {})).toEqual([]);
    expect((await listTargetGroups(b.db, { limit: 2 })).map((v) => v.targetGroup.name)).toEqual(['a', 'b']);
    expect((await listTargetGroups(b.db, { limit: 2, afterName: 'b' })).map((v) => v.targetGroup.name)).toEqual(['c']);
  });

  it('listeners: one per port per load balancer, named with the groups they forward to; a group in use cannot be deleted', async () => {
    const [web, api] = [group('web'), group('api', { arn: `${elb}targetgroup/api/5` })];
    const front = balancer('front');
    const l80 = listener(front, 80, web);
    const l81 = listener(front, 81, api);
    await tx(async (trx) => {
      await insertTargetGroup(trx, web);
      await insertTargetGroup(trx, api);
      expect(await insertLoadBalancer(trx, front)).toBe(true);
      expect(await insertListener(trx, l81)).toBe(true);
      expect(await insertListener(trx, l80)).toBe(true);
      expect(await insertListener(trx, { ...listener(front, 80, api), arn: `${l80.arn}-other` })).toBe(false);
    });
    expect(await findListeners(b.db, { loadBalancerArn: front.arn })).toEqual([l80, l81]);
    expect(await findListeners(b.db, { targetGroupArn: api.arn })).toEqual([l81]);
    expect(await findListeners(b.db, { arns: [l80.arn] })).toEqual([l80]);
    expect(await findListeners(b.db, {})).toEqual([]);
    expect(await findTargetGroups(b.db, { names: ['web'] })).toEqual([{ targetGroup: web, loadBalancerArns: [front.arn] }]);
    expect((await listTargetGroups(b.db, { limit: 10, loadBalancerArn: front.arn })).map((v) => v.targetGroup.name)).toEqual(['api', 'web']);
    await expect(tx((trx) => deleteTargetGroup(trx, web.arn))).rejects.toThrow();
    expect(await findTargetGroups(b.db, { names: ['web'] })).toHaveLength(1);
    expect(await tx((trx) => deleteListener(trx, l80.arn))).toBe(true);
    expect(await tx((trx) => deleteListener(trx, l80.arn))).toBe(false);
    expect(await tx((trx) => deleteTargetGroup(trx, web.arn))).toBe(true);
  });

  it('load balancers: unique names, found and listed by name; deleting one deletes its listeners and leaves its groups', async () => {
    const web = group('web');
    const [front, back] = [balancer('front'), balancer('back', { arn: `${elb}loadbalancer/net/back/7`, type: 'network', scheme: 'internal', tags: [{ key: 'k', value: 'v' }] })];
    await tx(async (trx) => {
      await insertTargetGroup(trx, web);
      await insertLoadBalancer(trx, front);
      await insertLoadBalancer(trx, back);
      expect(await insertLoadBalancer(trx, balancer('front', { arn: `${elb}loadbalancer/app/front/9` }))).toBe(false);
      await insertListener(trx, listener(front, 80, web));
    });
    expect(await findLoadBalancers(b.db, { names: ['front', 'back', 'none'] })).toEqual([back, front]);
    expect(await findLoadBalancers(b.db, { arns: [back.arn] })).toEqual([back]);
    expect(await listLoadBalancers(b.db, { limit: 1, afterName: 'back' })).toEqual([front]);
    expect(await tx((trx) => findLoadBalancerForUpdate(trx, front.arn))).toEqual(front);
    expect(await tx((trx) => deleteLoadBalancer(trx, front.arn))).toBe(true);
    expect(await tx((trx) => deleteLoadBalancer(trx, front.arn))).toBe(false);
    expect(await findListeners(b.db, { loadBalancerArn: front.arn })).toEqual([]);
    expect(await findTargetGroups(b.db, { names: ['web'] })).toEqual([{ targetGroup: web, loadBalancerArns: [] }]);
  });
});
