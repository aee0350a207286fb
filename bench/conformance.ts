/** Conformance throughput: generated cases per second in process and through the example Python adapter. */
import { checkAdapter, checkClient } from '@sigkit/conformance';
import { signXConnectRequest } from '@sigkit/signer';
import { ROOT } from './processes.js';

/** Runs `cases` generated xConnect cases through `checkClient` with the reference signer as the client. */
export async function inProcessThroughput(cases: number, seed = 1) {
  const started = performance.now();
  const report = await checkClient({
    scheme: 'xconnect',
    cases,
    seed,
    sign: async (input) => {
      if (input.scheme !== 'xconnect') throw new Error('xconnect only');
      const body = input.bodyBase64 !== undefined ? Buffer.from(input.bodyBase64, 'base64') : (input.body ?? '');
      const signed = signXConnectRequest({
        method: input.method, path: input.path, query: input.rawQuery ?? undefined, body, apiKey: input.apiKey, secretKey: input.secretKey, timestamp: input.timestamp, version: input.version,
      });
      return { method: signed.method, target: signed.target, headers: signed.headers, body: signed.body };
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (!report.ok) throw new Error('the reference signer failed its own conformance check');
  return { cases, seconds: Math.round(seconds * 100) / 100, casesPerSecond: Math.round(cases / seconds) };
}

/** The same through `examples/adapters/xconnect_adapter.py` over JSON Lines. */
export async function adapterThroughput(cases: number) {
  const started = performance.now();
  const report = await checkAdapter({ scheme: 'xconnect', command: 'python3 examples/adapters/xconnect_adapter.py', cases, seed: 1, cwd: ROOT });
  const seconds = (performance.now() - started) / 1000;
  if (!report.ok) throw new Error('the example Python adapter failed its conformance check');
  return { cases, seconds: Math.round(seconds * 100) / 100, casesPerSecond: Math.round(cases / seconds) };
}
