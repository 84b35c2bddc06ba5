/**
 * `--output table`: responses as a person reads them. Works on the ECS JSON (output-json.ts), chosen
 * by the response's shape: a view per resource kind, lists of ARNs one per line, failures after the
 * table, and JSON for anything else. Adding a resource kind is adding a view. Pure.
 */
import { formatJson } from './output-json.js';

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
    shown.add(view.plural);
    if (view.singular) shown.add(view.singular);
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
