// Secrets at rest (pasted SSH keys): AES-256-GCM with a key kept in the data directory
// (terminal-secrets.key, 0600). The database, its backups and exports never hold a secret
// in plain text; whoever can read the data directory itself can read the key too.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class SecretBox {
  private key: Buffer | null = null;

  constructor(private readonly dataDir: string) {}

  private keyBytes(): Buffer {
    if (this.key) return this.key;
    const file = join(this.dataDir, 'terminal-secrets.key');
    if (existsSync(file)) {
      const k = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
      if (k.length !== 32) throw new Error(`${file} is not a 256-bit key`);
      this.key = k;
    } else {
      this.key = randomBytes(32);
      writeFileSync(file, this.key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    return this.key;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.keyBytes(), iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string): string {
    const [v, iv, tag, body] = sealed.split(':');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    const d = createDecipheriv('aes-256-gcm', this.keyBytes(), Buffer.from(iv, 'base64'));
    d.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
  }
}
