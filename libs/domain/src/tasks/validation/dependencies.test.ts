import { describe, expect, it } from 'vitest';
import { accepted, container, rejection, taskDef } from './test-fixtures.js';
import type { Json } from './test-fixtures.js';

const check = { command: ['CMD', 'true'] };
const c = (name: string, fields: Json = {}): Json => container({ name, ...fields });
const on = (containerName: string, condition: string) => ({ containerName, condition });

describe('dependsOn and links: accepted', () => {
  it.each<[string, Json[], string?]>([
    ['START on an essential container', [c('app', { dependsOn: [on('db', 'START')] }), c('db')]],
    ['COMPLETE on a non-essential init container', [c('app', { dependsOn: [on('init', 'COMPLETE')] }), c('init', { essential: false })]],
    ['SUCCESS on a non-essential init container', [c('app', { dependsOn: [on('init', 'SUCCESS')] }), c('init', { essential: false })]],
    ['HEALTHY on a container with a healthCheck', [c('app', { dependsOn: [on('db', 'HEALTHY')] }), c('db', { healthCheck: check })]],
    ['a diamond is not a cycle', [
      c('a', { dependsOn: [on('b', 'START'), on('c', 'START')] }),
      c('b', { dependsOn: [on('d', 'START')] }),
      c('c', { dependsOn: [on('d', 'START')] }),
      c('d'),
    ]],
    ['links with aliases', [c('app', { links: ['db:database', 'cache'] }), c('db'), c('cache')]],
    ['links and dependsOn in the same direction', [c('app', { links: ['db'], dependsOn: [on('db', 'START')] }), c('db')]],
  ])('%s', (_case, containers) => {
    expect(() => accepted(taskDef({}, containers))).not.toThrow();
  });

  it('keeps dependsOn and links as given', () => {
    const { definition } = accepted(taskDef({}, [c('app', { links: ['db:database'], dependsOn: [on('db', 'HEALTHY')] }), c('db', { healthCheck: check })]));
    expect(definition.containerDefinitions[0]).toMatchObject({ links: ['db:database'], dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] });
  });
});

describe('dependsOn and links: rejected', () => {
  const d0 = "containerDefinitions[0].dependsOn[0]";
  it.each<[string, Json[], string, Json?]>([
    ['unknown dependency', [c('app', { dependsOn: [on('ghost', 'START')] })], `${d0}.containerName: 'ghost' is not a container in the task definition (container 'app').`],
    ['self dependency', [c('app', { dependsOn: [on('app', 'START')] })], `${d0}.containerName: a container cannot reference itself in dependsOn (container 'app').`],
    ['duplicate dependency', [c('app', { dependsOn: [on('db', 'START'), on('db', 'HEALTHY')] }), c('db')], "containerDefinitions[0].dependsOn[1].containerName: duplicate dependency on 'db' (container 'app')."],
    ['missing containerName', [c('app', { dependsOn: [{ condition: 'START' }] })], `${d0}.containerName: required (container 'app').`],
    ['missing condition', [c('app', { dependsOn: [{ containerName: 'db' }] }), c('db')], `${d0}.condition: required (container 'app').`],
    ['unknown condition', [c('app', { dependsOn: [on('db', 'RUNNING')] }), c('db')], `${d0}.condition: must be one of START, COMPLETE, SUCCESS, HEALTHY, got 'RUNNING' (container 'app').`],
    ['COMPLETE on an essential container', [c('app', { dependsOn: [on('x', 'COMPLETE')] }), c('x')], `${d0}.condition: container 'app' cannot depend on essential container 'x' with condition COMPLETE (container 'app').`],
    ['SUCCESS on an essential container', [c('app', { dependsOn: [on('x', 'SUCCESS')] }), c('x', { essential: true })], `${d0}.condition: container 'app' cannot depend on essential container 'x' with condition SUCCESS (container 'app').`],
    ['HEALTHY without a healthCheck', [c('app', { dependsOn: [on('db', 'HEALTHY')] }), c('db')], `${d0}.condition: container 'app' cannot depend on container 'db' with condition HEALTHY: it has no healthCheck (container 'app').`],
    ['dependsOn as an object', [c('app', { dependsOn: on('db', 'START') })], "containerDefinitions[0].dependsOn: expected an array, got object (container 'app')."],
    ['two-container cycle', [c('a', { dependsOn: [on('b', 'START')] }), c('b', { dependsOn: [on('a', 'START')] })], `${d0}.containerName: dependsOn cycle: a -> b -> a (container 'a').`],
    ['three-container cycle behind a head', [
      c('head', { dependsOn: [on('a', 'START')] }),
      c('a', { dependsOn: [on('b', 'START')] }),
      c('b', { dependsOn: [on('c', 'START')] }),
      c('c', { dependsOn: [on('a', 'START')] }),
    ], "containerDefinitions[1].dependsOn[0].containerName: dependsOn cycle: a -> b -> c -> a (container 'a')."],
    ['cycle through a link', [c('a', { dependsOn: [on('b', 'START')] }), c('b', { links: ['a:alpha'] })], `${d0}.containerName: dependency cycle: a -> b -(links)-> a (container 'a').`],
    ['cycle of links', [c('a', { links: ['b'] }), c('b', { links: ['a'] })], "containerDefinitions[0].links[0]: links cycle: a -> b -> a (container 'a')."],
    ['cycle through volumesFrom', [c('a', { volumesFrom: [{ sourceContainer: 'b' }] }), c('b', { dependsOn: [on('a', 'START')] })], "containerDefinitions[0].volumesFrom[0].sourceContainer: dependency cycle: a -(volumesFrom)-> b -> a (container 'a')."],
    ['link to an unknown container', [c('app', { links: ['db'] })], "containerDefinitions[0].links[0]: 'db' is not a container in the task definition (container 'app')."],
    ['self link', [c('app', { links: ['app:me'] })], "containerDefinitions[0].links[0]: a container cannot reference itself in links (container 'app')."],
    ['malformed link', [c('app', { links: ['db:x:y'] }), c('db')], "containerDefinitions[0].links[0]: must be 'name' or 'name:alias' (1-255 letters, numbers, underscores or hyphens each), got 'db:x:y' (container 'app')."],
    ['link alias with a dot', [c('app', { links: ['db:my.db'] }), c('db')], "containerDefinitions[0].links[0]: must be 'name' or 'name:alias' (1-255 letters, numbers, underscores or hyphens each), got 'db:my.db' (container 'app')."],
    ['links element a number', [c('app', { links: [1] })], "containerDefinitions[0].links[0]: expected a string, got number (container 'app')."],
    ['links in host mode', [c('app', { links: ['db'] }), c('db')], "containerDefinitions[0].links: links are only supported with networkMode bridge, not host (container 'app').", { networkMode: 'host' }],
    ['links in none mode', [c('app', { links: ['db'] }), c('db')], "containerDefinitions[0].links: links are only supported with networkMode bridge, not none (container 'app').", { networkMode: 'none' }],
  ])('%s', (_case, containers, message, top = {}) => {
    expect(rejection(taskDef(top, containers))).toEqual({ name: 'ClientException', message });
  });
});
