/**
 * Where `berth` connects and as whom, from flags, the environment and the files it finds — as the
 * aws CLI finds its credentials.
 *
 * Credentials, first found wins: BERTH_ACCESS_KEY_ID + BERTH_SECRET_ACCESS_KEY; the profile
 * (--profile, else BERTH_PROFILE, else `berth`) in AWS_SHARED_CREDENTIALS_FILE, else in
 * ~/.aws/credentials, else in the quickstart's .berth/data/admin-credentials.
 * TLS: `https://` in --endpoint, or a CA bundle (--ca-bundle, else BERTH_CA_BUNDLE, else the
 * quickstart's .berth/tls/ca.pem); `http://` forces plain text. The quickstart's files are only
 * used for a control plane on this machine (loopback), so its admin secret never goes elsewhere;
 * and plain text off loopback must be asked for with `http://`. The caller passes what exists on
 * disk and how to read a profile, so this decides without touching the file system itself.
 */
import { join } from 'node:path';
import { isLoopbackAddress } from '@berth/domain';
import { UsageError } from './usage-error.js';

export const DEFAULT_PROFILE = 'berth';
export const QUICKSTART_CREDENTIALS = '.berth/data/admin-credentials';
export const QUICKSTART_CA = '.berth/tls/ca.pem';

export interface KeyPair {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Connection {
  /** host:port */
  readonly endpoint: string;
  readonly tls: boolean;
  /** PEM file to trust; with TLS and none, the system's CAs. */
  readonly caBundle?: string;
  readonly credentials?: KeyPair;
  /** Where the credentials came from, for error messages (never the secret). */
  readonly credentialSource: string;
}

export interface ConnectionInput {
  readonly endpoint: string;
  readonly profile?: string;
  readonly caBundle?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly home: string;
  readonly exists: (path: string) => boolean;
  /** The key pair of `profile` in a shared-credentials file, if the file has that profile. */
  readonly profileIn: (path: string, profile: string) => Promise<KeyPair | undefined>;
}

function splitEndpoint(endpoint: string): { hostPort: string; scheme?: 'http' | 'https' } {
  const m = /^(https?):\/\/([^/]+)\/?$/.exec(endpoint.trim());
  if (m) return { scheme: m[1] as 'http' | 'https', hostPort: m[2]! };
  if (/^[^/\s]+:\d{1,5}$/.test(endpoint.trim())) return { hostPort: endpoint.trim() };
  throw new UsageError(`argument --endpoint: expected HOST:PORT or https://HOST:PORT, got '${endpoint.slice(0, 64)}'`);
}

export async function resolveConnection(input: ConnectionInput): Promise<Connection> {
  const { hostPort, scheme } = splitEndpoint(input.endpoint);
  const local = isLoopbackAddress(hostPort);
  if (scheme === 'http' && input.caBundle !== undefined) throw new UsageError('argument --ca-bundle: not with an http:// endpoint, which is plain text; use https://');
  const quickstartCa = join(input.cwd, QUICKSTART_CA);
  const caBundle = input.caBundle ?? (input.env['BERTH_CA_BUNDLE'] || undefined) ?? (local && scheme !== 'http' && input.exists(quickstartCa) ? quickstartCa : undefined);
  if (input.caBundle !== undefined && !input.exists(input.caBundle)) throw new UsageError(`argument --ca-bundle: no file ${input.caBundle}`);
  const tls = scheme === 'https' || (scheme === undefined && caBundle !== undefined);
  if (!tls && !local && scheme === undefined) {
    throw new UsageError(
      `argument --endpoint: ${hostPort.slice(0, 64)} is not on this machine, and without TLS the credential would cross the network in plain text; use https://${hostPort.slice(0, 64)} (with --ca-bundle for a private CA), or http:// to accept plain text`,
    );
  }

  const id = input.env['BERTH_ACCESS_KEY_ID'];
  const secret = input.env['BERTH_SECRET_ACCESS_KEY'];
  const base = { endpoint: hostPort, tls, ...(tls && caBundle ? { caBundle } : {}) };
  if (Boolean(id) !== Boolean(secret)) throw new UsageError('BERTH_ACCESS_KEY_ID and BERTH_SECRET_ACCESS_KEY go together: set both or neither.');
  if (id && secret) return { ...base, credentials: { accessKeyId: id, secretAccessKey: secret }, credentialSource: 'BERTH_ACCESS_KEY_ID' };

  const profile = input.profile ?? (input.env['BERTH_PROFILE'] || DEFAULT_PROFILE);
  const files = [input.env['AWS_SHARED_CREDENTIALS_FILE'], join(input.home, '.aws/credentials'), local ? join(input.cwd, QUICKSTART_CREDENTIALS) : undefined].filter(
    (p): p is string => p !== undefined && p !== '',
  );
  for (const file of files) {
    if (!input.exists(file)) continue;
    const pair = await input.profileIn(file, profile);
    if (pair) return { ...base, credentials: pair, credentialSource: `profile ${profile} in ${file}` };
  }
  return { ...base, credentialSource: `none found (looked for profile ${profile} in ${files.join(', ')}, and BERTH_ACCESS_KEY_ID)` };
}
