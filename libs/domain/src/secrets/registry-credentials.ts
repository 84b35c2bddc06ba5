import type { Parsed } from './value-from.js';

/** A user name and password for an image registry, as `repositoryCredentials` and ECS_ENGINE_AUTH_DATA give them. */
export interface RegistryAuth {
  readonly username: string;
  readonly password: string;
}

/** A `repositoryCredentials.credentialsParameter` secret's value: `{"username": "...", "password": "..."}`. */
export function registryAuthFromSecret(value: string): Parsed<RegistryAuth> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { problem: 'the credentials secret is not JSON: it must be {"username": "...", "password": "..."}' };
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const { username, password } = fields;
  if (typeof username !== 'string' || username === '' || typeof password !== 'string') {
    return { problem: 'the credentials secret must be {"username": "...", "password": "..."} with a non-empty username' };
  }
  return { ok: { username, password } };
}
