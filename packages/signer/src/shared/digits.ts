/** Reading fixed-width decimal fields of dates by position. @internal */

/**
 * The number written by the `count` ASCII digits of `text` at `at`, or -1 when one of them is not
 * an ASCII digit (or lies past the end).
 * @internal
 */
export function readDigits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}
