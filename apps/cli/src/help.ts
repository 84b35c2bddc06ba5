/** Help texts, made from the subcommand table. Pure. */
import type { CommandSpec, FlagSpec } from './commands.js';

export const DEFAULT_ENDPOINT = '127.0.0.1:7470';
export const GLOBAL_USAGE = 'usage: berth [--endpoint HOST:PORT] [--profile NAME] [--ca-bundle PEM] [--output json|table] <subcommand> [flags]';

function valueSyntax(f: FlagSpec): string {
  const placeholders: Partial<Record<FlagSpec['kind'], string>> = { integer: '<integer>', number: '<number>', json: '<json>', struct: '<structure>' };
  const one = f.choices ? f.choices.join('|') : (placeholders[f.kind] ?? '<value>');
  switch (f.kind) {
    case 'boolean':
      return `${f.flag} | --no-${f.flag.slice(2)}`;
    case 'list':
    case 'structs':
      return `${f.flag} ${one} [${one} ...]`;
    default:
      return `${f.flag} ${one}`;
  }
}

const inputJsonSyntax = '--cli-input-json <json|file://path>';

/** Two columns, the first padded to its widest entry. */
function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`.trimEnd());
}

export function globalHelp(commands: readonly CommandSpec[]): string {
  return [
    GLOBAL_USAGE,
    '',
    'Manages a Berth cluster the way `aws ecs` manages Amazon ECS: same subcommands, flags and JSON.',
    '',
    'Global options (before or after the subcommand):',
    ...columns([
      ['--endpoint HOST:PORT', `The control plane (default: $BERTH_ENDPOINT, else ${DEFAULT_ENDPOINT}); https://HOST:PORT for TLS.`],
      ['--profile NAME', 'The credentials profile (default: $BERTH_PROFILE, else berth), read from $AWS_SHARED_CREDENTIALS_FILE, ~/.aws/credentials or .berth/data/admin-credentials.'],
      ['--ca-bundle PEM', 'Trust this CA for TLS (default: $BERTH_CA_BUNDLE, else .berth/tls/ca.pem when present).'],
      ['--output json|table', 'Output format (default: json).'],
      ['--help', 'This help; `berth <subcommand> --help` or `berth help <subcommand>` for a subcommand.'],
    ]),
    '',
    'Subcommands:',
    ...columns(commands.map((c) => [c.name, c.summary] as const)),
    '',
    'Exit codes: 0 success, 252 command-line error, 254 the service reported an error, 255 connection error or a waiter failed.',
  ].join('\n');
}

/** `berth wait --help`: the waiters. */
export function waitHelp(commands: readonly CommandSpec[]): string {
  const waiters = commands.filter((c) => c.name.startsWith('wait '));
  return [
    'usage: berth [global options] wait <waiter> [flags]',
    '',
    'Polls until a condition holds, as `aws ecs wait` does: prints nothing on stdout and exits 0 when it',
    'holds, exits 255 when it cannot hold any more or after --max-attempts polls (every --interval-seconds,',
    'default 2 s, at most 300 times by default).',
    '',
    'Progress goes to stderr: on a terminal it is redrawn in place at every poll; otherwise a line is',
    'printed only when something changed. services-stable shows, per service, its counts and a line per',
    'deployment (id, status, rolloutState, desired/running/pending, task definition), and prints each',
    'service event that arrives while it waits, oldest first.',
    '',
    'Waiters:',
    ...columns(waiters.map((c) => [c.name.slice('wait '.length), c.summary] as const)),
    '',
    'See `berth wait <waiter> --help` for its flags.',
  ].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
  const synopsis = [
    ...spec.flags.map((f) => (f.required ? valueSyntax(f) : `[${valueSyntax(f)}]`)),
    `[${inputJsonSyntax}]`,
  ];
  const describe = (f: FlagSpec): string =>
    [f.required ? '(required)' : '', f.help ?? '', f.aliases?.length ? `Also ${f.aliases.join(', ')}.` : '']
      .filter(Boolean)
      .join(' ');
  return [
    `usage: berth [global options] ${spec.name} ${synopsis.join(' ')}`,
    '',
    `${spec.summary} (${spec.runner === 'logs' ? `streams ${spec.operation}` : spec.runner === 'wait' ? `polls ECS ${spec.operation}` : `ECS ${spec.operation}`})`,
    '',
    ...(spec.details ? [...spec.details, ''] : []),
    'Options:',
    ...columns([
      ...spec.flags.map((f) => [valueSyntax(f), describe(f)] as const),
      [inputJsonSyntax, 'The request as ECS JSON (camelCase names); flags given too override it.'],
    ]),
    '',
    ...(spec.flags.some((f) => f.kind === 'structs')
      ? ['Structure lists take one structure per argument, as aws shorthand (name=x,value=y) or JSON.']
      : []),
    ...(spec.flags.some((f) => f.kind === 'struct' || (f.kind === 'structs' && !f.members))
      ? ['Shorthand nests with {} and []: a=1,b={c=true},d=[x,y]. JSON members Berth does not support are ignored with a warning.']
      : []),
    'Any value may be read from a file with file://path.',
  ].join('\n');
}

/** `berth application-autoscaling --help`: its subcommands. */
export function scalingHelp(commands: readonly CommandSpec[]): string {
  const group = 'application-autoscaling ';
  return [
    'usage: berth [global options] application-autoscaling <subcommand> [flags]',
    '',
    "Scales services' desired counts as `aws application-autoscaling` does for ECS: scalable targets",
    '(--service-namespace ecs --resource-id service/<cluster>/<service> --scalable-dimension',
    'ecs:service:DesiredCount), target tracking and step policies, scheduled actions, scaling activities.',
    'JSON in and out is PascalCase, as that API has it.',
    '',
    'Subcommands:',
    ...columns(commands.filter((c) => c.name.startsWith(group)).map((c) => [c.name.slice(group.length), c.summary] as const)),
    '',
    'See `berth application-autoscaling <subcommand> --help` for its flags.',
  ].join('\n');
}

/** `berth secretsmanager --help` and `berth ssm --help`: their subcommands. */
function secretStoreHelp(commands: readonly CommandSpec[], group: string): string {
  const api = group === 'ssm' ? '`aws ssm` (Parameter Store)' : '`aws secretsmanager`';
  return [
    `usage: berth [global options] ${group} <subcommand> [flags]`,
    '',
    `Keeps secrets in the control plane as ${api} does, sealed with the server key. Container`,
    'definitions name them in secrets[].valueFrom and repositoryCredentials.credentialsParameter; a task',
    'gets the values when it starts. JSON in and out is PascalCase, as that API has it.',
    '',
    'Subcommands:',
    ...columns(commands.filter((c) => c.name.startsWith(`${group} `)).map((c) => [c.name.slice(group.length + 1), c.summary] as const)),
    '',
    `See \`berth ${group} <subcommand> --help\` for its flags.`,
  ].join('\n');
}

/** `berth elbv2 --help`: its subcommands. */
function elbHelp(commands: readonly CommandSpec[]): string {
  return [
    'usage: berth [global options] elbv2 <subcommand> [flags]',
    '',
    'Target groups, load balancers and listeners as `aws elbv2` has them: a listener takes a port of its',
    'load balancer and forwards to a target group, whose targets are health-checked. HAProxy, run by',
    'berth-lb, carries the traffic. JSON in and out is PascalCase, as that API has it.',
    '',
    'Subcommands:',
    ...columns(commands.filter((c) => c.name.startsWith('elbv2 ')).map((c) => [c.name.slice('elbv2 '.length), c.summary] as const)),
    '',
    'See `berth elbv2 <subcommand> --help` for its flags.',
  ].join('\n');
}

/** Help for a two-word group of subcommands. */
export function groupHelp(commands: readonly CommandSpec[], group: string): string {
  if (group === 'wait') return waitHelp(commands);
  if (group === 'elbv2') return elbHelp(commands);
  return group === 'application-autoscaling' ? scalingHelp(commands) : secretStoreHelp(commands, group);
}
