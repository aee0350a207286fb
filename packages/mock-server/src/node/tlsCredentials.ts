/** TLS material for the mock: PEM files given by the user, or a self-signed certificate generated on start. */
import { readFile } from 'node:fs/promises';

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

/** Reads a PEM certificate and key from files, with an error naming the file that could not be read. */
export async function readTlsFiles(certPath: string, keyPath: string): Promise<TlsMaterial> {
  const read = async (path: string, what: string) => {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  return { cert: await read(certPath, 'certificate'), key: await read(keyPath, 'key') };
}
