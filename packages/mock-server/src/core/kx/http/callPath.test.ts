import { describe, expect, it } from 'vitest';
import { isKxPathSegment, parseKxCallPath } from './callPath.js';

describe('parseKxCallPath', () => {
  it('takes /connect/api/<group>/<method> apart and nothing else', () => {
    expect(parseKxCallPath('/connect/api/monPublic/getMem')).toEqual({ group: 'monPublic', method: 'getMem' });
    expect(parseKxCallPath('/connect/api/my%20group/x')).toEqual({ group: 'my group', method: 'x' });
    for (const path of ['/connect/api/monPublic', '/connect/api/a/b/c', '/connect/api//b', '/connect/api/a/', '/connect/apix/a/b', '/connect/api/%zz/b']) {
      expect({ path, parsed: parseKxCallPath(path) }).toEqual({ path, parsed: undefined });
    }
  });

  it('accepts as names only segments the signer sends unencoded', () => {
    expect(isKxPathSegment('monPublic')).toBe(true);
    expect(isKxPathSegment('get.Mem-2')).toBe(true);
    for (const name of ['', '.', '..', 'a/b', 'a b', 'é']) expect({ name, ok: isKxPathSegment(name) }).toEqual({ name, ok: false });
  });
});
