import {
  invalidParameter,
  isBuiltInAttribute,
  isValidPort,
  validateAttribute,
  MAX_CUSTOM_ATTRIBUTES,
  type InstanceAttribute,
  type Resources,
} from '@berth/domain';
import type { wire } from '@berth/proto';

/** Turns the agent's reported resources into domain Resources, refusing anything malformed. */
export function resourcesFromWire(list: readonly wire.Resource__Output[]): Resources {
  const byName = new Map(list.map((r) => [r.name, r]));
  for (const r of list) {
    if (!['CPU', 'MEMORY', 'PORTS', 'PORTS_UDP'].includes(r.name)) {
      throw invalidParameter(`totalResources: unknown resource '${r.name}'.`);
    }
  }
  const integer = (name: string): number => {
    const value = byName.get(name)?.integerValue;
    if (value === undefined || !Number.isInteger(value) || value <= 0) {
      throw invalidParameter(`totalResources: ${name} must be a positive integer, got ${value ?? 'nothing'}.`);
    }
    return value;
  };
  const ports = (name: string): number[] => {
    const values = byName.get(name)?.stringSetValue ?? [];
    return values.map((v) => {
      const port = Number(v);
      if (!/^\d+$/.test(v) || !isValidPort(port)) throw invalidParameter(`totalResources: ${name} has an invalid port '${v}'.`);
      return port;
    });
  };
  return { cpu: integer('CPU'), memory: integer('MEMORY'), ports: ports('PORTS'), portsUdp: ports('PORTS_UDP') };
}

/** Agent attributes: ECS name/value rules, and at most 10 that are not built in (ECS_INSTANCE_ATTRIBUTES). */
export function agentAttributesFromWire(list: readonly wire.Attribute__Output[]): InstanceAttribute[] {
  const attributes = list.map((a) => validateAttribute({ name: a.name, value: a.value || undefined }));
  const custom = attributes.filter((a) => !isBuiltInAttribute(a.name));
  if (custom.length > MAX_CUSTOM_ATTRIBUTES) {
    throw invalidParameter(`attributes: at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes are allowed, got ${custom.length}.`);
  }
  return attributes;
}
