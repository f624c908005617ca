/**
 * Output goes into what the path is: a symlink's target (the link stays), a FIFO or a device
 * (written in place, never replaced by a regular file); a folder is refused before anything is
 * written; several files change all together or not at all.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeFilesAtomic } from '../../src/io/files.js';
import { ensurePrivateDir } from '../../src/plan/plan-file.js';
import { runCli } from '../helpers/cli.js';
import { ready as needs } from '../helpers/prereq.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hm-out-'));
});

describe('output targets', () => {
  it('a symlink: its target is replaced atomically, the link stays a link, the mode is kept', () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'values.yaml'), 'old: 1\n', { mode: 0o640 });
    chmodSync(join(dir, 'real', 'values.yaml'), 0o640);
    symlinkSync(join('real', 'values.yaml'), join(dir, 'values.yaml'));
    writeFilesAtomic([{ path: join(dir, 'values.yaml'), content: 'new: 2\n' }]);
    expect(lstatSync(join(dir, 'values.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real', 'values.yaml'), 'utf8')).toBe('new: 2\n');
    expect(statSync(join(dir, 'real', 'values.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(dir, 'real'))).toEqual(['values.yaml']);
  });

  it('large text, whole or in parts, is written as UTF-8 byte for byte, a character split across slices included', () => {
    // The writer encodes 2^18 UTF-16 units at a time: put a surrogate pair (an emoji) and a
    // three-byte character across each boundary, and a lone surrogate, which UTF-8 writes as U+FFFD.
    const unit = 1 << 18;
    const text = `${'a'.repeat(unit - 1)}\u{1F600}${'é'.repeat(unit)}\u20AC${'b'.repeat(unit - 3)}\uD800x\n`;
    const parts = [text.slice(0, 10), text.slice(10, unit - 1), text.slice(unit - 1)];
    writeFilesAtomic([
      { path: join(dir, 'whole.yaml'), content: text },
      { path: join(dir, 'parts.yaml'), content: parts },
    ]);
    for (const name of ['whole.yaml', 'parts.yaml']) expect(readFileSync(join(dir, name)).equals(Buffer.from(text)), name).toBe(true);
  });

  it('a dangling symlink: the file it names is created', () => {
    symlinkSync(join(dir, 'later.yaml'), join(dir, 'link.yaml'));
    writeFilesAtomic([{ path: join(dir, 'link.yaml'), content: 'a: 1\n' }]);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'later.yaml'), 'utf8')).toBe('a: 1\n');
  });

  it('a FIFO: written into, still a FIFO', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d) => (got += d));
    const done = new Promise((r) => reader.on('exit', r));
    writeFilesAtomic([{ path: fifo, content: 'through: the pipe\n' }]);
    await done;
    expect(got).toBe('through: the pipe\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  // A private copy of /dev/null (making a device node needs root): a regression must not be
  // able to replace the machine's own.
  it.skipIf(process.getuid?.() !== 0)('a character device: written into, still a device', () => {
    const dev = join(dir, 'null');
    expect(spawnSync('mknod', ['-m', '666', dev, 'c', '1', '3']).status).toBe(0);
    writeFilesAtomic([{ path: dev, content: 'gone\n' }]);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
  });

  it('a folder where a file goes: refused before anything is written, the other files included', () => {
    mkdirSync(join(dir, 'out', 'b.yaml'), { recursive: true });
    writeFileSync(join(dir, 'out', 'a.yaml'), 'before\n');
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'out', 'a.yaml'), content: 'after\n' },
        { path: join(dir, 'out', 'b.yaml'), content: 'x\n' },
      ]),
    ).toThrow(/out\/b\.yaml: is a directory/);
    expect(readFileSync(join(dir, 'out', 'a.yaml'), 'utf8')).toBe('before\n');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('a rename failing part-way puts back the files already replaced', () => {
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'a.yaml'), 'before\n');
    // A folder that appears between the check and the rename (what a race would do).
    const files = [
      { path: join(dir, 'out', 'a.yaml'), content: 'after\n' },
      { path: join(dir, 'out', 'b.yaml'), content: 'x\n', beforeRename: () => mkdirSync(join(dir, 'out', 'b.yaml', 'inside'), { recursive: true }) },
    ];
    expect(() => writeFilesAtomic(files)).toThrow(/cannot write/);
    expect(readFileSync(join(dir, 'out', 'a.yaml'), 'utf8')).toBe('before\n');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('a plan folder that is a symlink, or someone else\'s, is refused', () => {
    mkdirSync(join(dir, 'elsewhere'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'plan.yaml.d'));
    expect(() => ensurePrivateDir(join(dir, 'plan.yaml.d'))).toThrow(/plan\.yaml\.d is a symbolic link/);
    expect(existsSync(join(dir, 'elsewhere'))).toBe(true);
  });
});

const ready = needs('build');
describe.skipIf(!ready)('values -o into a pipe', () => {
  it('-o naming a link to standard output writes the YAML there, and the link stays', () => {
    symlinkSync('/dev/stdout', join(dir, 'out.yaml'));
    writeFileSync(join(dir, 'in.yaml'), '# mine\nproxy:\n  logLevel: debug\n');
    const r = runCli(['values', join(dir, 'in.yaml'), '--chart', 'linkerd2', '--from', '2.10', '--to', '2.11', '-o', join(dir, 'out.yaml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('# mine\nproxy:\n  logLevel: debug\n');
    expect(lstatSync(join(dir, 'out.yaml')).isSymbolicLink()).toBe(true);
  });
});
