import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeBackends } from '@berth/state-store/testing';
import { refusal, T0, useAppHarness, type AppHarness } from '../testing/app-harness.js';
import { ReplayGuard, verifySignatureV4, type SignedRequest } from './signature-v4.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON, checked by the assertions

const expected = { region: 'local', service: 'ecs' };

/** A request signed the way the AWS SDKs sign one, as the HTTP edge would hand it over. */
async function signed(pair: { accessKeyId: string; secretAccessKey: string }, options: { at?: Date; region?: string; body?: string } = {}): Promise<SignedRequest> {
  const body = options.body ?? '{"clusterName":"x"}';
  const headers = { host: '127.0.0.1:7471', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.CreateCluster' };
  const signer = new SignatureV4({ credentials: pair, region: options.region ?? 'local', service: 'ecs', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const out = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 7471, path: '/', query: {}, headers, body }, { signingDate: options.at ?? T0 });
  return { method: 'POST', path: '/', query: new URLSearchParams(), headers: out.headers as Record<string, string>, body: Buffer.from(body) };
}

describe.each(storeBackends)('SigV4 verification against stored access keys on %s', (_kind, start) => {
  const current = useAppHarness(start);
  let h: AppHarness;
  let pair: { accessKeyId: string; secretAccessKey: string };
  beforeEach(async () => {
    ({ h } = current);
    const made: Json = await h.call('CreateAccessKey', { role: 'operator', clusters: ['c'] });
    pair = { accessKeyId: made.accessKey.accessKeyId, secretAccessKey: made.accessKey.secretAccessKey };
  });

  it('a request signed with the key is its caller, with the role and clusters of the key', async () => {
    const verified = await verifySignatureV4(h.app, await signed(pair), expected);
    expect(verified.caller).toMatchObject({ name: pair.accessKeyId, role: 'operator', clusters: ['c'] });
    expect(verified.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, (r: SignedRequest) => SignedRequest, string, RegExp]>([
    ['no Authorization', (r) => ({ ...r, headers: { ...r.headers, authorization: undefined } }), 'MissingAuthenticationTokenException', /Missing Authentication Token/],
    ['a malformed Authorization', (r) => ({ ...r, headers: { ...r.headers, authorization: 'Bearer x' } }), 'InvalidSignatureException', /must be AWS4-HMAC-SHA256/],
    ['another body', (r) => ({ ...r, body: Buffer.from('{"clusterName":"y"}') }), 'InvalidSignatureException', /does not match/],
    ['a signed header changed', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DeleteCluster' } }), 'InvalidSignatureException', /does not match/],
    ['a signed header gone', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-target': undefined } }), 'InvalidSignatureException', /signed header 'x-amz-target' is not in the request/],
    ['no X-Amz-Date', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-date': undefined } }), 'InvalidSignatureException', /X-Amz-Date must be/],
    ['a body hash that is not the body', (r) => ({ ...r, headers: { ...r.headers, 'x-amz-content-sha256': '0'.repeat(64) } }), 'InvalidSignatureException', /not the SHA-256 of the body/],
  ])('refuses %s', async (_name, change, name, message) => {
    const error = await refusal(verifySignatureV4(h.app, change(await signed(pair)), expected));
    expect(error.name).toBe(name);
    expect(error.message).toMatch(message);
  });

  it('refuses a wrong secret, an unknown key, another region and another service, each by its AWS name', async () => {
    expect(await refusal(verifySignatureV4(h.app, await signed({ ...pair, secretAccessKey: 'x'.repeat(40) }), expected))).toMatchObject({ name: 'InvalidSignatureException' });
    expect(await refusal(verifySignatureV4(h.app, await signed({ ...pair, accessKeyId: 'AKIAAAAAAAAAAAAAAAAA' }), expected))).toMatchObject({ name: 'UnrecognizedClientException' });
    expect((await refusal(verifySignatureV4(h.app, await signed(pair, { region: 'eu-west-1' }), expected))).message).toMatch(/scoped to a valid region, not 'eu-west-1'/);
    expect((await refusal(verifySignatureV4(h.app, await signed(pair), { region: 'local', service: 'ec2' }))).message).toMatch(/scoped to correct service: 'ec2'/);
  });

  it('accepts a clock five minutes apart, not more, either way', async () => {
    for (const seconds of [-299, 299]) await expect(verifySignatureV4(h.app, await signed(pair, { at: new Date(T0.getTime() + seconds * 1000) }), expected)).resolves.toBeDefined();
    expect((await refusal(verifySignatureV4(h.app, await signed(pair, { at: new Date(T0.getTime() - 301_000) }), expected))).message).toMatch(/^Signature expired: 20251231T235459Z is now earlier than 20251231T235500Z \(20260101T000000Z - 5 min\.\)$/);
    expect((await refusal(verifySignatureV4(h.app, await signed(pair, { at: new Date(T0.getTime() + 301_000) }), expected))).message).toMatch(/^Signature not yet current/);
  });

  it('a deleted key stops verifying at once', async () => {
    await h.call('DeleteAccessKey', { accessKeyId: pair.accessKeyId });
    expect((await refusal(verifySignatureV4(h.app, await signed(pair), expected))).name).toBe('UnrecognizedClientException');
  });
});

describe('ReplayGuard', () => {
  const at = new Date(1_000_000);
  it('claims a signature once within the skew window, again once it is released or past the window', () => {
    const guard = new ReplayGuard();
    expect(guard.claim('a', at, at.getTime())).toBe(true);
    expect(guard.claim('a', at, at.getTime() + 1000)).toBe(false);
    guard.release('a');
    expect(guard.claim('a', at, at.getTime() + 2000)).toBe(true);
    expect(guard.claim('a', at, at.getTime() + 5 * 60_000 + 1)).toBe(true);
  });

  it('stays within its capacity, dropping the oldest', () => {
    const guard = new ReplayGuard(3);
    for (const s of ['a', 'b', 'c', 'd']) expect(guard.claim(s, at, at.getTime())).toBe(true);
    expect(guard.claim('a', at, at.getTime())).toBe(true);
    expect(guard.claim('d', at, at.getTime())).toBe(false);
  });
});
