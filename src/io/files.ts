/**
 * File input and atomic output. A write goes to a temporary file beside the target, is flushed,
 * then renamed over it, so a reader (or a crash) sees the old file or the new one, never half.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';

export function readInputFile(path: string): Uint8Array {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new HelmMigrateError('file-unreadable', `${path}: is a directory, not a values file`);
    return readFileSync(path);
  } catch (err) {
    if (err instanceof HelmMigrateError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new HelmMigrateError('file-not-found', `${path}: no such file`);
    if (code === 'EACCES') throw new HelmMigrateError('file-unreadable', `${path}: permission denied`);
    throw new HelmMigrateError('file-unreadable', `${path}: cannot read (${code ?? (err as Error).message})`);
  }
}

export interface PendingWrite {
  path: string;
  content: string;
  mode?: number;
}

/**
 * Writes several files so that either all of them change or (on an error before the renames)
 * none does: every temporary file is written and flushed first, then all are renamed.
 */
export function writeFilesAtomic(files: PendingWrite[]): void {
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.tmp-${process.pid}-${temps.length}`);
      const mode = f.mode ?? existingMode(f.path) ?? 0o644;
      const fd = openSync(tmp, 'w', mode);
      temps.push({ tmp, path: f.path });
      try {
        writeSync(fd, f.content);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const t of temps) renameSync(t.tmp, t.path);
  } catch (err) {
    for (const t of temps) {
      try {
        unlinkSync(t.tmp);
      } catch {
        // already renamed or never created
      }
    }
    if (err instanceof HelmMigrateError) throw err;
    throw new HelmMigrateError('write-failed', `cannot write ${temps[temps.length - 1]?.path ?? files[0]?.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}
