/** Profiles: how faithfully, and how helpfully, the mock plays the production platform. */

/**
 * - `strict` (default): only the documented signature version is accepted, every rejection
 *   carries a `sigkit` diagnosis next to the production body, no client input is answered 5xx, and
 *   each answer notes where the real platform would have answered otherwise (`platformWouldDiffer`).
 * - `moonstone`: behaves as the published server did, edges included (docs/spec/xconnect.md §3b):
 *   its container's 400 and 404, its firewall's and method lookup's 500, its logout 302, its exact
 *   exempt list, every path checked, versions 0, 1 and 2, `x-auth-token` where signing is off, the
 *   unknown-version bypass, production bodies only; the journal still records the diagnosis.
 */
export type MockProfile = 'strict' | 'moonstone';

/** Every profile name, for validation and help texts. */
export const MOCK_PROFILES: readonly MockProfile[] = ['strict', 'moonstone'];
