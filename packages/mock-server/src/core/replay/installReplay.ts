/** Makes a mock core answer from a recording: requests it verifies get the recorded answer when one matches, the rest the simulated platform's. */
import { JOURNAL_ID_HEADER, type MockCore } from '../createMockCore.js';
import { recordBody } from '../journal/recordBody.js';
import type { ReplaySource } from './replaySource.js';

/** Response header naming the recorded entry an answer was replayed from. */
export const REPLAY_HEADER = 'x-sigkit-replay';

/**
 * Wraps `core.handle` so that a request is first served by the core as usual — verified, journaled,
 * and answered by the simulated platform — and then, when its verdict is not a rejection and the
 * recording has an answer for its method, path and canonical query, that answer replaces the
 * simulated one (in the journal too, whose entry's route says which HAR entry answered). A request
 * the mock rejects keeps the mock's rejection and diagnosis: replay never lets a bad signature
 * through. The simulated platform still runs underneath, so its state follows the client's writes.
 *
 * @example
 * ```ts
 * const server = createNodeMockServer({ seed: 42 });
 * installReplay(server.core, readReplaySource(JSON.parse(readFileSync('session.har', 'utf8'))), 'session.har');
 * ```
 */
export function installReplay(core: MockCore, source: ReplaySource, name = 'the recording'): void {
  const simulated = core.handle.bind(core);
  core.handle = async (request) => {
    const response = await simulated(request);
    if (response.kind !== 'response') return response;
    const id = Number(response.headers[JOURNAL_ID_HEADER]);
    // Admin answers carry no journal id, and are never replayed.
    if (!Number.isInteger(id)) return response;
    const entry = core.journal.get(id);
    if (entry === undefined || (entry.verdict !== null && !entry.verdict.ok)) return response;
    const answer = source.next(String(request.method ?? ''), String(request.target ?? '/'));
    if (answer === undefined) return response;
    const replayed = {
      kind: 'response' as const,
      status: answer.status,
      headers: { ...answer.headers, [JOURNAL_ID_HEADER]: String(id), [REPLAY_HEADER]: `${name}#${answer.entryIndex}` },
      body: answer.body,
    };
    entry.route = `replayed from ${name}, entry ${answer.entryIndex} (the simulated platform answered ${response.status})`;
    entry.response = { status: answer.status, destroyed: false, headers: replayed.headers, body: recordBody(answer.body, core.options.journalResponseBodyLimit) };
    return replayed;
  };
}
