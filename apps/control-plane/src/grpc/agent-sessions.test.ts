import { describe, expect, it } from 'vitest';
import { defaultArnScope } from '@berth/domain';
import type { wire } from '@berth/proto';
import { AgentSessions, type SessionHandle } from './agent-sessions.js';

/** A handle that records what it was told and, as the real one does, detaches itself when closed. */
function handle(sessions: AgentSessions, instanceId: string, detached: boolean[]): SessionHandle & { closedWith?: string } {
  const h: SessionHandle & { closedWith?: string } = {
    sessionId: instanceId,
    capabilities: new Set(),
    send: () => undefined,
    close: (error) => {
      h.closedWith = error.code;
      detached.push(sessions.detach(instanceId, h));
    },
  };
  return h;
}

describe('AgentSessions', () => {
  it.each([
    ['an agent with the log window', ['log-window'] as const, '65536', 1],
    ['an older agent (no capabilities): unmetered, no grants', [] as const, '0', 0],
  ])('log requests to %s', (_what, capabilities, window, grants) => {
    const sessions = new AgentSessions(defaultArnScope);
    const sent: wire.ControlMessage[] = [];
    sessions.attach('a', { sessionId: 'a', capabilities: new Set(capabilities), send: (m) => sent.push(m), close: () => undefined });
    sessions.sendLogRequest('a', { requestId: 'r', taskArn: 't', containerName: 'c', follow: true, since: 0, tail: 0, window: 65536 });
    expect(sessions.grantLogCredit('a', 'r', 1000)).toBe(true);
    expect(sent[0]!.logRequest!.window).toBe(window);
    expect(sent.filter((m) => m.logRequest?.grant)).toHaveLength(grants);
    expect(sessions.grantLogCredit('elsewhere', 'r', 1000)).toBe(false);
  });

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
