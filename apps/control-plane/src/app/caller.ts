import { DEFAULT_LAUNCH_RATE, type CredentialRole, type LaunchRate } from '@berth/domain';

/**
 * Who is calling, as authentication resolved it from the credential the transport carried. Never
 * holds the secret.
 */
export interface Caller {
  /** The access key id: what logs and the audit log name. */
  readonly name: string;
  readonly role: CredentialRole;
  /** The clusters it may act on; absent means every cluster. */
  readonly clusters?: readonly string[];
  /** An agent credential acts only as this container instance. */
  readonly instanceId?: string;
  readonly launchRate: LaunchRate;
}

/** The control plane itself, for work no request asked for (loops, start-up). */
export const controlPlane: Caller = { name: 'control-plane', role: 'admin', launchRate: DEFAULT_LAUNCH_RATE };
