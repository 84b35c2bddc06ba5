import type { Role } from '@berth/ecs-api';

/**
 * Who is calling, as the edge resolved it from the credential the transport carried. Until
 * credentials exist every caller is the local administrator.
 */
export interface Caller {
  /** For messages and logs: an access-key id, an instance ARN, … never a secret. */
  readonly name: string;
  readonly role: Role;
}

export const localAdministrator: Caller = { name: 'the local administrator', role: 'admin' };
