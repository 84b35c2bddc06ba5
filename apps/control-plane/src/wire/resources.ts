import type { Resources } from '@berth/domain';
import type { wire } from '@berth/proto';

/** Domain resources → the ECS `[{name, type, integerValue | stringSetValue}]` list. */
export function resourcesToWire(resources: Resources): wire.Resource[] {
  return [
    { name: 'CPU', type: 'INTEGER', integerValue: resources.cpu },
    { name: 'MEMORY', type: 'INTEGER', integerValue: resources.memory },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: resources.ports.map(String) },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: resources.portsUdp.map(String) },
  ];
}
