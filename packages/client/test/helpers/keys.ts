import { generateKeyPairSync } from 'node:crypto';

/** Fresh throw-away key pairs, exported the way ZOLOZ's portal shows them (base64 DER) and as PEM. */
function pair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
    privateDerB64: (privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64'),
    publicDerB64: (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).toString('base64'),
  };
}

export const merchant = pair();
export const zoloz = pair();
export const stranger = pair();
export { CLIENT_ID } from '../../../../test/support/ids.js';
