/** KX Connect users: who may log in with which password, and which analytic groups each may call. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { MockInputError, readObject, readOptionalString, rejectUnknownKeys } from '../../input/readInput.js';
import { isKxPathSegment } from '../http/callPath.js';

/** A user as the mock knows it. */
export interface KxUser {
  username: string;
  password: string;
  /** The analytic groups the user may call; null for every group. */
  groups: string[] | null;
}

/** A user as a caller describes it (config file, admin API, code). */
export interface KxUserInput {
  username: string;
  password: string;
  /** Analytic groups the user may call (default: all). Logout is always allowed. */
  groups?: readonly string[];
}

/** A user without the password, as the admin API shows it. */
export interface KxUserView {
  username: string;
  groups: string[] | null;
}

/** The mock's KX users. */
export interface KxUserStore {
  /** Every user in the order added, without passwords. */
  list(): KxUserView[];
  get(username: string): KxUser | undefined;
  /** The user whose username and password match (compared in constant time); undefined otherwise. */
  authenticate(username: string, password: string): KxUser | undefined;
  /** Adds a user, replacing one with the same username. */
  add(input: KxUserInput): KxUserView;
  /** Removes a user; false when unknown. */
  remove(username: string): boolean;
  /** Back to the users given at creation. */
  reset(): void;
}

/** At most this many users, so the admin API cannot grow the mock without bound. */
export const MAX_KX_USERS = 10_000;

const FIELDS = ['username', 'password', 'groups'] as const;
// HTTP strips leading whitespace from header values and cannot carry control characters, so such
// a username could never sign a call (docs/spec/kx-connect.md §2: the username starts the Authorization).
const UNUSABLE_USERNAME = /^\s|[\u0000-\u001f\u007f]/;

/**
 * Validates an untrusted user object (config entry, admin body) and returns it typed.
 *
 * @example
 * ```ts
 * parseKxUserInput({ username: 'ops', password: 's3cret', groups: ['monPublic'] }, 'kx.users[0]');
 * ```
 */
export function parseKxUserInput(value: unknown, where: string): KxUserInput {
  const object = readObject(value, where);
  rejectUnknownKeys(object, FIELDS, where);
  const username = readOptionalString(object, 'username', where, { nonEmpty: true });
  if (username === undefined) throw new MockInputError(`${where}.username is required`);
  if (UNUSABLE_USERNAME.test(username) || username.length > 256) {
    throw new MockInputError(`${where}.username must be at most 256 characters, without control characters or leading whitespace`);
  }
  const password = readOptionalString(object, 'password', where, { nonEmpty: true });
  if (password === undefined) throw new MockInputError(`${where}.password is required`);
  const input: KxUserInput = { username, password };
  if (object.groups !== undefined) {
    if (!Array.isArray(object.groups) || object.groups.some((g) => typeof g !== 'string' || !isKxPathSegment(g))) {
      throw new MockInputError(`${where}.groups must be an array of analytic group names (one path segment each, e.g. "monPublic")`);
    }
    input.groups = [...(object.groups as string[])];
  }
  return input;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Creates the user store with its initial users.
 *
 * @example
 * ```ts
 * const users = createKxUserStore(KX_GUIDE_USERS);
 * users.authenticate('kxSupport', '12345678')?.username; // 'kxSupport'
 * ```
 */
export function createKxUserStore(initial: readonly KxUserInput[]): KxUserStore {
  const byName = new Map<string, KxUser>();
  const toUser = (input: KxUserInput): KxUser => ({ username: input.username, password: input.password, groups: input.groups ? [...input.groups] : null });
  const view = (user: KxUser): KxUserView => ({ username: user.username, groups: user.groups ? [...user.groups] : null });
  const load = () => {
    byName.clear();
    for (const input of initial) byName.set(input.username, toUser(input));
  };
  load();
  return {
    list: () => [...byName.values()].map(view),
    get: (username) => byName.get(username),
    authenticate(username, password) {
      const user = byName.get(username);
      // Digests of equal length let the comparison run in constant time whatever the lengths;
      // an unknown user is compared too, so timing does not tell which usernames exist.
      const same = timingSafeEqual(digest(user?.password ?? ''), digest(password));
      return user && same ? user : undefined;
    },
    add(input) {
      if (!byName.has(input.username) && byName.size >= MAX_KX_USERS) throw new MockInputError(`the mock holds at most ${MAX_KX_USERS} KX users`);
      const user = toUser(input);
      byName.delete(user.username);
      byName.set(user.username, user);
      return view(user);
    },
    remove: (username) => byName.delete(username),
    reset: load,
  };
}
