// A real node:http server playing the ZOLOZ gateway: verifies and decrypts requests with the gateway-protocol
// package, then answers as the test tells it to (signed or not, tampered, slow, failing…).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openMessage, sealMessage, type KeyInput } from '@zoloz-openapi/gateway-protocol';
import { CLIENT_ID, merchant, zoloz } from './keys.js';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Body as sent (ciphertext when encrypted). */
  readonly rawBody: string;
  /** Plaintext JSON body, when it verified and decrypted. */
  readonly body?: string;
  /** Why the gateway could not open it. */
  readonly openError?: string;
  readonly aesKey?: Buffer;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (the client must time out). */
  hang?: boolean;
}

export type Responder = (req: ReceivedRequest, n: number) => Reply | Promise<Reply>;

export interface TestGateway {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  respond: Responder;
  close(): Promise<void>;
}

export interface SignedReplyOptions {
  path: string;
  body: string;
  signingKey?: KeyInput;
  encryptFor?: KeyInput;
  aesKey?: Uint8Array;
  time?: string;
}

/** A response sealed as ZOLOZ would: signed with ZOLOZ's key, encrypted for the merchant when asked. */
export function signedReply(o: SignedReplyOptions): Reply {
  const sealed = sealMessage({
    direction: 'response',
    path: o.path,
    clientId: CLIENT_ID,
    body: o.body,
    signingKey: o.signingKey ?? zoloz.privateKey,
    ...(o.encryptFor ? { encryptFor: o.encryptFor } : {}),
    ...(o.aesKey ? { aesKey: o.aesKey } : {}),
    ...(o.time ? { time: o.time } : {}),
  });
  return { status: 200, headers: sealed.headers, body: sealed.body };
}

export function result(status: 'S' | 'F' | 'U', code: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ result: { resultStatus: status, resultCode: code, resultMessage: code }, ...extra });
}

/** Echo-style default: answer every request with a signed result, encrypted iff the request was. */
export const okResponder: Responder = (req) =>
  signedReply({
    path: req.path,
    body: result('S', 'SUCCESS'),
    ...(req.aesKey ? { encryptFor: merchant.publicKey, aesKey: req.aesKey } : {}),
  });

export async function startGateway(respond: Responder = okResponder): Promise<TestGateway> {
  const requests: ReceivedRequest[] = [];
  const gw = { respond } as { respond: Responder };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      let received: ReceivedRequest;
      try {
        const opened = openMessage({
          direction: 'request',
          path,
          clientId: String(req.headers['client-id'] ?? ''),
          headers: req.headers,
          body: rawBody,
          verifyWith: merchant.publicKey,
          decryptWith: zoloz.privateKey,
        });
        received = { path, headers: req.headers, rawBody, body: opened.body, ...(opened.aesKey ? { aesKey: opened.aesKey } : {}) };
      } catch (err) {
        received = { path, headers: req.headers, rawBody, openError: (err as Error).message };
      }
      requests.push(received);
      const reply = await gw.respond(received, requests.length);
      if (reply.hang) return; // keep the socket open; close() destroys it
      res.writeHead(reply.status ?? 200, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(gw, {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
