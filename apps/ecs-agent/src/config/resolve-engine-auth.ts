/** ECS_ENGINE_AUTH_TYPE / ECS_ENGINE_AUTH_DATA: the agent's own registry credentials, as the ECS agent reads them. */

import { ENGINE_AUTH_TYPES, parseEngineAuth, type EngineAuth, type EngineAuthType } from '@berth/domain';
import type { ResolveContext } from './context.js';

/**
 * Both keys or neither. The data holds passwords, so an error shows neither the value nor the
 * part of it that is wrong, only which entry and field.
 */
export function resolveEngineAuth(ctx: ResolveContext): { engineAuth?: EngineAuth } {
  const type = ctx.read('ECS_ENGINE_AUTH_TYPE');
  const data = ctx.read('ECS_ENGINE_AUTH_DATA');
  if (!type && !data) return {};
  if (!data) throw ctx.fail(type!, 'needs ECS_ENGINE_AUTH_DATA too');
  const hidden = { ...data, value: '(not shown)' };
  if (!type) throw ctx.fail(hidden, `needs ECS_ENGINE_AUTH_TYPE too (${ENGINE_AUTH_TYPES.join(' or ')})`);
  if (!(ENGINE_AUTH_TYPES as readonly string[]).includes(type.value)) throw ctx.fail(type, `must be ${ENGINE_AUTH_TYPES.join(' or ')}`);
  const parsed = parseEngineAuth(type.value as EngineAuthType, data.value);
  if ('problem' in parsed) throw ctx.fail(hidden, `${parsed.problem} (ECS_ENGINE_AUTH_TYPE=${type.value})`);
  return { engineAuth: parsed.ok };
}
