import type { NetworkMode, PortMapping, Protocol } from '../task-definition.js';
import { at, fail, item, readArray, readEnum, readInt, requireInt, requireObject, warnUnknown } from './read.js';
import type { Warnings, Where } from './read.js';

/**
 * Port mappings and how the network mode constrains them: bridge maps container ports to fixed or
 * dynamic (0) host ports, host publishes the container port itself, none publishes nothing.
 */
const protocols: readonly Protocol[] = ['tcp', 'udp'];
const portMappingFields = ['containerPort', 'hostPort', 'protocol'];

export function readPortMappings(value: unknown, where: Where, networkMode: NetworkMode, warnings: Warnings): PortMapping[] {
  const list = readArray(value, where);
  if (list.length > 0 && networkMode === 'none') {
    throw fail(where, `port mappings are not allowed with networkMode none`);
  }
  return list.map((entry, i) => readPortMapping(entry, item(where, i), networkMode, warnings));
}

function readPortMapping(value: unknown, where: Where, networkMode: NetworkMode, warnings: Warnings): PortMapping {
  const fields = requireObject(value, where);
  warnUnknown(fields, where, portMappingFields, warnings);
  const containerPort = requireInt(fields['containerPort'], at(where, 'containerPort'), { min: 1, max: 65_535 });
  const hostPort = readInt(fields['hostPort'], at(where, 'hostPort'), { min: 0, max: 65_535 }) ?? 0;
  const protocol = readEnum(fields['protocol'], at(where, 'protocol'), protocols) ?? 'tcp';
  if (networkMode === 'host') {
    if (hostPort !== 0 && hostPort !== containerPort) {
      throw fail(
        at(where, 'hostPort'),
        `with networkMode host the hostPort must equal the containerPort ${containerPort}, got ${hostPort}`,
      );
    }
    return { containerPort, hostPort: containerPort, protocol };
  }
  return { containerPort, hostPort, protocol };
}

/** A fixed host port can be bound once per protocol on an instance, so once per task. */
export function checkDuplicateHostPorts(
  containers: readonly { readonly name: string; readonly portMappings: readonly PortMapping[] }[],
  where: Where,
): void {
  const owners = new Map<string, string>();
  containers.forEach((container, c) => {
    container.portMappings.forEach((mapping, p) => {
      if (mapping.hostPort === 0) return;
      const key = `${mapping.hostPort}/${mapping.protocol}`;
      const owner = owners.get(key);
      if (owner !== undefined) {
        const field = at(item(at(item(at(where, 'containerDefinitions'), c), 'portMappings'), p), 'hostPort');
        const by = owner === container.name ? 'this container' : `container '${owner}'`;
        throw fail({ ...field, container: container.name }, `host port ${key} is already mapped by ${by}`);
      }
      owners.set(key, container.name);
    });
  });
}
