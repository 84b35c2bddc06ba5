import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one control-plane process: API calls by method and status, agent sessions and their messages, the process itself. */
export interface ApiMetrics {
  readonly registry: Registry;
  startCall(method: string): (code: string) => void;
  /** One message read from an agent session, by kind (heartbeat, stateReport, …). */
  agentMessage(kind: string): void;
  readonly connectedAgents: Gauge;
}

/** A service's utilization over the latest ended sampling period, as this replica's agents reported it. */
export interface ServiceUsage {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly tasks: number;
  readonly cpuUsed: number;
  readonly cpuReserved: number;
  readonly memoryUsed: number;
  readonly memoryReserved: number;
}

export function createMetrics(agentSessions: () => number, serviceUsage: () => readonly ServiceUsage[] = () => []): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'berth_control_plane_' });
  const calls = new Counter({
    name: 'berth_api_requests_total',
    help: 'Public and agent API calls by method and gRPC status code.',
    labelNames: ['method', 'code'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'berth_api_request_duration_seconds',
    help: 'Time to answer an API call.',
    labelNames: ['method'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const connectedAgents = new Gauge({
    name: 'berth_agent_sessions',
    help: 'Agent session streams held by this replica.',
    registers: [registry],
    collect() {
      this.set(agentSessions());
    },
  });
  const usageGauge = (name: string, help: string, value: (u: ServiceUsage) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ['cluster', 'service'],
      registers: [registry],
      collect() {
        this.reset();
        for (const u of serviceUsage()) {
          const v = value(u);
          if (v !== undefined) this.set({ cluster: u.clusterName, service: u.serviceName }, v);
        }
      },
    });
  usageGauge('berth_service_cpu_utilization_percent', "A service's CPU units used × 100 / reserved over its tasks sampled in the latest ended period (this replica's agents).", (u) =>
    u.cpuReserved > 0 ? (u.cpuUsed * 100) / u.cpuReserved : undefined,
  );
  usageGauge('berth_service_memory_utilization_percent', "A service's memory used × 100 / reserved over its tasks sampled in the latest ended period (this replica's agents).", (u) =>
    u.memoryReserved > 0 ? (u.memoryUsed * 100) / u.memoryReserved : undefined,
  );
  usageGauge('berth_service_cpu_units_used', 'CPU units (1024 = one core) a service used in the latest ended period.', (u) => u.cpuUsed);
  usageGauge('berth_service_memory_used_mib', 'MiB a service used in the latest ended period.', (u) => u.memoryUsed);
  usageGauge('berth_service_sampled_tasks', "A service's tasks sampled in the latest ended period.", (u) => u.tasks);
  const agentMessages = new Counter({
    name: 'berth_agent_messages_total',
    help: 'Messages read from agent sessions, by kind.',
    labelNames: ['kind'],
    registers: [registry],
  });
  return {
    registry,
    connectedAgents,
    agentMessage: (kind) => agentMessages.inc({ kind }),
    startCall(method) {
      const end = latency.startTimer({ method });
      return (code) => {
        end();
        calls.inc({ method, code });
      };
    },
  };
}
