/** Reads a `curl` command line (as "Copy as cURL" or a shell history gives it) into a CapturedRequest. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseShell } from 'shell-quote';
import { ConformanceError } from '../errors.js';
import { originForm } from './originForm.js';
import type { CapturedRequest } from './types.js';

// Options that take a value curl uses for nothing sigkit needs.
const IGNORED_WITH_VALUE = new Set(['-o', '--output', '-u', '--user', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '--cacert', '--cert', '--key', '-x', '--proxy', '--resolve', '--retry', '-c', '--cookie-jar']);
const DATA = new Set(['-d', '--data', '--data-ascii', '--data-raw', '--data-binary', '--data-urlencode', '--json']);

/**
 * Parses a curl command: the URL, `-X/--request`, `-H/--header`, `-A`, `-e`, `-b`, the data
 * options (`-d`, `--data-raw`, `--data-binary`, `--json`, `@file` read relative to `cwd`; several
 * joined with `&` as curl does), and `-G`. Quotes, `\`-newline continuations and `$VARS` (kept
 * literally) are handled as a shell would.
 *
 * @example
 * ```ts
 * parseCurl(`curl -X POST 'http://localhost:8080/api/v1/kronos/gateways?a=1' -H 'x-arrow-version: 1' --data-raw '{}'`);
 * // { method: 'POST', target: '/api/v1/kronos/gateways?a=1', headers: { 'x-arrow-version': '1' }, body: '{}' as bytes, source: 'curl' }
 * ```
 */
export function parseCurl(command: string, cwd: string = process.cwd()): CapturedRequest {
  const tokens = parseShell(command.replace(/\\\r?\n/g, ' '), (key) => `$${key}`).map((token) => {
    if (typeof token === 'string') return token;
    if ('pattern' in token) return token.pattern;
    if ('op' in token) {
      throw new ConformanceError('CAPTURE_UNREADABLE', `the curl command contains the shell operator ${JSON.stringify(token.op)}`, { expected: 'a single curl command' });
    }
    return '';
  });
  if (tokens[0] !== 'curl' && !tokens[0]?.endsWith('/curl')) {
    throw new ConformanceError('CAPTURE_UNREADABLE', 'the command does not start with curl', { expected: "curl 'https://host/path' -H 'name: value' …" });
  }
  let method: string | undefined;
  let url: string | undefined;
  let get = false;
  const headers: Record<string, string> = {};
  const data: Buffer[] = [];
  const removed = new Set<string>();
  const setHeader = (line: string) => {
    const colon = line.indexOf(':');
    if (colon <= 0) return;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    // `-H 'Name:'` tells curl not to send that header, not even one it would add itself.
    if (value === '') removed.add(name.toLowerCase());
    else if (!Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase())) headers[name] = value;
  };
  for (let i = 1; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const value = () => {
      const next = tokens[++i];
      if (next === undefined) throw new ConformanceError('CAPTURE_UNREADABLE', `curl option ${token} has no value`, { expected: `${token} <value>` });
      return next;
    };
    if (token === '-X' || token === '--request') method = value();
    else if (token === '-H' || token === '--header') setHeader(value());
    else if (token === '-A' || token === '--user-agent') setHeader(`User-Agent: ${value()}`);
    else if (token === '-e' || token === '--referer') setHeader(`Referer: ${value()}`);
    else if (token === '-b' || token === '--cookie') setHeader(`Cookie: ${value()}`);
    else if (token === '--url') url = value();
    else if (token === '-G' || token === '--get') get = true;
    else if (DATA.has(token)) {
      const raw = value();
      if (token === '--json') {
        setHeader('Content-Type: application/json');
        setHeader('Accept: application/json');
      }
      data.push(dataOf(token, raw, cwd));
    } else if (/^-X\S/.test(token)) method = token.slice(2);
    else if (/^-H\S/.test(token)) setHeader(token.slice(2));
    else if (/^-d\S/.test(token)) data.push(dataOf('-d', token.slice(2), cwd));
    else if (IGNORED_WITH_VALUE.has(token)) value();
    else if (token.startsWith('-')) continue;
    else url ??= token;
  }
  if (url === undefined) throw new ConformanceError('CAPTURE_UNREADABLE', 'the curl command has no URL', { expected: "curl 'https://host/path?query' …" });
  let target = originForm(url);
  let body: Buffer = Buffer.concat(data.flatMap((d, i) => (i === 0 ? [d] : [Buffer.from('&'), d])));
  if (get && body.length > 0) {
    target += (target.includes('?') ? '&' : '?') + body.toString('utf8');
    body = Buffer.alloc(0);
  }
  if (data.length > 0 && !get && !removed.has('content-type') && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return { method: method ?? (data.length > 0 && !get ? 'POST' : 'GET'), target, headers, body: new Uint8Array(body), source: 'curl' };
}

function dataOf(option: string, raw: string, cwd: string): Buffer {
  if (option === '--data-raw' || !raw.startsWith('@')) return Buffer.from(raw, 'utf8');
  let content: Buffer;
  try {
    content = readFileSync(resolve(cwd, raw.slice(1)));
  } catch (error) {
    throw new ConformanceError('CAPTURE_UNREADABLE', `cannot read the body file of ${option} ${raw}: ${(error as Error).message}`, { expected: 'a readable file' });
  }
  // curl strips carriage returns and newlines from -d @file, but sends --data-binary @file as is.
  return option === '--data-binary' ? content : Buffer.from(content.toString('utf8').replace(/[\r\n]/g, ''), 'utf8');
}
