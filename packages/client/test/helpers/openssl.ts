// Helpers that run the real openssl binary (no mocks): keys, signatures, RSA wrap, AES.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class OpensslWorkdir {
  readonly dir = mkdtempSync(join(tmpdir(), 'zoloz-openssl-'));
  file(name: string, content?: string | Uint8Array): string {
    const p = join(this.dir, name);
    if (content !== undefined) writeFileSync(p, content);
    return p;
  }
  read(name: string): Buffer {
    return readFileSync(join(this.dir, name));
  }
  run(args: string[], input?: string | Uint8Array): Buffer {
    return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
  }
  /** A fresh RSA-2048 key pair as PKCS#8 / SPKI PEM. */
  genRsa(name: string): { privatePem: string; publicPem: string; privatePath: string; publicPath: string } {
    const privatePath = this.file(`${name}.pem`);
    const publicPath = this.file(`${name}.pub.pem`);
    this.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', privatePath]);
    this.run(['pkey', '-in', privatePath, '-pubout', '-out', publicPath]);
    return { privatePem: readFileSync(privatePath, 'utf8'), publicPem: readFileSync(publicPath, 'utf8'), privatePath, publicPath };
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
