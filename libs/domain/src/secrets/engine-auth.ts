import { imageRegistry } from '../security/cluster-policy.js';
import type { RegistryAuth } from './registry-credentials.js';
import type { Parsed } from './value-from.js';

/**
 * The agent's own registry credentials, ECS_ENGINE_AUTH_TYPE and ECS_ENGINE_AUTH_DATA, in the two
 * formats the ECS agent documents:
 * - `docker`: `{"registry.example.com": {"username": "...", "password": "...", "email": "..."}}`;
 * - `dockercfg`: the contents of a `.dockercfg` written by `docker login`,
 *   `{"registry.example.com": {"auth": "<base64 of user:password>", "email": "..."}}`, or of a
 *   `config.json` with the same entries under `"auths"`.
 * Keys may be written with a scheme and path (`https://index.docker.io/v1/`); they are matched by
 * registry host, Docker Hub's aliases all meaning `docker.io`. Pure.
 */
export type EngineAuthType = 'docker' | 'dockercfg';

export const ENGINE_AUTH_TYPES: readonly EngineAuthType[] = ['docker', 'dockercfg'];

/** Registry host (as `imageRegistry` names it) → credentials. */
export type EngineAuth = ReadonlyMap<string, RegistryAuth>;

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** `https://index.docker.io/v1/` → `docker.io`; `http://127.0.0.1:5000/` → `127.0.0.1:5000`. */
export function registryHostOfKey(key: string): string {
  const host = (key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0] ?? '').toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems name the registry key and the field, never a value: the data holds passwords. */
export function parseEngineAuth(type: EngineAuthType, data: string): Parsed<EngineAuth> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { problem: 'is not JSON' };
  }
  if (!isObject(parsed)) return { problem: 'must be a JSON object of registry → credentials' };
  const entries = type === 'dockercfg' && isObject(parsed['auths']) ? parsed['auths'] : parsed;
  const auths = new Map<string, RegistryAuth>();
  for (const [key, entry] of Object.entries(entries)) {
    const host = registryHostOfKey(key);
    if (host === '') return { problem: `has an entry without a registry name` };
    if (!isObject(entry)) return { problem: `entry ${JSON.stringify(key)} must be an object` };
    const auth = type === 'docker' ? dockerEntry(entry) : dockercfgEntry(entry);
    if ('problem' in auth) return { problem: `entry ${JSON.stringify(key)} ${auth.problem}` };
    auths.set(host, auth.ok);
  }
  if (auths.size === 0) return { problem: 'names no registry' };
  return { ok: auths };
}

function dockerEntry(entry: Record<string, unknown>): Parsed<RegistryAuth> {
  const { username, password } = entry;
  if (typeof username !== 'string' || username === '') return { problem: 'needs a non-empty "username"' };
  if (typeof password !== 'string') return { problem: 'needs a "password" string' };
  return { ok: { username, password } };
}

function dockercfgEntry(entry: Record<string, unknown>): Parsed<RegistryAuth> {
  const { auth } = entry;
  if (typeof auth !== 'string' || auth === '') return { problem: 'needs an "auth" string (base64 of user:password)' };
  const decoded = decodeBase64(auth);
  const colon = decoded?.indexOf(':') ?? -1;
  if (decoded === undefined || colon <= 0) return { problem: 'has an "auth" that is not base64 of user:password' };
  return { ok: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
}

/** The agent's credentials for the registry `image` is pulled from, if it has some. */
export function engineAuthFor(auth: EngineAuth | undefined, image: string): RegistryAuth | undefined {
  return auth?.get(registryHostOfKey(imageRegistry(image)));
}

function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
