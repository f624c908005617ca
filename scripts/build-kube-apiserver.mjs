#!/usr/bin/env node
/**
 * Builds the real kube-apiserver the cluster tests run (test/real-kube-apiserver: etcd and
 * kube-apiserver in one process, from Go modules) into node_modules/.cache/helm-migrate-bin.
 * Go's module and build caches are reused, so a second build takes seconds; a binary built from
 * the same sources is not built again. The Kubernetes version is read from go.mod and stamped
 * into the binary, so /version (Helm's .Capabilities.KubeVersion) reports it.
 *
 * Without Go it builds nothing and says so; under CI that is an error (the tests need it).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'test', 'real-kube-apiserver');
const out = join(root, 'node_modules', '.cache', 'helm-migrate-bin');
const binary = join(out, 'kube-apiserver');
const stamp = `${binary}.sources`;

function goVersion() {
  try {
    return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

const go = goVersion();
if (!go) {
  const msg = 'go not found: the real kube-apiserver for the cluster tests cannot be built (install Go 1.25 or newer)';
  if (process.env.CI) {
    console.error(`build-kube-apiserver: ${msg}`);
    process.exit(1);
  }
  console.error(`build-kube-apiserver: ${msg}; the tests that need it are skipped`);
  process.exit(0);
}

const sources = ['go.mod', 'go.sum', 'main.go'].map((f) => readFileSync(join(src, f)));
const digest = createHash('sha256').update(go).update(Buffer.concat(sources)).digest('hex');
if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) process.exit(0);

const kube = /\sk8s\.io\/kubernetes (v(\d+)\.(\d+)\.\d+)/.exec(sources[0].toString())?.slice(1);
if (!kube) throw new Error('test/real-kube-apiserver/go.mod names no k8s.io/kubernetes version');
const [version, major, minor] = kube;
const ldflags = ['-s', '-w'];
for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
  ldflags.push(`-X ${pkg}.gitVersion=${version}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`, `-X ${pkg}.gitTreeState=clean`);
}
mkdirSync(out, { recursive: true });
const started = Date.now();
console.error(`build-kube-apiserver: building kube-apiserver ${version} with ${go} (a first build takes minutes)`);
const tmp = `${binary}.tmp-${process.pid}`;
execFileSync('go', ['build', '-trimpath', '-ldflags', ldflags.join(' '), '-o', tmp, '.'], { cwd: src, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() } });
renameSync(tmp, binary);
writeFileSync(stamp, digest);
console.error(`build-kube-apiserver: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
