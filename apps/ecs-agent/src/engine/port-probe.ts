import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { PortProbe } from './ports.js';

/**
 * The real "is this host port free" probe: try to bind it on the address published ports use.
 * A port another process (or a container outside the agent) holds fails with EADDRINUSE.
 */
export function bindProbe(bindHost: string): PortProbe {
  return (port, protocol) =>
    new Promise<boolean>((resolve) => {
      if (protocol === 'udp') {
        const socket = createSocket(bindHost.includes(':') ? 'udp6' : 'udp4');
        socket.once('error', () => {
          socket.close();
          resolve(false);
        });
        socket.bind(port, bindHost, () => socket.close(() => resolve(true)));
        return;
      }
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen({ port, host: bindHost, exclusive: true }, () => server.close(() => resolve(true)));
    });
}
