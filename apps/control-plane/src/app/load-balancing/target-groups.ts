import {
  DEFAULT_DEREGISTRATION_DELAY_SECONDS,
  EcsError,
  checkElbName,
  checkHealthCheck,
  checkPort,
  checkProtocol,
  checkTargetGroupAttributes,
  checkTargetType,
  elbResourceId,
  elbValidation,
  targetGroupArn,
  validateTags,
  type TargetGroup,
} from '@berth/domain';
import type { RequestOf, ResultOf } from '@berth/ecs-api';
import type { AppContext } from '../context.js';
import { pageOf } from '../pagination.js';
import { elbPageSize, loadBalancerNotFound, markerKey, requireElbArn, requireElbArns, targetGroupByArn, targetGroupNotFound } from './lookup.js';

/**
 * ELBv2's target-group operations. A target group says how its targets are reached (protocol,
 * port, target type) and health-checked, and how long a leaving target drains.
 */

function refuseUnsupported(req: { ipAddressType?: string; protocolVersion?: string; matcher?: { grpcCode?: string } }): void {
  if (req.ipAddressType !== undefined && req.ipAddressType !== 'ipv4') throw elbValidation(`IpAddressType '${req.ipAddressType}' is not supported by Berth: target groups are ipv4.`);
  if (req.protocolVersion !== undefined && req.protocolVersion !== 'HTTP1') throw elbValidation(`ProtocolVersion '${req.protocolVersion}' is not supported by Berth: use HTTP1.`);
  if (req.matcher?.grpcCode !== undefined) throw elbValidation('Matcher.GrpcCode is not supported by Berth: health checks are HTTP or TCP.');
}

/** The settings two CreateTargetGroup calls must share to be the same request (keys sorted: jsonb keeps its own order). */
const settingsOf = (tg: TargetGroup) => JSON.stringify([tg.protocol, tg.port, tg.targetType, Object.entries(tg.healthCheck).sort(([a], [b]) => a.localeCompare(b))]);

/** A new target group; the same name with the same settings answers the existing one, as ELB does. */
export async function createTargetGroup(app: AppContext, req: RequestOf<'CreateTargetGroup'>): Promise<ResultOf<'CreateTargetGroup'>> {
  const name = checkElbName(req.name, 'target group');
  refuseUnsupported(req);
  const protocol = checkProtocol(req.protocol, 'Protocol');
  const candidate: TargetGroup = {
    arn: targetGroupArn(app.scope, name, elbResourceId(app.ids.randomBytes(8))),
    name,
    protocol,
    port: checkPort(req.port, 'Port'),
    targetType: checkTargetType(req.targetType),
    healthCheck: checkHealthCheck(req, protocol),
    deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS,
    tags: validateTags(req.tags),
    createdAt: app.now(),
  };
  const inserted = await app.store.transaction((tx) => tx.insertTargetGroup(candidate));
  if (inserted) return { targetGroups: [{ targetGroup: candidate, loadBalancerArns: [] }] };
  const [existing] = await app.store.read.findTargetGroups({ names: [name] });
  if (!existing || settingsOf(existing.targetGroup) !== settingsOf(candidate)) {
    throw new EcsError('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`);
  }
  return { targetGroups: [existing] };
}

/** By ARNs or names (all must exist), or those a load balancer uses, or all of them, paged. */
export async function describeTargetGroups(app: AppContext, req: RequestOf<'DescribeTargetGroups'>): Promise<ResultOf<'DescribeTargetGroups'>> {
  const arns = requireElbArns(req.targetGroupArns, 'TargetGroupArn');
  const names = req.names ?? [];
  const chosen = [arns.length > 0, names.length > 0, req.loadBalancerArn !== undefined].filter(Boolean).length;
  if (chosen > 1) throw elbValidation('Give at most one of LoadBalancerArn, TargetGroupArns and Names.');
  if (arns.length > 0 || names.length > 0) {
    const found = await app.store.read.findTargetGroups({ arns, names });
    const missing = arns.some((a) => !found.some((v) => v.targetGroup.arn === a)) || names.some((n) => !found.some((v) => v.targetGroup.name === n));
    if (missing) throw targetGroupNotFound();
    return { targetGroups: found };
  }
  const size = elbPageSize(req.pageSize);
  const after = markerKey(req.marker);
  const loadBalancerArn = req.loadBalancerArn === undefined ? undefined : requireElbArn(req.loadBalancerArn, 'LoadBalancerArn');
  if (loadBalancerArn !== undefined && (await app.store.read.findLoadBalancers({ arns: [loadBalancerArn] })).length === 0) {
    throw loadBalancerNotFound();
  }
  const rows = await app.store.read.listTargetGroups({ limit: size + 1, ...(after !== undefined ? { afterName: after } : {}), ...(loadBalancerArn ? { loadBalancerArn } : {}) });
  const { items, nextToken } = pageOf(rows, size, (v) => v.targetGroup.name);
  return { targetGroups: items, ...(nextToken ? { nextMarker: nextToken } : {}) };
}

/** Changes the health check; what the request does not name stays. */
export async function modifyTargetGroup(app: AppContext, req: RequestOf<'ModifyTargetGroup'>): Promise<ResultOf<'ModifyTargetGroup'>> {
  const arn = requireElbArn(req.targetGroupArn, 'TargetGroupArn');
  refuseUnsupported(req);
  await app.store.transaction(async (tx) => {
    const tg = await tx.findTargetGroupForUpdate(arn);
    if (!tg) throw targetGroupNotFound();
    await tx.updateTargetGroup({ ...tg, healthCheck: checkHealthCheck(req, tg.protocol, tg.healthCheck) });
  });
  return { targetGroups: [await targetGroupByArn(app.store.read, arn)] };
}

/** Deletes a target group no listener uses; one already gone is no error, as ELB has it. */
export async function deleteTargetGroup(app: AppContext, req: RequestOf<'DeleteTargetGroup'>): Promise<ResultOf<'DeleteTargetGroup'>> {
  const arn = requireElbArn(req.targetGroupArn, 'TargetGroupArn');
  await app.store.transaction(async (tx) => {
    const tg = await tx.findTargetGroupForUpdate(arn);
    if (!tg) return;
    if ((await tx.findListeners({ targetGroupArn: arn })).length > 0) throw new EcsError('ResourceInUse', `Target group '${arn}' is currently in use by a listener or a rule`);
    await tx.deleteTargetGroup(arn);
  });
  return {};
}

export async function modifyTargetGroupAttributes(app: AppContext, req: RequestOf<'ModifyTargetGroupAttributes'>): Promise<ResultOf<'ModifyTargetGroupAttributes'>> {
  const arn = requireElbArn(req.targetGroupArn, 'TargetGroupArn');
  const changes = checkTargetGroupAttributes(req.attributes);
  return app.store.transaction(async (tx) => {
    const tg = await tx.findTargetGroupForUpdate(arn);
    if (!tg) throw targetGroupNotFound();
    const changed = { ...tg, ...changes };
    await tx.updateTargetGroup(changed);
    return { deregistrationDelaySeconds: changed.deregistrationDelaySeconds };
  });
}

export async function describeTargetGroupAttributes(app: AppContext, req: RequestOf<'DescribeTargetGroupAttributes'>): Promise<ResultOf<'DescribeTargetGroupAttributes'>> {
  const { targetGroup } = await targetGroupByArn(app.store.read, requireElbArn(req.targetGroupArn, 'TargetGroupArn'));
  return { deregistrationDelaySeconds: targetGroup.deregistrationDelaySeconds };
}
