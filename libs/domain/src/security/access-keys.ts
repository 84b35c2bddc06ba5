import type { CredentialRole } from './roles.js';

/** Token-bucket limits for task launches (RunTask, StartTask); ECS's own are a burst of 100 then 40/s. */
export interface LaunchRate {
  readonly burst: number;
  readonly perSecond: number;
}

export const DEFAULT_LAUNCH_RATE: LaunchRate = { burst: 100, perSecond: 40 };

/**
 * An access-key pair's stored half: the id, its role and scope, and the secret sealed with the
 * server key (the server must read it back to verify signatures, so it is encrypted, not hashed).
 */
export interface AccessKey {
  /** `AKIA` and 16 base-32 characters, as AWS spells them (agents' start with `ABIA`). */
  readonly accessKeyId: string;
  readonly sealedSecret: string;
  readonly role: CredentialRole;
  /** The clusters it may act on; absent means every cluster. */
  readonly clusters?: readonly string[];
  /** An agent credential acts only as this container instance. */
  readonly instanceId?: string;
  readonly description: string;
  /** Overrides DEFAULT_LAUNCH_RATE (automation and benchmarks may be given more). */
  readonly launchRate?: LaunchRate;
  readonly createdAt: Date;
  /** A replaced agent credential stays valid until then, so rotation needs no downtime. */
  readonly expiresAt?: Date;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `AKIA…` (API keys) or `ABIA…` (agent credentials) from 16 random bytes the caller draws. */
export function accessKeyIdFrom(random: Uint8Array, kind: 'api' | 'agent'): string {
  let id = kind === 'api' ? 'AKIA' : 'ABIA';
  for (let i = 0; i < 16; i++) id += BASE32[random[i]! % 32];
  return id;
}

export const accessKeyIdPattern = /^A[KB]IA[A-Z2-7]{16}$/;
/** 40 characters of base64url, as long as an AWS secret access key. */
export const secretPattern = /^[A-Za-z0-9_-]{40}$/;
