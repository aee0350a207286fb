import { describe, expect, it } from 'vitest';
import { flattenItem, listItemsOf } from './flatten.js';

describe('listItemsOf', () => {
  it('takes the items of an array or of a page, else the answer as one item', () => {
    expect(listItemsOf([{ a: 1 }, { a: 2 }])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(listItemsOf({ size: 2, page: 0, totalSize: 2, totalPages: 1, data: [{ a: 1 }, { a: 2 }] })).toEqual([{ a: 1 }, { a: 2 }]);
    expect(listItemsOf({ hid: 'x', data: 'not a list' })).toEqual([{ hid: 'x', data: 'not a list' }]);
    expect(listItemsOf(null)).toEqual([]);
    expect(listItemsOf(7)).toEqual([7]);
  });
});

describe('flattenItem', () => {
  it('spreads nested objects into dotted columns and keeps arrays and empty objects whole', () => {
    expect(flattenItem({ hid: 'a', info: { fw: '1.2', hw: { rev: 3 } }, tags: ['x'], properties: {}, gone: null })).toEqual({
      hid: 'a',
      'info.fw': '1.2',
      'info.hw.rev': 3,
      tags: ['x'],
      properties: {},
      gone: null,
    });
  });

  it('puts a scalar in a column named value', () => {
    expect(flattenItem('text')).toEqual({ value: 'text' });
  });
});
