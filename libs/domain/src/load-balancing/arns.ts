import type { ArnScope } from '../arn.js';
import type { LoadBalancerType } from './resources.js';

const prefix = (scope: ArnScope) => `arn:aws:elasticloadbalancing:${scope.region}:${scope.account}:`;
const kind = (type: LoadBalancerType) => (type === 'application' ? 'app' : 'net');

/** 16 hex digits from random bytes, the shape of the id ELB puts at the end of its ARNs. */
export function elbResourceId(random: Uint8Array): string {
  if (random.length < 8) throw new RangeError('elbResourceId needs 8 random bytes');
  return Buffer.from(random.slice(0, 8)).toString('hex');
}

/** `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>` */
export const targetGroupArn = (scope: ArnScope, name: string, id: string) => `${prefix(scope)}targetgroup/${name}/${id}`;

/** `…:loadbalancer/app/<name>/<id>` (application) or `…/net/…` (network). */
export const loadBalancerArn = (scope: ArnScope, type: LoadBalancerType, name: string, id: string) => `${prefix(scope)}loadbalancer/${kind(type)}/${name}/${id}`;

/** `…:listener/app/<load balancer name>/<load balancer id>/<id>`: the load balancer's ARN path with one more id. */
export function listenerArn(lbArn: string, id: string): string {
  return `${lbArn.replace(':loadbalancer/', ':listener/')}/${id}`;
}
