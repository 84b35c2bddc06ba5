import type { AppContext } from '../app/context.js';
import { CLIENT_TOKEN_LIFETIME_MS } from '../app/tasks/client-token.js';

/** Stopped tasks stay describable this long (ECS: at least an hour). */
export const STOPPED_TASK_RETENTION_MS = 3 * 3600_000;
const CLEANUP_PERIOD_MS = 5 * 60_000;

/** Forgets stopped tasks and expired client tokens, so the tables stay the size of what is live. */
export function startCleanupLoop(app: AppContext): { stop(): void } {
  const tick = async () => {
    try {
      const now = app.now().getTime();
      const deleted = await app.store.read.deleteStoppedTasksBefore(new Date(now - STOPPED_TASK_RETENTION_MS));
      await app.store.read.deleteRunTaskTokensBefore(new Date(now - CLIENT_TOKEN_LIFETIME_MS));
      if (deleted > 0) app.log.info('forgot stopped tasks', { count: deleted });
    } catch (error) {
      app.log.error('cleanup failed', { error });
    }
  };
  const timer = setInterval(() => void tick(), CLEANUP_PERIOD_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
