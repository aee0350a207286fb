/** Judges a KX Connect login (docs/spec/kx-connect.md §1): reads the LoginReq body and checks the credentials, without side effects. */
import { isJsonObject, readJsonBody } from '../../http/jsonBody.js';
import type { JsonObject } from '../../http/types.js';
import type { JournalVerdict } from '../../journal/journal.js';
import { kxEcho, type KxEcho } from '../http/envelope.js';
import type { KxUser, KxUserStore } from '../users/userStore.js';

/** The answer to a login that failed: 400 for an unreadable body, 401 for bad credentials (docs/spec/kx-connect.md §1). */
export const KX_INVALID_CREDENTIALS = 'invalid username or password';

/** How a login was judged. */
export interface KxLoginJudgement {
  /** For the journal: `login` (ok), `invalid_credentials` or `malformed_login`. The password never appears in it. */
  verdict: JournalVerdict;
  /** The `type` (`LoginResp`) and `id` the answer echoes. */
  echo: KxEcho;
  /** The user, when the credentials are right. */
  user?: KxUser;
  /** The answer's status and `error` when they are not. */
  failure?: { status: 400 | 401; error: string };
}

const EXPECTED = 'expected {"msg":[{"username":…,"password":…}],"type":"LoginReq","id":<uuid>,"date":<RFC 1123>}';

function malformed(echo: KxEcho, problem: string): KxLoginJudgement {
  const message = `${problem}; ${EXPECTED}`;
  return {
    echo,
    verdict: { scheme: 'kx', ok: false, code: 'malformed_login', message, serverMessage: message, diagnosis: null },
    failure: { status: 400, error: message },
  };
}

function readCredentials(body: JsonObject): { username: string; password: string } | string {
  const msg = body.msg;
  if (!Array.isArray(msg) || msg.length !== 1 || !isJsonObject(msg[0])) return 'msg must be an array holding one {"username","password"} object';
  const { username, password } = msg[0];
  if (typeof username !== 'string' || username === '') return 'msg[0].username must be a non-empty string';
  if (typeof password !== 'string' || password === '') return 'msg[0].password must be a non-empty string';
  return { username, password };
}

/**
 * The parser's message without the piece of the body it quotes (`…"password":hunter2}]}" is not
 * valid JSON`): a login body holds a password, and this message goes to the client and the journal.
 */
function withoutQuotedBody(message: string): string {
  // V8 quotes the text around the unexpected character (and the character itself), nothing else.
  return / is not valid JSON$/.test(message) ? 'malformed JSON body: an unexpected character; the body is not valid JSON' : message;
}

/**
 * Reads and checks a login request. The request is not signed; its `type` and `date` are not
 * checked (the guides' login carries them, but nothing in it depends on them).
 *
 * @example
 * ```ts
 * const judged = judgeKxLogin(request.body, users);
 * judged.user?.username; // 'kxSupport' for the guides' example login
 * ```
 */
export function judgeKxLogin(body: Uint8Array, users: KxUserStore): KxLoginJudgement {
  const echo = kxEcho(body, 'LoginResp');
  const parsed = readJsonBody(body);
  if (!parsed.ok) return malformed(echo, withoutQuotedBody(parsed.message));
  if (!isJsonObject(parsed.value)) return malformed(echo, 'the login body must be a JSON object');
  const credentials = readCredentials(parsed.value);
  if (typeof credentials === 'string') return malformed(echo, credentials);
  const user = users.authenticate(credentials.username, credentials.password);
  if (!user) {
    const why = users.get(credentials.username) ? `wrong password for user "${credentials.username}"` : `no user "${credentials.username}"`;
    return {
      echo,
      verdict: { scheme: 'kx', ok: false, code: 'invalid_credentials', message: `${why} (the answer says only "${KX_INVALID_CREDENTIALS}")`, serverMessage: KX_INVALID_CREDENTIALS, diagnosis: null },
      failure: { status: 401, error: KX_INVALID_CREDENTIALS },
    };
  }
  return {
    echo,
    user,
    verdict: { scheme: 'kx', ok: true, code: 'login', message: `user "${user.username}" logged in`, serverMessage: '', diagnosis: null },
  };
}
