/** Entry of the single-file binary (`pnpm build:binary`): `bin.ts` without top-level await, which a CommonJS SEA entry cannot have, plus the embedded vectors. */
import { getAsset, isSea } from 'node:sea';
import { runSigkitProcess } from '../runProcess.js';
import { provideEmbeddedVectors, VECTORS_ASSET, VECTORS_ID_ASSET, type EmbeddedVectors } from './embeddedVectors.js';

// Outside a binary (the bundle run with node while debugging the build) the repository's vectors are found as usual.
if (isSea()) {
  try {
    provideEmbeddedVectors({
      readId: () => getAsset(VECTORS_ID_ASSET, 'utf8'),
      readVectors: () => JSON.parse(getAsset(VECTORS_ASSET, 'utf8')) as EmbeddedVectors,
      env: process.env,
    });
  } catch (error) {
    process.stderr.write(`sigkit: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

void runSigkitProcess(process.argv.slice(2));
