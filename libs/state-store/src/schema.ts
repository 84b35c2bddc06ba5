import type { ColumnType, Generated, Selectable } from 'kysely';
import type {
  ClusterStatus,
  ContainerInstanceStatus,
  DesiredTaskStatus,
  HealthStatus,
  StopCode,
  TaskContainer,
  TaskContainerOverride,
  TaskDefinitionInput,
  TaskDefinitionStatus,
  TaskStatus,
  DeploymentConfiguration,
  DeploymentStatus,
  RolloutState,
  SchedulingStrategy,
  ServicePlacementConstraint,
  ServicePlacementStrategy,
  ServiceStatus,
  CredentialRole,
  PolicyState,
  ScalingPolicyConfiguration,
  SuspendedState,
  TargetHealthCheck,
  LbProtocol,
  LoadBalancerScheme,
  LoadBalancerType,
  TargetType,
} from '@berth/domain';

/**
 * Row shapes (snake_case, as stored). They never leave the store: repositories convert them to
 * domain types explicitly (style rule 5).
 */
export interface Database {
  clusters: ClustersTable;
  container_instances: ContainerInstancesTable;
  instance_attributes: InstanceAttributesTable;
  task_definition_families: TaskDefinitionFamiliesTable;
  task_definitions: TaskDefinitionsTable;
  tasks: TasksTable;
  run_task_tokens: RunTaskTokensTable;
  services: ServicesTable;
  deployments: DeploymentsTable;
  service_events: ServiceEventsTable;
  access_keys: AccessKeysTable;
  join_tokens: JoinTokensTable;
  audit_events: AuditEventsTable;
  scalable_targets: ScalableTargetsTable;
  scaling_policies: ScalingPoliciesTable;
  scheduled_actions: ScheduledActionsTable;
  scaling_activities: ScalingActivitiesTable;
  service_metrics: ServiceMetricsTable;
  secrets: SecretsTable;
  target_groups: TargetGroupsTable;
  load_balancers: LoadBalancersTable;
  listeners: ListenersTable;
}

/** A jsonb column: read as parsed JSON, written as JSON text (`toJson`) so pg and PGlite agree. */
export type JsonColumn<T> = ColumnType<T, string, string>;
/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface TagRow {
  key: string;
  value: string;
}

export interface ClustersTable {
  name: string;
  arn: string;
  status: ClusterStatus;
  tags: JsonColumn<TagRow[]>;
  settings: ColumnType<{ name: string; value: string }[], string | undefined, string>;
  created_at: Date;
  updated_at: Date;
}

export interface ContainerInstancesTable {
  /** 32 hex characters (char(32)). */
  id: string;
  cluster_name: string;
  arn: string;
  status: ContainerInstanceStatus;
  status_reason: Defaulted<string>;
  agent_connected: Defaulted<boolean>;
  hostname: string;
  registered_cpu: number;
  registered_memory: number;
  registered_ports: JsonColumn<number[]>;
  registered_ports_udp: JsonColumn<number[]>;
  reserved_cpu: Defaulted<number>;
  reserved_memory: Defaulted<number>;
  reserved_ports: ColumnType<number[], string | undefined, string>;
  reserved_ports_udp: ColumnType<number[], string | undefined, string>;
  agent_version: string;
  docker_version: string;
  registered_at: Date;
  updated_at: Date;
  last_heartbeat_at: Defaulted<Date | null>;
  connected_at: Defaulted<Date | null>;
  disconnected_at: Defaulted<Date | null>;
  running_tasks_count: Defaulted<number>;
  pending_tasks_count: Defaulted<number>;
  /** bigint, parsed to number by both backends. Bumps on every change the scheduler cares about. */
  version: Generated<number>;
  tags: JsonColumn<TagRow[]>;
  /** Highest agent report sequence applied; reports at or below it are duplicates. */
  last_report_sequence: Generated<number>;
}

export type AttributeSource = 'agent' | 'custom';

export interface InstanceAttributesTable {
  instance_id: string;
  name: string;
  value: string | null;
  source: AttributeSource;
}

export interface TaskDefinitionFamiliesTable {
  family: string;
  last_revision: number;
}

export interface TaskDefinitionsTable {
  family: string;
  revision: number;
  arn: string;
  status: TaskDefinitionStatus;
  /** The validated TaskDefinitionInput, as registered. */
  definition: JsonColumn<TaskDefinitionInput>;
  registered_at: Date;
  deregistered_at: Defaulted<Date | null>;
}

export interface TasksTable {
  id: string;
  arn: string;
  cluster_name: string;
  container_instance_id: string;
  task_definition_arn: string;
  family: string;
  revision: number;
  desired_status: DesiredTaskStatus;
  last_status: TaskStatus;
  started_by: Defaulted<string>;
  group: string;
  overrides: JsonColumn<TaskContainerOverride[]>;
  cpu: number;
  memory: number;
  reserved_ports: JsonColumn<number[]>;
  reserved_ports_udp: JsonColumn<number[]>;
  containers: JsonColumn<TaskContainer[]>;
  stop_code: Defaulted<StopCode | null>;
  stopped_reason: Defaulted<string | null>;
  health_status: Defaulted<HealthStatus>;
  created_at: Date;
  started_at: Defaulted<Date | null>;
  stopping_at: Defaulted<Date | null>;
  stopped_at: Defaulted<Date | null>;
  pull_started_at: Defaulted<Date | null>;
  pull_stopped_at: Defaulted<Date | null>;
  execution_stopped_at: Defaulted<Date | null>;
  updated_at: Date;
  version: Generated<number>;
}

export interface RunTaskTokensTable {
  cluster_name: string;
  token: string;
  request_hash: string;
  /** The task ARNs and failures the first request produced. */
  response: JsonColumn<{ taskArns: string[]; failures: { arn: string; reason: string; detail?: string }[] }>;
  created_at: Date;
}

export interface ServicesTable {
  cluster_name: string;
  name: string;
  arn: string;
  status: ServiceStatus;
  desired_count: number;
  scheduling_strategy: SchedulingStrategy;
  task_definition_arn: string;
  deployment_configuration: JsonColumn<DeploymentConfiguration>;
  placement_constraints: JsonColumn<ServicePlacementConstraint[]>;
  placement_strategy: JsonColumn<ServicePlacementStrategy[]>;
  health_check_grace_period_seconds: number;
  client_token: Defaulted<string | null>;
  created_at: Date;
  updated_at: Date;
  version: Generated<number>;
}

export interface DeploymentsTable {
  id: string;
  cluster_name: string;
  service_name: string;
  status: DeploymentStatus;
  task_definition_arn: string;
  desired_count: number;
  rollout_state: RolloutState;
  rollout_state_reason: Defaulted<string>;
  failed_tasks: Defaulted<number>;
  launch_failures: Defaulted<number>;
  next_launch_at: Defaulted<Date | null>;
  created_at: Date;
  updated_at: Date;
}

export interface ServiceEventsTable {
  id: Generated<number>;
  cluster_name: string;
  service_name: string;
  created_at: Date;
  message: string;
}

export interface AccessKeysTable {
  access_key_id: string;
  sealed_secret: string;
  role: CredentialRole;
  clusters: ColumnType<string[] | null, string | null, string | null>;
  instance_id: string | null;
  description: Defaulted<string>;
  run_task_burst: number | null;
  run_task_per_second: number | null;
  created_at: Date;
  expires_at: Date | null;
}

export interface JoinTokensTable {
  id: string;
  secret_hash: string;
  cluster_name: string;
  created_at: Date;
  created_by: string;
  expires_at: Date;
  max_uses: number | null;
  uses: Defaulted<number>;
  revoked_at: Date | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: Date;
  principal: string;
  operation: string;
  cluster_name: string | null;
  target: Defaulted<string>;
  result: string;
}

export interface ScalableTargetsTable {
  cluster_name: string;
  service_name: string;
  arn: string;
  min_capacity: number;
  max_capacity: number;
  suspended_state: JsonColumn<SuspendedState>;
  created_at: Date;
}

export interface ScalingPoliciesTable {
  cluster_name: string;
  service_name: string;
  name: string;
  arn: string;
  policy_type: ScalingPolicyConfiguration['policyType'];
  /** The policy's configuration as the domain holds it (ScalingPolicyConfiguration). */
  configuration: JsonColumn<ScalingPolicyConfiguration>;
  state: JsonColumn<PolicyState>;
  created_at: Date;
}

export interface ScheduledActionsTable {
  cluster_name: string;
  service_name: string;
  name: string;
  arn: string;
  schedule: string;
  timezone: string;
  start_time: Date | null;
  end_time: Date | null;
  min_capacity: number | null;
  max_capacity: number | null;
  created_at: Date;
  next_run_at: Date | null;
}

export interface ScalingActivitiesTable {
  id: string;
  cluster_name: string;
  service_name: string;
  description: string;
  cause: string;
  start_time: Date;
  end_time: Date | null;
  status_code: string;
  status_message: string | null;
}

export interface ServiceMetricsTable {
  cluster_name: string;
  service_name: string;
  period_start: Date;
  /** The control-plane replica whose agents' samples these are (each writes its own row). */
  replica: string;
  tasks: number;
  cpu_used: number;
  cpu_reserved: number;
  memory_used: number;
  memory_reserved: number;
}

export type ClusterRow = Selectable<ClustersTable>;
export type ContainerInstanceRow = Selectable<ContainerInstancesTable>;
export type InstanceAttributeRow = Selectable<InstanceAttributesTable>;
export type TaskDefinitionRow = Selectable<TaskDefinitionsTable>;
export type TaskRow = Selectable<TasksTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type DeploymentRow = Selectable<DeploymentsTable>;

/** jsonb parameters go in as text: pg would send a JS array as a Postgres array literal. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export interface SecretsTable {
  kind: 'secret' | 'parameter';
  name: string;
  arn: string;
  description: Defaulted<string>;
  parameter_type: 'String' | 'StringList' | 'SecureString' | null;
  version: number;
  version_id: string;
  sealed_value: string;
  value_created_at: Date;
  previous_version_id: string | null;
  previous_sealed_value: string | null;
  previous_created_at: Date | null;
  tags: JsonColumn<TagRow[]>;
  created_at: Date;
  changed_at: Date;
  deletion_date: Date | null;
}

export interface TargetGroupsTable {
  arn: string;
  name: string;
  protocol: LbProtocol;
  port: number;
  target_type: TargetType;
  health_check: JsonColumn<TargetHealthCheck>;
  deregistration_delay_seconds: number;
  tags: JsonColumn<TagRow[]>;
  created_at: Date;
}

export interface LoadBalancersTable {
  arn: string;
  name: string;
  type: LoadBalancerType;
  scheme: LoadBalancerScheme;
  tags: JsonColumn<TagRow[]>;
  created_at: Date;
}

export interface ListenersTable {
  arn: string;
  load_balancer_arn: string;
  port: number;
  protocol: LbProtocol;
  target_group_arn: string;
  created_at: Date;
}
