import { describe, expect, it } from 'vitest';
import { originForm } from './originForm.js';
import { parseRawHttp } from './parseRawHttp.js';

describe('parseRawHttp', () => {
  it('reads the request line, headers and exactly Content-Length body bytes', () => {
    const raw = 'POST http://localhost:8080/api/v1/kronos/devices/a%20b?x=%2B HTTP/1.1\r\nHost: localhost\r\nx-arrow-version: 1\r\nContent-Length: 4\r\n\r\n{"a"trailing';
    const captured = parseRawHttp(raw);
    expect(captured).toMatchObject({ method: 'POST', target: '/api/v1/kronos/devices/a%20b?x=%2B', headers: { Host: 'localhost', 'x-arrow-version': '1' } });
    expect(Buffer.from(captured.body).toString()).toBe('{"a"');
  });

  it('accepts bare LF line ends and de-chunks a chunked body', () => {
    const captured = parseRawHttp('PUT /a HTTP/1.1\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    expect(Buffer.from(captured.body).toString()).toBe('abcde');
  });

  it('refuses what is not a request, with the line it could not read', () => {
    expect(() => parseRawHttp('HTTP/1.1 200 OK\r\n\r\n')).toThrow(/not an HTTP request line/);
    expect(() => parseRawHttp('GET / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort')).toThrow(/says 10 bytes but the capture holds 5/);
  });
});

describe('originForm', () => {
  it('keeps the path and query byte for byte and drops scheme, authority and fragment', () => {
    expect(originForm('https://h:1/a%2Fb;c?q=%zz&r#frag')).toBe('/a%2Fb;c?q=%zz&r');
    expect(originForm('http://h')).toBe('/');
    expect(originForm('http://h?x=1')).toBe('/?x=1');
    expect(() => originForm('h/a')).toThrow(/neither an absolute URL nor a path/);
  });
});
