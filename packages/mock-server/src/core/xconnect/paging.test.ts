import { describe, expect, it } from 'vitest';
import { XConnectApiError } from './errors.js';
import { pageOf, readPageRequest } from './paging.js';

const query = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, [v]]));
const limits = { defaultSize: 100, maxSize: 200 };

describe('readPageRequest', () => {
  it('defaults page to 0 and size to the endpoint default', () => {
    expect(readPageRequest(query({}), limits)).toEqual({ page: 0, size: 100 });
    expect(readPageRequest(query({ _page: '3', _size: '200' }), limits)).toEqual({ page: 3, size: 200 });
  });

  it('rejects sizes outside 1..max and negative pages with the platform messages', () => {
    expect(() => readPageRequest(query({ _size: '0' }), limits)).toThrow(new XConnectApiError('size must be between 1 and 200'));
    expect(() => readPageRequest(query({ _size: '201' }), limits)).toThrow('size must be between 1 and 200');
    expect(() => readPageRequest(query({ _page: '-1' }), limits)).toThrow('page must be positive');
    expect(() => readPageRequest(query({ _size: 'ten' }), limits)).toThrow('_size must be an integer, got "ten"');
    expect(() => readPageRequest(query({ _page: '99999999999' }), limits)).toThrow('_page must be an integer');
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);

  it('answers full pages, a short last page and an empty page past the end', () => {
    expect(pageOf(items, { page: 0, size: 3 }, (n) => n)).toEqual({ size: 3, page: 0, totalSize: 7, totalPages: 3, data: [0, 1, 2] });
    expect(pageOf(items, { page: 2, size: 3 }, (n) => n)).toEqual({ size: 1, page: 2, totalSize: 7, totalPages: 3, data: [6] });
    expect(pageOf(items, { page: 5, size: 3 }, (n) => n)).toEqual({ size: 0, page: 5, totalSize: 7, totalPages: 3, data: [] });
    expect(pageOf([], { page: 0, size: 3 }, (n) => n)).toEqual({ size: 0, page: 0, totalSize: 0, totalPages: 0, data: [] });
  });
});
