import type { PlacementConstraint } from '../task-definition.js';
import { at, fail, item, readArray, readString, readStringArray, requireObject, warnUnknown } from './read.js';
import type { Warnings, Where } from './read.js';

/**
 * Task-definition placement constraints and launch compatibilities. ECS allows only `memberOf` in a
 * task definition (`distinctInstance` belongs to RunTask and services).
 */
const maxConstraints = 10;
const maxExpressionLength = 2000;

export function readPlacementConstraints(value: unknown, where: Where, warnings: Warnings): PlacementConstraint[] {
  const list = readArray(value, where);
  if (list.length > maxConstraints) {
    throw fail(where, `at most ${maxConstraints} placement constraints are allowed, got ${list.length}`);
  }
  return list.map((entry, i) => {
    const here = item(where, i);
    const fields = requireObject(entry, here);
    warnUnknown(fields, here, ['type', 'expression'], warnings);
    const type = readString(fields['type'], at(here, 'type'));
    if (type === undefined) throw fail(at(here, 'type'), 'required');
    if (type === 'distinctInstance') {
      throw fail(at(here, 'type'), `distinctInstance is not allowed in a task definition; only memberOf is`);
    }
    if (type !== 'memberOf') throw fail(at(here, 'type'), `must be memberOf, got '${type}'`);
    const expression = readString(fields['expression'], at(here, 'expression'));
    if (expression === undefined || expression.trim() === '') {
      throw fail(at(here, 'expression'), 'required for memberOf');
    }
    if (expression.length > maxExpressionLength) {
      throw fail(at(here, 'expression'), `must be at most ${maxExpressionLength} characters, got ${expression.length}`);
    }
    return { type, expression };
  });
}

const compatibilities = ['EC2', 'EXTERNAL', 'FARGATE'];

export const fargateWarning = 'Berth runs tasks on its own container instances; requiresCompatibilities FARGATE is ignored.';

/** Kept as given so describe output round-trips; FARGATE is accepted with a warning. */
export function readRequiresCompatibilities(value: unknown, where: Where, warnings: Warnings): string[] {
  const list = readStringArray(value, where);
  list.forEach((entry, i) => {
    if (!compatibilities.includes(entry)) {
      throw fail(item(where, i), `must be one of ${compatibilities.join(', ')}, got '${entry}'`);
    }
  });
  if (list.includes('FARGATE')) warnings.push(fargateWarning);
  return list;
}
