import { SigkitInputError } from '@sigkit/signer';
import { PlatformError, PlatformUnreachableError } from '@sigkit/signer/client';
import { describe, expect, it } from 'vitest';
import { describeFailure, reportFailure, UsageError } from './failure.js';

describe('describeFailure', () => {
  it('gives usage errors and unusable input exit status 2, with what was expected', () => {
    expect(describeFailure(new UsageError('give one\nof them'))).toEqual({ line: 'give one of them', exitCode: 2 });
    expect(describeFailure(new SigkitInputError('INVALID_HOST_PORT', '"x/y" is not host:port', { expected: 'e.g. 127.0.0.1:8080' }))).toEqual({
      line: '"x/y" is not host:port (expected e.g. 127.0.0.1:8080)',
      exitCode: 2,
    });
  });

  it('gives a platform rejection exit status 1 with the mock diagnosis on the same line', () => {
    const body = {
      status: 401,
      message: 'Not Authorized',
      sigkit: { code: 'signature_mismatch', message: 'it is the signature of a client that keeps the query lines in request order', deviation: { flags: ['UnsortedQuery'] }, journalId: 16 },
    };
    const error = new PlatformError('GET /api/v1/kronos/devices?b=1&a=2', 401, body);
    expect(describeFailure(error, { baseUrl: 'http://127.0.0.1:9000' })).toEqual({
      line:
        'GET /api/v1/kronos/devices?b=1&a=2 answered 401: Not Authorized; sigkit mock: signature_mismatch: it is the signature of a client that keeps the query lines in request order; reproduced by UnsortedQuery; journal entry 16 (sigkit explain --journal 16 --mock-url http://127.0.0.1:9000)',
      exitCode: 1,
    });
    expect(describeFailure(error, { baseUrl: 'http://127.0.0.1:8080' }).line).toMatch(/\(sigkit explain --journal 16\)$/);
  });

  it('leaves out the deviation when the message already names it, and copes with a platform that is not the mock', () => {
    const named = new PlatformError('GET /x', 401, { message: 'Not Authorized', sigkit: { code: 'signature_mismatch', message: 'reproduced by (UnsortedQuery)', deviation: { flags: ['UnsortedQuery'] } } });
    expect(describeFailure(named).line).toBe('GET /x answered 401: Not Authorized; sigkit mock: signature_mismatch: reproduced by (UnsortedQuery)');
    expect(describeFailure(new PlatformError('GET /x', 503, 'upstream\nfailed')).line).toBe('GET /x answered 503: upstream failed');
  });

  it('gives an unreachable platform and any other error exit status 1', () => {
    expect(describeFailure(new PlatformUnreachableError('UNREACHABLE', 'GET /x: cannot reach http://h:1: ECONNREFUSED'))).toEqual({ line: 'GET /x: cannot reach http://h:1: ECONNREFUSED', exitCode: 1 });
    expect(describeFailure(new Error('cannot write /x: EACCES'))).toEqual({ line: 'cannot write /x: EACCES', exitCode: 1 });
    expect(describeFailure('a string')).toEqual({ line: 'a string', exitCode: 1 });
  });
});

describe('reportFailure', () => {
  it('prints sigkit <command>: <line> and sets the exit status', () => {
    const printed: string[] = [];
    let status = 0;
    reportFailure({ stderr: { write: (t: string) => printed.push(t) }, setExitCode: (code) => (status = code) }, 'sign kx', new UsageError('no session'));
    expect(printed).toEqual(['sigkit sign kx: no session\n']);
    expect(status).toBe(2);
  });
});
