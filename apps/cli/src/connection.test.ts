import { describe, expect, it } from 'vitest';
import { resolveConnection, type ConnectionInput, type KeyPair } from './connection.js';
import { UsageError } from './usage-error.js';

const pair = (id: string): KeyPair => ({ accessKeyId: id, secretAccessKey: 's'.repeat(40) });

function input(over: Partial<ConnectionInput> & { files?: Record<string, Record<string, KeyPair>> } = {}): ConnectionInput {
  const files = over.files ?? {};
  return {
    endpoint: '127.0.0.1:7470',
    env: {},
    cwd: '/repo',
    home: '/home/u',
    exists: (path) => path in files,
    profileIn: async (path, profile) => files[path]?.[profile],
    ...over,
  };
}

describe('resolveConnection', () => {
  it('finds the quickstart credential and CA with no flags', async () => {
    const c = await resolveConnection(input({ files: { '/repo/.berth/data/admin-credentials': { berth: pair('AKIAQUICK') }, '/repo/.berth/tls/ca.pem': {} } }));
    expect(c).toMatchObject({ endpoint: '127.0.0.1:7470', tls: true, caBundle: '/repo/.berth/tls/ca.pem', credentials: pair('AKIAQUICK') });
    expect(c.credentialSource).toBe('profile berth in /repo/.berth/data/admin-credentials');
  });

  it.each<[string, Partial<ConnectionInput> & { files?: Record<string, Record<string, KeyPair>> }, string]>([
    ['the environment first', { env: { BERTH_ACCESS_KEY_ID: 'AKIAENV', BERTH_SECRET_ACCESS_KEY: 'x'.repeat(40) }, files: { '/repo/.berth/data/admin-credentials': { berth: pair('AKIAQUICK') } } }, 'AKIAENV'],
    ['then AWS_SHARED_CREDENTIALS_FILE', { env: { AWS_SHARED_CREDENTIALS_FILE: '/etc/creds' }, files: { '/etc/creds': { berth: pair('AKIASHARED') }, '/home/u/.aws/credentials': { berth: pair('AKIAHOME') } } }, 'AKIASHARED'],
    ['then ~/.aws/credentials', { files: { '/home/u/.aws/credentials': { berth: pair('AKIAHOME') }, '/repo/.berth/data/admin-credentials': { berth: pair('AKIAQUICK') } } }, 'AKIAHOME'],
    ['a file without the profile is passed over', { files: { '/home/u/.aws/credentials': { default: pair('AKIAAWS') }, '/repo/.berth/data/admin-credentials': { berth: pair('AKIAQUICK') } } }, 'AKIAQUICK'],
    ['--profile picks another', { profile: 'ci', files: { '/home/u/.aws/credentials': { berth: pair('AKIAB'), ci: pair('AKIACI') } } }, 'AKIACI'],
    ['BERTH_PROFILE too', { env: { BERTH_PROFILE: 'ci' }, files: { '/home/u/.aws/credentials': { berth: pair('AKIAB'), ci: pair('AKIACI') } } }, 'AKIACI'],
  ])('credentials: %s', async (_name, over, id) => {
    expect((await resolveConnection(input(over))).credentials?.accessKeyId).toBe(id);
  });

  it('says where it looked when it finds no credentials (the server then refuses the call)', async () => {
    const c = await resolveConnection(input());
    expect(c.credentials).toBeUndefined();
    expect(c.credentialSource).toMatch(/none found \(looked for profile berth in \/home\/u\/.aws\/credentials, \/repo\/.berth\/data\/admin-credentials/);
  });

  it.each<[string, Partial<ConnectionInput> & { files?: Record<string, Record<string, KeyPair>> }, boolean, string | undefined]>([
    ['plain text without a CA', {}, false, undefined],
    ['https:// with the system CAs', { endpoint: 'https://cp.example:7470' }, true, undefined],
    ['http:// forces plain text even with the quickstart CA', { endpoint: 'http://127.0.0.1:7470', files: { '/repo/.berth/tls/ca.pem': {} } }, false, undefined],
    ['BERTH_CA_BUNDLE', { env: { BERTH_CA_BUNDLE: '/etc/ca.pem' } }, true, '/etc/ca.pem'],
    ['--ca-bundle over BERTH_CA_BUNDLE', { caBundle: '/mine.pem', env: { BERTH_CA_BUNDLE: '/etc/ca.pem' }, files: { '/mine.pem': {} } }, true, '/mine.pem'],
  ])('TLS: %s', async (_name, over, tls, ca) => {
    const c = await resolveConnection(input(over));
    expect(c.tls).toBe(tls);
    expect(c.caBundle).toBe(ca);
  });

  it("uses the quickstart's credential and CA only for a control plane on this machine", async () => {
    const files = { '/repo/.berth/data/admin-credentials': { berth: pair('AKIAQUICK') }, '/repo/.berth/tls/ca.pem': {} };
    const c = await resolveConnection(input({ endpoint: 'https://cp.example:7470', files }));
    expect([c.tls, c.caBundle, c.credentials]).toEqual([true, undefined, undefined]);
    expect((await resolveConnection(input({ endpoint: 'localhost:7470', files }))).credentials?.accessKeyId).toBe('AKIAQUICK');
  });

  it.each([
    ['cp.example:7470', /cp.example:7470 is not on this machine.*use https:\/\/cp.example:7470/],
    ['10.0.0.5:7470', /not on this machine/],
  ])('refuses plain text to %s unless http:// asks for it', async (endpoint, message) => {
    await expect(resolveConnection(input({ endpoint }))).rejects.toThrow(message);
    expect((await resolveConnection(input({ endpoint: `http://${endpoint}` }))).tls).toBe(false);
  });

  it('refuses a --ca-bundle with http://', async () => {
    await expect(resolveConnection(input({ endpoint: 'http://127.0.0.1:7470', caBundle: '/mine.pem', files: { '/mine.pem': {} } }))).rejects.toThrow(/not with an http:\/\/ endpoint/);
  });

  it('refuses a --ca-bundle that does not exist and an endpoint that is not HOST:PORT', async () => {
    await expect(resolveConnection(input({ caBundle: '/nope.pem' }))).rejects.toThrow(UsageError);
    await expect(resolveConnection(input({ endpoint: 'ftp://x' }))).rejects.toThrow(/expected HOST:PORT or https:\/\/HOST:PORT/);
  });

  it.each([[{ BERTH_ACCESS_KEY_ID: 'AKIAENV' }], [{ BERTH_SECRET_ACCESS_KEY: 'x'.repeat(40) }]])('refuses half a key pair in the environment: %j', async (env) => {
    await expect(resolveConnection(input({ env }))).rejects.toThrow(/BERTH_ACCESS_KEY_ID and BERTH_SECRET_ACCESS_KEY go together/);
  });
});
