import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectionError, createEcsClient, type EcsClient } from '@berth/api-client';
import { repoRoot, runCommand, startFaultProxy, startPrivatePostgres, type FaultProxy, type RestartablePostgres } from '@berth/test-support';
import { adminCredentials, removeDir, restartAgent, restartControlPlane, startAgent, startControlPlane, type Agent, type ControlPlane } from '../e2e/berth-fixture.js';

export const CLUSTER = 'chaos';
export type HostName = 'a' | 'b';
export type ReplicaName = 'A' | 'B';

/** One host: an agent on its own Docker daemon, reaching its replica through a fault proxy. */
export interface Host {
  readonly name: HostName;
  readonly docker: string;
  readonly proxy: FaultProxy;
  readonly agent: Agent;
  instanceId: string;
}

/**
 * The system a fault run works on, all real: a private PostgreSQL, two control-plane replicas on
 * it, and two hosts (agents on two Docker daemons), host a talking to replica A and host b to
 * replica B, each through a socat relay that can be cut or black-holed.
 */
export class FaultWorld {
  private constructor(
    readonly postgres: RestartablePostgres,
    readonly replicas: Record<ReplicaName, ControlPlane>,
    readonly hosts: Record<HostName, Host>,
    private clients: Record<ReplicaName, EcsClient>,
  ) {}

  static async start(): Promise<FaultWorld> {
    const docker2 = execFileSync('bash', [join(repoRoot, 'scripts/start-second-docker.sh')], { encoding: 'utf8' }).trim();
    const postgres = await startPrivatePostgres();
    const env = { BERTH_SERVER_KEY: randomBytes(32).toString('base64') };
    const args = ['--database-url', postgres.url, '--service-interval', '500ms'];
    const A = await startControlPlane(args, { env });
    const B = await startControlPlane(args, { env, credentialsFile: A.credentialsFile });
    const clients = { A: await client(A), B: await client(B) };
    await clients.A.createCluster({ clusterName: CLUSTER });
    const hosts = {} as Record<HostName, Host>;
    for (const [name, docker, replica] of [['a', 'unix:///var/run/docker.sock', A], ['b', docker2, B]] as const) {
      const proxy = await startFaultProxy(replica.endpoint);
      const agent = await startAgent(
        replica,
        { ECS_CLUSTER: CLUSTER, ECS_BACKEND_HOST: proxy.endpoint, DOCKER_HOST: docker, ECS_IMAGE_PULL_BEHAVIOR: 'prefer-cached', ECS_HOST_PORT_BIND_IP: '127.0.0.1', ECS_INSTANCE_ATTRIBUTES: `{"host":"${name}"}` },
        `faults-${name}`,
      );
      const line = await agent.process.waitForOutput(/"msg":"session established"/, 60_000);
      hosts[name] = { name, docker, proxy, agent, instanceId: (JSON.parse(line).containerInstanceArn as string).split('/').at(-1)! };
    }
    return new FaultWorld(postgres, { A, B }, hosts, clients);
  }

  /**
   * Calls the API on replica A, or on B when A does not answer (a real client behind a load
   * balancer would do the same). Throws the last error when neither answers.
   */
  async api<T>(call: (client: EcsClient) => Promise<T>): Promise<T> {
    let last: unknown;
    for (const name of ['A', 'B'] as const) {
      try {
        return await call(this.clients[name]);
      } catch (error) {
        last = error;
        if (!isUnavailable(error)) throw error;
      }
    }
    throw last;
  }

  async killAgent(host: HostName): Promise<void> {
    const agent = this.hosts[host].agent;
    agent.process.child.kill('SIGKILL');
    await agent.process.exited;
  }

  restartAgent(host: HostName): void {
    this.hosts[host].agent.process = restartAgent(this.hosts[host].agent);
  }

  async killReplica(name: ReplicaName): Promise<void> {
    const replica = this.replicas[name];
    replica.process.child.kill('SIGKILL');
    await replica.process.exited;
  }

  async restartReplica(name: ReplicaName): Promise<void> {
    await restartControlPlane(this.replicas[name]);
  }

  /** The replica whose log last said it leads the cluster (undefined when neither says so now). */
  leader(): ReplicaName | undefined {
    for (const name of ['A', 'B'] as const) {
      const output = this.replicas[name].process.output();
      const lead = output.lastIndexOf(`"msg":"leading cluster","cluster":"${CLUSTER}"`);
      const lost = output.lastIndexOf(`"msg":"no longer leading cluster","cluster":"${CLUSTER}"`);
      if (lead >= 0 && lead > lost && this.replicas[name].process.child.exitCode === null) return name;
    }
    return undefined;
  }

  /** Running containers of Berth tasks on a host's daemon, by task ARN. */
  async runningContainers(host: HostName): Promise<{ id: string; taskArn: string }[]> {
    const ps = await runCommand('docker', ['-H', this.hosts[host].docker, 'ps', '--filter', 'label=com.amazonaws.ecs.task-arn', '--format', '{{.ID}} {{.Label "com.amazonaws.ecs.task-arn"}}']);
    return ps.stdout
      .split('\n')
      .filter((line) => line.includes(`:task/${CLUSTER}/`))
      .map((line) => {
        const [id, taskArn] = line.split(' ');
        return { id: id!, taskArn: taskArn! };
      });
  }

  async dockerKill(host: HostName, containerId: string): Promise<void> {
    await runCommand('docker', ['-H', this.hosts[host].docker, 'kill', containerId]);
  }

  /** Writes every process's output to `dir` (kept after a failed run, to read with the seed). */
  async saveLogs(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    for (const host of Object.values(this.hosts)) await writeFile(join(dir, `agent-${host.name}.log`), host.agent.process.output());
    for (const [name, replica] of Object.entries(this.replicas)) await writeFile(join(dir, `replica-${name}.log`), replica.process.output());
  }

  async stop(): Promise<void> {
    for (const client of Object.values(this.clients)) client.close();
    for (const host of Object.values(this.hosts)) {
      host.agent.process.child.kill('SIGCONT');
      await host.agent.process.stop();
      await host.proxy.stop();
    }
    for (const replica of Object.values(this.replicas)) await replica.process.stop();
    await this.postgres.stop();
    for (const host of Object.values(this.hosts)) {
      const left = (await this.runningContainers(host.name)).map((c) => c.id);
      if (left.length > 0) await runCommand('docker', ['-H', host.docker, 'rm', '-f', ...left]);
      await removeDir(host.agent.dir);
    }
    for (const replica of Object.values(this.replicas)) await removeDir(replica.dir);
  }
}

async function client(replica: ControlPlane): Promise<EcsClient> {
  return createEcsClient(replica.endpoint, { credentials: await adminCredentials(replica), deadlineMs: 10_000 });
}

/** gRPC UNAVAILABLE or DEADLINE_EXCEEDED: a replica that is down, cut off, or without its store. */
export function isUnavailable(error: unknown): boolean {
  return error instanceof ConnectionError;
}
