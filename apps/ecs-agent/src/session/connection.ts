import type { wire } from '@berth/proto';

/**
 * The agent's channel to the control plane, renewed when the control plane went silent: a
 * black-holed TCP connection still looks open to gRPC until keepalive gives up (tens of seconds),
 * and every new call on it would go nowhere too. A fresh channel opens a fresh connection.
 */
export class AgentConnection {
  private client: wire.AgentServiceClient;

  constructor(private readonly open: () => wire.AgentServiceClient) {
    this.client = open();
  }

  current(): wire.AgentServiceClient {
    return this.client;
  }

  /** Closes the channel (and its connection) and opens a new one. */
  renew(): void {
    this.client.close();
    this.client = this.open();
  }

  close(): void {
    this.client.close();
  }
}
