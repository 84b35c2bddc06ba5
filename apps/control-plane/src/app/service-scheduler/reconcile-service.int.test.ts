import { beforeEach, describe, expect, it } from 'vitest';
import { reconcileService } from '@berth/scheduler';
import { storeBackends, type StoreBackend } from '@berth/state-store/testing';
import { refusal, useAppHarness, webDefinition, type AppHarness } from '../testing/app-harness.js';
import { agentDisconnected } from '../agents/session.js';
import { applyServicePlan } from './apply-plan.js';
import { loadService } from './load-service.js';
import { reconcileOneService } from './reconcile-service.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions

describe.each(storeBackends)('the service scheduler (load → reconcile → apply) on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let backend: StoreBackend;
  beforeEach(() => {
    ({ h, backend } = current);
  });

  const serviceTasks = () => backend.store.read.listTasks({ clusterName: 'c', group: 'service:web', desiredStatus: 'RUNNING', limit: 100 });
  const describe1 = async (): Promise<Json> => ((await h.call('DescribeServices', { cluster: 'c', services: ['web'] })) as Json).services[0];

  it('starts the desired count where the scheduler placed it, spread over the instances, and says so', async () => {
    const a = await h.addInstance('c');
    const b = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 4 });
    await reconcileOneService(h.app, 'c', 'web');
    const tasks = await serviceTasks();
    expect(tasks).toHaveLength(4);
    expect(tasks.filter((t) => t.containerInstanceId === a.id)).toHaveLength(2);
    expect(tasks.filter((t) => t.containerInstanceId === b.id)).toHaveLength(2);
    const service = await describe1();
    expect(service).toMatchObject({ desiredCount: 4, pendingCount: 4, runningCount: 0 });
    expect(service.events[0].message).toMatch(/^\(service web\) has started 4 tasks: /);
    expect(h.desiredSets(a.id).at(-1)!.tasks).toHaveLength(2);
  });

  it("places nothing when no instance meets the task definition's memberOf, and says why", async () => {
    const host = await h.addInstance('c', { attributes: [{ name: 'disk', value: 'hdd' }] });
    await h.call('RegisterTaskDefinition', webDefinition('web', { placementConstraints: [{ type: 'memberOf', expression: 'attribute:disk == ssd' }] }));
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 2 });
    await reconcileOneService(h.app, 'c', 'web');
    expect(await serviceTasks()).toEqual([]);
    const messages = (await describe1()).events.map((e: Json) => e.message);
    expect(messages).toContain(
      `(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ${host.id}) is missing an attribute required by your task.`,
    );
    // The next pass does not repeat itself.
    await reconcileOneService(h.app, 'c', 'web');
    expect((await describe1()).events).toHaveLength(messages.length);
  });

  it("a DAEMON runs only on the instances its definition's constraint admits", async () => {
    await h.addInstance('c', { attributes: [{ name: 'disk', value: 'hdd' }] });
    const ssd = await h.addInstance('c', { attributes: [{ name: 'disk', value: 'ssd' }] });
    await h.call('RegisterTaskDefinition', webDefinition('web', { placementConstraints: [{ type: 'memberOf', expression: 'attribute:disk == ssd' }] }));
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', schedulingStrategy: 'DAEMON' });
    await reconcileOneService(h.app, 'c', 'web');
    expect((await serviceTasks()).map((t) => t.containerInstanceId)).toEqual([ssd.id]);
    expect((await describe1()).desiredCount).toBe(1);
  });

  it('commits nothing from a plan made before the service changed; the next pass plans again', async () => {
    await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 2 });
    const service = (await backend.store.read.findService('c', 'web'))!;
    const loaded = await loadService(h.app, service);
    const plan = reconcileService(loaded.input);
    expect(plan.placements.flatMap((p) => p.instanceIds)).toHaveLength(2);
    await h.call('UpdateService', { cluster: 'c', service: 'web', desiredCount: 1 });
    expect([...(await applyServicePlan(h.app, loaded, plan))]).toEqual([]);
    expect(await serviceTasks()).toEqual([]);
    await reconcileOneService(h.app, 'c', 'web');
    expect(await serviceTasks()).toHaveLength(1);
  });

  it('stops a never-started task at once when scaling in, freeing its resources in the same pass', async () => {
    const host = await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 3 });
    await reconcileOneService(h.app, 'c', 'web');
    await h.call('UpdateService', { cluster: 'c', service: 'web', desiredCount: 1 });
    await reconcileOneService(h.app, 'c', 'web');
    expect(await serviceTasks()).toHaveLength(1);
    const instance = (await backend.store.read.findContainerInstance('c', host.id))!;
    expect(instance.reservedResources.memory).toBe(256);
    expect((await describe1()).events[0].message).toMatch(/^\(service web\) has stopped 2 running tasks: /);
  });

  it('refuses bad input to CreateService and stores no service', async () => {
    await h.addInstance('c');
    await h.call('RegisterTaskDefinition', webDefinition());
    const attempts: [object, RegExp][] = [
      [{ desiredCount: -1 }, /desiredCount must be between 0 and 5000/],
      [{ desiredCount: undefined }, /desiredCount is required for a REPLICA service/],
      [{ deploymentConfiguration: { maximumPercent: 50 } }, /maximumPercent must be between 100 and 2000/],
      [{ deploymentConfiguration: { minimumHealthyPercent: 'half' } }, /deploymentConfiguration.minimumHealthyPercent must be a number/],
      [{ placementConstraints: [{ type: 'memberOf' }] }, /memberOf needs an expression/],
      [{ serviceName: 'has spaces' }, /service name/i],
    ];
    for (const [over, message] of attempts) {
      await expect(h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 1, ...over })).rejects.toThrow(message);
    }
    expect(await backend.store.read.listLiveServices()).toEqual([]);
  });

  it("replaces a service's tasks on an instance lost for the cluster's berthLostHostTimeout, and refuses a bad timeout", async () => {
    const a = await h.addInstance('c');
    const b = await h.addInstance('c');
    expect((await refusal(h.call('UpdateClusterSettings', { cluster: 'c', settings: [{ name: 'berthLostHostTimeout', value: '1s' }] }))).message).toMatch(/is not valid for berthLostHostTimeout/);
    await h.call('UpdateClusterSettings', { cluster: 'c', settings: [{ name: 'berthLostHostTimeout', value: '30s' }] });
    await h.call('RegisterTaskDefinition', webDefinition());
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 2 });
    await reconcileOneService(h.app, 'c', 'web');
    const [onA] = (await serviceTasks()).filter((t) => t.containerInstanceId === a.id);
    await agentDisconnected(h.app, a.id);
    h.advance(20);
    await reconcileOneService(h.app, 'c', 'web');
    expect((await serviceTasks()).map((t) => t.containerInstanceId).sort()).toEqual([a.id, b.id].sort());
    h.advance(11);
    await reconcileOneService(h.app, 'c', 'web');
    const after = await serviceTasks();
    expect(after.map((t) => t.containerInstanceId)).toEqual([b.id, b.id]);
    expect(await backend.store.read.findTask('c', onA!.id)).toMatchObject({ desiredStatus: 'STOPPED', stoppedReason: expect.stringMatching(new RegExp(`^Container instance ${a.id} is lost`)) });
    expect((await describe1()).events.map((e: Json) => e.message)).toContainEqual(expect.stringMatching(new RegExp(`^\\(service web\\) is replacing its tasks on container instance ${a.id}, which is lost`)));
  });

  it('does not judge a host lost for silence while the control plane itself could not hear (its start, a store outage)', async () => {
    const a = await h.addInstance('c');
    await h.addInstance('c');
    await h.call('UpdateClusterSettings', { cluster: 'c', settings: [{ name: 'berthLostHostTimeout', value: '30s' }] });
    await h.call('RegisterTaskDefinition', webDefinition());
    await h.call('CreateService', { cluster: 'c', serviceName: 'web', taskDefinition: 'web', desiredCount: 2 });
    await reconcileOneService(h.app, 'c', 'web');
    await agentDisconnected(h.app, a.id);
    h.advance(60);
    h.app.liveness.hearingSince = new Date(h.app.now().getTime() - 10_000);
    await reconcileOneService(h.app, 'c', 'web');
    expect((await serviceTasks()).filter((t) => t.containerInstanceId === a.id)).toHaveLength(1);
    h.advance(21);
    await reconcileOneService(h.app, 'c', 'web');
    expect((await serviceTasks()).filter((t) => t.containerInstanceId === a.id)).toHaveLength(0);
  });
});
