import { describe, expect, it } from 'vitest';
import { formatTable, renderTable } from './output-table.js';

const ID = '0123456789abcdef0123456789abcdef';
const instanceArn = `arn:aws:ecs:local:000000000000:container-instance/default/${ID}`;

const instance = {
  containerInstanceArn: instanceArn,
  status: 'ACTIVE',
  agentConnected: true,
  registeredResources: [
    { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
    { name: 'MEMORY', type: 'INTEGER', integerValue: 7977 },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22'] },
  ],
  remainingResources: [
    { name: 'CPU', type: 'INTEGER', integerValue: 1024 },
    { name: 'MEMORY', type: 'INTEGER', integerValue: 0 },
  ],
  runningTasksCount: 2,
  pendingTasksCount: 0,
  agentVersion: '0.1.0',
};

describe('renderTable', () => {
  it('pads columns to the widest cell, two spaces apart, without trailing spaces', () => {
    expect(renderTable(['A', 'LONGER'], [['xyz', '1'], ['q', '']])).toBe('A    LONGER\nxyz  1\nq');
  });
});

describe('formatTable', () => {
  it.each<[string, Record<string, unknown>, string, string?]>([
    [
      'clusters',
      {
        clusters: [
          { clusterName: 'default', status: 'ACTIVE', registeredContainerInstancesCount: 3, runningTasksCount: 10, pendingTasksCount: 1, activeServicesCount: 2 },
          { clusterName: 'web', status: 'INACTIVE', registeredContainerInstancesCount: 0, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0 },
        ],
      },
      [
        'NAME     STATUS    INSTANCES  RUNNING  PENDING  SERVICES',
        'default  ACTIVE    3          10       1        2',
        'web      INACTIVE  0          0        0        0',
      ].join('\n'),
    ],
    [
      'one cluster (create/delete)',
      { cluster: { clusterName: 'web', status: 'ACTIVE' } },
      ['NAME  STATUS  INSTANCES  RUNNING  PENDING  SERVICES', 'web   ACTIVE  -          -        -        -'].join('\n'),
    ],
    [
      'clusters and failures',
      {
        clusters: [{ clusterName: 'a', status: 'ACTIVE', registeredContainerInstancesCount: 0, runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0 }],
        failures: [{ arn: 'arn:aws:ecs:local:000000000000:cluster/nope', reason: 'MISSING' }],
      },
      [
        'NAME  STATUS  INSTANCES  RUNNING  PENDING  SERVICES',
        'a     ACTIVE  0          0        0        0',
        '',
        'FAILURES',
        'ARN                                          REASON   DETAIL',
        'arn:aws:ecs:local:000000000000:cluster/nope  MISSING  -',
      ].join('\n'),
    ],
    [
      'only failures',
      { failures: [{ arn: 'x', reason: 'MISSING', detail: 'gone' }] },
      ['FAILURES', 'ARN  REASON   DETAIL', 'x    MISSING  gone'].join('\n'),
    ],
    [
      'container instances',
      { containerInstances: [instance, { containerInstanceArn: 'arn:x/y/ffff', status: 'DRAINING', agentConnected: false, versionInfo: { agentVersion: '0.0.9' } }] },
      [
        'ID                                STATUS    CONNECTED  CPU        MEMORY  RUNNING  PENDING  AGENT-VERSION',
        `${ID}  ACTIVE    true       1024/2048  0/7977  2        0        0.1.0`,
        'ffff                              DRAINING  false      -          -       -        -        0.0.9',
      ].join('\n'),
    ],
    [
      'one container instance (deregister)',
      { containerInstance: instance },
      [
        'ID                                STATUS  CONNECTED  CPU        MEMORY  RUNNING  PENDING  AGENT-VERSION',
        `${ID}  ACTIVE  true       1024/2048  0/7977  2        0        0.1.0`,
      ].join('\n'),
    ],
    [
      'attributes',
      { attributes: [{ name: 'stack', value: 'prod', targetId: instanceArn }, { name: 'gpu', targetId: instanceArn }] },
      ['NAME   VALUE  TARGET', `stack  prod   ${instanceArn}`, `gpu    -      ${instanceArn}`].join('\n'),
      undefined,
    ],
    [
      'attributes with a next page',
      { attributes: [{ name: 'a', value: 'b', targetId: 't' }], nextToken: 'tok' },
      ['NAME  VALUE  TARGET', 'a     b      t'].join('\n'),
      'More results: repeat with --next-token tok',
    ],
    ['list-clusters', { clusterArns: ['arn:1', 'arn:2'] }, 'arn:1\narn:2'],
    ['list-container-instances with a next page', { containerInstanceArns: ['arn:1'], nextToken: 'n' }, 'arn:1', 'More results: repeat with --next-token n'],
    ['an empty response', {}, ''],
    [
      'anything else is JSON',
      { somethingNew: { family: 'web', revision: 1 } },
      '{\n    "somethingNew": {\n        "family": "web",\n        "revision": 1\n    }\n}',
    ],
    ['a known key next to an unknown one is JSON', { clusterArns: ['a'], other: 1 }, '{\n    "clusterArns": [\n        "a"\n    ],\n    "other": 1\n}'],
  ])('%s', (_name, json, text, note) => {
    const out = formatTable(json);
    expect(out.text).toBe(text);
    expect(out.note).toBe(note);
  });
});
