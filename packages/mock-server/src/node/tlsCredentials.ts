/** TLS material for the mock: PEM files given by the user, or a self-signed certificate generated on start. */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { MockInputError } from '../core/input/readInput.js';

/** TLS options: PEM text (or file paths via {@link readTlsFiles}), or `selfSigned` to generate a certificate. */
export type MockTlsOptions = { cert: string | Buffer; key: string | Buffer } | { selfSigned: true };

/** PEM certificate and key ready for `https.createServer`. */
export interface TlsMaterial {
  cert: string | Buffer;
  key: string | Buffer;
}

/**
 * Generates a self-signed certificate for `localhost`, `127.0.0.1` and `::1`, valid for a year
 * (an EC P-256 key, quick to make). The guides' clients talk HTTPS with verification off, so any
 * certificate will do; `curl -k` and `verify=False` accept it.
 */
export async function generateSelfSignedCertificate(): Promise<TlsMaterial> {
  // Loaded only when asked for: the X.509 library takes longer to load than the rest of the mock to start.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** Resolves TLS options to PEM material, generating a certificate when asked to. */
export async function resolveTlsMaterial(options: MockTlsOptions): Promise<TlsMaterial> {
  return 'selfSigned' in options ? generateSelfSignedCertificate() : { cert: options.cert, key: options.key };
}

/**
 * Reads a PEM certificate and key from files. Throws an error naming the file that could not be
 * read, and a `MockInputError` naming the file that holds no PEM certificate or key, or a key that
 * is not the certificate's.
 */
export async function readTlsFiles(certPath: string, keyPath: string): Promise<TlsMaterial> {
  const read = async (path: string, what: string) => {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  const cert = await read(certPath, 'certificate');
  const key = await read(keyPath, 'key');
  // Checked here, where the paths are known: Node's own error when the server starts names no file
  // ("PEM routines::no start line"), and the user has two to choose from.
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new MockInputError(`the TLS certificate "${certPath}" is not a PEM certificate: ${(error as Error).message}`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new MockInputError(`the TLS key "${keyPath}" is not a PEM private key (an encrypted key is not supported): ${(error as Error).message}`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new MockInputError(`the TLS key "${keyPath}" is not the private key of the certificate "${certPath}"`);
  }
  return { cert, key };
}
