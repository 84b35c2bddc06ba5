import Docker from 'dockerode';

/** DOCKER_HOST (`unix:///path` or `tcp://host:port`) → dockerode options. Pure, so it is unit-tested. */
export function dockerOptionsFrom(dockerHost: string): Docker.DockerOptions {
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  const tcp = /^(?:tcp|http):\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(dockerHost);
  if (tcp) return { host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]), protocol: 'http' };
  if (dockerHost.startsWith('/')) return { socketPath: dockerHost };
  throw new Error(`DOCKER_HOST '${dockerHost}' is not unix:///path or tcp://host:port.`);
}

export interface DockerInfo {
  readonly serverVersion: string;
  readonly apiVersion: string;
}

/**
 * Checks that Docker answers at DOCKER_HOST within the timeout, and says clearly what to do when
 * it does not: the most common reason an agent cannot start.
 */
export async function checkDocker(dockerHost: string, timeoutMs: number): Promise<{ docker: Docker; info: DockerInfo }> {
  // No client-wide timeout: it would also cut the long-lived event stream. Calls carry their own.
  const docker = new Docker(dockerOptionsFrom(dockerHost));
  try {
    let timer: NodeJS.Timeout | undefined;
    const version = await Promise.race([
      docker.version(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return { docker, info: { serverVersion: version.Version, apiVersion: version.ApiVersion } };
  } catch (error) {
    const reason = (error as Error).message;
    throw new Error(
      `Docker is not answering at ${dockerHost} (${reason}). Start the Docker daemon (systemctl start docker) or set DOCKER_HOST to where it listens.`,
      { cause: error },
    );
  }
}
