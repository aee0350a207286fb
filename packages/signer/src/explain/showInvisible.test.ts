import { describe, expect, it } from 'vitest';
import { showInvisible } from './showInvisible.js';

describe('showInvisible', () => {
  it('escapes control characters, the backslash and blank-looking characters', () => {
    expect(showInvisible('a\r\n\t\u0000\\')).toBe('a\\r\\n\\t\\u0000\\\\');
    expect(showInvisible('\u00a0Jane\u200b\ufeff')).toBe('\\u00a0Jane\\u200b\\ufeff');
  });

  it('leaves visible text alone, including non-ASCII letters and emoji', () => {
    expect(showInvisible('Jäne 日本 😀 a=b&c')).toBe('Jäne 日本 😀 a=b&c');
  });
});
