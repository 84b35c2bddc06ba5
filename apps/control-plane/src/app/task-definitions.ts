import {
  EcsError,
  invalidParameter,
  isOneOf,
  taskDefinitionArn,
  taskDefinitionRefFrom,
  validateTags,
  validateTaskDefinition,
  type TaskDefinition,
} from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { StoreReads } from '@berth/state-store';
import type { AppContext } from './context.js';
import { decodeToken, pageOf, pageSize } from './pagination.js';

export async function registerTaskDefinition(app: AppContext, req: RequestOf<'RegisterTaskDefinition'>): Promise<ResultOf<'RegisterTaskDefinition'>> {
  const { tags: rawTags, ...body } = req;
  const tags = validateTags(rawTags);
  const { definition, warnings } = validateTaskDefinition(body);
  for (const warning of warnings) app.log.info('task definition warning', { family: definition.family, warning });
  const registered = await app.store.transaction((tx) =>
    tx.insertTaskDefinition({ definition, arnFor: (revision) => taskDefinitionArn(app.scope, definition.family, revision), now: app.now() }),
  );
  return { taskDefinition: registered, tags };
}

const unableToDescribe = (ref: string) => new EcsError('ClientException', `Unable to describe task definition '${ref}'.`);

/** Resolves `family`, `family:revision` or an ARN; a bare family means its latest ACTIVE revision. */
export async function resolveTaskDefinition(read: Pick<StoreReads, 'findTaskDefinition'>, ref: string | undefined): Promise<TaskDefinition> {
  if (!ref) throw invalidParameter('taskDefinition is required.');
  const { family, revision } = taskDefinitionRefFrom(ref);
  const found = await read.findTaskDefinition(family, revision);
  if (!found) throw unableToDescribe(ref);
  return found;
}

export async function describeTaskDefinition(app: AppContext, req: RequestOf<'DescribeTaskDefinition'>): Promise<ResultOf<'DescribeTaskDefinition'>> {
  return { taskDefinition: await resolveTaskDefinition(app.store.read, req.taskDefinition) };
}

const definitionStatuses = ['ACTIVE', 'INACTIVE'] as const;

export async function listTaskDefinitions(app: AppContext, req: RequestOf<'ListTaskDefinitions'>): Promise<ResultOf<'ListTaskDefinitions'>> {
  const status = req.status || 'ACTIVE';
  if (!isOneOf(definitionStatuses, status)) throw invalidParameter(`Invalid status '${status}'. Valid values: ACTIVE, INACTIVE.`);
  const sort = req.sort || 'ASC';
  if (sort !== 'ASC' && sort !== 'DESC') throw invalidParameter(`Invalid sort '${sort}'. Valid values: ASC, DESC.`);
  const size = pageSize(req.maxResults);
  const after = decodeToken(req.nextToken);
  const afterRef = after === undefined ? undefined : taskDefinitionRefFrom(after);
  if (afterRef && afterRef.revision === undefined) throw invalidParameter('Invalid nextToken.');
  const rows = await app.store.read.listTaskDefinitions({
    familyPrefix: req.familyPrefix || undefined,
    status,
    sort,
    limit: size + 1,
    after: afterRef?.revision === undefined ? undefined : { family: afterRef.family, revision: afterRef.revision },
  });
  const page = pageOf(rows, size, (td) => `${td.family}:${td.revision}`);
  return { items: page.items.map((td) => td.arn), nextToken: page.nextToken };
}

const familyStatuses = ['ACTIVE', 'INACTIVE', 'ALL'] as const;

export async function listTaskDefinitionFamilies(
  app: AppContext,
  req: RequestOf<'ListTaskDefinitionFamilies'>,
): Promise<ResultOf<'ListTaskDefinitionFamilies'>> {
  const status = req.status || 'ACTIVE';
  if (!isOneOf(familyStatuses, status)) throw invalidParameter(`Invalid status '${status}'. Valid values: ACTIVE, INACTIVE, ALL.`);
  const size = pageSize(req.maxResults);
  const rows = await app.store.read.listTaskDefinitionFamilies({
    familyPrefix: req.familyPrefix || undefined,
    status,
    limit: size + 1,
    afterFamily: decodeToken(req.nextToken),
  });
  const page = pageOf(rows, size, (f) => f);
  return { items: page.items, nextToken: page.nextToken };
}

export async function deregisterTaskDefinition(app: AppContext, req: RequestOf<'DeregisterTaskDefinition'>): Promise<ResultOf<'DeregisterTaskDefinition'>> {
  const ref = req.taskDefinition;
  if (!ref) throw invalidParameter('taskDefinition is required.');
  const { family, revision } = taskDefinitionRefFrom(ref);
  if (revision === undefined) throw new EcsError('ClientException', 'A revision is required to deregister a task definition: family:revision.');
  const result = await app.store.transaction((tx) => tx.deregisterTaskDefinition(family, revision, app.now()));
  if (!result) throw unableToDescribe(ref);
  return { taskDefinition: result };
}
