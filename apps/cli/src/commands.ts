/**
 * The subcommand table: each `berth` subcommand is an ECS operation and the flags that fill its
 * request, named as `aws ecs` names them. A flag's request field is its name in camelCase
 * (`--cluster-name` → `clusterName`) unless `field` says otherwise. Adding a subcommand is adding an
 * entry to `commands`.
 */
import type { EcsOperationName } from '@berth/api-client';

/**
 * string: one value. integer: one whole number. boolean: `--force` / `--no-force`.
 * list: one or more strings. structs: one or more structures, each an argument in aws shorthand
 * (`name=x,value=y`) or JSON (an object, or an array of them). json: one JSON value.
 */
export type FlagKind = 'string' | 'integer' | 'boolean' | 'list' | 'structs' | 'json';

export interface FlagSpec {
  readonly flag: string;
  readonly field: string;
  readonly kind: FlagKind;
  readonly required?: boolean;
  /** Other spellings accepted for the same field (`--max-items` for `--max-results`). */
  readonly aliases?: readonly string[];
  /** structs: the member names a structure may have. */
  readonly members?: readonly string[];
  /** Values the server accepts, for help only: the server validates them, as ECS does. */
  readonly choices?: readonly string[];
  readonly help?: string;
}

export interface CommandSpec {
  /** The subcommand, the operation in kebab-case (`describe-clusters`). */
  readonly name: string;
  readonly operation: EcsOperationName;
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
}

export const camelCase = (flag: string): string => flag.replace(/^--/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const kebabCase = (operation: string): string => operation.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase();

type FlagOptions = Partial<Omit<FlagSpec, 'flag' | 'kind'>>;
const flag =
  (kind: FlagKind) =>
  (name: string, options: FlagOptions = {}): FlagSpec => ({ flag: name, field: camelCase(name), kind, ...options });

export const str = flag('string');
export const int = flag('integer');
export const bool = flag('boolean');
export const list = flag('list');
export const structs = flag('structs');
export const json = flag('json');

export const command = (operation: EcsOperationName, summary: string, flags: readonly FlagSpec[]): CommandSpec => ({
  name: kebabCase(operation),
  operation,
  summary,
  flags,
});

// ---------------------------------------------------------------------------------------------
// Flags several subcommands share

const cluster = (options: FlagOptions = {}) =>
  str('--cluster', { help: 'The cluster name or ARN (default: default).', ...options });
/** `--max-results`/`--next-token`, also spelled `--max-items`/`--starting-token` as aws paginators do. */
const paging = [
  int('--max-results', { aliases: ['--max-items'], help: 'How many results to return at most (1-100).' }),
  str('--next-token', { aliases: ['--starting-token'], help: 'The nextToken of a previous call, to continue.' }),
];
const tags = structs('--tags', { members: ['key', 'value'], help: 'Tags, each key=k,value=v.' });
const attributeMembers = ['name', 'value', 'targetType', 'targetId'];
const instanceStatuses = ['ACTIVE', 'DRAINING', 'INACTIVE'];

// ---------------------------------------------------------------------------------------------

export const commands: readonly CommandSpec[] = [
  // Clusters
  command('CreateCluster', 'Creates a cluster.', [
    str('--cluster-name', { help: 'The name of the cluster (default: default).' }),
    tags,
    structs('--settings', { members: ['name', 'value'], help: 'Cluster settings, each name=containerInsights,value=enabled.' }),
  ]),
  command('ListClusters', 'Lists the ARNs of the clusters.', paging),
  command('DescribeClusters', 'Describes clusters.', [
    list('--clusters', { help: 'Cluster names or ARNs (default: default).' }),
    list('--include', { choices: ['TAGS', 'SETTINGS', 'STATISTICS'], help: 'Extra details to include.' }),
  ]),
  command('DeleteCluster', 'Deletes a cluster that has no instances, services or tasks.', [cluster({ required: true })]),

  // Container instances and attributes
  command('ListContainerInstances', 'Lists the ARNs of the container instances of a cluster.', [
    cluster(),
    str('--filter', { help: 'A cluster query language expression the instances must match.' }),
    str('--status', { choices: instanceStatuses, help: 'Only instances with this status.' }),
    ...paging,
  ]),
  command('DescribeContainerInstances', 'Describes container instances.', [
    cluster(),
    list('--container-instances', { required: true, help: 'Container instance ids or ARNs (at most 100).' }),
    list('--include', { choices: ['TAGS'], help: 'Extra details to include.' }),
  ]),
  command('UpdateContainerInstancesState', 'Sets container instances ACTIVE or DRAINING.', [
    cluster(),
    list('--container-instances', { required: true, help: 'Container instance ids or ARNs.' }),
    str('--status', { required: true, choices: ['ACTIVE', 'DRAINING'], help: 'The new status.' }),
  ]),
  command('DeregisterContainerInstance', 'Deregisters a container instance from its cluster.', [
    cluster(),
    str('--container-instance', { required: true, help: 'The container instance id or ARN.' }),
    bool('--force', { help: 'Deregister even while tasks run on it.' }),
  ]),
  command('PutAttributes', 'Creates or updates attributes of container instances.', [
    cluster(),
    structs('--attributes', {
      required: true,
      members: attributeMembers,
      help: 'Attributes, each name=n,value=v,targetId=ARN (or a JSON array).',
    }),
  ]),
  command('DeleteAttributes', 'Deletes attributes of container instances.', [
    cluster(),
    structs('--attributes', { required: true, members: attributeMembers, help: 'Attributes, each name=n,targetId=ARN (or a JSON array).' }),
  ]),
  command('ListAttributes', 'Lists the attributes of the container instances of a cluster.', [
    cluster(),
    str('--target-type', { required: true, choices: ['container-instance'], help: 'The type of target.' }),
    str('--attribute-name', { help: 'Only attributes with this name.' }),
    str('--attribute-value', { help: 'Only attributes with this value (needs --attribute-name).' }),
    ...paging,
  ]),
];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((c) => c.name === name);
}
