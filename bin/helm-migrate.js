#!/usr/bin/env node
// Shebang shim: runs the CLI bundles in dist/ (built by `npm run build`; npm ci runs it via
// prepare): main.cjs, the front, which asks for `engine:<module>` when a command runs; engine.cjs,
// the commands, which require ./lib/<library>.cjs when a command first needs the Kubernetes
// client, execa or inquirer. CommonJS (bin/package.json says so), as are the bundles: starting
// Node's ES module loader for the entry file alone costs a small run ~7 ms.
//
// Why a code cache: compiling the bundle's functions was a third of a small `values` run. Node 22
// keeps compiled code between runs by itself (module.enableCompileCache); Node 20 has no such API,
// but vm.Script takes and produces V8's cached data. So each bundle is a script compiled here with
// its cache, dist/<name>.<tag>.cache, when V8 accepts it. When there is none, or V8 rejects it,
// the run ends by writing a new one, holding every function the run compiled; a failed write (a
// read-only install) only costs the speed.
//
// Code cache data is trusted as code, so a cache sits beside the code it was made from, never in
// a shared directory. V8 checks only the source's length against it, so the file starts with a
// checksum of the bundle it was made from: a bundle replaced without its cache gets a new one.
// V8 also rejects a cache made under other flags (a NODE_OPTIONS=--max-old-space-size for a large
// file is one), so each cache is named by V8's tag for its version and flags: runs with and
// without such a flag keep a cache each instead of replacing each other's at every run.
'use strict';
const { createRequire } = require('node:module');
const { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { cachedDataVersionTag } = require('node:v8');
const { isAscii } = require('node:buffer');
const vm = require('node:vm');
const { crc32 } = require('node:zlib');

const dist = join(__dirname, '..', 'dist');
const tag = cachedDataVersionTag().toString(16);
/**
 * The bundles this run has loaded, by name (each is run once, as require would), with what
 * writing its cache at the end needs when it had none V8 took.
 */
const loaded = new Map();

/** Runs dist/<name>.cjs as Node runs a CommonJS module, under its code cache; its exports. */
function load(name) {
  if (loaded.has(name)) return loaded.get(name).mod.exports;
  const file = join(dist, `${name}.cjs`);
  const cacheFile = join(dist, `${name}.${tag}.cache`);
  const source = readFileSync(file);
  const stamp = Buffer.alloc(4);
  stamp.writeUInt32BE(crc32(source));
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, 4).equals(stamp)) cachedData = cache.subarray(4);
  } catch {
    // none yet: this run writes it
  }
  // ASCII, as the front and the engine are (a test holds them to it), decodes as latin1 without
  // UTF-8's validation: a millisecond or two on the engine. The libraries need not be.
  const text = isAscii(source) ? source.toString('latin1') : source.toString('utf8');
  // No importModuleDynamically: the build turns every import() into a require (see scripts/).
  // The build writes each bundle as a module wrapper function already (see scripts/build.mjs).
  const script = new vm.Script(text, { filename: file, cachedData });
  const mod = { exports: {} };
  loaded.set(name, { mod, script, cacheFile, stamp, stale: cachedData === undefined || script.cachedDataRejected });
  const req = createRequire(file);
  const bundled = (id) => {
    if (id.startsWith('engine:')) return load('engine').load(id.slice('engine:'.length));
    if (id.startsWith('./lib/') && id.endsWith('.cjs')) return load(id.slice(2, -'.cjs'.length));
    return req(id);
  };
  script.runInThisContext()(mod.exports, bundled, mod, file, dirname(file));
  return mod.exports;
}

function writeCaches() {
  for (const { script, cacheFile, stamp, stale } of loaded.values()) {
    if (!stale) continue;
    // Other processes may be writing it too: each writes a file of its own and renames it into place.
    // The file is opened before the cache is made: where it cannot be written (a read-only
    // install), making it would be wasted at every run.
    const tmp = `${cacheFile}.tmp-${process.pid}`;
    let fd;
    try {
      fd = openSync(tmp, 'w');
      writeFileSync(fd, Buffer.concat([stamp, script.createCachedData()]));
      closeSync(fd);
      fd = undefined;
      renameSync(tmp, cacheFile);
    } catch {
      if (fd !== undefined) closeSync(fd);
      rmSync(tmp, { force: true });
    }
  }
}

const { main } = load('main');

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  // Creating process.stdin costs a few milliseconds; only the wizard and `-` read it.
  get stdin() {
    return process.stdin;
  },
};
main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  writeCaches();
});
