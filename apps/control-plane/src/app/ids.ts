import { randomBytes, randomInt } from 'node:crypto';
import { deploymentIdFrom } from '@berth/domain';

/** Where new identifiers and random seeds come from; tests pass a deterministic one. */
export interface IdSource {
  /** 32 lowercase hex characters: task and container-instance ids. */
  newId(): string;
  /** `ecs-svc/` and 19 digits, as ECS names deployments. */
  newDeploymentId(): string;
  /** Seeds placement's tie-breaker: a new one per plan spreads equal choices. */
  newSeed(): number;
  /** Cryptographically random bytes, for secrets. */
  randomBytes(n: number): Buffer;
}

export const randomIds: IdSource = {
  newId: () => randomBytes(16).toString('hex'),
  newDeploymentId: () => {
    let digits = String(randomInt(1, 10));
    while (digits.length < 19) digits += String(randomInt(0, 10));
    return deploymentIdFrom(digits);
  },
  newSeed: () => randomInt(0, 2 ** 31),
  randomBytes: (n) => randomBytes(n),
};

/** Ids counting up from 1 and a fixed seed, for tests that compare whole results (secrets stay random). */
export function sequentialIds(seed = 7): IdSource {
  let n = 0;
  let d = 0;
  return {
    newId: () => (++n).toString(16).padStart(32, '0'),
    newDeploymentId: () => deploymentIdFrom(String(1_000_000_000_000_000_000n + BigInt(++d))),
    newSeed: () => seed,
    randomBytes: (n) => randomBytes(n),
  };
}
