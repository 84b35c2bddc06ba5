import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@berth/log';
import { makeTestPki, type TestPki } from '@berth/test-support';
import { readTlsMaterial, TlsFileWatcher } from './tls-files.js';

const log = createLogger({ level: 'error', name: 'test' });

describe('TLS files', () => {
  let pki: TestPki;
  let other: TestPki;
  beforeAll(async () => {
    [pki, other] = await Promise.all([makeTestPki(), makeTestPki()]);
  });

  it('reads a certificate, its key and a client CA', async () => {
    const material = await readTlsMaterial({ certFile: pki.certFile, keyFile: pki.keyFile, clientCaFile: pki.caFile });
    expect(material.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(material.clientCa?.equals(await readFile(pki.caFile))).toBe(true);
    expect(material.notAfter.getTime()).toBeGreaterThan(Date.now());
  });

  it.each([
    ['a missing certificate', () => ({ certFile: join(pki.dir, 'nope.pem'), keyFile: pki.keyFile }), /cannot read --tls-cert .*nope\.pem: ENOENT/],
    ['a key that is not PEM', () => ({ certFile: pki.certFile, keyFile: pki.caFile }), /--tls-key .* is not a PEM private key/],
    ['a key of another certificate', () => ({ certFile: pki.certFile, keyFile: other.keyFile }), /is not the key of the certificate in --tls-cert/],
    ['a client CA that is not a CA', () => ({ certFile: pki.certFile, keyFile: pki.keyFile, clientCaFile: pki.certFile }), /--tls-client-ca .* is not a CA certificate/],
  ])('refuses %s, naming the flag', async (_, files, message) => {
    await expect(readTlsMaterial(files())).rejects.toThrow(message);
  });

  it('never puts key material in an error', async () => {
    const error = await readTlsMaterial({ certFile: pki.keyFile, keyFile: pki.keyFile }).catch((e: Error) => e);
    expect(String(error)).not.toMatch(/PRIVATE KEY|BEGIN/);
  });

  it('takes up a renewed certificate, and keeps the last good one through a botched renewal', async () => {
    const dir = (await makeTestPki()).dir;
    const files = { certFile: join(dir, 'live.pem'), keyFile: join(dir, 'live.key') };
    await copyFile(pki.certFile, files.certFile);
    await copyFile(pki.keyFile, files.keyFile);
    const watcher = new TlsFileWatcher(files, await readTlsMaterial(files), { log, intervalMs: 60_000 });
    const identities: Buffer[] = [];
    watcher.addIdentityCertificateListener((update) => update && identities.push(update.certificate));
    await Promise.resolve();
    expect(identities).toHaveLength(1);

    expect(await watcher.reload()).toBe(false);

    await copyFile(other.certFile, files.certFile); // the key is still the old one: out of step
    expect(await watcher.reload()).toBe(false);
    expect(watcher.current.cert.equals(await readFile(pki.certFile))).toBe(true);

    await writeFile(files.keyFile, '');
    expect(await watcher.reload()).toBe(false);

    await copyFile(other.keyFile, files.keyFile);
    expect(await watcher.reload()).toBe(true);
    expect(watcher.current.cert.equals(await readFile(other.certFile))).toBe(true);
    expect(identities).toHaveLength(2);
    expect(identities[1]!.equals(await readFile(other.certFile))).toBe(true);
  });
});
