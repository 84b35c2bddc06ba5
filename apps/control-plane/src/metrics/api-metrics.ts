import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ClusterUsageRow, HostUsageRow } from './host-usage.js';

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

/** The hosts' latest samples (metrics/host-usage.ts), for the per-instance and per-cluster gauges. */
export interface HostUsageSource {
  hosts(): readonly HostUsageRow[];
  clusters(): readonly ClusterUsageRow[];
}

const noHosts: HostUsageSource = { hosts: () => [], clusters: () => [] };

export function createMetrics(agentSessions: () => number, serviceUsage: () => readonly ServiceUsage[] = () => [], hostUsage: HostUsageSource = noHosts): ApiMetrics {
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
  /** A gauge with one series per row, rebuilt at each scrape; a row whose value is undefined has none. */
  const labelledGauge = <Row>(name: string, help: string, labelNames: readonly string[], rows: () => readonly Row[], labels: (r: Row) => Record<string, string>, value: (r: Row) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const r of rows()) {
          const v = value(r);
          if (v !== undefined) this.set(labels(r), v);
        }
      },
    });
  const usageGauge = (name: string, help: string, value: (u: ServiceUsage) => number | undefined) =>
    labelledGauge(name, help, ['cluster', 'service'], serviceUsage, (u) => ({ cluster: u.clusterName, service: u.serviceName }), value);
  usageGauge('berth_service_cpu_utilization_percent', "A service's CPU units used × 100 / reserved over its tasks sampled in the latest ended period (this replica's agents).", (u) =>
    u.cpuReserved > 0 ? (u.cpuUsed * 100) / u.cpuReserved : undefined,
  );
  usageGauge('berth_service_memory_utilization_percent', "A service's memory used × 100 / reserved over its tasks sampled in the latest ended period (this replica's agents).", (u) =>
    u.memoryReserved > 0 ? (u.memoryUsed * 100) / u.memoryReserved : undefined,
  );
  usageGauge('berth_service_cpu_units_used', 'CPU units (1024 = one core) a service used in the latest ended period.', (u) => u.cpuUsed);
  usageGauge('berth_service_memory_used_mib', 'MiB a service used in the latest ended period.', (u) => u.memoryUsed);
  usageGauge('berth_service_sampled_tasks', "A service's tasks sampled in the latest ended period.", (u) => u.tasks);
  const hostLabels = (h: HostUsageRow) => ({ cluster: h.clusterName, container_instance: h.instanceId });
  const hostGauge = (name: string, help: string, value: (h: HostUsageRow) => number) =>
    labelledGauge(name, help, ['cluster', 'container_instance'], () => hostUsage.hosts(), hostLabels, value);
  hostGauge('berth_instance_cpu_units_used', "CPU units (1024 = one core) a container instance's running tasks used in its agent's latest sample.", (h) => h.cpuUnits);
  hostGauge('berth_instance_memory_used_mib', "MiB a container instance's running tasks used in its agent's latest sample.", (h) => h.memoryMiB);
  hostGauge('berth_instance_sampled_tasks', "A container instance's tasks in its agent's latest sample.", (h) => h.tasks);
  const clusterGauge = (name: string, help: string, value: (c: ClusterUsageRow) => number) =>
    labelledGauge(name, help, ['cluster'], () => hostUsage.clusters(), (c) => ({ cluster: c.clusterName }), value);
  clusterGauge('berth_cluster_cpu_units_used', "CPU units a cluster's tasks used, over the latest sample of each of its hosts (this replica's agents).", (c) => c.cpuUnits);
  clusterGauge('berth_cluster_memory_used_mib', "MiB a cluster's tasks used, over the latest sample of each of its hosts (this replica's agents).", (c) => c.memoryMiB);
  clusterGauge('berth_cluster_sampled_tasks', "A cluster's tasks in its hosts' latest samples.", (c) => c.tasks);
  clusterGauge('berth_cluster_sampled_instances', "A cluster's hosts with a recent sample (this replica's agents).", (c) => c.instances);
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
