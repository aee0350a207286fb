/** The inspector page's files as the core serves them: what an adapter hands over, their content types, and the page's Content-Security-Policy. */

/**
 * The prebuilt files of the inspector page (`index.html`, `assets/app.js`, `assets/app.css`).
 * The core reads no files itself (it also runs under MSW): the Node adapters pass the ones
 * @sigkit/mock-server ships in `dist/ui/` (see `loadInspectorAssets` of `@sigkit/mock-server/node`).
 */
export interface InspectorAssets {
  /** The bytes of one file by its path under the page's root (`index.html`, `assets/app.js`), or undefined. */
  read(name: string): Uint8Array | undefined;
}

/**
 * The policy the page is served with: nothing from elsewhere, no inline script or style, so the
 * page works offline and an injected string in a journal entry can never run.
 */
export const INSPECTOR_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json; charset=utf-8',
};

/** The content type of a page file by its extension; unknown ones are served as bytes. */
export function inspectorContentType(name: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/**
 * Inspector files read by `readBytes` on first use and kept; a file it cannot read (it throws or
 * answers undefined) reads as undefined, and the core answers 404. The npm package reads `dist/ui`,
 * the single-file binary its embedded assets, both through this.
 *
 * @example
 * ```ts
 * const assets = inspectorAssetsReadOnce((name) => readFileSync(join(dir, name)));
 * ```
 */
export function inspectorAssetsReadOnce(readBytes: (name: string) => Uint8Array | undefined): InspectorAssets {
  const cache = new Map<string, Uint8Array | undefined>();
  return {
    read(name) {
      if (!cache.has(name)) {
        let bytes: Uint8Array | undefined;
        try {
          bytes = readBytes(name);
        } catch {
          bytes = undefined;
        }
        cache.set(name, bytes);
      }
      return cache.get(name);
    },
  };
}

/**
 * Assets from an in-memory map, for tests and for embedding the page elsewhere.
 *
 * @example
 * ```ts
 * const assets = inspectorAssetsFrom({ 'index.html': '<!doctype html>…' });
 * assets.read('index.html')?.length;
 * ```
 */
export function inspectorAssetsFrom(files: Readonly<Record<string, string | Uint8Array>>): InspectorAssets {
  const encoder = new TextEncoder();
  const bytes = new Map(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? encoder.encode(content) : content]));
  return { read: (name) => bytes.get(name) };
}
