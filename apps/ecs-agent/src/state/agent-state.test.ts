import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentExit, ExitCode } from '../exit-codes.js';
import { checkSavedCluster, loadAgentState, saveAgentState, STATE_FILE } from './agent-state.js';

describe('saved agent state', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-state-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips and is absent before the first save', async () => {
    expect(await loadAgentState(dir)).toBeUndefined();
    await saveAgentState(dir, { cluster: 'prod', containerInstanceArn: 'arn:x' }, new Date('2026-01-01T00:00:00Z'));
    expect(await loadAgentState(dir)).toEqual({ version: 1, cluster: 'prod', containerInstanceArn: 'arn:x', savedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('refuses a corrupt file with advice instead of silently becoming a new instance', async () => {
    await writeFile(join(dir, STATE_FILE), '{"version":1,');
    await expect(loadAgentState(dir)).rejects.toThrow(/corrupt.*move it away/);
    expect(await readFile(join(dir, STATE_FILE), 'utf8')).toBe('{"version":1,');
  });

  it('state saved for another cluster is a terminal Data mismatch', () => {
    const saved = { version: 1 as const, cluster: 'blue', containerInstanceArn: 'arn:b', savedAt: '' };
    expect(() => checkSavedCluster(saved, 'blue', dir)).not.toThrow();
    try {
      checkSavedCluster(saved, 'green', dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AgentExit);
      expect((error as AgentExit).exitCode).toBe(ExitCode.Terminal);
      expect((error as AgentExit).message).toMatch(/Data mismatch; saved cluster 'blue' does not match configured cluster 'green'/);
    }
  });
});
