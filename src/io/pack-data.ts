/**
 * A pack's default snapshots, read from its folder when first asked for. They are generated
 * data (`npm run snapshot-defaults`), shipped as the JSON files they are rather than compiled
 * into the bundle: a run reads the few releases it crosses, not the twenty-odd every pack
 * ships, and the code cache holds code rather than half a megabyte of object literals.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HelmMigrateError } from '../core/errors.js';
import type { ReleaseSnapshot } from '../core/types.js';

declare const __HELM_MIGRATE_BUNDLE__: boolean | undefined;

/**
 * The package's root, where migrations/ is: one up from dist/ in the bundle (whose __dirname
 * bin/ sets), two up from src/io/ when the sources run.
 */
const packageRoot = (): string => (typeof __HELM_MIGRATE_BUNDLE__ === 'boolean' ? join(__dirname, '..') : fileURLToPath(new URL('../../', import.meta.url)));

/** Where the default snapshot of a pack's release lives, under the package's (or repository's) root. */
export function snapshotPath(root: string, pack: string, releaseId: string): string {
  return join(root, 'migrations', pack, 'defaults', `${releaseId}.json`);
}

/**
 * The snapshot reader for the pack in migrations/<folder>/, whose releases are `releaseIds`:
 * each release's file is read and parsed once, and every later call returns the same object
 * (callers key caches on it). Any other id is refused before a path is made of it.
 */
export function snapshotFiles(folder: string, releaseIds: readonly string[]): (releaseId: string) => ReleaseSnapshot {
  const ids = new Set(releaseIds);
  const read = new Map<string, ReleaseSnapshot>();
  return (releaseId) => {
    const known = read.get(releaseId);
    if (known) return known;
    if (!ids.has(releaseId)) throw new HelmMigrateError('internal', `no default snapshot for ${folder} release ${releaseId}`);
    const file = snapshotPath(packageRoot(), folder, releaseId);
    let snapshot: ReleaseSnapshot;
    try {
      snapshot = JSON.parse(readFileSync(file, 'utf8')) as ReleaseSnapshot;
    } catch (err) {
      // The release list and the files come from one generator: a missing or broken file is an
      // install that lost part of the package, not a user error.
      throw new HelmMigrateError('internal', `cannot read the default snapshot of ${folder} release ${releaseId} (${file}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    }
    read.set(releaseId, snapshot);
    return snapshot;
  };
}
