/**
 * Request shapes as ECS's model has them (botocore ecs/2014-11-13): camelCase members, every one
 * optional unless ECS requires it. These schemas check structure only — a string where a string
 * belongs — and name the member that is wrong; what the values mean is the application layer's
 * to check. Members Berth does not know are dropped.
 */
import { z } from 'zod';

export const text = z.string();
export const integer = z.number().int();
export const names = z.array(z.string());

export const tag = z.object({ key: z.string().optional(), value: z.string().optional() });
export const tags = z.array(tag);

export const placementConstraint = z.object({ type: z.string(), expression: z.string().optional() });
export const placementStrategy = z.object({ type: z.string(), field: z.string().optional() });

/** `maxResults` and `nextToken` of every List call. */
export const paging = { maxResults: integer.optional(), nextToken: text.optional() };

/** Most requests name a cluster; ECS defaults it to `default`. */
export const cluster = { cluster: text.optional() };
