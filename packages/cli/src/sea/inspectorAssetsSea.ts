/** Stands in for `node/inspectorAssets.ts` of @sigkit/mock-server in the single-file binary: the inspector page's files come from the binary's own assets. */
import { getAsset, isSea } from 'node:sea';
import { inspectorAssetsReadOnce, type InspectorAssets, type MockCoreOptions } from '@sigkit/mock-server/core';

/** The asset key of an inspector file in the binary (`pnpm build:binary` names them so). */
export const INSPECTOR_ASSET_PREFIX = 'ui/';

/**
 * The inspector files embedded in the binary, read on first use and kept; a name the binary does
 * not carry reads as undefined (the core answers 404), as a missing file does in the npm package.
 *
 * @example
 * ```ts
 * const core = createMockCore({ ui: loadInspectorAssets() });
 * ```
 */
export function loadInspectorAssets(): InspectorAssets {
  return inspectorAssetsReadOnce((name) => (isSea() ? new Uint8Array(getAsset(`${INSPECTOR_ASSET_PREFIX}${name}`)) : undefined));
}

/** The options with the embedded page files in place of `ui: true` or no `ui`; `false` and given files stay. @internal */
export function withInspectorAssets<T extends MockCoreOptions>(options: T): T {
  return options.ui === undefined || options.ui === true ? { ...options, ui: loadInspectorAssets() } : options;
}
