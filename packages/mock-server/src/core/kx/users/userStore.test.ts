import { describe, expect, it } from 'vitest';
import { KX_GUIDE_USERS } from './guideUsers.js';
import { createKxUserStore, parseKxUserInput } from './userStore.js';

describe('createKxUserStore', () => {
  it('authenticates the guides\' users by exact username and password', () => {
    const users = createKxUserStore(KX_GUIDE_USERS);
    expect(users.authenticate('kxSupport', '12345678')?.username).toBe('kxSupport');
    expect(users.authenticate('Administrator', 'password')?.groups).toBeNull();
    expect(users.authenticate('kxsupport', '12345678')).toBeUndefined();
    expect(users.authenticate('kxSupport', '123456789')).toBeUndefined();
    expect(users.authenticate('nobody', '')).toBeUndefined();
  });

  it('adds, replaces and removes users, and resets to the initial ones', () => {
    const users = createKxUserStore([{ username: 'a', password: 'p' }]);
    users.add({ username: 'b', password: 'q', groups: ['monPublic'] });
    users.add({ username: 'a', password: 'new' });
    expect(users.list()).toEqual([{ username: 'b', groups: ['monPublic'] }, { username: 'a', groups: null }]);
    expect(users.authenticate('a', 'new')).toBeDefined();
    expect(users.remove('b')).toBe(true);
    users.reset();
    expect(users.authenticate('a', 'p')).toBeDefined();
    expect(users.get('b')).toBeUndefined();
  });
});

describe('parseKxUserInput', () => {
  it('refuses users that could not log in or sign, naming the field', () => {
    expect(() => parseKxUserInput({ password: 'p' }, 'u')).toThrow('u.username is required');
    expect(() => parseKxUserInput({ username: 'a', password: '' }, 'u')).toThrow('u.password must not be empty');
    expect(() => parseKxUserInput({ username: 'a\nb', password: 'p' }, 'u')).toThrow('u.username must be at most 256 characters, without control characters or leading whitespace');
    expect(() => parseKxUserInput({ username: 'a', password: 'p', groups: ['ok', 'not/ok'] }, 'u')).toThrow(/u\.groups must be an array/);
    expect(parseKxUserInput({ username: 'a', password: 'p', groups: [] }, 'u')).toEqual({ username: 'a', password: 'p', groups: [] });
  });
});
