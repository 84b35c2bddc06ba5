import { deleteRunTaskTokensBefore, deleteStoppedTasksBefore } from '@berth/state-store';
import type { ApiContext } from '../context.js';

/** Stopped tasks stay describable this long (ECS: at least an hour). */
export const STOPPED_TASK_RETENTION_MS = 3 * 3600_000;
/** RunTask clientTokens are honoured this long. */
export const CLIENT_TOKEN_RETENTION_MS = 24 * 3600_000;
const CLEANUP_PERIOD_MS = 5 * 60_000;

/** Forgets stopped tasks and expired client tokens, so the tables stay the size of what is live. */
export function startCleanupLoop(ctx: ApiContext): { stop(): void } {
  const tick = async () => {
    try {
      const now = ctx.now().getTime();
      const deleted = await deleteStoppedTasksBefore(ctx.db, new Date(now - STOPPED_TASK_RETENTION_MS));
      await deleteRunTaskTokensBefore(ctx.db, new Date(now - CLIENT_TOKEN_RETENTION_MS));
      if (deleted > 0) ctx.log.info('forgot stopped tasks', { count: deleted });
    } catch (error) {
      ctx.log.error('cleanup failed', { error });
    }
  };
  const timer = setInterval(() => void tick(), CLEANUP_PERIOD_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
