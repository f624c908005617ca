/**
 * bin/helm-migrate.js compiles each bundle (dist/main.cjs, the front; dist/engine.cjs, the
 * commands; dist/lib/*.cjs) with a V8 code cache beside it (dist/<name>.<tag>.cache, the tag
 * being V8's for its version and flags). A cache only ever changes speed:
 * whatever state it is in, the CLI runs the bundle it finds and prints the same. Each test works
 * on its own copy of what the package ships, never the build other tests run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared.js';
import { ready as needs } from '../helpers/prereq.js';
import { cliNode, copyPackage } from '../helpers/cli.js';

let root: string;
/** V8's cache tag for a plain `node` (the CLI's runs here), or under the given NODE_OPTIONS. */
const tagOf = (nodeOptions = '') =>
  execFileSync(cliNode, ['-p', "require('node:v8').cachedDataVersionTag().toString(16)"], { env: { ...process.env, NODE_OPTIONS: nodeOptions }, encoding: 'utf8' }).trim();
const plainTag = tagOf();
const cache = (name = 'engine', tag = plainTag) => join(root, 'dist', `${name}.${tag}.cache`);
const bundle = (name = 'engine') => join(root, 'dist', `${name}.cjs`);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hm-cache-'));
  copyPackage(root);
});

function runWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(cliNode, [join(root, 'bin', 'helm-migrate.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const run = (...args: string[]) => runWith({}, ...args);

function migrateExample(env: NodeJS.ProcessEnv = {}) {
  const r = runWith(env, 'values', join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml'), '--chart', 'linkerd2', '--from', '2.9', '--to', '2.10', '--out-dir', join(root, 'out'), '-q');
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(join(root, 'out', 'linkerd2.values.yaml'), 'utf8');
}

const stampOf = (file: Buffer) => file.readUInt32BE(0);

describe.runIf(needs('build'))('the code cache', () => {
  it('is written when missing, starts with the checksum of its bundle, and is then used as it is', () => {
    // The build leaves one for each bundle (it runs the example once, on the node that builds).
    const buildTag = execFileSync(process.execPath, ['-p', "require('node:v8').cachedDataVersionTag().toString(16)"], { env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8' }).trim();
    for (const name of ['main', 'engine']) expect(stampOf(readFileSync(cache(name, buildTag)))).toBe(crc32(readFileSync(bundle(name))));
    writeFileSync(cache(), ''); // unreadable as a cache: same as none
    const first = migrateExample();
    const written = readFileSync(cache());
    expect(stampOf(written)).toBe(crc32(readFileSync(bundle())));
    expect(written.length).toBeGreaterThan(1000);
    const at = statSync(cache()).mtimeMs;
    // Accepted: the next run leaves it alone, and does what the first did.
    expect(migrateExample()).toBe(first);
    expect(readFileSync(cache()).equals(written)).toBe(true);
    expect(statSync(cache()).mtimeMs).toBe(at);
  });

  it('is replaced when V8 rejects it, and the run is unaffected', () => {
    const expected = migrateExample();
    const stamp = readFileSync(cache()).subarray(0, 4);
    writeFileSync(cache(), Buffer.concat([stamp, Buffer.from('not V8 cached data'.repeat(100))]));
    expect(migrateExample()).toBe(expected);
    const now = readFileSync(cache());
    expect(now.subarray(4).toString('latin1')).not.toContain('not V8 cached data');
    expect(now.length).toBeGreaterThan(1000);
  });

  it('made from another bundle of the same length is not used: the bundle that is there runs', () => {
    // V8 checks only the source's length against a cache; the checksum tells the bundles apart.
    const said = 'move a Helm installation across chart versions';
    expect(run('--help').stdout).toContain(said);
    const source = readFileSync(bundle('main'), 'utf8');
    expect(source.split(said).length).toBe(2);
    const other = said.toUpperCase();
    writeFileSync(bundle('main'), source.replace(said, other));
    const after = run('--help');
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain(other);
    expect(stampOf(readFileSync(cache('main')))).toBe(crc32(readFileSync(bundle('main'))));
  });

  it('made under other V8 flags is another file: runs with and without them keep one each', () => {
    // A flag every Node line counts in V8's tag (heap sizes stopped counting in Node 24).
    const options = '--stack-trace-limit=20';
    const otherTag = tagOf(options);
    expect(otherTag).not.toBe(plainTag);
    const expected = migrateExample();
    const plain = readFileSync(cache());
    expect(migrateExample({ NODE_OPTIONS: options })).toBe(expected);
    const other = readFileSync(cache('engine', otherTag));
    expect(stampOf(other)).toBe(crc32(readFileSync(bundle())));
    // Each kept: neither run replaced the other's.
    expect(migrateExample()).toBe(expected);
    expect(migrateExample({ NODE_OPTIONS: options })).toBe(expected);
    expect(readFileSync(cache()).equals(plain)).toBe(true);
    expect(readFileSync(cache('engine', otherTag)).equals(other)).toBe(true);
  });

  it('runs with and without the heap flag users set for large files never replace each other\'s cache', () => {
    // A separate file where V8 counts the flag (Node 20, 22), one shared file where it does not (24+).
    const options = '--max-old-space-size=3000';
    const expected = migrateExample();
    expect(migrateExample({ NODE_OPTIONS: options })).toBe(expected);
    const files = () => new Map(readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.cache')).map((f) => [f, readFileSync(join(root, 'dist', f))]));
    const settled = files();
    expect(settled.has(`engine.${tagOf(options)}.cache`)).toBe(true);
    expect(migrateExample()).toBe(expected);
    expect(migrateExample({ NODE_OPTIONS: options })).toBe(expected);
    const after = files();
    expect([...after.keys()].sort()).toEqual([...settled.keys()].sort());
    for (const [f, data] of settled) expect(after.get(f)!.equals(data), f).toBe(true);
  });

  it('covers the libraries a command loads: written by the first run that needs one, then used', () => {
    const lib = 'lib/kubernetes-client-node';
    const plan = () => run('plan', '--release', 'linkerd', '-n', 'linkerd', '--to', '2.14', '--kubeconfig', join(root, 'no-such-kubeconfig'));
    rmSync(cache(lib), { force: true });
    const first = plan();
    expect(first.code, first.stderr).toBe(4);
    expect(first.stderr).toMatch(/cannot read kubeconfig/);
    const written = readFileSync(cache(lib));
    expect(stampOf(written)).toBe(crc32(readFileSync(bundle(lib))));
    const second = plan();
    expect(second.stderr).toBe(first.stderr);
    expect(readFileSync(cache(lib)).equals(written)).toBe(true);
  });

  it('that cannot be written leaves the run as it was and no temporary file behind', () => {
    const expected = migrateExample();
    // A directory where the cache goes: it can be neither read nor replaced (a read-only install,
    // for a test that may run as root).
    rmSync(cache());
    mkdirSync(cache());
    expect(migrateExample()).toBe(expected);
    expect(statSync(cache()).isDirectory()).toBe(true);
    expect(readdirSync(join(root, 'dist')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('has ASCII bundles for the front and the engine, which bin/ decodes without UTF-8 validation', () => {
    // A character beyond ASCII (esbuild escapes them in code, but keeps some comments as written)
    // sends bin/ back to the slower UTF-8 decoding: the run is the same, a millisecond slower.
    for (const name of ['main', 'engine']) expect(isAscii(readFileSync(bundle(name))), `dist/${name}.cjs holds non-ASCII text`).toBe(true);
  });
});
