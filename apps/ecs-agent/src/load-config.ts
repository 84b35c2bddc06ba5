import { readFile } from 'node:fs/promises';
import { defaultConfigPaths, resolveAgentConfig, type ConfigSource, type ResolvedConfig } from './config/index.js';

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads the config files and environment, then hands them to the pure resolver. */
export async function loadConfig(configPath: string | undefined, env: NodeJS.ProcessEnv): Promise<ResolvedConfig> {
  const paths = defaultConfigPaths(configPath);
  const files: ConfigSource[] = [];
  for (const path of paths) {
    const text = await readIfPresent(path);
    if (configPath !== undefined && text === undefined) throw new Error(`config file ${path} does not exist`);
    files.push({ path, text });
  }
  const ipLocalPortRange = await readIfPresent('/proc/sys/net/ipv4/ip_local_port_range').catch(() => undefined);
  return resolveAgentConfig({ files, env, ipLocalPortRange });
}
