/**
 * `--output table`: responses as a person reads them. Works on the ECS JSON (@berth/proto's fromProto), chosen
 * by the response's shape: a view per resource kind, lists of ARNs one per line, failures after the
 * table, and JSON for anything else. Adding a resource kind is adding a view. Pure.
 */
import { formatJson } from '@berth/proto';

type Json = Record<string, unknown>;

export interface Column {
  readonly header: string;
  readonly value: (item: Json) => unknown;
}

/** A table of the items found under `plural` (an array) or `singular` (one object). */
export interface TableView {
  readonly plural: string;
  readonly singular?: string;
  readonly columns: readonly Column[];
  /** Sections after the table for each item (a service's deployments and events). */
  readonly details?: (item: Json) => string[];
  /** Other keys of the response the view accounts for without showing (register's tags). */
  readonly companions?: readonly string[];
}

export interface TableOutput {
  /** The table itself, for stdout ('' when there is nothing to show). */
  text: string;
  /** Remarks for stderr, such as how to fetch the next page. */
  note?: string;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (item: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), item);
const lastSegment = (arn: unknown): unknown => (typeof arn === 'string' ? arn.slice(arn.lastIndexOf('/') + 1) : undefined);

function resource(item: Json, list: 'remainingResources' | 'registeredResources', name: string): unknown {
  const found = (Array.isArray(item[list]) ? item[list] : []).find((r) => get(r, 'name') === name);
  return get(found, 'integerValue') ?? get(found, 'longValue');
}

/** `arn:...:task-definition/web:3` → `web:3`. */
const taskDefinitionName = (arn: unknown): unknown =>
  typeof arn === 'string' && arn.includes('task-definition/') ? arn.slice(arn.indexOf('task-definition/') + 'task-definition/'.length) : arn;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const joined = (items: readonly string[]): string | undefined => (items.length === 0 ? undefined : items.join(','));

/** A task's host ports, as docker ps shows them: `127.0.0.1:49153->80/tcp`. */
function taskPorts(task: Json): string | undefined {
  const ports = list(task['containers']).flatMap((c) =>
    list(get(c, 'networkBindings')).map((b) => {
      const ip = get(b, 'bindIP');
      return `${typeof ip === 'string' ? `${ip}:` : ''}${cell(get(b, 'hostPort'))}->${cell(get(b, 'containerPort'))}/${String(get(b, 'protocol') ?? 'tcp')}`;
    }),
  );
  return joined(ports);
}

/** A container definition's port mappings: `8080->80/tcp`, or `80/tcp` for a dynamic host port. */
function mappedPorts(container: Json): string | undefined {
  const ports = list(container['portMappings']).map((m) => {
    const host = get(m, 'hostPort');
    const target = `${cell(get(m, 'containerPort'))}/${String(get(m, 'protocol') ?? 'tcp')}`;
    return typeof host === 'number' && host !== 0 ? `${host}->${target}` : target;
  });
  return joined(ports);
}

const containerMemory = (c: Json): unknown =>
  c['memory'] ?? (c['memoryReservation'] === undefined ? undefined : `${String(c['memoryReservation'])} (soft)`);

const containerView: TableView = {
  plural: 'containerDefinitions',
  columns: [
    { header: 'NAME', value: (c) => c['name'] },
    { header: 'IMAGE', value: (c) => c['image'] },
    { header: 'CPU', value: (c) => c['cpu'] },
    { header: 'MEMORY', value: containerMemory },
    { header: 'ESSENTIAL', value: (c) => c['essential'] ?? true },
    { header: 'PORTS', value: mappedPorts },
  ],
};

const deploymentView: TableView = {
  plural: 'deployments',
  columns: [
    { header: 'ID', value: (d) => d['id'] },
    { header: 'STATUS', value: (d) => d['status'] },
    { header: 'ROLLOUT', value: (d) => d['rolloutState'] },
    { header: 'DESIRED', value: (d) => d['desiredCount'] },
    { header: 'RUNNING', value: (d) => d['runningCount'] },
    { header: 'PENDING', value: (d) => d['pendingCount'] },
    { header: 'FAILED', value: (d) => d['failedTasks'] },
    { header: 'TASK-DEFINITION', value: (d) => taskDefinitionName(d['taskDefinition']) },
  ],
};

export const EVENTS_SHOWN = 5;

/** A service's deployments and its newest events, newest first. */
function serviceDetails(service: Json): string[] {
  const name = cell(service['serviceName']);
  const sections: string[] = [];
  const deployments = list(service['deployments']);
  if (deployments.length > 0) sections.push(`DEPLOYMENTS (${name})\n${renderView(deploymentView, deployments)}`);
  const events = list(service['events'])
    .filter(isObject)
    .map((e, i) => ({ at: typeof e['createdAt'] === 'string' ? e['createdAt'] : '', message: cell(e['message']), i }))
    .sort((a, b) => (a.at === b.at ? a.i - b.i : a.at < b.at ? 1 : -1))
    .slice(0, EVENTS_SHOWN);
  if (events.length > 0) sections.push(`EVENTS (${name})\n${events.map((e) => `${e.at || '-'}  ${e.message}`).join('\n')}`);
  return sections;
}

const remainingOfRegistered = (name: string) => (item: Json) => {
  const remaining = resource(item, 'remainingResources', name);
  const registered = resource(item, 'registeredResources', name);
  return remaining === undefined && registered === undefined ? undefined : `${remaining ?? '-'}/${registered ?? '-'}`;
};

export const views: readonly TableView[] = [
  {
    plural: 'clusters',
    singular: 'cluster',
    columns: [
      { header: 'NAME', value: (c) => c['clusterName'] },
      { header: 'STATUS', value: (c) => c['status'] },
      { header: 'INSTANCES', value: (c) => c['registeredContainerInstancesCount'] },
      { header: 'RUNNING', value: (c) => c['runningTasksCount'] },
      { header: 'PENDING', value: (c) => c['pendingTasksCount'] },
      { header: 'SERVICES', value: (c) => c['activeServicesCount'] },
    ],
  },
  {
    plural: 'containerInstances',
    singular: 'containerInstance',
    columns: [
      { header: 'ID', value: (i) => lastSegment(i['containerInstanceArn']) },
      { header: 'STATUS', value: (i) => i['status'] },
      { header: 'CONNECTED', value: (i) => i['agentConnected'] },
      { header: 'CPU', value: remainingOfRegistered('CPU') },
      { header: 'MEMORY', value: remainingOfRegistered('MEMORY') },
      { header: 'RUNNING', value: (i) => i['runningTasksCount'] },
      { header: 'PENDING', value: (i) => i['pendingTasksCount'] },
      { header: 'AGENT-VERSION', value: (i) => i['agentVersion'] ?? get(i, 'versionInfo', 'agentVersion') },
    ],
  },
  {
    plural: 'tasks',
    singular: 'task',
    columns: [
      { header: 'TASK', value: (t) => lastSegment(t['taskArn']) },
      { header: 'DEFINITION', value: (t) => taskDefinitionName(t['taskDefinitionArn']) },
      { header: 'LAST', value: (t) => t['lastStatus'] },
      { header: 'DESIRED', value: (t) => t['desiredStatus'] },
      { header: 'HEALTH', value: (t) => t['healthStatus'] },
      { header: 'INSTANCE', value: (t) => lastSegment(t['containerInstanceArn']) },
      { header: 'PORTS', value: taskPorts },
    ],
  },
  {
    plural: 'taskDefinitions',
    singular: 'taskDefinition',
    companions: ['tags'],
    columns: [
      { header: 'TASK-DEFINITION', value: (d) => (d['family'] === undefined ? taskDefinitionName(d['taskDefinitionArn']) : `${String(d['family'])}:${cell(d['revision'])}`) },
      { header: 'STATUS', value: (d) => d['status'] },
      { header: 'NETWORK-MODE', value: (d) => d['networkMode'] ?? 'bridge' },
      { header: 'CPU', value: (d) => d['cpu'] },
      { header: 'MEMORY', value: (d) => d['memory'] },
    ],
    details: (d) => {
      const containers = list(d['containerDefinitions']);
      return containers.length === 0 ? [] : [`CONTAINERS\n${renderView(containerView, containers)}`];
    },
  },
  {
    plural: 'services',
    singular: 'service',
    columns: [
      { header: 'NAME', value: (s) => s['serviceName'] },
      { header: 'STATUS', value: (s) => s['status'] },
      { header: 'DESIRED', value: (s) => s['desiredCount'] },
      { header: 'RUNNING', value: (s) => s['runningCount'] },
      { header: 'PENDING', value: (s) => s['pendingCount'] },
      { header: 'TASK-DEFINITION', value: (s) => taskDefinitionName(s['taskDefinition']) },
    ],
    details: serviceDetails,
  },
  {
    plural: 'attributes',
    columns: [
      { header: 'NAME', value: (a) => a['name'] },
      { header: 'VALUE', value: (a) => a['value'] },
      { header: 'TARGET', value: (a) => a['targetId'] },
    ],
  },
];

const failureView: TableView = {
  plural: 'failures',
  columns: [
    { header: 'ARN', value: (f) => f['arn'] },
    { header: 'REASON', value: (f) => f['reason'] },
    { header: 'DETAIL', value: (f) => f['detail'] },
  ],
};

const cell = (v: unknown): string => (v === undefined || v === null || v === '' ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Left-aligned columns separated by two spaces, headers first. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

function renderView(view: TableView, items: readonly unknown[]): string {
  const objects = items.filter(isObject);
  return renderTable(
    view.columns.map((c) => c.header),
    objects.map((item) => view.columns.map((c) => cell(c.value(item)))),
  );
}

/** Keys of the response a view or the ARN list consumed; any other key means the table can't show it. */
const PAGING_KEY = 'nextToken';

export function formatTable(json: Json): TableOutput {
  const sections: string[] = [];
  const shown = new Set<string>([PAGING_KEY, failureView.plural]);

  for (const view of views) {
    const many = json[view.plural];
    const one = view.singular === undefined ? undefined : json[view.singular];
    const items = Array.isArray(many) ? many : isObject(one) ? [one] : undefined;
    if (items === undefined) continue;
    sections.push(renderView(view, items));
    if (view.details) for (const item of items.filter(isObject)) sections.push(...view.details(item));
    shown.add(view.plural);
    if (view.singular) shown.add(view.singular);
    for (const key of view.companions ?? []) shown.add(key);
  }
  // list-* responses: one ARN (or family) per line.
  for (const [key, value] of Object.entries(json)) {
    if (!shown.has(key) && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      sections.push(value.join('\n'));
      shown.add(key);
    }
  }
  const unshown = Object.keys(json).filter((k) => !shown.has(k));
  if (unshown.length > 0) return { text: formatJson(json) };

  const failures = json[failureView.plural];
  if (Array.isArray(failures) && failures.length > 0) sections.push(`FAILURES\n${renderView(failureView, failures)}`);
  const next = json[PAGING_KEY];
  return {
    text: sections.join('\n\n'),
    ...(typeof next === 'string' ? { note: `More results: repeat with --next-token ${next}` } : {}),
  };
}
