/**
 * The one table of the ECS operations Berth serves. Each entry says how its request is shaped,
 * whether it changes state, the least role that may call it, and how its result becomes the ECS
 * JSON response. The control plane binds a handler to every name (apps/control-plane/src/app);
 * the gRPC service, the typed client's methods and the CLI's commands are checked against it, so a
 * new operation is this entry, its handler, and its proto messages.
 */
import type { AccessKey, ArnScope, Listener, LoadBalancer, TargetGroupView, StoredSecret, ScalableTarget, ScalingActivity, ScalingPolicy, ScheduledAction, ClusterWithCounts, ContainerInstance, InstanceAttribute, JoinToken, Role, Tag, Task, TaskDefinition } from '@berth/domain';
import type { z } from 'zod';
import { encodeCluster } from './codec/clusters.js';
import { encodeAttribute, encodeContainerInstance } from './codec/container-instances.js';
import { encodeFailure, type Failure } from './codec/failures.js';
import { compact, encodeTags, instant, type JsonObject } from './codec/json.js';
import { encodeService, type ServiceView } from './codec/services.js';
import { encodeTaskDefinition } from './codec/task-definitions.js';
import { encodeTask, type TaskConnectivity } from './codec/tasks.js';
import * as clusters from './requests/clusters.js';
import * as instances from './requests/container-instances.js';
import * as services from './requests/services.js';
import * as definitions from './requests/task-definitions.js';
import * as tasks from './requests/tasks.js';
import * as security from './requests/security.js';
import * as scaling from './requests/autoscaling.js';
import { encodeScalableTarget, encodeScalingActivity, encodeScalingPolicy, encodeScheduledAction } from './codec/autoscaling.js';
import * as secretStore from './requests/secrets.js';
import { encodeListedSecret, encodeParameter, encodeParameterMetadata, encodeSecretDescription, encodeSecretValue, type SecretValueView } from './codec/secrets.js';
import * as elb from './requests/load-balancing.js';
import { encodeListener, encodeLoadBalancer, encodeTargetGroup } from './codec/load-balancing.js';
import { encodeAccessKey, encodeAuditEvent, encodeJoinToken, type AuditEventView, type JoinTokenStatus } from './codec/security.js';


export interface EncodeContext {
  /** Region and account written into ARNs the response builds. */
  readonly scope: ArnScope;
  /**
   * Whether Berth's own members (*(ours)* in the proto) are written: yes for gRPC; the ECS JSON
   * endpoint leaves them out, so its answers are exactly the shapes of botocore's ECS model.
   */
  readonly extensions: boolean;
}

/**
 * Which clusters a call acts on, for credentials limited to some clusters: `cluster` — the
 * request's `cluster` member (absent means `default`); a function — the names it returns;
 * `global` — none in particular (reading task definitions; ListClusters, which answers only what
 * the caller may see); `account` — what every cluster shares (credentials, and registering or
 * deregistering task definitions, which any cluster's tasks may use), which only a credential not
 * limited to some clusters may change.
 */
export type Scope<Request> = 'cluster' | 'global' | 'account' | ((request: Request) => readonly (string | undefined)[]);

interface UnarySpec<Request extends z.ZodType, Result> {
  readonly request: Request;
  /** Changes state; false means a read that is always safe to retry. */
  readonly mutates: boolean;
  readonly role: Role;
  readonly scope: Scope<z.output<Request>>;
  readonly encode: (result: Result, ctx: EncodeContext) => JsonObject;
}

interface StreamSpec<Request extends z.ZodType> {
  readonly request: Request;
  readonly mutates: false;
  readonly role: Role;
  readonly scope: Scope<z.output<Request>>;
  /** The response is a stream, relayed by the edge (no single JSON answer). */
  readonly streaming: true;
}

type UnaryInput<Request extends z.ZodType, Result> = Omit<UnarySpec<Request, Result>, 'scope'> & { readonly scope?: Scope<z.output<Request>> };
const unary = <Request extends z.ZodType, Result>(spec: UnaryInput<Request, Result>): UnarySpec<Request, Result> => ({ scope: 'cluster', ...spec });
const streamed = <Request extends z.ZodType>(spec: Omit<StreamSpec<Request>, 'streaming' | 'mutates' | 'scope'>): StreamSpec<Request> => ({
  ...spec,
  scope: 'cluster',
  mutates: false,
  streaming: true,
});

/** One page of a List call: ARNs (or names), and where the next page starts unless this was the last. */
export interface Page {
  readonly items: readonly string[];
  readonly nextToken?: string;
}

const page = (key: string) => (r: Page) => compact({ [key]: [...r.items], nextToken: r.nextToken });
const failures = (list: readonly Failure[]) => list.map(encodeFailure);

export interface TargetedAttribute {
  readonly attribute: InstanceAttribute;
  /** The container instance's ARN. */
  readonly targetArn: string;
}

export const operations = {
  // Clusters
  CreateCluster: unary({ request: clusters.createClusterRequest, mutates: true, role: 'admin', scope: (r) => [r.clusterName || 'default'], encode: oneCluster }),
  DescribeClusters: unary({
    request: clusters.describeClustersRequest,
    mutates: false,
    role: 'read-only',
    scope: (r) => (r.clusters && r.clusters.length > 0 ? r.clusters : ['default']),
    encode: (r: { clusters: readonly ClusterWithCounts[]; failures: readonly Failure[]; includeTags: boolean; includeSettings: boolean }) => ({
      clusters: r.clusters.map((c) => encodeCluster(c, { tags: r.includeTags, settings: r.includeSettings })),
      failures: failures(r.failures),
    }),
  }),
  ListClusters: unary({ request: clusters.listClustersRequest, mutates: false, role: 'read-only', scope: 'global', encode: page('clusterArns') }),
  DeleteCluster: unary({ request: clusters.deleteClusterRequest, mutates: true, role: 'admin', encode: oneCluster }),

  // Container instances and attributes
  ListContainerInstances: unary({ request: instances.listContainerInstancesRequest, mutates: false, role: 'read-only', encode: page('containerInstanceArns') }),
  DescribeContainerInstances: unary({ request: instances.describeContainerInstancesRequest, mutates: false, role: 'read-only', encode: instancesAndFailures }),
  UpdateContainerInstancesState: unary({ request: instances.updateContainerInstancesStateRequest, mutates: true, role: 'operator', encode: instancesAndFailures }),
  DeregisterContainerInstance: unary({
    request: instances.deregisterContainerInstanceRequest,
    mutates: true,
    role: 'operator',
    encode: (r: { containerInstance: ContainerInstance }, ctx) => ({ containerInstance: encodeContainerInstance(r.containerInstance, ctx.extensions) }),
  }),
  PutAttributes: unary({ request: instances.putAttributesRequest, mutates: true, role: 'operator', encode: targetedAttributes }),
  DeleteAttributes: unary({ request: instances.deleteAttributesRequest, mutates: true, role: 'operator', encode: targetedAttributes }),
  ListAttributes: unary({ request: instances.listAttributesRequest, mutates: false, role: 'read-only', encode: targetedAttributes }),

  // Task definitions
  RegisterTaskDefinition: unary({
    request: definitions.registerTaskDefinitionRequest,
    mutates: true,
    role: 'operator',
    scope: 'account',
    encode: (r: { taskDefinition: TaskDefinition; tags: readonly Tag[] }) => ({ taskDefinition: encodeTaskDefinition(r.taskDefinition), tags: encodeTags(r.tags) }),
  }),
  DescribeTaskDefinition: unary({ request: definitions.describeTaskDefinitionRequest, mutates: false, role: 'read-only', scope: 'global', encode: oneTaskDefinition }),
  ListTaskDefinitions: unary({ request: definitions.listTaskDefinitionsRequest, mutates: false, role: 'read-only', scope: 'global', encode: page('taskDefinitionArns') }),
  ListTaskDefinitionFamilies: unary({ request: definitions.listTaskDefinitionFamiliesRequest, mutates: false, role: 'read-only', scope: 'global', encode: page('families') }),
  DeregisterTaskDefinition: unary({ request: definitions.deregisterTaskDefinitionRequest, mutates: true, role: 'operator', scope: 'account', encode: oneTaskDefinition }),

  // Tasks
  RunTask: unary({ request: tasks.runTaskRequest, mutates: true, role: 'operator', encode: tasksAndFailures }),
  StartTask: unary({ request: tasks.startTaskRequest, mutates: true, role: 'operator', encode: tasksAndFailures }),
  StopTask: unary({
    request: tasks.stopTaskRequest,
    mutates: true,
    role: 'operator',
    encode: (r: { task: Task }, ctx) => ({ task: encodeTask(r.task, ctx.scope, ctx.extensions) }),
  }),
  DescribeTasks: unary({ request: tasks.describeTasksRequest, mutates: false, role: 'read-only', encode: tasksAndFailures }),
  ListTasks: unary({ request: tasks.listTasksRequest, mutates: false, role: 'read-only', encode: page('taskArns') }),
  GetContainerLogs: streamed({ request: tasks.getContainerLogsRequest, role: 'read-only' }),

  // Services
  CreateService: unary({ request: services.createServiceRequest, mutates: true, role: 'operator', encode: oneService }),
  UpdateService: unary({ request: services.updateServiceRequest, mutates: true, role: 'operator', encode: oneService }),
  DeleteService: unary({ request: services.deleteServiceRequest, mutates: true, role: 'operator', encode: oneService }),
  DescribeServices: unary({
    request: services.describeServicesRequest,
    mutates: false,
    role: 'read-only',
    encode: (r: { services: readonly ServiceView[]; failures: readonly Failure[] }, ctx) => ({
      services: r.services.map((s) => encodeService(s, ctx.scope)),
      failures: failures(r.failures),
    }),
  }),
  ListServices: unary({ request: services.listServicesRequest, mutates: false, role: 'read-only', encode: page('serviceArns') }),

  // Cluster policy, credentials, join tokens, audit (ours)
  UpdateClusterSettings: unary({ request: security.updateClusterSettingsRequest, mutates: true, role: 'admin', encode: oneCluster }),
  CreateAccessKey: unary({
    request: security.createAccessKeyRequest,
    mutates: true,
    role: 'admin',
    scope: 'account',
    encode: (r: { accessKey: AccessKey; secret: string }) => ({ accessKey: encodeAccessKey(r.accessKey, r.secret) }),
  }),
  ListAccessKeys: unary({
    request: security.listAccessKeysRequest,
    mutates: false,
    role: 'admin',
    scope: 'account',
    encode: (r: { accessKeys: readonly AccessKey[]; nextToken?: string }) => compact({ accessKeys: r.accessKeys.map((k) => encodeAccessKey(k)), nextToken: r.nextToken }),
  }),
  DeleteAccessKey: unary({ request: security.deleteAccessKeyRequest, mutates: true, role: 'admin', scope: 'account', encode: () => ({}) }),
  CreateJoinToken: unary({
    request: security.createJoinTokenRequest,
    mutates: true,
    role: 'operator',
    encode: (r: { joinToken: JoinToken & { status: JoinTokenStatus }; token: string }, ctx) => ({ joinToken: encodeJoinToken(r.joinToken, ctx.scope, r.token) }),
  }),
  ListJoinTokens: unary({
    request: security.listJoinTokensRequest,
    mutates: false,
    role: 'operator',
    encode: (r: { joinTokens: readonly (JoinToken & { status: JoinTokenStatus })[] }, ctx) => ({ joinTokens: r.joinTokens.map((t) => encodeJoinToken(t, ctx.scope)) }),
  }),
  RevokeJoinToken: unary({
    request: security.revokeJoinTokenRequest,
    mutates: true,
    role: 'operator',
    encode: (r: { joinToken: JoinToken & { status: JoinTokenStatus } }, ctx) => ({ joinToken: encodeJoinToken(r.joinToken, ctx.scope) }),
  }),
  ListAuditEvents: unary({
    request: security.listAuditEventsRequest,
    mutates: false,
    role: 'admin',
    scope: (r) => (r.cluster ? [r.cluster] : []),
    encode: (r: { auditEvents: readonly AuditEventView[]; nextToken?: string }, ctx) => compact({ auditEvents: r.auditEvents.map((e) => encodeAuditEvent(e, ctx.scope)), nextToken: r.nextToken }),
  }),

  // Service auto scaling (Application Auto Scaling's operations)
  RegisterScalableTarget: unary({ request: scaling.registerScalableTargetRequest, mutates: true, role: 'operator', scope: resourceCluster, encode: () => ({}) }),
  DeregisterScalableTarget: unary({ request: scaling.deregisterScalableTargetRequest, mutates: true, role: 'operator', scope: resourceCluster, encode: () => ({}) }),
  DescribeScalableTargets: unary({
    request: scaling.describeScalableTargetsRequest,
    mutates: false,
    role: 'read-only',
    scope: (r) => (r.resourceIds ?? []).map(clusterOfResourceId),
    encode: (r: { scalableTargets: readonly ScalableTarget[]; nextToken?: string }, ctx) => compact({ scalableTargets: r.scalableTargets.map((t) => encodeScalableTarget(t, ctx.scope)), nextToken: r.nextToken }),
  }),
  PutScalingPolicy: unary({
    request: scaling.putScalingPolicyRequest,
    mutates: true,
    role: 'operator',
    scope: resourceCluster,
    encode: (r: { policy: ScalingPolicy }) => ({ policyArn: r.policy.arn }),
  }),
  DeleteScalingPolicy: unary({ request: scaling.deleteScalingPolicyRequest, mutates: true, role: 'operator', scope: resourceCluster, encode: () => ({}) }),
  DescribeScalingPolicies: unary({
    request: scaling.describeScalingPoliciesRequest,
    mutates: false,
    role: 'read-only',
    scope: optionalResourceCluster,
    encode: (r: { scalingPolicies: readonly ScalingPolicy[]; nextToken?: string }, ctx) => compact({ scalingPolicies: r.scalingPolicies.map((p) => encodeScalingPolicy(p, ctx.extensions)), nextToken: r.nextToken }),
  }),
  DescribeScalingActivities: unary({
    request: scaling.describeScalingActivitiesRequest,
    mutates: false,
    role: 'read-only',
    scope: optionalResourceCluster,
    encode: (r: { scalingActivities: readonly ScalingActivity[]; nextToken?: string }) => compact({ scalingActivities: r.scalingActivities.map(encodeScalingActivity), nextToken: r.nextToken }),
  }),
  PutScheduledAction: unary({ request: scaling.putScheduledActionRequest, mutates: true, role: 'operator', scope: resourceCluster, encode: () => ({}) }),
  DeleteScheduledAction: unary({ request: scaling.deleteScheduledActionRequest, mutates: true, role: 'operator', scope: resourceCluster, encode: () => ({}) }),
  DescribeScheduledActions: unary({
    request: scaling.describeScheduledActionsRequest,
    mutates: false,
    role: 'read-only',
    scope: optionalResourceCluster,
    encode: (r: { scheduledActions: readonly ScheduledAction[]; nextToken?: string }) => compact({ scheduledActions: r.scheduledActions.map(encodeScheduledAction), nextToken: r.nextToken }),
  }),

  // The secret store: Secrets Manager's and SSM Parameter Store's operations. Secrets belong to no
  // cluster (any task may use one), so changing or reading a value needs a credential limited to none.
  CreateSecret: unary({ request: secretStore.createSecretRequest, mutates: true, role: 'operator', scope: 'account', encode: (r: { secret: StoredSecret }) => secretIdentity(r.secret) }),
  PutSecretValue: unary({
    request: secretStore.putSecretValueRequest,
    mutates: true,
    role: 'operator',
    scope: 'account',
    encode: (r: { secret: StoredSecret }) => ({ ...secretIdentity(r.secret), versionStages: ['AWSCURRENT'] }),
  }),
  GetSecretValue: unary({ request: secretStore.getSecretValueRequest, mutates: false, role: 'operator', scope: 'account', encode: encodeSecretValue as (r: SecretValueView) => JsonObject }),
  DescribeSecret: unary({
    request: secretStore.describeSecretRequest,
    mutates: false,
    role: 'read-only',
    scope: 'global',
    encode: (r: { secret: StoredSecret }, ctx) => encodeSecretDescription(r.secret, ctx.extensions),
  }),
  ListSecrets: unary({
    request: secretStore.listSecretsRequest,
    mutates: false,
    role: 'read-only',
    scope: 'global',
    encode: (r: { secrets: readonly StoredSecret[]; nextToken?: string }, ctx) => compact({ secretList: r.secrets.map((s) => encodeListedSecret(s, ctx.extensions)), nextToken: r.nextToken }),
  }),
  DeleteSecret: unary({
    request: secretStore.deleteSecretRequest,
    mutates: true,
    role: 'operator',
    scope: 'account',
    encode: (r: { secret: StoredSecret; deletionDate: Date }) => ({ arn: r.secret.arn, name: r.secret.name, deletionDate: instant(r.deletionDate) }),
  }),
  RestoreSecret: unary({ request: secretStore.restoreSecretRequest, mutates: true, role: 'operator', scope: 'account', encode: (r: { secret: StoredSecret }) => ({ arn: r.secret.arn, name: r.secret.name }) }),
  PutParameter: unary({
    request: secretStore.putParameterRequest,
    mutates: true,
    role: 'operator',
    scope: 'account',
    encode: (r: { parameter: StoredSecret }) => ({ version: r.parameter.version, tier: 'Standard' }),
  }),
  GetParameter: unary({
    request: secretStore.getParameterRequest,
    mutates: false,
    role: 'operator',
    scope: 'account',
    encode: (r: { parameter: StoredSecret; value: string }) => ({ parameter: encodeParameter(r.parameter, r.value) }),
  }),
  GetParameters: unary({
    request: secretStore.getParametersRequest,
    mutates: false,
    role: 'operator',
    scope: 'account',
    encode: (r: { parameters: readonly { parameter: StoredSecret; value: string }[]; invalidParameters: readonly string[] }) => ({
      parameters: r.parameters.map((p) => encodeParameter(p.parameter, p.value)),
      invalidParameters: [...r.invalidParameters],
    }),
  }),
  DeleteParameter: unary({ request: secretStore.deleteParameterRequest, mutates: true, role: 'operator', scope: 'account', encode: () => ({}) }),
  DescribeParameters: unary({
    request: secretStore.describeParametersRequest,
    mutates: false,
    role: 'read-only',
    scope: 'global',
    encode: (r: { parameters: readonly StoredSecret[]; nextToken?: string }) => compact({ parameters: r.parameters.map(encodeParameterMetadata), nextToken: r.nextToken }),
  }),

  // Load balancing: Elastic Load Balancing v2's operations. Target groups and load balancers belong
  // to no cluster (a service of any cluster may use one), so changing them needs a credential limited to none.
  CreateTargetGroup: unary({ request: elb.createTargetGroupRequest, mutates: true, role: 'operator', scope: 'account', encode: targetGroups }),
  DescribeTargetGroups: unary({
    request: elb.describeTargetGroupsRequest,
    mutates: false,
    role: 'read-only',
    scope: 'global',
    encode: (r: { targetGroups: readonly TargetGroupView[]; nextMarker?: string }) => compact({ targetGroups: r.targetGroups.map(encodeTargetGroup), nextMarker: r.nextMarker }),
  }),
  ModifyTargetGroup: unary({ request: elb.modifyTargetGroupRequest, mutates: true, role: 'operator', scope: 'account', encode: targetGroups }),
  DeleteTargetGroup: unary({ request: elb.deleteTargetGroupRequest, mutates: true, role: 'operator', scope: 'account', encode: () => ({}) }),
  ModifyTargetGroupAttributes: unary({ request: elb.modifyTargetGroupAttributesRequest, mutates: true, role: 'operator', scope: 'account', encode: targetGroupAttributes }),
  DescribeTargetGroupAttributes: unary({ request: elb.describeTargetGroupAttributesRequest, mutates: false, role: 'read-only', scope: 'global', encode: targetGroupAttributes }),
  CreateLoadBalancer: unary({ request: elb.createLoadBalancerRequest, mutates: true, role: 'operator', scope: 'account', encode: loadBalancers }),
  DescribeLoadBalancers: unary({ request: elb.describeLoadBalancersRequest, mutates: false, role: 'read-only', scope: 'global', encode: loadBalancers }),
  DeleteLoadBalancer: unary({ request: elb.deleteLoadBalancerRequest, mutates: true, role: 'operator', scope: 'account', encode: () => ({}) }),
  CreateListener: unary({ request: elb.createListenerRequest, mutates: true, role: 'operator', scope: 'account', encode: listeners }),
  DescribeListeners: unary({ request: elb.describeListenersRequest, mutates: false, role: 'read-only', scope: 'global', encode: listeners }),
  DeleteListener: unary({ request: elb.deleteListenerRequest, mutates: true, role: 'operator', scope: 'account', encode: () => ({}) }),
};

function targetGroups(r: { targetGroups: readonly TargetGroupView[] }): JsonObject {
  return { targetGroups: r.targetGroups.map(encodeTargetGroup) };
}
function targetGroupAttributes(r: { deregistrationDelaySeconds: number }): JsonObject {
  return { attributes: [{ key: 'deregistration_delay.timeout_seconds', value: String(r.deregistrationDelaySeconds) }] };
}
function loadBalancers(r: { loadBalancers: readonly LoadBalancer[]; nextMarker?: string }): JsonObject {
  return compact({ loadBalancers: r.loadBalancers.map(encodeLoadBalancer), nextMarker: r.nextMarker });
}
function listeners(r: { listeners: readonly Listener[]; nextMarker?: string }): JsonObject {
  return compact({ listeners: r.listeners.map(encodeListener), nextMarker: r.nextMarker });
}

function secretIdentity(secret: StoredSecret): JsonObject {
  return { arn: secret.arn, name: secret.name, versionId: secret.current.versionId };
}

/** The cluster a `service/<cluster>/<service>` resource id names (undefined when it names none: the handler refuses it). */
function clusterOfResourceId(resourceId: string | undefined): string | undefined {
  const match = /^service\/([^/]+)\/[^/]+$/.exec(resourceId ?? '');
  return match?.[1];
}
function resourceCluster(r: { resourceId?: string }): (string | undefined)[] {
  return [clusterOfResourceId(r.resourceId)];
}
/** A Describe call without a resource id answers only what the caller may see (the handler filters). */
function optionalResourceCluster(r: { resourceId?: string }): (string | undefined)[] {
  return r.resourceId === undefined ? [] : [clusterOfResourceId(r.resourceId)];
}

function oneCluster(r: { cluster: ClusterWithCounts }): JsonObject {
  return { cluster: encodeCluster(r.cluster, { tags: true, settings: true }) };
}

function instancesAndFailures(r: { containerInstances: readonly ContainerInstance[]; failures: readonly Failure[] }, ctx: EncodeContext): JsonObject {
  return { containerInstances: r.containerInstances.map((i) => encodeContainerInstance(i, ctx.extensions)), failures: failures(r.failures) };
}

function oneTaskDefinition(r: { taskDefinition: TaskDefinition }): JsonObject {
  return { taskDefinition: encodeTaskDefinition(r.taskDefinition) };
}

function targetedAttributes(r: { attributes: readonly TargetedAttribute[]; nextToken?: string }): JsonObject {
  return compact({ attributes: r.attributes.map((a) => encodeAttribute(a.attribute, a.targetArn)), nextToken: r.nextToken });
}

function tasksAndFailures(r: { tasks: readonly Task[]; failures: readonly Failure[]; connectivity?: ReadonlyMap<string, TaskConnectivity> }, ctx: EncodeContext): JsonObject {
  return { tasks: r.tasks.map((t) => encodeTask(t, ctx.scope, ctx.extensions, r.connectivity?.get(t.arn))), failures: failures(r.failures) };
}

function oneService(r: { service: ServiceView }, ctx: EncodeContext): JsonObject {
  return { service: encodeService(r.service, ctx.scope) };
}

type Operations = typeof operations;
export type OperationName = keyof Operations;
/** Operations with one answer; GetContainerLogs streams. */
export type UnaryOperationName = { [K in OperationName]: Operations[K] extends { streaming: true } ? never : K }[OperationName];
export type StreamingOperationName = Exclude<OperationName, UnaryOperationName>;
/** The request a handler gets: the schema's output, so absent members are `undefined`. */
export type RequestOf<K extends OperationName> = z.output<Operations[K]['request']>;
/** What a unary handler returns, in domain types. */
export type ResultOf<K extends UnaryOperationName> = Operations[K] extends UnarySpec<z.ZodType, infer R> ? R : never;

export const operationNames = Object.keys(operations) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

export function isStreaming(name: OperationName): name is StreamingOperationName {
  return 'streaming' in operations[name];
}


/** Berth's own operations (credentials, join tokens, audit, log streaming): not part of the ECS API, served over gRPC only. */
const berthOwn: ReadonlySet<OperationName> = new Set<OperationName>([
  'CreateAccessKey',
  'ListAccessKeys',
  'DeleteAccessKey',
  'CreateJoinToken',
  'ListJoinTokens',
  'RevokeJoinToken',
  'ListAuditEvents',
  'GetContainerLogs',
]);

/** Application Auto Scaling's operations: served on the same port as `AnyScaleFrontendService.<name>`, with PascalCase members. */
export const applicationAutoScalingOperationNames = [
  'RegisterScalableTarget',
  'DeregisterScalableTarget',
  'DescribeScalableTargets',
  'PutScalingPolicy',
  'DeleteScalingPolicy',
  'DescribeScalingPolicies',
  'DescribeScalingActivities',
  'PutScheduledAction',
  'DeleteScheduledAction',
  'DescribeScheduledActions',
] as const satisfies readonly UnaryOperationName[];
export type ApplicationAutoScalingOperationName = (typeof applicationAutoScalingOperationNames)[number];

export function isApplicationAutoScalingOperation(name: string): name is ApplicationAutoScalingOperationName {
  return (applicationAutoScalingOperationNames as readonly string[]).includes(name);
}

/** Secrets Manager's operations: on the same port as `secretsmanager.<name>`, PascalCase members, SigV4 service `secretsmanager`. */
export const secretsManagerOperationNames = [
  'CreateSecret',
  'PutSecretValue',
  'GetSecretValue',
  'DescribeSecret',
  'ListSecrets',
  'DeleteSecret',
  'RestoreSecret',
] as const satisfies readonly UnaryOperationName[];

/** SSM Parameter Store's operations: on the same port as `AmazonSSM.<name>`, PascalCase members, SigV4 service `ssm`. */
export const ssmOperationNames = ['PutParameter', 'GetParameter', 'GetParameters', 'DeleteParameter', 'DescribeParameters'] as const satisfies readonly UnaryOperationName[];

export function isSecretsManagerOperation(name: string): name is (typeof secretsManagerOperationNames)[number] {
  return (secretsManagerOperationNames as readonly string[]).includes(name);
}

export function isSsmOperation(name: string): name is (typeof ssmOperationNames)[number] {
  return (ssmOperationNames as readonly string[]).includes(name);
}

/**
 * Elastic Load Balancing v2's operations. AWS serves them over its query (form and XML) protocol,
 * which Berth's HTTP endpoint does not speak: they are on gRPC and `berth elbv2`.
 */
export const elbv2OperationNames = [
  'CreateTargetGroup',
  'DescribeTargetGroups',
  'ModifyTargetGroup',
  'DeleteTargetGroup',
  'ModifyTargetGroupAttributes',
  'DescribeTargetGroupAttributes',
  'CreateLoadBalancer',
  'DescribeLoadBalancers',
  'DeleteLoadBalancer',
  'CreateListener',
  'DescribeListeners',
  'DeleteListener',
] as const satisfies readonly UnaryOperationName[];

export function isElbv2Operation(name: string): name is (typeof elbv2OperationNames)[number] {
  return (elbv2OperationNames as readonly string[]).includes(name);
}

/** The operations of the ECS API itself, as its JSON endpoint serves them (`AmazonEC2ContainerServiceV20141113.<name>`). */
export const ecsApiOperationNames = operationNames.filter(
  (name): name is UnaryOperationName =>
    !berthOwn.has(name) && !isStreaming(name) && !isApplicationAutoScalingOperation(name) && !isSecretsManagerOperation(name) && !isSsmOperation(name) && !isElbv2Operation(name),
);

export function isEcsApiOperation(name: string): name is UnaryOperationName {
  return (ecsApiOperationNames as readonly string[]).includes(name);
}
