import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, portAccepts, runCommand } from './processes.js';

/**
 * A TCP relay on loopback that a test can cut, black-hole and heal, made of the real `socat`
 * (Debian's package): one listener and one child per connection, all in one process group.
 *
 * - `cut()`: the group is killed; open connections are closed and new ones refused.
 * - `blackhole()`: the group is stopped (SIGSTOP); open connections stay open and carry nothing,
 *   new ones are accepted by the kernel and never answered.
 * - `freezeConnections()`: only the open connections are stopped (a middlebox lost their flows);
 *   new connections are relayed as before.
 * - `heal()`: whatever was stopped is killed (what it held is lost, as after a real black hole)
 *   and a fresh relay listens on the same port.
 */
export interface FaultProxy {
  /** host:port that clients dial. */
  readonly endpoint: string;
  cut(): Promise<void>;
  blackhole(): void;
  freezeConnections(): Promise<void>;
  heal(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const port = await freePort();
  let relay: ChildProcess | undefined;

  const start = async () => {
    const child = spawn('socat', [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,backlog=128`, `TCP:${target}`], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('error', () => undefined);
    relay = child;
    const deadline = Date.now() + 10_000;
    while (!(await portAccepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`socat did not listen on 127.0.0.1:${port} for ${target}: ${stderr || 'no output'} (is Debian's socat installed?)`);
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 50))]);
    }
  };
  const kill = async () => {
    const child = relay;
    relay = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(child, 'SIGKILL');
    await exited;
  };

  await start();
  return {
    endpoint: `127.0.0.1:${port}`,
    cut: kill,
    blackhole: () => {
      if (relay) signalGroup(relay, 'SIGSTOP');
    },
    freezeConnections: async () => {
      if (relay) await runCommand('pkill', ['-STOP', '-P', String(relay.pid)]);
    },
    heal: async () => {
      await kill();
      await start();
    },
    stop: kill,
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}
