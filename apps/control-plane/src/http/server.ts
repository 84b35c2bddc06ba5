import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AppContext } from '../app/context.js';
import type { TlsFileWatcher } from '../security/tls-files.js';
import { serveEcsJson, type EcsJsonDeps } from './ecs-json.js';

/**
 * The HTTP listener: the ECS API (`POST /`, ecs-json.ts) and the operations endpoints —
 * /healthz (the process is up), /readyz (the store answers and the gRPC port is serving),
 * /metrics (Prometheus text format). Over TLS with `tls`, taking up a reloaded certificate.
 */
export function createHttpServer(app: AppContext, deps: EcsJsonDeps & { ready: () => Promise<boolean>; tls?: TlsFileWatcher }): Server {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/') {
      void serveEcsJson(app, deps, req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD, POST' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      deps.ready().then(
        (ok) => res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ready\n' : 'not ready\n'),
        () => res.writeHead(503, { 'content-type': 'text/plain' }).end('not ready\n'),
      );
    } else if (path === '/metrics') {
      deps.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': deps.metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  };
  const tls = deps.tls;
  if (!tls) return createServer(handle);
  const server = createTlsServer({ cert: tls.current.cert, key: tls.current.key }, handle);
  tls.onChange((material) => server.setSecureContext({ cert: material.cert, key: material.key }));
  return server;
}
