/** Every vector file sigkit publishes, generated from the reference signers. */
import type { VectorFile } from './common.js';
import { kxVectorFiles } from './kx.js';
import { xconnectVectorFiles } from './xconnect.js';

export { serialise, type VectorFile } from './common.js';

/** Builds every vector file in memory, in a fixed order. */
export function allVectorFiles(): VectorFile[] {
  return [...xconnectVectorFiles(), ...kxVectorFiles()];
}
