/** A smoke run of `pnpm mutants` (mutants/, docs/MUTANTS.md): a handful of broken clients, each caught, named right and counted as one cause. */
import { describe, expect, it } from 'vitest';
import { CONTROLS, MUTANTS } from '../../../mutants/catalogue.js';
import { runMutant } from '../../../mutants/runMutant.js';

const mutant = (id: string) => {
  const found = [...MUTANTS, ...CONTROLS].find((m) => m.id === id);
  if (!found) throw new Error(`no mutant ${id}`);
  return found;
};
const run = (id: string) => runMutant(mutant(id), { cases: 200, seed: 1 });

describe('pnpm mutants, smoke', () => {
  it('passes the controls (the same clients without a mistake)', async () => {
    for (const id of ['js/xconnect/none', 'js/kx/none', 'python/kx/none']) expect((await run(id)).caught, id).toBe(false);
  });

  it('counts sorting by name then value as one cause, SortByName, though some requests tie it with UnsortedQuery', async () => {
    const r = await run('js/xconnect/sort-by-name-then-value');
    expect(r).toMatchObject({ caught: true, causes: 1, namesGiven: ['SortByName'] });
  });

  it('names "\\r\\n" between every canonical line WrongSeparator', async () => {
    expect(await run('js/xconnect/crlf-canonical-request')).toMatchObject({ caught: true, namesGiven: ['WrongSeparator'] });
  });

  it('names a padded Base64url KX signature Base64Url, and a Python client passing raw HMAC bytes RawDigestKey', async () => {
    expect(await run('js/kx/base64url-padded')).toMatchObject({ caught: true, namesGiven: ['Base64Url'] });
    expect(await run('python/xconnect/raw-digest-key')).toMatchObject({ caught: true, namesGiven: ['RawDigestKey'] });
  });

  it('names nothing for hashing the raw query, though it signs "?A=" as NameNotLowercased does: other cases refute that name', async () => {
    expect(await run('js/xconnect/hash-raw-query')).toMatchObject({ caught: true, causes: 1, namesGiven: [] });
  });

  it('counts a KX session id cut to four characters as one cause, whether the verifier says malformed_authorization or unknown_session', async () => {
    expect(await run('python/kx/session-last-four')).toMatchObject({ caught: true, causes: 1, namesGiven: [] });
  });

  it('does not name a mistake the catalogue lacks after one it merely equals on the counterexample, when a passed vector refutes it', async () => {
    // Sorting by code point keeps "a=\uE000&a=😀" in request order, as UnsortedQuery does, but it sorted the vectors right.
    const r = await run('js/xconnect/sort-by-code-point');
    expect(r.caught).toBe(true);
    expect(r.namesGiven).toEqual([]);
  });
});
