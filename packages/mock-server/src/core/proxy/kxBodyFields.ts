/** Reads what the KX verifier needs of a body (is it a JSON object, and its `type`, `id` and `date`) as the body streams past, without holding it. */

/** The fields the KX verifier reads of a body (docs/spec/kx-connect.md §2): the date it checks, the type and id it echoes. */
const WANTED = new Set(['type', 'id', 'date']);

/** Longest raw key text that may still spell a wanted key (`"\u0064\u0061\u0074\u0065"` is 24 characters). */
const MAX_WANTED_KEY_TEXT = 32;

/** Reads a body chunk by chunk; {@link KxBodyFieldReader.standIn} then stands for it. */
export interface KxBodyFieldReader {
  /** Adds the next bytes of the body. */
  update(chunk: Uint8Array): void;
  /**
   * A small JSON text the KX verifier reads exactly as it would read the whole body: an object of
   * the body's top-level string `type`, `id` and `date` (the last of repeated keys, as `JSON.parse`
   * keeps); a value of the same JSON type when the body is JSON but not an object; `''` when the body
   * is not JSON (not strict UTF-8, a BOM, a syntax error, or cut short).
   */
  standIn(): string;
}

type Container = 'object' | 'array';
/** What the next significant character may be. */
type Expect = 'value' | 'firstValue' | 'key' | 'firstKey' | 'colon' | 'next' | 'end';
/** The number grammar of RFC 8259 §6, one state per position. */
type NumberState = 'minus' | 'zero' | 'int' | 'dot' | 'frac' | 'e' | 'eSign' | 'exp';

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isJsonSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Creates a reader that validates a body as JSON incrementally (RFC 8259, strict UTF-8, no BOM, as
 * the verifier's `JSON.parse` does) and keeps only the wanted top-level string fields, so that a
 * proxy can verify a large KX call with its body digested as it passed (`createKxBodyDigester`).
 *
 * @example
 * ```ts
 * const reader = createKxBodyFieldReader();
 * reader.update(Buffer.from('{"type":"getMemReq","msg":[…],"date":"Fri, 26 Jul 2019 16:59:00 GMT"}'));
 * reader.standIn(); // '{"type":"getMemReq","date":"Fri, 26 Jul 2019 16:59:00 GMT"}'
 * ```
 */
export function createKxBodyFieldReader(): KxBodyFieldReader {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const stack: Container[] = [];
  const fields = new Map<string, string>();
  let expect: Expect = 'value';
  let failed = false;
  let topType: 'object' | 'array' | 'string' | 'number' | 'true' | 'false' | 'null' | undefined;
  // The token under way.
  let inString = false;
  let escape = false;
  let hexLeft = 0;
  let number: NumberState | undefined;
  let literal = '';
  let literalAt = 0;
  // At depth 1 of an object: the raw text of the key being read, of the last key, and of a wanted string value.
  let keyText: string | undefined;
  let currentKey: string | undefined;
  let valueText: string | undefined;
  let readingKey = false;

  /** A value just ended: at depth 1 of an object it sets or clears a wanted field. */
  const valueEnded = (stringText: string | undefined) => {
    if (stack.length === 1 && stack[0] === 'object' && currentKey !== undefined && WANTED.has(currentKey)) {
      if (stringText === undefined) fields.delete(currentKey);
      else fields.set(currentKey, JSON.parse(`"${stringText}"`) as string);
    }
    expect = stack.length === 0 ? 'end' : 'next';
  };

  const endNumber = (): boolean => {
    const ok = number === 'zero' || number === 'int' || number === 'frac' || number === 'exp';
    number = undefined;
    if (ok) valueEnded(undefined);
    return ok;
  };

  /** One character; false when the body is not JSON. */
  const step = (c: number): boolean => {
    if (inString) {
      if (hexLeft > 0) {
        if (!isHex(c)) return false;
        hexLeft -= 1;
      } else if (escape) {
        escape = false;
        if (c === 0x75) hexLeft = 4;
        else if (c !== 0x22 && c !== 0x5c && c !== 0x2f && c !== 0x62 && c !== 0x66 && c !== 0x6e && c !== 0x72 && c !== 0x74) return false;
      } else if (c === 0x5c) escape = true;
      else if (c < 0x20) return false;
      else if (c === 0x22) {
        inString = false;
        if (readingKey) {
          readingKey = false;
          currentKey = keyText !== undefined && keyText.length <= MAX_WANTED_KEY_TEXT ? (JSON.parse(`"${keyText}"`) as string) : undefined;
          keyText = undefined;
          expect = 'colon';
        } else {
          const text = valueText;
          valueText = undefined;
          valueEnded(text ?? '');
        }
        return true;
      }
      const ch = String.fromCharCode(c);
      if (readingKey && keyText !== undefined) keyText = keyText.length > MAX_WANTED_KEY_TEXT ? keyText : keyText + ch;
      else if (valueText !== undefined) valueText += ch;
      return true;
    }
    if (number !== undefined) {
      const digit = isDigit(c);
      switch (number) {
        case 'minus':
          if (!digit) return false;
          number = c === 0x30 ? 'zero' : 'int';
          return true;
        case 'zero':
        case 'int':
          if (digit && number === 'int') return true;
          if (c === 0x2e) number = 'dot';
          else if (c === 0x65 || c === 0x45) number = 'e';
          else if (digit) return false;
          else return endNumber() && step(c);
          return true;
        case 'dot':
          if (!digit) return false;
          number = 'frac';
          return true;
        case 'frac':
          if (digit) return true;
          if (c === 0x65 || c === 0x45) number = 'e';
          else return endNumber() && step(c);
          return true;
        case 'e':
          if (c === 0x2b || c === 0x2d) number = 'eSign';
          else if (digit) number = 'exp';
          else return false;
          return true;
        case 'eSign':
          if (!digit) return false;
          number = 'exp';
          return true;
        case 'exp':
          if (digit) return true;
          return endNumber() && step(c);
      }
    }
    if (literalAt > 0) {
      if (c !== literal.charCodeAt(literalAt)) return false;
      literalAt += 1;
      if (literalAt === literal.length) {
        literalAt = 0;
        valueEnded(undefined);
      }
      return true;
    }
    if (isJsonSpace(c)) return true;
    switch (expect) {
      case 'end':
        return false;
      case 'colon':
        if (c !== 0x3a) return false;
        expect = 'value';
        return true;
      case 'firstKey':
      case 'key':
        if (c === 0x7d && expect === 'firstKey') return close('object');
        if (c !== 0x22) return false;
        inString = true;
        readingKey = true;
        keyText = stack.length === 1 ? '' : undefined;
        return true;
      case 'next':
        if (c === 0x2c) {
          expect = stack[stack.length - 1] === 'object' ? 'key' : 'value';
          return true;
        }
        if (c === 0x7d) return close('object');
        if (c === 0x5d) return close('array');
        return false;
      case 'firstValue':
        if (c === 0x5d) return close('array');
      // falls through
      case 'value':
        return startValue(c);
    }
  };

  const close = (container: Container): boolean => {
    if (stack.pop() !== container) return false;
    valueEnded(undefined);
    return true;
  };

  const startValue = (c: number): boolean => {
    const top = stack.length === 0;
    const wantedString = stack.length === 1 && stack[0] === 'object' && currentKey !== undefined && WANTED.has(currentKey);
    if (c === 0x7b || c === 0x5b) {
      if (top) topType = c === 0x7b ? 'object' : 'array';
      // An object or array as a wanted field's value: not a string, so the field is cleared when it ends.
      if (wantedString) fields.delete(currentKey!);
      stack.push(c === 0x7b ? 'object' : 'array');
      expect = c === 0x7b ? 'firstKey' : 'firstValue';
      if (stack.length === 1) currentKey = undefined;
      return true;
    }
    if (c === 0x22) {
      if (top) topType = 'string';
      inString = true;
      valueText = wantedString ? '' : undefined;
      return true;
    }
    if (c === 0x2d || isDigit(c)) {
      if (top) topType = 'number';
      number = c === 0x2d ? 'minus' : c === 0x30 ? 'zero' : 'int';
      return true;
    }
    literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : '';
    if (literal === '') return false;
    if (top) topType = literal as 'true' | 'false' | 'null';
    literalAt = 1;
    return true;
  };

  const scan = (text: string) => {
    for (let i = 0; i < text.length && !failed; i += 1) if (!step(text.charCodeAt(i))) failed = true;
  };

  return {
    update(chunk) {
      if (failed) return;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        failed = true;
        return;
      }
      scan(text);
    },
    standIn() {
      if (!failed) {
        try {
          scan(decoder.decode());
        } catch {
          failed = true;
        }
      }
      // A number is ended by the end of the body.
      if (!failed && number !== undefined && !endNumber()) failed = true;
      if (failed || expect !== 'end' || inString || literalAt > 0) return '';
      switch (topType) {
        case 'object':
          return JSON.stringify(Object.fromEntries(fields));
        case 'array':
          return '[]';
        case 'string':
          return '""';
        case 'number':
          return '0';
        default:
          return topType ?? '';
      }
    },
  };
}
