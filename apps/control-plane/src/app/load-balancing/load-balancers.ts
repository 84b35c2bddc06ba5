import {
  EcsError,
  checkElbName,
  checkLoadBalancerType,
  checkPort,
  checkScheme,
  elbResourceId,
  elbValidation,
  forwardTargetOf,
  listenerArn,
  listenerProtocolFor,
  loadBalancerArn,
  validateTags,
  type Listener,
  type LoadBalancer,
} from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { AppContext } from '../context.js';
import { pageOf } from '../pagination.js';
import { elbPageSize, listenerNotFound, loadBalancerByArn, loadBalancerNotFound, markerKey, requireElbArn, requireElbArns, targetGroupNotFound } from './lookup.js';

/**
 * ELBv2's load-balancer and listener operations. A load balancer is a name and its listeners; each
 * listener takes one port and forwards to one target group. Its traffic is served by berth-lb
 * processes running HAProxy.
 */

export async function createLoadBalancer(app: AppContext, req: RequestOf<'CreateLoadBalancer'>): Promise<ResultOf<'CreateLoadBalancer'>> {
  const name = checkElbName(req.name, 'load balancer');
  if (req.ipAddressType !== undefined && req.ipAddressType !== 'ipv4') throw elbValidation(`IpAddressType '${req.ipAddressType}' is not supported by Berth: load balancers are ipv4.`);
  const type = checkLoadBalancerType(req.type);
  const candidate: LoadBalancer = {
    arn: loadBalancerArn(app.scope, type, name, elbResourceId(app.ids.randomBytes(8))),
    name,
    type,
    scheme: checkScheme(req.scheme),
    tags: validateTags(req.tags),
    createdAt: app.now(),
  };
  if (await app.store.transaction((tx) => tx.insertLoadBalancer(candidate))) return { loadBalancers: [candidate] };
  const [existing] = await app.store.read.findLoadBalancers({ names: [name] });
  if (!existing || existing.type !== candidate.type || existing.scheme !== candidate.scheme) {
    throw new EcsError('DuplicateLoadBalancerName', `A load balancer with the same name '${name}' exists, but with different settings`);
  }
  return { loadBalancers: [existing] };
}

export async function describeLoadBalancers(app: AppContext, req: RequestOf<'DescribeLoadBalancers'>): Promise<ResultOf<'DescribeLoadBalancers'>> {
  const arns = requireElbArns(req.loadBalancerArns, 'LoadBalancerArn');
  const names = req.names ?? [];
  if (arns.length > 0 && names.length > 0) throw elbValidation('Give LoadBalancerArns or Names, not both.');
  if (arns.length > 0 || names.length > 0) {
    const found = await app.store.read.findLoadBalancers({ arns, names });
    if (arns.some((a) => !found.some((lb) => lb.arn === a)) || names.some((n) => !found.some((lb) => lb.name === n))) throw loadBalancerNotFound();
    return { loadBalancers: found };
  }
  const size = elbPageSize(req.pageSize);
  const after = markerKey(req.marker);
  const rows = await app.store.read.listLoadBalancers({ limit: size + 1, ...(after !== undefined ? { afterName: after } : {}) });
  const { items, nextToken } = pageOf(rows, size, (lb) => lb.name);
  return { loadBalancers: items, ...(nextToken ? { nextMarker: nextToken } : {}) };
}

/** Deletes the load balancer and its listeners; its target groups stay. One already gone is no error, as ELB has it. */
export async function deleteLoadBalancer(app: AppContext, req: RequestOf<'DeleteLoadBalancer'>): Promise<ResultOf<'DeleteLoadBalancer'>> {
  const arn = requireElbArn(req.loadBalancerArn, 'LoadBalancerArn');
  await app.store.transaction((tx) => tx.deleteLoadBalancer(arn));
  return {};
}

/**
 * A listener on a free port of the load balancer, forwarding to a target group of the same
 * protocol that no other load balancer uses. The target group is locked, so two listeners of
 * different load balancers cannot both take it.
 */
export async function createListener(app: AppContext, req: RequestOf<'CreateListener'>): Promise<ResultOf<'CreateListener'>> {
  const lbArn = requireElbArn(req.loadBalancerArn, 'LoadBalancerArn');
  if (req.sslPolicy !== undefined || (req.certificates ?? []).length > 0) throw new EcsError('UnsupportedProtocol', "Berth's listeners are HTTP or TCP: SslPolicy and Certificates are not supported.");
  const port = checkPort(req.port, 'Port');
  const targetGroupArn = requireElbArn(forwardTargetOf(req.defaultActions), 'TargetGroupArn');
  const listener = await app.store.transaction(async (tx) => {
    const lb = await tx.findLoadBalancerForUpdate(lbArn);
    if (!lb) throw loadBalancerNotFound();
    const protocol = listenerProtocolFor(lb.type, req.protocol);
    const tg = await tx.findTargetGroupForUpdate(targetGroupArn);
    if (!tg) throw targetGroupNotFound();
    if (tg.protocol !== protocol) throw new EcsError('IncompatibleProtocols', `Target group '${tg.arn}' uses ${tg.protocol}; the listener uses ${protocol}.`);
    const elsewhere = (await tx.findListeners({ targetGroupArn })).find((l) => l.loadBalancerArn !== lbArn);
    if (elsewhere) throw new EcsError('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: ${targetGroupArn}`);
    const created: Listener = { arn: listenerArn(lb.arn, elbResourceId(app.ids.randomBytes(8))), loadBalancerArn: lb.arn, port, protocol, targetGroupArn, createdAt: app.now() };
    if (!(await tx.insertListener(created))) throw new EcsError('DuplicateListener', `A listener already exists on port ${port} of load balancer '${lb.arn}'`);
    return created;
  });
  return { listeners: [listener] };
}

/** A load balancer's listeners (by port), or those named by ARN (all must exist). */
export async function describeListeners(app: AppContext, req: RequestOf<'DescribeListeners'>): Promise<ResultOf<'DescribeListeners'>> {
  const arns = requireElbArns(req.listenerArns, 'ListenerArn');
  if (arns.length > 0) {
    if (req.loadBalancerArn !== undefined) throw elbValidation('Give LoadBalancerArn or ListenerArns, not both.');
    const found = await app.store.read.findListeners({ arns });
    if (arns.some((a) => !found.some((l) => l.arn === a))) throw listenerNotFound();
    return { listeners: found };
  }
  if (req.loadBalancerArn === undefined) throw elbValidation('Give LoadBalancerArn or ListenerArns.');
  const lb = await loadBalancerByArn(app.store.read, requireElbArn(req.loadBalancerArn, 'LoadBalancerArn'));
  const size = elbPageSize(req.pageSize);
  const after = markerKey(req.marker);
  const all = await app.store.read.findListeners({ loadBalancerArn: lb.arn });
  const rest = after === undefined ? all : all.filter((l) => l.port > Number(after));
  const { items, nextToken } = pageOf(rest, size, (l) => String(l.port));
  return { listeners: items, ...(nextToken ? { nextMarker: nextToken } : {}) };
}

export async function deleteListener(app: AppContext, req: RequestOf<'DeleteListener'>): Promise<ResultOf<'DeleteListener'>> {
  const arn = requireElbArn(req.listenerArn, 'ListenerArn');
  const deleted = await app.store.transaction((tx) => tx.deleteListener(arn));
  if (!deleted) throw listenerNotFound();
  return {};
}
