/** The tamper campaign's KX Connect side: random valid analytic calls (docs/spec/kx-connect.md §3), and one mutation of what each signs (docs/spec/kx-connect.md §2). */
import { formatRfc1123, type signKxRequest } from '@sigkit/signer';
import { NOW, randomText, replaceChar, type Random } from './campaignKit.js';
import { ALNUM, drawRealMutation, mutateByte, shuffled, type Tampered, type Wire, type World } from './tampering.js';

const BASE64 = `${ALNUM}+/`;
const DATE_CHARACTERS = `${ALNUM} :,`;

const KX_METHODS = ['getMem', 'getCPU', 'getDisk', 'getAvgLoad', 'getMemBucket'] as const;
const SERVERS = ['ds_tp_ops_a', 'ds_rdb_ops_a', 'ds_hdb_ops_a', 'ds_gw_ops_a', 'ds_qm_ops_a'];

/** A UUID drawn from the seed, so a replayed call is byte for byte the same. */
function seededUuid(r: Random): string {
  const hex = Array.from({ length: 32 }, () => r.int(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function randomKxTime(r: Random, at: number): string {
  const iso = new Date(at).toISOString();
  return r.pick([iso, iso.slice(0, 19), `${iso.slice(0, 16)}Z`]);
}

/** A random analytic call answered with 200 (docs/spec/kx-connect.md §3), as an exact body with its keys in random order and random spacing. */
export function randomKxCall(r: Random, world: World): { method: string; body: string; session: World['sessions'][number] } {
  const method = r.pick(KX_METHODS);
  const params: Record<string, unknown> = {};
  const end = NOW - r.int(120) * 60_000;
  if (r.chance(0.7)) params.endTime = randomKxTime(r, end);
  if (r.chance(0.7)) params.startTime = randomKxTime(r, end - (1 + r.int(60)) * 60_000);
  if (params.endTime === undefined && params.startTime !== undefined) params.endTime = randomKxTime(r, end);
  if (r.chance(0.6)) params.syms = r.chance(0.2) ? r.pick(SERVERS) : shuffled(r, SERVERS).slice(0, r.int(SERVERS.length + 1));
  if (method === 'getMemBucket' && r.chance(0.7)) params.bucket = r.chance(0.3) ? String(1 + r.int(60)) : 1 + r.int(60);
  const date = formatRfc1123(new Date(NOW + (r.int(1_700) - 850) * 1000));
  const id = r.chance(0.8) ? seededUuid(r) : randomText(r, 1, 12);
  const type = r.chance(0.8) ? `${method}Req` : randomText(r, 1, 10);
  const entries = shuffled(r, [['type', type], ['msg', [params]], ['id', id], ['date', date]] as const);
  const body = JSON.stringify(Object.fromEntries(entries), null, r.pick([0, 0, 1, '\t']));
  return { method, body, session: r.pick(world.sessions) };
}

export function kxWire(signed: ReturnType<typeof signKxRequest>): Wire {
  return { method: 'POST', target: signed.path, headers: { 'content-type': signed.headers['Content-Type'], authorization: signed.headers.Authorization }, body: Buffer.from(signed.body) };
}

/** What a KX Connect server signs and compares (docs/spec/kx-connect.md §2): the path, the Authorization header, the body bytes and the content type. */
function kxMaterial(wire: Wire): string {
  return JSON.stringify([wire.target, wire.headers.authorization, wire.body.toString('base64'), wire.headers['content-type']]);
}

const KX_KINDS = ['body', 'date', 'sessionSuffix', 'signature', 'path'] as const;

const KX_EXPECTED: Record<(typeof KX_KINDS)[number], readonly string[]> = {
  body: ['malformed_body', 'invalid_date', 'clock_skew', 'signature_mismatch'],
  date: ['invalid_date', 'clock_skew', 'signature_mismatch'],
  // Another live session of the same user could end in the new five characters: then it is that session's signature that differs.
  sessionSuffix: ['unknown_session', 'signature_mismatch'],
  signature: ['signature_mismatch'],
  path: ['signature_mismatch'],
};

function drawKxMutation(r: Random, wire: Wire, kind: (typeof KX_KINDS)[number], username: string, date: string): Wire {
  const authorization = wire.headers.authorization!;
  const colon = authorization.lastIndexOf(':');
  switch (kind) {
    case 'body':
      return { ...wire, body: mutateByte(r, wire.body) };
    case 'date': {
      const text = wire.body.toString('utf8');
      const start = text.indexOf(JSON.stringify(date)) + 1;
      const mutated = replaceChar(r, text, start + r.int(date.length), DATE_CHARACTERS);
      return { ...wire, body: Buffer.from(mutated, 'utf8') };
    }
    case 'sessionSuffix':
      return { ...wire, headers: { ...wire.headers, authorization: replaceChar(r, authorization, username.length + r.int(5), '0123456789abcdef') } };
    case 'signature':
      return { ...wire, headers: { ...wire.headers, authorization: replaceChar(r, authorization, colon + 1 + r.int(authorization.length - colon - 1), BASE64) } };
    case 'path': {
      // Within /<group>/<method>, so the call still reaches the KX Connect platform and is verified.
      const at = '/connect/api/'.length + r.int(wire.target.length - '/connect/api/'.length);
      if (wire.target[at] === '/') return drawKxMutation(r, wire, kind, username, date);
      return { ...wire, target: replaceChar(r, wire.target, at, ALNUM) };
    }
  }
}

/** One mutation of a random kind, redrawn until it changes what the server signs or compares. */
export function tamperKx(r: Random, wire: Wire, username: string, date: string): Tampered {
  const kind = r.pick(KX_KINDS);
  const mutated = drawRealMutation(wire, kxMaterial, () => drawKxMutation(r, wire, kind, username, date), `${kind} mutation of POST ${wire.target}`);
  return { kind, wire: mutated, expectedCodes: KX_EXPECTED[kind] };
}
