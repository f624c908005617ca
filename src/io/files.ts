/**
 * File input and atomic output. A write goes to a temporary file beside the target, is flushed,
 * then renamed over it, so a reader (or a crash) sees the old file or the new one, never half;
 * pipes, terminals and devices are written into instead.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';

/** A file's bytes; `tooLarge` refuses a regular file over `maxBytes` before it is read. */
export function readInputFile(path: string, limit?: { maxBytes: number; tooLarge(size: number): Error }): Uint8Array {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new HelmMigrateError('file-unreadable', `${path}: is a directory, not a values file`);
    if (limit && st.isFile() && st.size > limit.maxBytes) throw limit.tooLarge(st.size);
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
  /** The text, or its parts in order, split between characters (see ValuesDoc.textParts). */
  content: string | readonly string[];
  mode?: number;
  /** Test hook: runs just before this file's rename (to stage a race). */
  beforeRename?: () => void;
}

/**
 * Where a write really goes. A symlink is followed, so the link stays and its target changes; a
 * FIFO, a character device or a socket (`-o /dev/stdout`, a pipe) is written into, since
 * replacing it would turn it into a regular file; a folder, or anything else, is refused.
 */
type Target = { kind: 'replace'; path: string } | { kind: 'stream'; path: string; fd?: number };

function targetOf(path: string): Target {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // Nothing there, or a link to nothing: the file is created where the link points.
    try {
      if (lstatSync(path).isSymbolicLink()) return { kind: 'replace', path: resolve(dirname(path), readlinkSync(path)) };
    } catch {
      // no entry at all
    }
    return { kind: 'replace', path };
  }
  if (st.isDirectory()) throw new HelmMigrateError('write-failed', `${path}: is a directory; nothing was written`);
  if (st.isFIFO() || st.isCharacterDevice() || st.isSocket()) {
    // Our own standard output or error under another name (/dev/stdout, /proc/self/fd/1): written
    // through the descriptor, since a socket cannot be opened by path.
    const fd = [1, 2].find((n) => {
      try {
        const o = fstatSync(n);
        return o.dev === st.dev && o.ino === st.ino;
      } catch {
        return false;
      }
    });
    return { kind: 'stream', path, fd };
  }
  if (!st.isFile()) throw new HelmMigrateError('write-failed', `${path}: not a regular file, pipe or terminal; nothing was written`);
  return { kind: 'replace', path: lstatSync(path).isSymbolicLink() ? realpathSync(path) : path };
}

/**
 * Writes several files so that either all of them change or none does. Every target is checked
 * first; each temporary file is written and flushed; then all are renamed, and if a rename fails
 * the files already replaced are put back from hard links kept until the end. Pipes and devices
 * are written last: they cannot be taken back.
 */
/** Whether two paths name the same existing file (through a link, `./`, or another spelling). */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

export function writeFilesAtomic(files: PendingWrite[]): void {
  const planned = files.map((f) => ({ ...f, target: wrap(f.path, () => targetOf(f.path)) }));
  const temps: { tmp: string; path: string; keep?: string; f: PendingWrite }[] = [];
  const renamed: typeof temps = [];
  try {
    for (const f of planned) {
      if (f.target.kind !== 'replace') continue;
      const path = f.target.path;
      // A folder made for a file that carries key material is this user's alone, like the file.
      mkdirSync(dirname(path), { recursive: true, ...(f.mode === 0o600 ? { mode: 0o700 } : {}) });
      const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${temps.length}`);
      const mode = f.mode ?? existingMode(path) ?? 0o644;
      const fd = openSync(tmp, 'w', mode);
      temps.push({ tmp, path, f });
      try {
        writeText(fd, f.content);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const t of temps) {
      if (existsSync(t.path)) {
        t.keep = `${t.tmp}.previous`;
        linkSync(t.path, t.keep);
      }
      t.f.beforeRename?.();
      renameSync(t.tmp, t.path);
      renamed.push(t);
    }
  } catch (err) {
    for (const t of renamed.reverse()) {
      try {
        if (t.keep) renameSync(t.keep, t.path);
        else unlinkSync(t.path);
      } catch {
        // best effort: the error below names the write that failed
      }
    }
    for (const t of temps) for (const p of [t.tmp, t.keep]) if (p) quietUnlink(p);
    if (err instanceof HelmMigrateError) throw err;
    const failed = temps[renamed.length]?.path ?? temps[temps.length - 1]?.path ?? files[0]?.path;
    throw new HelmMigrateError('write-failed', `cannot write ${failed}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; nothing was written`, { cause: err });
  }
  for (const t of temps) if (t.keep) quietUnlink(t.keep);
  for (const f of planned) {
    const target = f.target;
    if (target.kind !== 'stream') continue;
    wrap(f.path, () => {
      if (target.fd !== undefined) return writeText(target.fd, f.content);
      const fd = openSync(f.path, 'w');
      try {
        writeText(fd, f.content);
      } finally {
        closeSync(fd);
      }
    });
  }
}

function wrap<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof HelmMigrateError) throw err;
    throw new HelmMigrateError('write-failed', `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

/** UTF-16 code units encoded per write: at most 3 bytes each in UTF-8, so a slice fits `chunk`. */
const unitsPerWrite = 1 << 18;
let chunk: Buffer | undefined;

/**
 * Writes `content` as UTF-8, a slice at a time through one reused buffer. Encoding a 77 MB
 * string whole took ~300 ms on a 2-core machine, mostly in touching the fresh memory of its
 * copy; through a 1 MB buffer, ~40 ms. A slice never ends between the two halves of a
 * surrogate pair (a lone half would be written as U+FFFD); the bytes are those of
 * Buffer.from(content).
 */
function writeText(fd: number, content: string | readonly string[]): void {
  chunk ??= Buffer.allocUnsafe(3 * unitsPerWrite);
  for (const text of typeof content === 'string' ? [content] : content) {
    for (let from = 0; from < text.length; ) {
      let to = Math.min(from + unitsPerWrite, text.length);
      const last = text.charCodeAt(to - 1);
      if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
      writeAll(fd, chunk, chunk.write(from === 0 && to === text.length ? text : text.slice(from, to), 0, 'utf8'));
      from = to;
    }
  }
}

/** A pipe may take a large write in parts (or, non-blocking, not at the moment): all of it goes. */
function writeAll(fd: number, buf: Buffer, length: number): void {
  for (let off = 0; off < length; ) {
    try {
      off += writeSync(fd, buf, off, length - off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // the reader is behind: let it catch up
    }
  }
}

function quietUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}
