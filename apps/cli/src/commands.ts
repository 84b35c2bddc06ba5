/**
 * The subcommand table: each `berth` subcommand is an ECS operation and the flags that fill its
 * request, named as `aws ecs` names them. A flag's request field is its name in camelCase
 * (`--cluster-name` → `clusterName`) unless `field` says otherwise. Adding a subcommand is adding an
 * entry to `commands`.
 */
import type { EcsOperationName } from '@berth/api-client';
import type { ArnSpelling } from '@berth/ecs-api';

/**
 * string: one value. integer: one whole number. number: any number. boolean: `--force` / `--no-force`.
 * list: one or more strings. structs: one or more structures, each an argument in aws shorthand
 * (`name=x,value=y`) or JSON (an object, or an array of them). struct: one structure, in aws
 * shorthand (nesting with `{}` and `[]`: `a=1,b={c=true}`) or a JSON object. json: one JSON value.
 *
 * structs with `members` are flat string structures checked against them (tags, attributes,
 * placement). struct, and structs without `members`, are checked against the request field's proto
 * message (schema.ts): members Berth does not have are dropped with a warning when given as JSON.
 */
export type FlagKind = 'string' | 'integer' | 'number' | 'boolean' | 'list' | 'structs' | 'struct' | 'json';

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
  /** Not a request field but an option of the command itself (a waiter's --interval-seconds). */
  readonly local?: boolean;
}

/** The unary operations, and the one server-streaming RPC (`berth logs`). */
export type OperationName = EcsOperationName | 'GetContainerLogs';

/**
 * call: one call of `operation`, its response printed (most subcommands). logs: logs.ts streams the
 * container's output. wait: wait.ts polls `operation` until the waiter's condition holds.
 */
export type Runner = 'call' | 'logs' | 'wait';

export interface CommandSpec {
  /** The subcommand, the operation in kebab-case (`describe-clusters`); waiters are `wait <name>`. */
  readonly name: string;
  /** The RPC whose request the flags fill. */
  readonly operation: OperationName;
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  readonly runner?: Runner;
  /** Lines of `--help` after the summary. */
  readonly details?: readonly string[];
  /**
   * Application Auto Scaling's commands (`application-autoscaling <name>`): JSON in (structure
   * flags, --cli-input-json) and out in that API's PascalCase, as `aws application-autoscaling` has it.
   */
  readonly pascalCase?: ArnSpelling;
}

/** The group of Application Auto Scaling's subcommands, as the aws CLI names it. */
export const SCALING_GROUP = 'application-autoscaling';
/** The secret store's groups, as the aws CLI names them. */
export const SECRETS_MANAGER_GROUP = 'secretsmanager';
export const SSM_GROUP = 'ssm';
/** Load balancing's group, as the aws CLI names it. */
export const ELBV2_GROUP = 'elbv2';

export const camelCase = (flag: string): string => flag.replace(/^--/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const kebabCase = (operation: string): string => operation.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase();

type FlagOptions = Partial<Omit<FlagSpec, 'flag' | 'kind'>>;
const flag =
  (kind: FlagKind) =>
  (name: string, options: FlagOptions = {}): FlagSpec => ({ flag: name, field: camelCase(name), kind, ...options });

export const str = flag('string');
export const int = flag('integer');
export const num = flag('number');
export const bool = flag('boolean');
export const list = flag('list');
export const structs = flag('structs');
export const struct = flag('struct');
export const json = flag('json');

export const command = (operation: EcsOperationName, summary: string, flags: readonly FlagSpec[]): CommandSpec => ({
  name: kebabCase(operation),
  operation,
  summary,
  flags,
});

/** A subcommand of another AWS API's group (`application-autoscaling`, `secretsmanager`, `ssm`): PascalCase JSON in and out. */
const groupCommand =
  (group: string, arn: ArnSpelling = 'ARN') =>
  (operation: EcsOperationName, summary: string, flags: readonly FlagSpec[]): CommandSpec => ({
    ...command(operation, summary, flags),
    name: `${group} ${kebabCase(operation)}`,
    pascalCase: arn,
  });
const scalingCommand = groupCommand(SCALING_GROUP);
const secretsCommand = groupCommand(SECRETS_MANAGER_GROUP);
const ssmCommand = groupCommand(SSM_GROUP);
const elbCommand = groupCommand(ELBV2_GROUP, 'Arn');
const secretId = str('--secret-id', { required: true, help: 'The secret: its name or ARN.' });

// ---------------------------------------------------------------------------------------------
// Flags several subcommands share

const targetGroupArnFlag = str('--target-group-arn', { required: true, help: 'The target group ARN.' });
const loadBalancerArnFlag = (required: boolean) => str('--load-balancer-arn', { required, help: 'The load balancer ARN.' });
const elbPaging = [
  int('--page-size', { help: 'How many results to return at most (1-400).' }),
  str('--marker', { aliases: ['--starting-token'], help: 'The NextMarker of a previous call, to continue.' }),
];
const healthCheckFlags = [
  str('--health-check-protocol', { choices: ['HTTP', 'TCP'], help: "HTTP or TCP (default: the group's protocol)." }),
  str('--health-check-port', { help: 'traffic-port (default) or a port number.' }),
  bool('--health-check-enabled', { help: 'Check targets (default true).' }),
  str('--health-check-path', { help: 'HTTP: the path requested (default /).' }),
  int('--health-check-interval-seconds', { help: 'Seconds between checks, 5-300 (default 30).' }),
  int('--health-check-timeout-seconds', { help: 'Seconds before a check fails, 2-120 (default 5 HTTP, 10 TCP).' }),
  int('--healthy-threshold-count', { help: 'Passes before a target is healthy, 2-10 (default 5).' }),
  int('--unhealthy-threshold-count', { help: 'Failures before a target is unhealthy, 2-10 (default 2).' }),
  struct('--matcher', { help: 'HTTP: the codes that pass, HttpCode=200 (also 200,202 or 200-299).' }),
];

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
const placementConstraints = structs('--placement-constraints', {
  members: ['type', 'expression'],
  help: 'Placement constraints, each type=distinctInstance or type=memberOf,expression="attribute:ecs.instance-type == t2.small".',
});
const placementStrategy = structs('--placement-strategy', {
  members: ['type', 'field'],
  help: 'Placement strategies, each type=spread,field=instanceId (binpack on cpu|memory, spread, random).',
});
const taskDefinition = (options: FlagOptions = {}) =>
  str('--task-definition', { help: 'The task definition: family, family:revision or ARN.', ...options });
const overrides = struct('--overrides', {
  help: 'Overrides, as JSON or shorthand: containerOverrides=[{name=web,command=[a,b],environment=[{name=K,value=V}]}],cpu=512.',
});
const deploymentConfiguration = struct('--deployment-configuration', {
  help: 'maximumPercent=200,minimumHealthyPercent=100,deploymentCircuitBreaker={enable=true,rollback=true} (or JSON).',
});
const healthCheckGrace = int('--health-check-grace-period-seconds', {
  help: 'Seconds during which failing health checks of new tasks are ignored.',
});
const taskIds = list('--tasks', { required: true, help: 'Task ids or ARNs (at most 100).' });
const pollingFlags = [
  num('--interval-seconds', { local: true, help: 'Seconds between polls (default 2).' }),
  int('--max-attempts', { local: true, help: 'Polls before giving up (default 300).' }),
];
const waiterFlags = [cluster(), taskIds, ...pollingFlags];

const serviceNamespace = (required = true) => str('--service-namespace', { required, choices: ['ecs'], help: 'The namespace: ecs (Berth scales ECS services).' });
const scalableDimension = (required = true) =>
  str('--scalable-dimension', { required, choices: ['ecs:service:DesiredCount'], help: 'The dimension: ecs:service:DesiredCount.' });
const resourceId = (required = true) => str('--resource-id', { required, help: 'The service: service/<cluster name>/<service name>.' });
const scalableTargetFlags = [serviceNamespace(), resourceId(), scalableDimension()];
const scalingPaging = [
  int('--max-results', { aliases: ['--max-items'], help: 'How many results to return at most (1-50).' }),
  str('--next-token', { aliases: ['--starting-token'], help: 'The NextToken of a previous call, to continue.' }),
];

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

  // Task definitions
  command('RegisterTaskDefinition', 'Registers a new revision of a task definition family.', [
    str('--family', { required: true, help: 'The family (name) of the task definition.' }),
    structs('--container-definitions', {
      required: true,
      help: 'The containers, as a JSON array (file://containers.json) or shorthand name=web,image=nginx,memory=128.',
    }),
    str('--cpu', { help: 'Task-level CPU units (1024 = one core).' }),
    str('--memory', { help: 'Task-level memory in MiB.' }),
    str('--network-mode', { choices: ['bridge', 'host', 'none'], help: 'The Docker network mode (default: bridge).' }),
    structs('--volumes', { help: 'Volumes, as JSON or shorthand name=data,host={sourcePath=/srv/data}.' }),
    placementConstraints,
    list('--requires-compatibilities', { choices: ['EC2', 'EXTERNAL', 'FARGATE'], help: 'Launch types the definition must be valid for (FARGATE is accepted with a warning).' }),
    str('--execution-role-arn', { help: 'Accepted and stored; Berth does not assume roles.' }),
    str('--task-role-arn', { help: 'Accepted and stored; Berth does not assume roles.' }),
    str('--pid-mode', { choices: ['host', 'task'], help: 'The process namespace the containers use.' }),
    str('--ipc-mode', { choices: ['host', 'task', 'none'], help: 'The IPC namespace the containers use.' }),
    struct('--runtime-platform', { help: 'cpuArchitecture=X86_64|ARM64,operatingSystemFamily=LINUX: tasks are placed on instances of that architecture.' }),
    struct('--ephemeral-storage', { help: 'sizeInGiB=21..200: accepted and described, not enforced.' }),
    tags,
  ]),
  command('DescribeTaskDefinition', 'Describes a task definition.', [taskDefinition({ required: true })]),
  command('ListTaskDefinitions', 'Lists the ARNs of task definitions.', [
    str('--family-prefix', { help: 'Only revisions of this family.' }),
    str('--status', { choices: ['ACTIVE', 'INACTIVE'], help: 'Only revisions with this status (default: ACTIVE).' }),
    str('--sort', { choices: ['ASC', 'DESC'], help: 'Order by family and revision (default: ASC).' }),
    ...paging,
  ]),
  command('ListTaskDefinitionFamilies', 'Lists task definition families.', [
    str('--family-prefix', { help: 'Only families starting with this.' }),
    str('--status', { choices: ['ACTIVE', 'INACTIVE', 'ALL'], help: 'Families with an ACTIVE revision, none, or all (default: ACTIVE).' }),
    ...paging,
  ]),
  command('DeregisterTaskDefinition', 'Marks a task definition revision INACTIVE.', [
    taskDefinition({ required: true, help: 'The task definition: family:revision or ARN.' }),
  ]),

  // Tasks
  command('RunTask', 'Starts tasks, placed by the scheduler.', [
    cluster(),
    taskDefinition({ required: true }),
    int('--count', { help: 'How many tasks to start (default 1).' }),
    str('--group', { help: 'The task group (default: family:<family>).' }),
    str('--started-by', { help: 'A tag saying who started the tasks (list-tasks --started-by finds them).' }),
    overrides,
    placementConstraints,
    placementStrategy,
    str('--client-token', { help: 'An idempotency token: repeating the call returns the same tasks.' }),
    tags,
  ]),
  command('StartTask', 'Starts a task on each of the given container instances.', [
    cluster(),
    taskDefinition({ required: true }),
    list('--container-instances', { required: true, help: 'Container instance ids or ARNs to start the task on.' }),
    str('--group', { help: 'The task group (default: family:<family>).' }),
    str('--started-by', { help: 'A tag saying who started the tasks.' }),
    overrides,
    tags,
  ]),
  command('StopTask', 'Stops a task.', [
    cluster(),
    str('--task', { required: true, help: 'The task id or ARN.' }),
    str('--reason', { help: 'Why, shown as the stoppedReason.' }),
  ]),
  command('DescribeTasks', 'Describes tasks.', [cluster(), taskIds, list('--include', { choices: ['TAGS'], help: 'Extra details to include.' })]),
  command('ListTasks', 'Lists the ARNs of tasks.', [
    cluster(),
    str('--container-instance', { help: 'Only tasks on this container instance.' }),
    str('--family', { help: 'Only tasks of this task definition family.' }),
    str('--started-by', { help: 'Only tasks started by this.' }),
    str('--service-name', { help: 'Only tasks of this service.' }),
    str('--desired-status', { choices: ['RUNNING', 'STOPPED'], help: 'Only tasks with this desired status (default: RUNNING).' }),
    ...paging,
  ]),

  // Services
  command('CreateService', 'Creates a service that keeps tasks running.', [
    cluster(),
    str('--service-name', { required: true, help: 'The name of the service.' }),
    taskDefinition(),
    int('--desired-count', { help: 'How many tasks to keep running (REPLICA).' }),
    str('--scheduling-strategy', { choices: ['REPLICA', 'DAEMON'], help: 'REPLICA (default) or DAEMON (one task per instance).' }),
    deploymentConfiguration,
    placementConstraints,
    placementStrategy,
    healthCheckGrace,
    str('--client-token', { help: 'An idempotency token.' }),
    tags,
  ]),
  command('UpdateService', 'Changes a service: scale, new task definition, deployment settings.', [
    cluster(),
    str('--service', { required: true, help: 'The service name or ARN.' }),
    int('--desired-count', { help: 'How many tasks to keep running.' }),
    taskDefinition({ help: 'A new task definition (starts a deployment).' }),
    deploymentConfiguration,
    placementConstraints,
    placementStrategy,
    bool('--force-new-deployment', { help: 'Start a new deployment even without changes.' }),
    healthCheckGrace,
  ]),
  command('DeleteService', 'Deletes a service (scaled to 0 first, unless --force).', [
    cluster(),
    str('--service', { required: true, help: 'The service name or ARN.' }),
    bool('--force', { help: 'Delete even while the service has tasks.' }),
  ]),
  command('DescribeServices', 'Describes services.', [
    cluster(),
    list('--services', { required: true, help: 'Service names or ARNs (at most 10).' }),
    list('--include', { choices: ['TAGS'], help: 'Extra details to include.' }),
  ]),
  command('ListServices', 'Lists the ARNs of the services of a cluster.', [
    cluster(),
    str('--scheduling-strategy', { choices: ['REPLICA', 'DAEMON'], help: 'Only services with this strategy.' }),
    ...paging,
  ]),

  // Cluster policy (ours)
  command('UpdateClusterSettings', "Changes a cluster's settings, its policy included (admin).", [
    cluster({ required: true }),
    structs('--settings', {
      required: true,
      members: ['name', 'value'],
      help: 'Settings, each name=n,value=v: berthAllowPrivileged, berthAllowHostPaths, berthAllowHostNetwork (true|false), berthAllowedRegistries (a,b or *), containerInsights.',
    }),
  ]),

  // Credentials and join tokens (ours)
  command('CreateAccessKey', 'Creates an access key; its secret is shown only in this answer (admin).', [
    str('--role', { required: true, choices: ['admin', 'operator', 'read-only'], help: 'What the key may do.' }),
    list('--clusters', { help: 'Only these clusters (default: every cluster).' }),
    str('--description', { help: 'What the key is for.' }),
    int('--run-task-burst', { help: 'Task launches it may make at once (default 100, as ECS).' }),
    num('--run-task-per-second', { help: 'Task launches per second after the burst (default 40, as ECS).' }),
  ]),
  command('ListAccessKeys', 'Lists the access keys, without their secrets (admin).', paging),
  command('DeleteAccessKey', 'Deletes an access key; it stops working at once (admin).', [str('--access-key-id', { required: true, help: 'The key to delete.' })]),
  command('CreateJoinToken', 'Creates a token new hosts register into the cluster with (ECS_JOIN_TOKEN).', [
    cluster(),
    str('--ttl', { help: 'How long it is valid, as a duration (default 1h, at most 720h).' }),
    int('--max-uses', { help: 'How many hosts may join with it (default: any until it expires).' }),
  ]),
  command('ListJoinTokens', "Lists a cluster's join tokens, without the tokens themselves.", [cluster()]),
  command('RevokeJoinToken', 'Revokes a join token: no more hosts join with it.', [cluster(), str('--join-token-id', { required: true, help: 'The token to revoke.' })]),

  // The audit log (ours)
  command('ListAuditEvents', 'Lists the recorded mutating calls, newest first (admin).', [
    cluster({ help: 'Only calls on this cluster.' }),
    str('--principal', { help: 'Only calls made with this access key (or instance).' }),
    str('--since', { help: 'Only calls since: an ISO-8601 time, or a duration back from now (10m, 24h).' }),
    ...paging,
  ]),

  // Service auto scaling, as aws application-autoscaling has it
  scalingCommand('RegisterScalableTarget', "Registers a service's desired count as scalable between bounds, or changes its bounds.", [
    ...scalableTargetFlags,
    int('--min-capacity', { help: 'The fewest tasks (required the first time).' }),
    int('--max-capacity', { help: 'The most tasks (required the first time).' }),
    str('--role-arn', { help: 'Accepted for compatibility; Berth has no IAM.' }),
    struct('--suspended-state', { help: 'DynamicScalingInSuspended=true,DynamicScalingOutSuspended=false,ScheduledScalingSuspended=false.' }),
  ]),
  scalingCommand('DeregisterScalableTarget', 'Deregisters a scalable target with its policies and scheduled actions.', scalableTargetFlags),
  scalingCommand('DescribeScalableTargets', 'Describes scalable targets.', [
    serviceNamespace(),
    list('--resource-ids', { help: 'Only these services: service/<cluster>/<service> (at most 50).' }),
    scalableDimension(false),
    ...scalingPaging,
  ]),
  scalingCommand('PutScalingPolicy', 'Creates or replaces a scaling policy of a scalable target.', [
    str('--policy-name', { required: true, help: 'The name of the policy.' }),
    ...scalableTargetFlags,
    str('--policy-type', { choices: ['TargetTrackingScaling', 'StepScaling'], help: 'TargetTrackingScaling or StepScaling (the default).' }),
    struct('--target-tracking-scaling-policy-configuration', {
      help: 'TargetValue=50,PredefinedMetricSpecification={PredefinedMetricType=ECSServiceAverageCPUUtilization},ScaleOutCooldown=60,ScaleInCooldown=300 (or JSON, file://…).',
    }),
    struct('--step-scaling-policy-configuration', {
      help: 'AdjustmentType=ChangeInCapacity,StepAdjustments=[{MetricIntervalLowerBound=0,ScalingAdjustment=1}],Cooldown=60,Alarm={MetricName=ECSServiceAverageCPUUtilization,Threshold=70,ComparisonOperator=GreaterThanOrEqualToThreshold,EvaluationPeriods=2,Period=60} (Alarm is ours).',
    }),
  ]),
  scalingCommand('DeleteScalingPolicy', 'Deletes a scaling policy.', [str('--policy-name', { required: true, help: 'The name of the policy.' }), ...scalableTargetFlags]),
  scalingCommand('DescribeScalingPolicies', 'Describes scaling policies.', [
    list('--policy-names', { help: 'Only these policies.' }),
    serviceNamespace(),
    resourceId(false),
    scalableDimension(false),
    ...scalingPaging,
  ]),
  scalingCommand('DescribeScalingActivities', 'Describes scaling activities, newest first.', [serviceNamespace(), resourceId(false), scalableDimension(false), ...scalingPaging]),
  scalingCommand('PutScheduledAction', 'Creates or replaces a scheduled action: new bounds for a service at a time or on a schedule.', [
    ...scalableTargetFlags,
    str('--scheduled-action-name', { required: true, help: 'The name of the action.' }),
    str('--schedule', { help: 'at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year).' }),
    str('--timezone', { help: 'The IANA time zone the schedule is read in (default UTC).' }),
    str('--start-time', { help: 'Not before this time (ISO-8601).' }),
    str('--end-time', { help: 'Not after this time (ISO-8601).' }),
    struct('--scalable-target-action', { help: 'MinCapacity=0,MaxCapacity=0 (either or both).' }),
  ]),
  scalingCommand('DeleteScheduledAction', 'Deletes a scheduled action.', [
    str('--scheduled-action-name', { required: true, help: 'The name of the action.' }),
    ...scalableTargetFlags,
  ]),
  scalingCommand('DescribeScheduledActions', 'Describes scheduled actions.', [
    list('--scheduled-action-names', { help: 'Only these actions.' }),
    serviceNamespace(),
    resourceId(false),
    scalableDimension(false),
    ...scalingPaging,
  ]),

  // The secret store, as aws secretsmanager and aws ssm have it
  secretsCommand('CreateSecret', 'Creates a secret with its first value (sealed with the server key).', [
    str('--name', { required: true, help: 'The name: letters, digits and /_+=.@- (at most 512).' }),
    str('--secret-string', { help: 'The value (file://path reads it from a file).' }),
    str('--description', { help: 'What the secret is for.' }),
    str('--kms-key-id', { help: 'Accepted for compatibility; values are sealed with the server key.' }),
    str('--client-request-token', { help: 'The version id to give the value (32-64 characters).' }),
    structs('--tags', { members: ['key', 'value'], help: 'Tags, each Key=k,Value=v.' }),
  ]),
  secretsCommand('PutSecretValue', 'Stores a new current value; the old one becomes AWSPREVIOUS.', [
    secretId,
    str('--secret-string', { help: 'The value (file://path reads it from a file).' }),
    str('--client-request-token', { help: 'The version id to give the value (32-64 characters).' }),
    list('--version-stages', { help: 'Only AWSCURRENT: Berth keeps the current and the previous value.' }),
  ]),
  secretsCommand('GetSecretValue', "Prints a secret's value (a credential limited to no cluster).", [
    secretId,
    str('--version-id', { help: 'This version rather than the current one.' }),
    str('--version-stage', { choices: ['AWSCURRENT', 'AWSPREVIOUS'], help: 'AWSCURRENT (default) or AWSPREVIOUS.' }),
  ]),
  secretsCommand('DescribeSecret', 'Describes a secret, without its value.', [secretId]),
  secretsCommand('ListSecrets', 'Lists the secrets, without their values.', [
    bool('--include-planned-deletion', { help: 'Also those scheduled for deletion.' }),
    ...paging,
  ]),
  secretsCommand('DeleteSecret', 'Schedules a secret for deletion after a recovery window, or deletes it now.', [
    secretId,
    int('--recovery-window-in-days', { help: 'Days before it is gone, 7-30 (default 30).' }),
    bool('--force-delete-without-recovery', { help: 'Delete it now, with no way back.' }),
  ]),
  secretsCommand('RestoreSecret', 'Cancels the scheduled deletion of a secret.', [secretId]),
  ssmCommand('PutParameter', 'Creates a parameter, or a new version of one with --overwrite.', [
    str('--name', { required: true, help: 'The name; in a hierarchy it starts with / (/app/prod/db).' }),
    str('--value', { required: true, help: 'The value (file://path reads it from a file).' }),
    str('--type', { choices: ['String', 'StringList', 'SecureString'], help: 'String (default), StringList or SecureString.' }),
    str('--description', { help: 'What the parameter is for.' }),
    bool('--overwrite', { help: 'Replace the value of an existing parameter.' }),
    str('--allowed-pattern', { help: 'A regular expression the value must match.' }),
    str('--key-id', { help: 'Accepted for compatibility; values are sealed with the server key.' }),
    str('--tier', { choices: ['Standard', 'Advanced', 'Intelligent-Tiering'], help: 'Standard (4 KB values) or Advanced (8 KB).' }),
    str('--data-type', { help: 'Accepted for compatibility: text.' }),
    structs('--tags', { members: ['key', 'value'], help: 'Tags, each Key=k,Value=v (not with --overwrite).' }),
  ]),
  ssmCommand('GetParameter', 'Prints a parameter; a SecureString in plain text only --with-decryption.', [
    str('--name', { required: true, help: 'The name or ARN.' }),
    bool('--with-decryption', { help: 'Open a SecureString.' }),
  ]),
  ssmCommand('GetParameters', 'Prints several parameters, and the names that were not found.', [
    list('--names', { required: true, help: 'Names or ARNs (at most 10).' }),
    bool('--with-decryption', { help: 'Open SecureStrings.' }),
  ]),
  ssmCommand('DeleteParameter', 'Deletes a parameter.', [str('--name', { required: true, help: 'The name or ARN.' })]),
  ssmCommand('DescribeParameters', 'Lists the parameters, without their values.', [
    int('--max-results', { aliases: ['--max-items'], help: 'How many results to return at most (1-50, default 10).' }),
    str('--next-token', { aliases: ['--starting-token'], help: 'The NextToken of a previous call, to continue.' }),
  ]),

  // Load balancing, as aws elbv2 has it
  elbCommand('CreateTargetGroup', 'Creates a target group: where a service\'s tasks are registered and health-checked.', [
    str('--name', { required: true, help: 'The name: at most 32 letters, digits and hyphens.' }),
    str('--protocol', { choices: ['HTTP', 'TCP'], help: 'How targets are reached: HTTP (application) or TCP (network).' }),
    int('--port', { help: "The targets' port when a registration names none." }),
    str('--target-type', { choices: ['instance', 'ip'], help: "instance (default: host address and the task's host port) or ip (the task's own address, awsvpc)." }),
    ...healthCheckFlags,
    str('--protocol-version', { help: 'HTTP1 only.' }),
    str('--vpc-id', { help: 'Accepted for compatibility: Berth has no VPCs.' }),
    str('--ip-address-type', { help: 'ipv4 only.' }),
    structs('--tags', { help: 'Tags, each Key=k,Value=v.' }),
  ]),
  elbCommand('DescribeTargetGroups', 'Describes target groups: by ARN, by name, those of a load balancer, or all.', [
    str('--load-balancer-arn', { help: "Those the load balancer's listeners forward to." }),
    list('--target-group-arns', { help: 'These target groups.' }),
    list('--names', { help: 'The target groups of these names.' }),
    ...elbPaging,
  ]),
  elbCommand('ModifyTargetGroup', "Changes a target group's health check; what is not given stays.", [targetGroupArnFlag, ...healthCheckFlags]),
  elbCommand('DeleteTargetGroup', 'Deletes a target group no listener uses.', [targetGroupArnFlag]),
  elbCommand('ModifyTargetGroupAttributes', "Sets a target group's attributes: deregistration_delay.timeout_seconds (0-3600, default 300).", [
    targetGroupArnFlag,
    structs('--attributes', { required: true, help: 'Each Key=deregistration_delay.timeout_seconds,Value=30.' }),
  ]),
  elbCommand('DescribeTargetGroupAttributes', "Prints a target group's attributes.", [targetGroupArnFlag]),
  elbCommand('CreateLoadBalancer', 'Creates a load balancer; its listeners take ports and forward to target groups.', [
    str('--name', { required: true, help: "The name: at most 32 letters, digits and hyphens, not beginning with 'internal-'." }),
    str('--type', { choices: ['application', 'network'], help: 'application (HTTP, default) or network (TCP).' }),
    str('--scheme', { choices: ['internet-facing', 'internal'], help: 'internet-facing (default) or internal.' }),
    list('--subnets', { help: 'Accepted for compatibility: Berth has no VPCs.' }),
    list('--security-groups', { help: 'Accepted for compatibility.' }),
    str('--ip-address-type', { help: 'ipv4 only.' }),
    structs('--tags', { help: 'Tags, each Key=k,Value=v.' }),
  ]),
  elbCommand('DescribeLoadBalancers', 'Describes load balancers: by ARN, by name, or all.', [
    list('--load-balancer-arns', { help: 'These load balancers.' }),
    list('--names', { help: 'The load balancers of these names.' }),
    ...elbPaging,
  ]),
  elbCommand('DeleteLoadBalancer', 'Deletes a load balancer and its listeners; its target groups stay.', [loadBalancerArnFlag(true)]),
  elbCommand('CreateListener', 'Creates a listener: a port of the load balancer forwarding to one target group.', [
    loadBalancerArnFlag(true),
    str('--protocol', { choices: ['HTTP', 'TCP'], help: "HTTP on an application load balancer, TCP on a network one (default: the load balancer's)." }),
    int('--port', { required: true, help: 'The port it listens on.' }),
    structs('--default-actions', { required: true, help: 'One forward action: Type=forward,TargetGroupArn=<arn>.' }),
    str('--ssl-policy', { help: 'Not supported: listeners are HTTP or TCP.' }),
    structs('--tags', { help: 'Tags, each Key=k,Value=v.' }),
  ]),
  elbCommand('DescribeListeners', "Describes a load balancer's listeners, or listeners by ARN.", [
    loadBalancerArnFlag(false),
    list('--listener-arns', { help: 'These listeners.' }),
    ...elbPaging,
  ]),
  elbCommand('DeleteListener', 'Deletes a listener.', [str('--listener-arn', { required: true, help: 'The listener ARN.' })]),

  // Not one call each: logs.ts and wait.ts
  {
    name: 'logs',
    operation: 'GetContainerLogs',
    runner: 'logs',
    summary: "Prints a container's output (ours: not in aws ecs).",
    flags: [
      cluster(),
      str('--task', { required: true, help: 'The task id or ARN.' }),
      str('--container', { field: 'containerName', help: "The container's name (default: the only or first essential one)." }),
      bool('--follow', { help: 'Keep printing new output until the container stops or Ctrl-C.' }),
      str('--since', { local: true, help: 'Only output since: a duration before now (10m, 1h30m, 2d), an ISO-8601 time or unix seconds.' }),
      int('--tail', { help: 'Only the last N lines.' }),
    ],
  },
  {
    name: 'wait tasks-running',
    operation: 'DescribeTasks',
    runner: 'wait',
    summary: 'Waits until every task is RUNNING; fails when one stops or is missing.',
    flags: waiterFlags,
  },
  {
    name: 'wait tasks-stopped',
    operation: 'DescribeTasks',
    runner: 'wait',
    summary: 'Waits until every task is STOPPED.',
    flags: waiterFlags,
  },
  {
    name: 'wait services-stable',
    operation: 'DescribeServices',
    runner: 'wait',
    summary: 'Waits until every service has one deployment and runningCount == desiredCount.',
    details: [
      'Fails when a service is MISSING, DRAINING or INACTIVE, or when its PRIMARY deployment FAILED',
      '(its rolloutStateReason is printed). Shows on stderr, per service,',
      '  <service>  desired N  running N  pending N',
      '    <deployment id>  <status>  <rolloutState>  desired/running/pending  <family:revision>',
      'and each service event that arrives while it waits, oldest first (events from before the first',
      'poll are not repeated). On a terminal the events scroll and the block is redrawn below them;',
      'otherwise only new events and the blocks that changed are printed.',
    ],
    flags: [cluster(), list('--services', { required: true, help: 'Service names or ARNs (at most 10).' }), ...pollingFlags],
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((c) => c.name === name);
}
