/** Profiles: how faithfully, and how helpfully, the mock plays the production platform. */

/**
 * - `strict` (default): only the documented signature version is accepted and every rejection
 *   carries a `sigkit` diagnosis next to the production body.
 * - `moonstone`: behaves as the published server did (versions 0, 1 and 2, `x-auth-token` where
 *   signing is off, production bodies only); the journal still records the diagnosis.
 */
export type MockProfile = 'strict' | 'moonstone';

/** Every profile name, for validation and help texts. */
export const MOCK_PROFILES: readonly MockProfile[] = ['strict', 'moonstone'];
