import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret part of each container's metadata URL: an HMAC of the task ARN and container name
 * under a key only the agent holds, so one task cannot guess the path of another's documents. The
 * key is kept in the data directory (mode 0600) when checkpointing, so containers the agent
 * re-adopts after a restart keep a working URL.
 */
export const METADATA_KEY_FILE = 'metadata-key';
const KEY_BYTES = 32;

export class MetadataTokens {
  constructor(private readonly key: Buffer) {}

  /** A key from `<dataDir>/metadata-key`, created on first use; a fresh random key when dataDir is undefined. */
  static load(dataDir: string | undefined): MetadataTokens {
    if (dataDir === undefined) return new MetadataTokens(randomBytes(KEY_BYTES));
    const file = join(dataDir, METADATA_KEY_FILE);
    try {
      const key = readFileSync(file);
      if (key.length === KEY_BYTES) return new MetadataTokens(key);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const key = randomBytes(KEY_BYTES);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, key, { mode: 0o600 });
    return new MetadataTokens(key);
  }

  tokenOf(taskArn: string, containerName: string): string {
    return createHmac('sha256', this.key).update(`${taskArn}\n${containerName}`).digest('base64url');
  }

  /** Constant-time comparison of a presented token with the one this container has. */
  matches(token: string, taskArn: string, containerName: string): boolean {
    const expected = Buffer.from(this.tokenOf(taskArn, containerName));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
