import { describe, expect, it } from 'vitest';
import type { PortMapping } from '../task-definition.js';
import { accepted, container, rejection, taskDef } from './test-fixtures.js';
import type { Json } from './test-fixtures.js';

function mappings(networkMode: string, containers: Json[]): PortMapping[][] {
  return accepted(taskDef({ networkMode }, containers)).definition.containerDefinitions.map((c) => [...c.portMappings]);
}

describe('port mappings: accepted', () => {
  it.each<[string, string, Json[], PortMapping[][]]>([
    ['bridge fixed host port, tcp by default', 'bridge', [container({ portMappings: [{ containerPort: 80, hostPort: 8080 }] })], [[{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }]]],
    ['bridge dynamic host port when absent', 'bridge', [container({ portMappings: [{ containerPort: 80 }] })], [[{ containerPort: 80, hostPort: 0, protocol: 'tcp' }]]],
    ['bridge dynamic host port 0', 'bridge', [container({ portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'udp' }] })], [[{ containerPort: 80, hostPort: 0, protocol: 'udp' }]]],
    ['same host port on tcp and udp', 'bridge', [container({ portMappings: [{ containerPort: 53, hostPort: 53 }, { containerPort: 53, hostPort: 53, protocol: 'udp' }] })], [[
      { containerPort: 53, hostPort: 53, protocol: 'tcp' },
      { containerPort: 53, hostPort: 53, protocol: 'udp' },
    ]]],
    ['several dynamic mappings of the same container port', 'bridge', [container({ portMappings: [{ containerPort: 80 }] }), container({ name: 'b', portMappings: [{ containerPort: 80 }] })], [
      [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
      [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
    ]],
    ['port bounds', 'bridge', [container({ portMappings: [{ containerPort: 1, hostPort: 65535 }, { containerPort: 65535, hostPort: 1 }] })], [[
      { containerPort: 1, hostPort: 65535, protocol: 'tcp' },
      { containerPort: 65535, hostPort: 1, protocol: 'tcp' },
    ]]],
    ['host mode fills the host port', 'host', [container({ portMappings: [{ containerPort: 8080 }] })], [[{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]]],
    ['host mode with equal ports', 'host', [container({ portMappings: [{ containerPort: 8080, hostPort: 8080 }] })], [[{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]]],
    ['none mode with no mappings', 'none', [container({ portMappings: [] })], [[]]],
  ])('%s', (_case, networkMode, containers, expected) => {
    expect(mappings(networkMode, containers)).toEqual(expected);
  });
});

describe('port mappings: rejected', () => {
  it.each<[string, string, Json[], string]>([
    ['containerPort missing', 'bridge', [container({ portMappings: [{ hostPort: 80 }] })], "containerDefinitions[0].portMappings[0].containerPort: required (container 'web')."],
    ['containerPort 0', 'bridge', [container({ portMappings: [{ containerPort: 0 }] })], "containerDefinitions[0].portMappings[0].containerPort: must be an integer between 1 and 65535, got 0 (container 'web')."],
    ['containerPort too large', 'bridge', [container(), container({ name: 'db', portMappings: [{ containerPort: 70000 }] })], "containerDefinitions[1].portMappings[0].containerPort: must be an integer between 1 and 65535, got 70000 (container 'db')."],
    ['containerPort as a string', 'bridge', [container({ portMappings: [{ containerPort: '80' }] })], "containerDefinitions[0].portMappings[0].containerPort: expected an integer, got string (container 'web')."],
    ['hostPort negative', 'bridge', [container({ portMappings: [{ containerPort: 80, hostPort: -1 }] })], "containerDefinitions[0].portMappings[0].hostPort: must be an integer between 0 and 65535, got -1 (container 'web')."],
    ['protocol sctp', 'bridge', [container({ portMappings: [{ containerPort: 80, protocol: 'sctp' }] })], "containerDefinitions[0].portMappings[0].protocol: must be one of tcp, udp, got 'sctp' (container 'web')."],
    ['protocol upper case', 'bridge', [container({ portMappings: [{ containerPort: 80, protocol: 'TCP' }] })], "containerDefinitions[0].portMappings[0].protocol: must be one of tcp, udp, got 'TCP' (container 'web')."],
    ['portMappings as an object', 'bridge', [container({ portMappings: { containerPort: 80 } })], "containerDefinitions[0].portMappings: expected an array, got object (container 'web')."],
    ['duplicate host port in one container', 'bridge', [container({ portMappings: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 8080 }] })], "containerDefinitions[0].portMappings[1].hostPort: host port 8080/tcp is already mapped by this container (container 'web')."],
    ['duplicate host port across containers', 'bridge', [container({ portMappings: [{ containerPort: 80, hostPort: 8080 }] }), container({ name: 'db', portMappings: [{ containerPort: 5432, hostPort: 8080 }] })], "containerDefinitions[1].portMappings[0].hostPort: host port 8080/tcp is already mapped by container 'web' (container 'db')."],
    ['host mode with a different host port', 'host', [container({ portMappings: [{ containerPort: 80, hostPort: 8080 }] })], "containerDefinitions[0].portMappings[0].hostPort: with networkMode host the hostPort must equal the containerPort 80, got 8080 (container 'web')."],
    ['host mode duplicate container ports', 'host', [container({ portMappings: [{ containerPort: 80 }] }), container({ name: 'b', portMappings: [{ containerPort: 80 }] })], "containerDefinitions[1].portMappings[0].hostPort: host port 80/tcp is already mapped by container 'web' (container 'b')."],
    ['none mode with mappings', 'none', [container({ portMappings: [{ containerPort: 80 }] })], "containerDefinitions[0].portMappings: port mappings are not allowed with networkMode none (container 'web')."],
  ])('%s', (_case, networkMode, containers, message) => {
    expect(rejection(taskDef({ networkMode }, containers))).toEqual({ name: 'ClientException', message });
  });
});
