/** Parsers of the option values the platform commands take: JSON or @file, name=value, WIDTHxHEIGHT. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';

/**
 * The text of an option that takes inline text or `@file` (`@-` is standard input), as curl's
 * `--data` does. Paths are relative to `cwd`.
 */
export function inlineOrFile(value: string, cwd: string): string {
  if (!value.startsWith('@')) return value;
  const path = value.slice(1);
  if (path === '') throw new InvalidArgumentError('@ must be followed by a file name (or - for standard input).');
  try {
    return readFileSync(path === '-' ? 0 : resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${path === '-' ? 'standard input' : path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

/** A parser of JSON text or @file that keeps the text exactly as given (what is sent is what is signed). */
export function jsonText(cwd: string) {
  return (value: string): string => {
    const text = inlineOrFile(value, cwd);
    try {
      JSON.parse(text);
    } catch (error) {
      throw new InvalidArgumentError(`not JSON: ${(error as Error).message}.`);
    }
    return text;
  };
}

/** A parser of a JSON object (inline or @file), e.g. an analytic's parameter dictionary. */
export function jsonObject(cwd: string) {
  return (value: string): Record<string, unknown> => {
    const parsed: unknown = JSON.parse(jsonText(cwd)(value));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError('must be a JSON object, e.g. {"syms":["ds_rdb_ops_a"]}.');
    return parsed as Record<string, unknown>;
  };
}

/** A repeatable `name=value` (a bare `name` has the empty value), collected in order. */
export function queryPair(value: string, previous: [string, string][] = []): [string, string][] {
  const at = value.indexOf('=');
  const name = at < 0 ? value : value.slice(0, at);
  if (name === '') throw new InvalidArgumentError('must be name=value with a non-empty name.');
  return [...previous, [name, at < 0 ? '' : value.slice(at + 1)]];
}

/** `WIDTHxHEIGHT` in pixels, each from 100 to 8000. */
export function imageSize(value: string): { width: number; height: number } {
  const match = /^(\d{1,5})x(\d{1,5})$/i.exec(value.trim());
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 100 || height < 100 || width > 8000 || height > 8000) throw new InvalidArgumentError('must be WIDTHxHEIGHT in pixels, each from 100 to 8000, e.g. 960x540.');
  return { width, height };
}
