import { describe, expect, it } from 'vitest';
import { readTelemetryMap } from './postedTelemetry.js';

const hid = 'a'.repeat(40);

describe('readTelemetryMap', () => {
  it('reads every type prefix into its value field', () => {
    const result = readTelemetryMap(
      { '_|deviceHid': 'ignored', '_|timestamp': '1700000000000', 's|note': ' hi ', 'i|count': '-7', 'f|t': '23.5', 'b|on': 'TRUE', 'd|day': '2024-02-29', 'dt|at': '2024-01-01T01:00:00+01:00' },
      hid, 0,
    );
    expect(result).toEqual({
      ok: true,
      items: [
        { deviceHid: hid, name: 'note', type: 'String', timestamp: 1700000000000, strValue: ' hi ' },
        { deviceHid: hid, name: 'count', type: 'Integer', timestamp: 1700000000000, intValue: -7 },
        { deviceHid: hid, name: 't', type: 'Float', timestamp: 1700000000000, floatValue: 23.5 },
        { deviceHid: hid, name: 'on', type: 'Boolean', timestamp: 1700000000000, boolValue: true },
        { deviceHid: hid, name: 'day', type: 'Date', timestamp: 1700000000000, dateValue: '2024-02-29' },
        { deviceHid: hid, name: 'at', type: 'DateTime', timestamp: 1700000000000, datetimeValue: '2024-01-01T00:00:00.000Z' },
      ],
    });
  });

  it('stamps items with the server time when no _|timestamp is given, and accepts JSON numbers', () => {
    expect(readTelemetryMap({ 'f|t': 1.5 }, hid, 1234)).toEqual({ ok: true, items: [{ deviceHid: hid, name: 't', type: 'Float', timestamp: 1234, floatValue: 1.5 }] });
  });

  it('names the key and what was expected on bad input', () => {
    expect(readTelemetryMap({ 'i|count': '1.5' }, hid, 0)).toEqual({ ok: false, message: 'telemetry: the value of "i|count" must be an integer such as "42", got "1.5"' });
    expect(readTelemetryMap({ temperature: '1' }, hid, 0)).toMatchObject({ ok: false, message: expect.stringContaining('key "temperature" must be "prefix|name"') });
    expect(readTelemetryMap({ 'x|a': '1' }, hid, 0).ok).toBe(false);
    expect(readTelemetryMap({ 'f|': '1' }, hid, 0).ok).toBe(false);
    expect(readTelemetryMap({ 'd|day': '2023-02-29' }, hid, 0).ok).toBe(false);
    expect(readTelemetryMap({ 'b|on': 'yes' }, hid, 0).ok).toBe(false);
    expect(readTelemetryMap({ 's|x': { a: 1 } }, hid, 0)).toMatchObject({ ok: false, message: expect.stringContaining('must be a string, got object') });
    expect(readTelemetryMap({ '_|timestamp': 'yesterday' }, hid, 0)).toMatchObject({ ok: false, message: expect.stringContaining('epoch milliseconds') });
    expect(readTelemetryMap([], hid, 0)).toMatchObject({ ok: false });
  });
});
