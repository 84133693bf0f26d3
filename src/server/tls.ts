// The serving certificate: read from files, checked, and reloaded when the
// files change (cert-manager rotates them in place; a mounted Secret is
// swapped by renaming a symlink, so the directories are watched, with a poll
// as the fallback where file events are not delivered).
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPrivateKey, X509Certificate } from 'node:crypto';

export interface TlsFiles {
  cert: string;
  key: string;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  notAfter: Date;
}

/** Reads the pair and checks that the key belongs to the certificate. */
export async function readTls(files: TlsFiles): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([readFile(files.cert), readFile(files.key)]);
  const x509 = new X509Certificate(cert);
  if (!x509.checkPrivateKey(createPrivateKey(key))) throw new Error(`the key in ${files.key} does not belong to the certificate in ${files.cert}`);
  return { cert, key, notAfter: new Date(x509.validTo) };
}

export interface WatchOptions {
  onChange(material: TlsMaterial): void;
  onError(error: Error): void;
  /** Poll interval in ms; file events usually come first. */
  pollMs?: number;
  debounceMs?: number;
}

/** Watches the pair and reports each new valid one; a half-written rotation is retried, never served. */
export class CertificateWatcher {
  private readonly watchers: FSWatcher[] = [];
  private poll?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private loading = Promise.resolve();

  constructor(
    private readonly files: TlsFiles,
    private current: TlsMaterial,
    private readonly options: WatchOptions,
  ) {}

  start(): void {
    for (const dir of new Set([path.dirname(this.files.cert), path.dirname(this.files.key)])) {
      try {
        const watcher = watch(dir, { persistent: false }, () => this.schedule());
        watcher.on('error', () => undefined);
        this.watchers.push(watcher);
      } catch {
        // The poll below still notices changes.
      }
    }
    this.poll = setInterval(() => this.schedule(), this.options.pollMs ?? 10_000);
    this.poll.unref();
  }

  close(): void {
    for (const watcher of this.watchers) watcher.close();
    clearInterval(this.poll);
    clearTimeout(this.debounce);
  }

  private schedule(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.loading = this.loading.then(() => this.reload());
    }, this.options.debounceMs ?? 200);
    this.debounce.unref();
  }

  private async reload(): Promise<void> {
    let material: TlsMaterial;
    try {
      material = await readTls(this.files);
    } catch (error) {
      this.options.onError(error as Error);
      return;
    }
    if (material.cert.equals(this.current.cert) && material.key.equals(this.current.key)) return;
    this.current = material;
    this.options.onChange(material);
  }
}
