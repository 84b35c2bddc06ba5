import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { containerDefinition, type TaskDefinitionInput } from '@berth/domain';
import { backends, type TestBackend } from '../testing/backends.js';
import { at, t0 } from '../testing/fixtures.js';

const definition = (family: string): TaskDefinitionInput => ({
  family,
  containerDefinitions: [containerDefinition({ name: 'web', image: 'berth/busybox', memory: 64 })],
  networkMode: 'bridge',
  volumes: [],
  placementConstraints: [],
  requiresCompatibilities: [],
});

describe.each(backends)('task definitions on %s', (_kind, start) => {
  let b: TestBackend;
  beforeAll(async () => {
    b = await start();
  });
  afterAll(() => b?.stop());
  beforeEach(() => b.reset());

  const register = (family: string, now = t0) =>
    b.store.transaction((tx) => tx.insertTaskDefinition({ definition: definition(family), arnFor: (r) => `arn:td/${family}:${r}`, now }));
  const deregister = (family: string, revision: number) => b.store.transaction((tx) => tx.deregisterTaskDefinition(family, revision, at(9)));

  it('numbers revisions per family from 1, never reusing one after a deregistration', async () => {
    expect((await register('web')).revision).toBe(1);
    expect((await register('web')).revision).toBe(2);
    expect((await register('api')).revision).toBe(1);
    await deregister('web', 2);
    expect((await register('web')).revision).toBe(3);
  });

  it('reads a revision back as registered; a family alone is its newest ACTIVE revision', async () => {
    const one = await register('web');
    await register('web', at(1));
    await deregister('web', 2);
    expect(await b.store.read.findTaskDefinition('web', 1)).toEqual(one);
    expect((await b.store.read.findTaskDefinition('web'))!.revision).toBe(1);
    expect((await b.store.read.findTaskDefinition('web', 2))!).toMatchObject({ status: 'INACTIVE', deregisteredAt: at(9) });
    expect(await b.store.read.findTaskDefinition('nope')).toBeUndefined();
  });

  it('deregistering twice keeps the first deregistration; an unknown revision is undefined', async () => {
    await register('web');
    const first = await deregister('web', 1);
    const again = await b.store.transaction((tx) => tx.deregisterTaskDefinition('web', 1, at(99)));
    expect(again).toEqual(first);
    expect(await deregister('web', 7)).toBeUndefined();
  });

  it('lists by status and prefix (a literal prefix: % and _ match themselves), in either order, paged', async () => {
    for (const f of ['web', 'web', 'worker', 'we_b', 'api']) await register(f);
    await deregister('api', 1);
    const arns = (q: object) => b.store.read.listTaskDefinitions({ status: 'ACTIVE', sort: 'ASC', limit: 10, ...q }).then((l) => l.map((t) => `${t.family}:${t.revision}`));
    expect(await arns({})).toEqual(['we_b:1', 'web:1', 'web:2', 'worker:1']);
    expect(await arns({ sort: 'DESC' })).toEqual(['worker:1', 'web:2', 'web:1', 'we_b:1']);
    expect(await arns({ familyPrefix: 'we_' })).toEqual(['we_b:1']);
    expect(await arns({ after: { family: 'web', revision: 1 } })).toEqual(['web:2', 'worker:1']);
    expect(await arns({ status: 'INACTIVE' })).toEqual(['api:1']);
  });

  it('lists families by the status of their revisions', async () => {
    for (const f of ['web', 'api', 'old']) await register(f);
    await deregister('old', 1);
    const families = (status: 'ACTIVE' | 'INACTIVE' | 'ALL', afterFamily?: string) => b.store.read.listTaskDefinitionFamilies({ status, limit: 10, afterFamily });
    expect(await families('ACTIVE')).toEqual(['api', 'web']);
    expect(await families('INACTIVE')).toEqual(['old']);
    expect(await families('ALL')).toEqual(['api', 'old', 'web']);
    expect(await families('ALL', 'api')).toEqual(['old', 'web']);
  });
});
