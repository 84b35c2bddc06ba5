import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentExit, ExitCode } from '../exit-codes.js';

/** The host's own credential, as Register gave it. */
export interface AgentCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What the agent keeps across restarts (mode 0600) so the host keeps its identity and credential. */
export interface SavedAgentState {
  readonly version: 1;
  readonly cluster: string;
  readonly containerInstanceArn: string;
  readonly credential?: AgentCredential;
  readonly savedAt: string;
}

export const STATE_FILE = 'ecs_agent_data.json';

export async function loadAgentState(dataDir: string): Promise<SavedAgentState | undefined> {
  const path = join(dataDir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AgentExit(ExitCode.Error, `Cannot read saved agent state ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<SavedAgentState>;
    if (parsed.version !== 1 || typeof parsed.cluster !== 'string' || typeof parsed.containerInstanceArn !== 'string') {
      throw new Error('unexpected shape');
    }
    const c = parsed.credential;
    if (c !== undefined && (typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string')) throw new Error('unexpected credential');
    return parsed as SavedAgentState;
  } catch (error) {
    throw new AgentExit(
      ExitCode.Error,
      `Saved agent state ${path} is corrupt (${(error as Error).message}); move it away to register this host as a new container instance.`,
    );
  }
}

/**
 * Written to a temp file and renamed, so a crash never leaves half a state file; the temp file is
 * made new (mode 0600) each time, as the state holds the instance's credential.
 */
export async function saveAgentState(dataDir: string, state: Omit<SavedAgentState, 'version' | 'savedAt'>, now: Date): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, STATE_FILE);
  const full: SavedAgentState = { version: 1, ...state, savedAt: now.toISOString() };
  await rm(`${path}.tmp`, { force: true });
  await writeFile(`${path}.tmp`, JSON.stringify(full, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  await rename(`${path}.tmp`, path);
}

export async function clearAgentState(dataDir: string): Promise<void> {
  await rm(join(dataDir, STATE_FILE), { force: true });
}

/** Saved state for another cluster is a fatal mismatch: joining would silently move the host. */
export function checkSavedCluster(saved: SavedAgentState | undefined, cluster: string, dataDir: string): void {
  if (saved && saved.cluster !== cluster) {
    throw new AgentExit(
      ExitCode.Terminal,
      `Data mismatch; saved cluster '${saved.cluster}' does not match configured cluster '${cluster}'. ` +
        `This host is registered in '${saved.cluster}' (${saved.containerInstanceArn}); to move it, deregister it there and remove ${join(dataDir, STATE_FILE)}.`,
    );
  }
}
