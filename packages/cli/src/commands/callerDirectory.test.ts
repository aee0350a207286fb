import { describe, expect, it } from 'vitest';
import { callerDirectory } from './callerDirectory.js';
import { commandIo } from './check.js';

describe('callerDirectory', () => {
  it('is INIT_CWD under the sigkit script, where pnpm runs from the workspace root', () => {
    expect(callerDirectory({ INIT_CWD: '/home/me/app', npm_lifecycle_event: 'sigkit' }, '/work/sigkit')).toBe('/home/me/app');
    expect(callerDirectory({ INIT_CWD: '/home/me/app', npm_lifecycle_event: 'sigkit:dev' }, '/work/sigkit')).toBe('/home/me/app');
  });

  it("is INIT_CWD under this repository's start script (sigkit mock), not under another package's start", () => {
    expect(callerDirectory({ INIT_CWD: '/home/me/app', npm_lifecycle_event: 'start', npm_package_name: 'sigkit-monorepo' }, '/work/sigkit')).toBe('/home/me/app');
    expect(callerDirectory({ INIT_CWD: '/home/me/app/sub', npm_lifecycle_event: 'start', npm_package_name: 'my-app' }, '/home/me/app')).toBe('/home/me/app');
  });

  it('is the working directory run directly, under another script, or with an INIT_CWD that is not absolute', () => {
    expect(callerDirectory({}, '/work/sigkit')).toBe('/work/sigkit');
    // A package script names paths relative to its package, from whichever subdirectory it is started.
    expect(callerDirectory({ INIT_CWD: '/home/me/app/docs', npm_lifecycle_event: 'report' }, '/home/me/app')).toBe('/home/me/app');
    expect(callerDirectory({ INIT_CWD: '/home/me/app' }, '/work/sigkit')).toBe('/work/sigkit');
    expect(callerDirectory({ INIT_CWD: 'app', npm_lifecycle_event: 'sigkit' }, '/work/sigkit')).toBe('/work/sigkit');
    expect(callerDirectory({ INIT_CWD: '', npm_lifecycle_event: 'sigkit' }, '/work/sigkit')).toBe('/work/sigkit');
  });

  it('is the directory the commands resolve paths against by default', () => {
    expect(commandIo({ env: { INIT_CWD: '/home/me/app', npm_lifecycle_event: 'sigkit' } }).cwd).toBe('/home/me/app');
    expect(commandIo({ env: {} }).cwd).toBe(process.cwd());
    expect(commandIo({ env: { INIT_CWD: '/home/me/app', npm_lifecycle_event: 'sigkit' }, cwd: '/given' }).cwd).toBe('/given');
  });
});
