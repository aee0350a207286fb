/** `pnpm vectors:generate`: writes vectors/ from the reference signers; `--check` only reports files that differ. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allVectorFiles, serialise } from './vectors/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'vectors');
const check = process.argv.includes('--check');
let stale = 0;
for (const file of allVectorFiles()) {
  const target = join(root, file.path);
  const text = serialise(file.document);
  let current: string | undefined;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  stale += 1;
  if (check) {
    console.error(`vectors/${file.path} differs from a fresh generation`);
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    console.log(`wrote vectors/${file.path} (${String(file.document.numberOfTests)} tests)`);
  }
}
if (check && stale > 0) process.exit(1);
if (stale === 0) console.log('vectors are up to date');
