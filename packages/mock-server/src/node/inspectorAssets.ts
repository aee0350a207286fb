/** Reads the inspector page that @sigkit/mock-server ships prebuilt in `dist/ui/`, for the core to serve. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MockCoreOptions } from '../core/config/coreOptions.js';
import { inspectorAssetsReadOnce, type InspectorAssets } from '../core/ui/inspectorAssets.js';

// From src/node (tests) and dist/node (the package) alike, the package's dist/ui.
const UI_DIR = new URL('../../dist/ui/', import.meta.url);

/**
 * The prebuilt inspector files of this package, read on first use and kept. A file missing (a
 * checkout not built yet) reads as undefined, and the core answers 404 saying so.
 *
 * @example
 * ```ts
 * const core = createMockCore({ ui: loadInspectorAssets() });
 * ```
 */
export function loadInspectorAssets(directory: URL = UI_DIR): InspectorAssets {
  return inspectorAssetsReadOnce((name) => readFileSync(fileURLToPath(new URL(name, directory))));
}

/** The options with the shipped page files in place of `ui: true` or no `ui`; `false` and given files stay. @internal */
export function withInspectorAssets<T extends MockCoreOptions>(options: T): T {
  return options.ui === undefined || options.ui === true ? { ...options, ui: loadInspectorAssets() } : options;
}
