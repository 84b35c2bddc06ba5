import { describe, expect, it } from 'vitest';
import { defaultArnScope } from '@berth/domain';
import { AgentSessions, type SessionHandle } from './agent-sessions.js';

/** A handle that records what it was told and, as the real one does, detaches itself when closed. */
function handle(sessions: AgentSessions, instanceId: string, detached: boolean[]): SessionHandle & { closedWith?: string } {
  const h: SessionHandle & { closedWith?: string } = {
    sessionId: instanceId,
    send: () => undefined,
    close: (error) => {
      h.closedWith = error.code;
      detached.push(sessions.detach(instanceId, h));
    },
  };
  return h;
}

describe('AgentSessions', () => {
  it('closeAll tells every agent why and leaves none for its session to mark disconnected', () => {
    const sessions = new AgentSessions(defaultArnScope);
    const detached: boolean[] = [];
    const a = handle(sessions, 'a', detached);
    const b = handle(sessions, 'b', detached);
    sessions.attach('a', a);
    sessions.attach('b', b);
    sessions.closeAll({ code: 'ControlPlaneShuttingDown', message: 'going' });
    expect([a.closedWith, b.closedWith]).toEqual(['ControlPlaneShuttingDown', 'ControlPlaneShuttingDown']);
    expect(detached).toEqual([false, false]);
    expect(sessions.size).toBe(0);
  });

  it('end and a replacing session close the old handle; only the current one detaches', () => {
    const sessions = new AgentSessions(defaultArnScope);
    const detached: boolean[] = [];
    const old = handle(sessions, 'a', detached);
    const fresh = handle(sessions, 'a', detached);
    sessions.attach('a', old);
    sessions.attach('a', fresh);
    expect(old.closedWith).toBe('SessionReplaced');
    expect(detached).toEqual([false]);
    expect(sessions.detach('a', fresh)).toBe(true);
    expect(sessions.has('a')).toBe(false);
  });
});
