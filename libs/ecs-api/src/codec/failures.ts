/** A Describe/Run call's answer for one thing it could not find or place (ECS `Failure`). */
export interface Failure {
  readonly arn: string;
  /** MISSING, INACTIVE, RESOURCE:MEMORY, … */
  readonly reason: string;
  readonly detail?: string;
}

export const encodeFailure = (f: Failure) => ({ arn: f.arn, reason: f.reason, ...(f.detail ? { detail: f.detail } : {}) });
