import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The profile the control plane writes its initial admin credential under, and `berth` reads by default. */
export const BERTH_PROFILE = 'berth';

/**
 * Writes a key pair in the AWS shared-credentials format (mode 0600), so `berth`, the aws CLI and
 * the SDKs read it the same way (`AWS_SHARED_CREDENTIALS_FILE`, profile `berth`). The secret goes
 * into a file made new for it (never into one that was there, whatever its mode or a link it is),
 * then renamed into place.
 */
export async function writeCredentialsFile(path: string, accessKeyId: string, secret: string, profile = BERTH_PROFILE): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  await rm(temp, { force: true });
  await writeFile(temp, `[${profile}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secret}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temp, path);
}
