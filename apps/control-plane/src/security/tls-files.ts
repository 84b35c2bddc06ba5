import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { experimental } from '@grpc/grpc-js';
import type { Logger } from '@berth/log';

/** The PEM files behind --tls-cert, --tls-key and --tls-client-ca. */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientCaFile?: string;
}

/** What the files held when they last read well: a certificate chain, its key, and the client CA. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly clientCa?: Buffer;
  /** The leaf certificate's expiry, for the log. */
  readonly notAfter: Date;
}

/**
 * Reads and checks the files: each parses as PEM, the key belongs to the certificate, the client CA
 * is a CA. Throws an error naming the flag and the file, never the key's contents.
 */
export async function readTlsMaterial(files: TlsFiles): Promise<TlsMaterial> {
  const read = (flag: string, path: string) =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot read ${flag} ${path}: ${error.code ?? error.message}`);
    });
  const [cert, key, clientCa] = await Promise.all([
    read('--tls-cert', files.certFile),
    read('--tls-key', files.keyFile),
    files.clientCaFile ? read('--tls-client-ca', files.clientCaFile) : Promise.resolve(undefined),
  ]);
  const leaf = parse(() => new X509Certificate(cert), `--tls-cert ${files.certFile} is not a PEM certificate`);
  const privateKey = parse(() => createPrivateKey(key), `--tls-key ${files.keyFile} is not a PEM private key`);
  if (!leaf.checkPrivateKey(privateKey)) throw new Error(`--tls-key ${files.keyFile} is not the key of the certificate in --tls-cert ${files.certFile}`);
  if (clientCa) {
    const ca = parse(() => new X509Certificate(clientCa), `--tls-client-ca ${files.clientCaFile} is not a PEM certificate`);
    if (!ca.ca) throw new Error(`--tls-client-ca ${files.clientCaFile} is not a CA certificate (basicConstraints CA:TRUE)`);
  }
  return { cert, key, ...(clientCa ? { clientCa } : {}), notAfter: new Date(leaf.validTo) };
}

function parse<T>(fn: () => T, message: string): T {
  try {
    return fn();
  } catch {
    throw new Error(message);
  }
}

/**
 * Serves the TLS material to the gRPC server (as a grpc-js certificate provider) and to the HTTP
 * server, and re-reads the files every `intervalMs`: a renewed certificate is taken up without a
 * restart. Files that read badly (half written, key and certificate out of step) keep the last good
 * material and are logged, so a botched renewal never takes the listeners down.
 */
export class TlsFileWatcher implements experimental.CertificateProvider {
  private material: TlsMaterial;
  private timer: NodeJS.Timeout | undefined;
  private readonly identityListeners = new Set<experimental.IdentityCertificateUpdateListener>();
  private readonly caListeners = new Set<experimental.CaCertificateUpdateListener>();
  private readonly changeListeners = new Set<(material: TlsMaterial) => void>();
  private lastProblem: string | undefined;

  constructor(
    private readonly files: TlsFiles,
    initial: TlsMaterial,
    private readonly deps: { log: Logger; intervalMs: number },
  ) {
    this.material = initial;
  }

  get current(): TlsMaterial {
    return this.material;
  }

  get mutual(): boolean {
    return this.files.clientCaFile !== undefined;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.reload(), this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the files once; resolves to whether the material changed. */
  async reload(): Promise<boolean> {
    let next: TlsMaterial;
    try {
      next = await readTlsMaterial(this.files);
    } catch (error) {
      const problem = (error as Error).message;
      if (problem !== this.lastProblem) this.deps.log.warn('TLS files did not read well; keeping the certificate in use', { problem });
      this.lastProblem = problem;
      return false;
    }
    this.lastProblem = undefined;
    const same = next.cert.equals(this.material.cert) && next.key.equals(this.material.key) && equalBuffers(next.clientCa, this.material.clientCa);
    if (same) return false;
    this.material = next;
    this.deps.log.info('TLS certificate reloaded', { certFile: this.files.certFile, notAfter: next.notAfter.toISOString() });
    for (const listener of this.identityListeners) listener({ certificate: next.cert, privateKey: next.key });
    if (next.clientCa) for (const listener of this.caListeners) listener({ caCertificate: next.clientCa });
    for (const listener of this.changeListeners) listener(next);
    return true;
  }

  onChange(listener: (material: TlsMaterial) => void): void {
    this.changeListeners.add(listener);
  }

  // grpc-js subscribes before it starts listening for updates itself: answer on the next tick, as its own providers do.
  addIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.add(listener);
    queueMicrotask(() => {
      if (this.identityListeners.has(listener)) listener({ certificate: this.material.cert, privateKey: this.material.key });
    });
  }

  removeIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.delete(listener);
  }

  addCaCertificateListener(listener: experimental.CaCertificateUpdateListener): void {
    this.caListeners.add(listener);
    queueMicrotask(() => {
      if (this.caListeners.has(listener) && this.material.clientCa) listener({ caCertificate: this.material.clientCa });
    });
  }

  removeCaCertificateListener(listener: experimental.CaCertificateUpdateListener): void {
    this.caListeners.delete(listener);
  }
}

function equalBuffers(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}
