import {
  EcsError,
  invalidParameter,
  isOneOf,
  taskDefinitionArn,
  taskDefinitionRefFrom,
  validateTaskDefinition,
  type TaskDefinition,
} from '@berth/domain';
import { plainFromWire, type wire } from '@berth/proto';
import {
  deregisterTaskDefinition as markInactive,
  findTaskDefinition,
  insertTaskDefinition,
  listTaskDefinitionFamilies as listFamilies,
  listTaskDefinitions as listDefinitions,
} from '@berth/state-store';
import type { ApiContext } from '../context.js';
import { taskDefinitionToWire } from '../wire/task-definitions.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';
import { validateTags } from './tags.js';

export async function registerTaskDefinition(
  ctx: ApiContext,
  req: wire.RegisterTaskDefinitionRequest__Output,
): Promise<wire.RegisterTaskDefinitionResponse> {
  const { tags: rawTags, ...body } = req;
  const tags = validateTags(rawTags);
  const { definition, warnings } = validateTaskDefinition(plainFromWire(body));
  for (const warning of warnings) ctx.log.info('task definition warning', { family: definition.family, warning });
  const registered = await ctx.db.transaction().execute((trx) =>
    insertTaskDefinition(trx, { definition, arnFor: (revision) => taskDefinitionArn(ctx.scope, definition.family, revision), now: ctx.now() }),
  );
  return { taskDefinition: taskDefinitionToWire(registered), tags };
}

/** Resolves `family`, `family:revision` or an ARN; a bare family means its latest ACTIVE revision. */
export async function resolveTaskDefinition(ctx: Pick<ApiContext, 'db'>, ref: string): Promise<TaskDefinition> {
  if (!ref) throw invalidParameter('taskDefinition is required.');
  const { family, revision } = taskDefinitionRefFrom(ref);
  const found = await findTaskDefinition(ctx.db, family, revision);
  if (!found) throw new EcsError('ClientException', `Unable to describe task definition '${ref}'.`);
  return found;
}

export async function describeTaskDefinition(
  ctx: ApiContext,
  req: wire.DescribeTaskDefinitionRequest__Output,
): Promise<wire.DescribeTaskDefinitionResponse> {
  return { taskDefinition: taskDefinitionToWire(await resolveTaskDefinition(ctx, req.taskDefinition)) };
}

const definitionStatuses = ['ACTIVE', 'INACTIVE'] as const;

export async function listTaskDefinitions(
  ctx: ApiContext,
  req: wire.ListTaskDefinitionsRequest__Output,
): Promise<wire.ListTaskDefinitionsResponse> {
  const status = req.status || 'ACTIVE';
  if (!isOneOf(definitionStatuses, status)) throw invalidParameter(`Invalid status '${status}'. Valid values: ACTIVE, INACTIVE.`);
  const sort = req.sort || 'ASC';
  if (sort !== 'ASC' && sort !== 'DESC') throw invalidParameter(`Invalid sort '${sort}'. Valid values: ASC, DESC.`);
  const size = pageSize(req.maxResults);
  const after = decodeToken(req.nextToken);
  const rows = await listDefinitions(ctx.db, {
    familyPrefix: req.familyPrefix || undefined,
    status,
    sort,
    limit: size + 1,
    after: after === undefined ? undefined : taskDefinitionRefFrom(after) as { family: string; revision: number },
  });
  const page = pageOf(rows, size, (td) => `${td.family}:${td.revision}`);
  return { taskDefinitionArns: page.items.map((td) => td.arn), nextToken: page.nextToken };
}

const familyStatuses = ['ACTIVE', 'INACTIVE', 'ALL'] as const;

export async function listTaskDefinitionFamilies(
  ctx: ApiContext,
  req: wire.ListTaskDefinitionFamiliesRequest__Output,
): Promise<wire.ListTaskDefinitionFamiliesResponse> {
  const status = req.status || 'ACTIVE';
  if (!isOneOf(familyStatuses, status)) throw invalidParameter(`Invalid status '${status}'. Valid values: ACTIVE, INACTIVE, ALL.`);
  const size = pageSize(req.maxResults);
  const rows = await listFamilies(ctx.db, {
    familyPrefix: req.familyPrefix || undefined,
    status,
    limit: size + 1,
    afterFamily: decodeToken(req.nextToken),
  });
  const page = pageOf(rows, size, (f) => f);
  return { families: page.items, nextToken: page.nextToken };
}

export async function deregisterTaskDefinition(
  ctx: ApiContext,
  req: wire.DeregisterTaskDefinitionRequest__Output,
): Promise<wire.DeregisterTaskDefinitionResponse> {
  if (!req.taskDefinition) throw invalidParameter('taskDefinition is required.');
  const { family, revision } = taskDefinitionRefFrom(req.taskDefinition);
  if (revision === undefined) throw new EcsError('ClientException', 'A revision is required to deregister a task definition: family:revision.');
  const result = await ctx.db.transaction().execute((trx) => markInactive(trx, family, revision, ctx.now()));
  if (!result) throw new EcsError('ClientException', `Unable to describe task definition '${req.taskDefinition}'.`);
  return { taskDefinition: taskDefinitionToWire(result) };
}
