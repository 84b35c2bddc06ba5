/**
 * Who may call what: `read-only` describes, lists and reads logs; `operator` changes a cluster's
 * resources (task definitions, tasks, services, instances, attributes, join tokens); `admin`
 * everything, clusters themselves, credentials, cluster policy and the audit log included. Each
 * role includes the ones before it. `agent` is a host's own credential: it may speak the agent
 * protocol as its instance and call no public operation.
 */
export const roles = ['read-only', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];
export type CredentialRole = Role | 'agent';

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** A role allows an operation when it is at least the role the operation needs. */
export function roleAllows(role: CredentialRole, needed: Role): boolean {
  return role !== 'agent' && roles.indexOf(role) >= roles.indexOf(needed);
}
