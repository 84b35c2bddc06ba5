import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one control-plane process: API calls by method and status, agent sessions and their messages, the process itself. */
export interface ApiMetrics {
  readonly registry: Registry;
  startCall(method: string): (code: string) => void;
  /** One message read from an agent session, by kind (heartbeat, stateReport, …). */
  agentMessage(kind: string): void;
  readonly connectedAgents: Gauge;
}

export function createMetrics(agentSessions: () => number): ApiMetrics {
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
