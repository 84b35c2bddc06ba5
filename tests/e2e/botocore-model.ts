import { readFileSync } from 'node:fs';

/** Where Debian's python3-botocore keeps the ECS model (the wire's source of truth). */
export const ECS_MODEL_PATH = '/usr/lib/python3/dist-packages/botocore/data/ecs/2014-11-13/service-2.json';

interface Shape {
  readonly type: string;
  readonly members?: Record<string, { shape: string }>;
  readonly required?: readonly string[];
  readonly member?: { shape: string };
  readonly key?: { shape: string };
  readonly value?: { shape: string };
  readonly enum?: readonly string[];
}

export interface ServiceModel {
  readonly operations: Record<string, { output?: { shape: string } }>;
  readonly shapes: Record<string, Shape>;
}

export function loadEcsModel(path = ECS_MODEL_PATH): ServiceModel {
  return JSON.parse(readFileSync(path, 'utf8')) as ServiceModel;
}

/**
 * Every way `value` differs from the model's output shape of `operation`: members the model
 * lacks, wrong JSON types (timestamps are epoch-second numbers), required members missing, enum
 * values ECS does not have. Empty means the answer is one botocore would read as ECS's.
 */
export function outputProblems(model: ServiceModel, operation: string, value: unknown): string[] {
  const op = model.operations[operation];
  if (!op) return [`${operation} is not an ECS operation`];
  if (!op.output) return value && typeof value === 'object' && Object.keys(value).length > 0 ? [`${operation} has no output in the model`] : [];
  const problems: string[] = [];
  check(model, op.output.shape, value, operation, problems);
  return problems;
}

function check(model: ServiceModel, shapeName: string, value: unknown, at: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  if (!shape) {
    problems.push(`${at}: the model has no shape ${shapeName}`);
    return;
  }
  const wrong = (expected: string): void => void problems.push(`${at}: expected ${expected} (${shapeName}), got ${JSON.stringify(value)?.slice(0, 80)}`);
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong('an object');
      const members = shape.members ?? {};
      for (const [key, member] of Object.entries(value)) {
        if (!members[key]) problems.push(`${at}.${key}: not a member of ${shapeName}`);
        else if (member !== null) check(model, members[key].shape, member, `${at}.${key}`, problems);
      }
      for (const required of shape.required ?? []) if (!(required in value)) problems.push(`${at}.${required}: required by ${shapeName}, missing`);
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return wrong('an array');
      value.forEach((item, i) => check(model, shape.member!.shape, item, `${at}[${i}]`, problems));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong('an object (map)');
      for (const [key, item] of Object.entries(value)) check(model, shape.value!.shape, item, `${at}{${key}}`, problems);
      return;
    case 'string':
      if (typeof value !== 'string') return wrong('a string');
      if (shape.enum && !shape.enum.includes(value)) problems.push(`${at}: '${value}' is not one of ${shapeName}'s values`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) wrong('an integer');
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number') wrong('a number');
      return;
    case 'timestamp':
      if (typeof value !== 'number') wrong('epoch seconds (a number)');
      return;
    case 'blob':
      if (typeof value !== 'string') wrong('base64 text');
      return;
    default:
      problems.push(`${at}: shape type ${shape.type} is not checked`);
  }
}
