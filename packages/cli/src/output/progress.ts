/** Progress of `--all-pages` on stderr: a bar on a terminal, one line per page otherwise. */
import cliProgress from 'cli-progress';

/** What the progress needs to know about each page (docs/spec/xconnect.md §5 paging fields). */
export interface PageProgress {
  page: number;
  totalPages: number;
  totalSize: number;
}

/** Receives each page as it arrives, and is stopped once at the end (success or not). */
export interface PagesProgress {
  page(page: PageProgress, itemsSoFar: number): void;
  stop(): void;
}

/**
 * A progress reporter for paging over a list. On a terminal it draws a bar that disappears when
 * done; elsewhere (a pipe, a log, CI) it prints `<label>: page N/M, X/T items` lines. A list of a
 * single page reports nothing.
 *
 * @example
 * ```ts
 * const progress = pagesProgress(process.stderr, 'sigkit xconnect');
 * for await (const item of client.allPages('/devices', {}, (p) => progress.page(p, (count += p.data.length)))) …
 * progress.stop();
 * ```
 */
export function pagesProgress(stream: { write(text: string): unknown; isTTY?: boolean }, label: string): PagesProgress {
  if (stream.isTTY === true) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      page(page, items) {
        if (page.totalPages <= 1) return;
        if (bar === undefined) {
          bar = new cliProgress.SingleBar(
            { stream: stream as NodeJS.WritableStream, format: `${label} [{bar}] page {value}/{total} · {items}/{totalSize} items`, hideCursor: true, clearOnComplete: true, barsize: 30 },
            cliProgress.Presets.shades_classic,
          );
          bar.start(page.totalPages, 0, { items, totalSize: page.totalSize });
        }
        bar.update(page.page + 1, { items, totalSize: page.totalSize });
      },
      stop: () => bar?.stop(),
    };
  }
  return {
    page(page, items) {
      if (page.totalPages > 1) stream.write(`${label}: page ${page.page + 1}/${page.totalPages}, ${items}/${page.totalSize} items\n`);
    },
    stop: () => {},
  };
}
