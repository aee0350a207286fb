/** The two users of the KX Connect client guides (seeds 000 and 001), which the mock accepts unless told otherwise. */
import type { KxUserInput } from './userStore.js';

/** The guides' users: `kxSupport` / `12345678` (the login example) and `Administrator` / `password` (the command-line example). */
export const KX_GUIDE_USERS: readonly Readonly<KxUserInput>[] = Object.freeze([
  Object.freeze({ username: 'kxSupport', password: '12345678' }),
  Object.freeze({ username: 'Administrator', password: 'password' }),
]);
