import { describe, expect, it } from 'vitest';
import type { Volume } from '../task-definition.js';
import { accepted, container, rejection, taskDef } from './test-fixtures.js';
import type { Json } from './test-fixtures.js';

describe('volumes: accepted', () => {
  it.each<[string, unknown, Volume[]]>([
    ['bind mount', [{ name: 'data', host: { sourcePath: '/srv/data' } }], [{ name: 'data', host: { sourcePath: '/srv/data' } }]],
    ['empty host is a Docker volume', [{ name: 'scratch', host: {} }], [{ name: 'scratch' }]],
    ['host with empty sourcePath (gRPC)', [{ name: 'scratch', host: { sourcePath: '' }, dockerVolumeConfiguration: null }], [{ name: 'scratch' }]],
    ['name only', [{ name: 'scratch' }], [{ name: 'scratch' }]],
    ['docker volume defaults', [{ name: 'v', dockerVolumeConfiguration: {} }], [{ name: 'v', dockerVolumeConfiguration: { scope: 'task', autoprovision: false, driver: 'local', driverOpts: {}, labels: {} } }]],
    ['shared autoprovisioned docker volume', [{ name: 'v', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true, driver: 'rexray', driverOpts: { size: '5' }, labels: { a: 'b' } } }], [
      { name: 'v', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true, driver: 'rexray', driverOpts: { size: '5' }, labels: { a: 'b' } } },
    ]],
  ])('%s', (_case, volumes, expected) => {
    expect(accepted(taskDef({ volumes })).definition.volumes).toEqual(expected);
  });

  it('reads mountPoints and volumesFrom with readOnly defaulting to false', () => {
    const { definition } = accepted(
      taskDef({ volumes: [{ name: 'data' }] }, [
        container({ mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }, { sourceVolume: 'data', containerPath: '/ro', readOnly: true }] }),
        container({ name: 'sidecar', essential: false, volumesFrom: [{ sourceContainer: 'web' }] }),
      ]),
    );
    expect(definition.containerDefinitions[0]?.mountPoints).toEqual([
      { sourceVolume: 'data', containerPath: '/data', readOnly: false },
      { sourceVolume: 'data', containerPath: '/ro', readOnly: true },
    ]);
    expect(definition.containerDefinitions[1]?.volumesFrom).toEqual([{ sourceContainer: 'web', readOnly: false }]);
  });

  it('warns about volume kinds Berth does not support', () => {
    const { warnings } = accepted(taskDef({ volumes: [{ name: 'efs', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }] }));
    expect(warnings).toEqual(["Ignoring 'volumes[0].efsVolumeConfiguration': not supported by Berth."]);
  });
});

describe('volumes: rejected', () => {
  it.each<[string, unknown, string]>([
    ['not an array', { name: 'v' }, 'volumes: expected an array, got object.'],
    ['missing name', [{ host: { sourcePath: '/x' } }], 'volumes[0].name: required.'],
    ['bad name', [{ name: 'my volume' }], "volumes[0].name: must be 1-255 letters, numbers, underscores or hyphens, got 'my volume'."],
    ['duplicate name', [{ name: 'v' }, { name: 'v' }], "volumes[1].name: duplicate volume name 'v'."],
    ['relative sourcePath', [{ name: 'v', host: { sourcePath: 'srv/data' } }], "volumes[0].host.sourcePath: must be an absolute path, got 'srv/data'."],
    ['host as a string', [{ name: 'v', host: '/srv' }], 'volumes[0].host: expected an object, got string.'],
    ['both host and docker', [{ name: 'v', host: { sourcePath: '/srv' }, dockerVolumeConfiguration: {} }], "volumes[0]: volume 'v' may specify host or dockerVolumeConfiguration, not both."],
    ['unknown scope', [{ name: 'v', dockerVolumeConfiguration: { scope: 'global' } }], "volumes[0].dockerVolumeConfiguration.scope: must be one of task, shared, got 'global'."],
    ['autoprovision with task scope', [{ name: 'v', dockerVolumeConfiguration: { scope: 'task', autoprovision: true } }], 'volumes[0].dockerVolumeConfiguration.autoprovision: autoprovision is only allowed with scope shared.'],
    ['autoprovision with default scope', [{ name: 'v', dockerVolumeConfiguration: { autoprovision: true } }], 'volumes[0].dockerVolumeConfiguration.autoprovision: autoprovision is only allowed with scope shared.'],
    ['driverOpts value a number', [{ name: 'v', dockerVolumeConfiguration: { driverOpts: { size: 5 } } }], 'volumes[0].dockerVolumeConfiguration.driverOpts.size: expected a string, got number.'],
  ])('%s', (_case, volumes, message) => {
    expect(rejection(taskDef({ volumes }))).toEqual({ name: 'ClientException', message });
  });

  it.each<[string, Json[], string]>([
    ['mountPoint of an unknown volume', [container({ mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] })], "containerDefinitions[0].mountPoints[0].sourceVolume: 'nope' is not a volume of the task definition (container 'web')."],
    ['mountPoint without sourceVolume', [container({ mountPoints: [{ containerPath: '/x' }] })], "containerDefinitions[0].mountPoints[0].sourceVolume: required (container 'web')."],
    ['mountPoint relative containerPath', [container({ mountPoints: [{ sourceVolume: 'data', containerPath: 'x' }] })], "containerDefinitions[0].mountPoints[0].containerPath: must be an absolute path, got 'x' (container 'web')."],
    ['mountPoint duplicate containerPath', [container({ mountPoints: [{ sourceVolume: 'data', containerPath: '/x' }, { sourceVolume: 'data', containerPath: '/x' }] })], "containerDefinitions[0].mountPoints[1].containerPath: duplicate mount point '/x' (container 'web')."],
    ['mountPoint readOnly as a string', [container({ mountPoints: [{ sourceVolume: 'data', containerPath: '/x', readOnly: 'yes' }] })], "containerDefinitions[0].mountPoints[0].readOnly: expected a boolean, got string (container 'web')."],
    ['volumesFrom unknown container', [container({ volumesFrom: [{ sourceContainer: 'ghost' }] })], "containerDefinitions[0].volumesFrom[0].sourceContainer: 'ghost' is not a container in the task definition (container 'web')."],
    ['volumesFrom itself', [container({ volumesFrom: [{ sourceContainer: 'web' }] })], "containerDefinitions[0].volumesFrom[0].sourceContainer: a container cannot reference itself in volumesFrom (container 'web')."],
    ['volumesFrom missing sourceContainer', [container({ volumesFrom: [{ readOnly: true }] })], "containerDefinitions[0].volumesFrom[0].sourceContainer: required (container 'web')."],
  ])('%s', (_case, containers, message) => {
    expect(rejection(taskDef({ volumes: [{ name: 'data' }] }, containers))).toEqual({ name: 'ClientException', message });
  });
});
