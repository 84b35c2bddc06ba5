import { EcsError } from '../errors.js';
import type { TargetHealthCheck, LbProtocol, LoadBalancerScheme, LoadBalancerType, TargetType } from './resources.js';

/** ELB's name for a request that breaks a rule of its shape. */
export const elbValidation = (message: string): EcsError => new EcsError('ValidationError', message);

/** ELB's name rules: 1–32 letters, digits and hyphens, not beginning or ending with a hyphen. */
const namePattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

export function checkElbName(name: string | undefined, what: 'target group' | 'load balancer'): string {
  if (name === undefined || name === '') throw elbValidation('Name is required.');
  if (!namePattern.test(name)) {
    throw elbValidation(`The ${what} name '${name.slice(0, 64)}' (Name) is not valid: use at most 32 letters, digits and hyphens, not beginning or ending with a hyphen.`);
  }
  if (what === 'load balancer' && name.toLowerCase().startsWith('internal-')) throw elbValidation(`Load balancer names cannot begin with 'internal-' (Name '${name}').`);
  return name;
}

export function checkPort(port: number | undefined, field: string): number {
  if (port === undefined) throw elbValidation(`${field} is required.`);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw elbValidation(`${field} must be between 1 and 65535; got ${port}.`);
  return port;
}

const protocols: readonly LbProtocol[] = ['HTTP', 'TCP'];
const unsupportedProtocols = ['HTTPS', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'];

export function checkProtocol(value: string | undefined, field: string, fallback?: LbProtocol): LbProtocol {
  if (value === undefined && fallback) return fallback;
  if (value === undefined) throw elbValidation(`${field} is required.`);
  if ((protocols as readonly string[]).includes(value)) return value as LbProtocol;
  if (unsupportedProtocols.includes(value)) throw new EcsError('UnsupportedProtocol', `Protocol '${value}' (${field}) is not supported by Berth: use HTTP or TCP.`);
  throw elbValidation(`${field} must be one of HTTP, TCP; got '${value}'.`);
}

function inRange(value: number | undefined, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw elbValidation(`${field} must be between ${min} and ${max}; got ${value}.`);
  return value;
}

/** `200`, `200,202`, `200-299`: codes from 200 to 499, as an application load balancer takes them. */
export function checkMatcher(code: string | undefined): string {
  if (code === undefined) return '200';
  const parts = code.split(',');
  const valid = parts.every((part) => {
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(part.trim());
    if (!m) return false;
    const low = Number(m[1]);
    const high = Number(m[2] ?? m[1]);
    return low >= 200 && high <= 499 && low <= high;
  });
  if (!valid) throw elbValidation(`Matcher.HttpCode '${code.slice(0, 64)}' is not valid: give codes from 200 to 499 as '200', '200,202' or '200-299'.`);
  return parts.map((p) => p.trim()).join(',');
}

export interface HealthCheckInput {
  readonly healthCheckEnabled?: boolean;
  readonly healthCheckProtocol?: string;
  readonly healthCheckPort?: string;
  readonly healthCheckPath?: string;
  readonly healthCheckIntervalSeconds?: number;
  readonly healthCheckTimeoutSeconds?: number;
  readonly healthyThresholdCount?: number;
  readonly unhealthyThresholdCount?: number;
  readonly matcher?: { readonly httpCode?: string };
}

/**
 * A target group's health check, ELB's defaults filled in: HTTP checks `/` every 30 s with a 5 s
 * timeout and code 200; TCP connects every 30 s with a 10 s timeout; 5 passes make a target
 * healthy, 2 failures unhealthy. `base` is the check being modified (ModifyTargetGroup).
 */
export function checkHealthCheck(input: HealthCheckInput, trafficProtocol: LbProtocol, base?: TargetHealthCheck): TargetHealthCheck {
  const protocol = checkProtocol(input.healthCheckProtocol, 'HealthCheckProtocol', base?.protocol ?? trafficProtocol);
  if (trafficProtocol === 'HTTP' && protocol === 'TCP') throw elbValidation('HealthCheckProtocol TCP is not valid for a target group with protocol HTTP.');
  const port = input.healthCheckPort ?? base?.port ?? 'traffic-port';
  if (port !== 'traffic-port') checkPort(/^\d+$/.test(port) ? Number(port) : Number.NaN, 'HealthCheckPort');
  const http = protocol === 'HTTP';
  const interval = inRange(input.healthCheckIntervalSeconds, 'HealthCheckIntervalSeconds', 5, 300, base?.intervalSeconds ?? 30);
  const timeout = inRange(input.healthCheckTimeoutSeconds, 'HealthCheckTimeoutSeconds', 2, 120, base?.protocol === protocol ? base.timeoutSeconds : http ? 5 : 10);
  if (timeout >= interval) throw elbValidation(`HealthCheckTimeoutSeconds (${timeout}) must be smaller than HealthCheckIntervalSeconds (${interval}).`);
  if (!http && (input.healthCheckPath !== undefined || input.matcher !== undefined)) throw elbValidation('HealthCheckPath and Matcher apply only to HTTP health checks.');
  const path = input.healthCheckPath ?? base?.path ?? '/';
  if (http && (!path.startsWith('/') || path.length > 1024)) throw elbValidation(`HealthCheckPath must start with '/' and have at most 1024 characters; got '${path.slice(0, 64)}'.`);
  return {
    enabled: input.healthCheckEnabled ?? base?.enabled ?? true,
    protocol,
    port,
    ...(http ? { path, matcher: input.matcher?.httpCode !== undefined ? checkMatcher(input.matcher.httpCode) : (base?.matcher ?? '200') } : {}),
    intervalSeconds: interval,
    timeoutSeconds: timeout,
    healthyThresholdCount: inRange(input.healthyThresholdCount, 'HealthyThresholdCount', 2, 10, base?.healthyThresholdCount ?? 5),
    unhealthyThresholdCount: inRange(input.unhealthyThresholdCount, 'UnhealthyThresholdCount', 2, 10, base?.unhealthyThresholdCount ?? 2),
  };
}

export function checkTargetType(value: string | undefined): TargetType {
  if (value === undefined || value === 'instance' || value === 'ip') return value ?? 'instance';
  throw elbValidation(`TargetType must be instance or ip; got '${value}'.`);
}

/** ELB's default deregistration delay, and its bounds. */
export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;
export const DEREGISTRATION_DELAY_ATTRIBUTE = 'deregistration_delay.timeout_seconds';

/** A target group's attributes as ModifyTargetGroupAttributes sets them; Berth keeps the deregistration delay. */
export function checkTargetGroupAttributes(attributes: readonly { key?: string; value?: string }[] | undefined): { deregistrationDelaySeconds?: number } {
  if (!attributes || attributes.length === 0) throw elbValidation('Attributes must name at least one attribute.');
  let delay: number | undefined;
  for (const [i, a] of attributes.entries()) {
    if (a.key !== DEREGISTRATION_DELAY_ATTRIBUTE) throw elbValidation(`Attributes[${i}].Key '${a.key ?? ''}' is not supported by Berth: the attribute it keeps is ${DEREGISTRATION_DELAY_ATTRIBUTE}.`);
    const value = a.value ?? '';
    if (!/^\d+$/.test(value) || Number(value) > 3600) throw elbValidation(`${DEREGISTRATION_DELAY_ATTRIBUTE} must be a whole number of seconds from 0 to 3600; got '${value.slice(0, 32)}'.`);
    delay = Number(value);
  }
  return delay === undefined ? {} : { deregistrationDelaySeconds: delay };
}

export function checkLoadBalancerType(value: string | undefined): LoadBalancerType {
  if (value === undefined || value === 'application' || value === 'network') return value ?? 'application';
  throw elbValidation(`Type must be application or network; got '${value}'.`);
}

export function checkScheme(value: string | undefined): LoadBalancerScheme {
  if (value === undefined || value === 'internet-facing' || value === 'internal') return value ?? 'internet-facing';
  throw elbValidation(`Scheme must be internet-facing or internal; got '${value}'.`);
}

/** A listener's protocol follows its load balancer: HTTP on application, TCP on network. */
export function listenerProtocolFor(type: LoadBalancerType, requested: string | undefined): LbProtocol {
  const expected: LbProtocol = type === 'application' ? 'HTTP' : 'TCP';
  const protocol = checkProtocol(requested, 'Protocol', expected);
  if (protocol !== expected) throw new EcsError('IncompatibleProtocols', `A listener of an ${type} load balancer uses ${expected}; got Protocol ${protocol}.`);
  return protocol;
}

export interface ActionInput {
  readonly type?: string;
  readonly targetGroupArn?: string;
  readonly forwardConfig?: { readonly targetGroups?: readonly { readonly targetGroupArn?: string; readonly weight?: number }[] };
}

/** The target group of a listener's default actions: one `forward` action, to one target group. */
export function forwardTargetOf(actions: readonly ActionInput[] | undefined): string {
  if (!actions || actions.length === 0) throw elbValidation('DefaultActions is required: give one forward action.');
  if (actions.length > 1) throw new EcsError('InvalidLoadBalancerAction', 'Berth listeners take one default action: a forward to one target group.');
  const [action] = actions;
  if (action?.type !== 'forward') throw new EcsError('InvalidLoadBalancerAction', `DefaultActions[0].Type '${action?.type ?? ''}' is not supported by Berth: use forward.`);
  const fromConfig = action.forwardConfig?.targetGroups ?? [];
  if (fromConfig.length > 1) throw new EcsError('InvalidLoadBalancerAction', 'DefaultActions[0].ForwardConfig.TargetGroups: Berth forwards to one target group per listener.');
  const arns = new Set([action.targetGroupArn, fromConfig[0]?.targetGroupArn].filter((a): a is string => a !== undefined && a !== ''));
  if (arns.size === 0) throw elbValidation('DefaultActions[0].TargetGroupArn is required for a forward action.');
  if (arns.size > 1) throw elbValidation('DefaultActions[0]: TargetGroupArn and ForwardConfig name different target groups.');
  return [...arns][0] as string;
}
