#!/usr/bin/env node
// Shebang shim: runs the CLI bundle, dist/cli.cjs (built by `npm run build`; npm ci runs it via
// prepare), compiled with a V8 code cache. CommonJS (bin/package.json says so), as is the
// bundle: starting Node's ES module loader for the entry file alone costs a small run ~7 ms.
//
// Why a code cache: compiling the bundle's functions was a third of a small `values` run. Node 22
// keeps compiled code between runs by itself (module.enableCompileCache); Node 20 has no such API,
// but vm.Script takes and produces V8's cached data. So the bundle is one script, compiled here
// with dist/cli.cache when V8 accepts it. When there is none, or V8 rejects it (another Node
// version), the run ends by writing a new one, holding every function the run compiled; a failed
// write (a read-only install) only costs the speed.
//
// Code cache data is trusted as code, so the cache sits beside the code it was made from, never in
// a shared directory. V8 checks only the source's length against it, so the file starts with a
// checksum of the bundle it was made from: a bundle replaced without its cache gets a new one.
'use strict';
const { createRequire } = require('node:module');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');
const { crc32 } = require('node:zlib');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'cli.cjs');
const cacheFile = join(dist, 'cli.cache');
const source = readFileSync(bundle);
const stamp = Buffer.alloc(4);
stamp.writeUInt32BE(crc32(source));

let cachedData;
try {
  const file = readFileSync(cacheFile);
  if (file.subarray(0, 4).equals(stamp)) cachedData = file.subarray(4);
} catch {
  // none yet: this run writes it
}
// Wrapped as Node wraps a CommonJS module; the bundle's requires resolve from dist/.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`, {
  filename: bundle,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const cli = { exports: {} };
script.runInThisContext()(cli.exports, createRequire(bundle), cli, bundle, dist);

function writeCache() {
  // Other processes may be writing it too: each writes a file of its own and renames it into place.
  const tmp = `${cacheFile}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, Buffer.concat([stamp, script.createCachedData()]));
    renameSync(tmp, cacheFile);
  } catch {
    rmSync(tmp, { force: true });
  }
}

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
cli.exports.main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  if (cachedData === undefined || script.cachedDataRejected) writeCache();
});
