import { EcsError, elbValidation, type LoadBalancer, type TargetGroupView } from '@berth/domain';
import type { StoreReads } from '@berth/state-store';
import { decodeToken } from '../pagination.js';

/** What the load-balancing operations share: ARN checks, ELB's not-found errors, paging by marker. */

export const targetGroupNotFound = () => new EcsError('TargetGroupNotFound', 'One or more target groups not found');
export const loadBalancerNotFound = () => new EcsError('LoadBalancerNotFound', 'One or more load balancers not found');
export const listenerNotFound = () => new EcsError('ListenerNotFound', 'One or more listeners not found');

const arnShapes = {
  TargetGroupArn: /^arn:aws:elasticloadbalancing:[^:]+:[^:]+:targetgroup\/[^/]+\/[^/]+$/,
  LoadBalancerArn: /^arn:aws:elasticloadbalancing:[^:]+:[^:]+:loadbalancer\/(app|net)\/[^/]+\/[^/]+$/,
  ListenerArn: /^arn:aws:elasticloadbalancing:[^:]+:[^:]+:listener\/(app|net)\/[^/]+\/[^/]+\/[^/]+$/,
} as const;

/** The ARN in `field`, required and of its kind's shape. */
export function requireElbArn(value: string | undefined, field: keyof typeof arnShapes | `${keyof typeof arnShapes}s[${number}]`): string {
  const kind = field.replace(/s\[\d+\]$/, '') as keyof typeof arnShapes;
  if (value === undefined || value === '') throw elbValidation(`${field} is required.`);
  if (!arnShapes[kind].test(value)) throw elbValidation(`'${value.slice(0, 200)}' (${field}) is not a valid ${kind.replace(/Arn$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ARN.`);
  return value;
}

export function requireElbArns(values: readonly string[] | undefined, field: 'TargetGroupArn' | 'LoadBalancerArn' | 'ListenerArn'): string[] {
  return (values ?? []).map((v, i) => requireElbArn(v, `${field}s[${i}]`));
}

/** ELB's PageSize: 1–400, all of them when absent. */
export function elbPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) return 400;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 400) throw elbValidation(`PageSize must be between 1 and 400; got ${pageSize}.`);
  return pageSize;
}

export function markerKey(marker: string | undefined): string | undefined {
  try {
    return decodeToken(marker);
  } catch {
    throw elbValidation('Marker is not valid: pass the NextMarker of the previous page.');
  }
}

export async function targetGroupByArn(read: StoreReads, arn: string): Promise<TargetGroupView> {
  const [view] = await read.findTargetGroups({ arns: [arn] });
  if (!view) throw targetGroupNotFound();
  return view;
}

export async function loadBalancerByArn(read: StoreReads, arn: string): Promise<LoadBalancer> {
  const [lb] = await read.findLoadBalancers({ arns: [arn] });
  if (!lb) throw loadBalancerNotFound();
  return lb;
}
