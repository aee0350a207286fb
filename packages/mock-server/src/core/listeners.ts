/** Listeners called in turn, for the journal's and the credential store's hooks. */

/**
 * A set of listeners, called in the order added; one that throws is dropped, never the caller's
 * work. `size` lets a hot path skip building what it would pass when nobody listens.
 * @internal
 *
 * @example
 * ```ts
 * const changes = new Listeners<[string]>();
 * const stop = changes.add((what) => console.log(what));
 * changes.call('added');
 * stop();
 * ```
 */
export class Listeners<A extends unknown[] = []> {
  readonly #listeners = new Set<(...args: A) => void>();

  get size(): number {
    return this.#listeners.size;
  }

  /** Adds `listener`; returns the function that removes it. */
  add(listener: (...args: A) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls every listener with `args`, dropping any that throws. */
  call(...args: A): void {
    for (const listener of this.#listeners) {
      try {
        listener(...args);
      } catch {
        this.#listeners.delete(listener);
      }
    }
  }
}
