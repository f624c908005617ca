/**
 * Generates migrations/<pack>/defaults/<release>.json from the real charts, so the tool knows
 * every chart's defaults and keys at run time without the charts themselves.
 *
 *   npm run snapshot-defaults -- [--pack NAME] [--charts DIR] [--check]
 *
 * Every registered pack by default, each from ../shared/charts/<pack>; `--pack` picks one and
 * `--charts` gives its charts folder.
 *
 * Per chart: the effective defaults (a parent's values merged over its add-on subcharts' own,
 * as Helm coalesces them), the HA overrides file, and every path the chart knows: the leaves of
 * its defaults plus each `.Values.x.y` its templates (and vendored partials) read. `--check`
 * writes nothing and fails when a committed snapshot differs from what the charts give.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPath } from '../src/core/paths.js';
import { isPlainMap, leaves, mergeValues, type Plain, type PlainMap } from '../src/core/plain.js';
import type { ChartSnapshot, ReleaseSnapshot } from '../src/core/types.js';
import { parseYamlStream } from '../src/values/parse.js';
import { snapshotPath } from '../src/io/pack-data.js';
import { packs } from '../migrations/index.js';
import type { Pack } from '../src/core/types.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function readYaml(file: string): PlainMap {
  if (!existsSync(file)) return {};
  const docs = parseYamlStream(readFileSync(file, 'utf8'), file);
  const js = docs[0]?.toJS({ maxAliasCount: -1 }) as unknown;
  return isPlainMap(js) ? js : {};
}

const valuesRef = /\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;

function templateFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return templateFiles(p);
    return /\.(ya?ml|tpl|txt)$/.test(f) ? [p] : [];
  });
}

const includeRef = /(?:include|template)\s+"([^"]+)"/g;

/**
 * `.Values.a.b` references of a chart: its own templates, plus the named templates of its
 * vendored partials library that it actually includes (transitively). Partials render with the
 * including chart's .Values, but a chart that includes none of a partial's templates (the CRD
 * chart) must not claim the control plane's keys.
 */
function templateRefs(chartDir: string): Set<string> {
  const out = new Set<string>();
  const addRefs = (text: string) => {
    for (const m of text.matchAll(valuesRef)) out.add(m[1].slice(1));
  };
  const included: string[] = [];
  for (const f of templateFiles(join(chartDir, 'templates'))) {
    const text = readFileSync(f, 'utf8');
    addRefs(text);
    for (const m of text.matchAll(includeRef)) included.push(m[1]);
  }
  // Named templates of the partials library; a define block runs until the next define.
  const defs = new Map<string, string>();
  for (const f of templateFiles(join(chartDir, 'charts', 'partials', 'templates'))) {
    const parts = readFileSync(f, 'utf8').split(/(?={{-?\s*define\s+")/);
    for (const part of parts) {
      const m = /^{{-?\s*define\s+"([^"]+)"/.exec(part);
      if (m) defs.set(m[1], part);
    }
  }
  const seen = new Set<string>();
  while (included.length) {
    const name = included.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const body = defs.get(name);
    if (!body) continue;
    addRefs(body);
    for (const m of body.matchAll(includeRef)) included.push(m[1]);
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonSchema = Record<string, any>;

/**
 * The maps the chart's values.schema.json closes (additionalProperties: false), with the keys it
 * allows. A map whose schema combines others (oneOf, anyOf, allOf) or matches keys by pattern
 * counts as open: only what is certain is recorded.
 */
function closedMaps(chartDir: string): Record<string, string[]> {
  const file = join(chartDir, 'values.schema.json');
  if (!existsSync(file)) return {};
  const root = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  const defs: JsonSchema = root.$defs ?? root.definitions ?? {};
  const deref = (s: JsonSchema | undefined): JsonSchema | undefined => {
    let x = s;
    for (let i = 0; x?.$ref && i < 10; i++) x = defs[String(x.$ref).replace(/^#\/(\$defs|definitions)\//, '')];
    return x;
  };
  const out: Record<string, string[]> = {};
  const walk = (s0: JsonSchema | undefined, path: string[], depth: number): void => {
    const s = deref(s0);
    if (!s || typeof s !== 'object' || depth > 16 || s.oneOf || s.anyOf || s.allOf || s.patternProperties) return;
    const props: JsonSchema = s.properties ?? {};
    if (s.additionalProperties === false) out[formatPath(path)] = Object.keys(props).sort();
    for (const [k, v] of Object.entries(props)) walk(v as JsonSchema, [...path, k], depth + 1);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties as JsonSchema, [...path, '*'], depth + 1);
  };
  walk(root, [], 0);
  return out;
}

function snapshotChart(chartDir: string): ChartSnapshot {
  const meta = readYaml(join(chartDir, 'Chart.yaml'));
  let defaults = readYaml(join(chartDir, 'values.yaml'));
  const refs = templateRefs(chartDir);
  const subchartsDir = join(chartDir, 'charts');
  if (existsSync(subchartsDir)) {
    for (const sub of readdirSync(subchartsDir).sort()) {
      if (sub === 'partials' || !existsSync(join(subchartsDir, sub, 'Chart.yaml'))) continue;
      // Add-on subcharts (2.8/2.9 grafana, prometheus, tracing): their defaults sit under the
      // subchart's name, overridden by the parent's values for that key.
      const subDefaults = readYaml(join(subchartsDir, sub, 'values.yaml'));
      defaults = { ...defaults, [sub]: mergeValues(subDefaults, defaults[sub]) as Plain };
      for (const r of templateRefs(join(subchartsDir, sub))) refs.add(r.startsWith('global.') ? r : `${sub}.${r}`);
    }
  }
  const paths = new Set<string>(refs);
  for (const [p] of leaves(defaults)) paths.add(formatPath(p));
  const ha = readYaml(join(chartDir, 'values-ha.yaml'));
  for (const [p] of leaves(ha)) paths.add(formatPath(p));
  const snap: ChartSnapshot = {
    chart: String(meta.name),
    chartVersion: String(meta.version),
    ...(meta.appVersion !== undefined ? { appVersion: String(meta.appVersion) } : {}),
    defaults,
    ...(Object.keys(ha).length ? { haDefaults: ha } : {}),
    paths: [...paths].sort(),
  };
  const closed = closedMaps(chartDir);
  if (Object.keys(closed).length) snap.closed = closed;
  return snap;
}

function build(pack: Pack, chartsRoot: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of pack.releases) {
    const snap: ReleaseSnapshot = { release: rel.id, charts: {} };
    for (const fam of pack.charts.filter((f) => f.releases.includes(rel.id))) {
      const dir = join(chartsRoot, fam.sourceDir ?? rel.dir ?? rel.version, fam.name);
      if (!existsSync(join(dir, 'Chart.yaml'))) throw new Error(`chart ${fam.name} missing at ${dir}`);
      snap.charts[fam.name] = snapshotChart(dir);
    }
    files.set(snapshotPath(repo, pack.name, rel.id), `${JSON.stringify(snap)}\n`);
  }
  return files;
}

function main(): void {
  const args = process.argv.slice(2);
  const flag = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
  const chosen = packs.filter((p) => !flag('--pack') || p.name === flag('--pack'));
  if (!chosen.length) {
    process.stderr.write(`snapshot-defaults: no pack ${flag('--pack')}; known: ${packs.map((p) => p.name).join(', ')}\n`);
    process.exit(2);
  }
  const files = new Map<string, string>();
  for (const pack of chosen) {
    const chartsRoot = resolve(flag('--charts') ?? join(repo, '..', 'shared', 'charts', pack.name));
    if (!existsSync(chartsRoot)) {
      process.stderr.write(`snapshot-defaults: charts of ${pack.name} not found at ${chartsRoot}\n`);
      process.exit(2);
    }
    for (const [f, text] of build(pack, chartsRoot)) files.set(f, text);
  }
  if (args.includes('--check')) {
    const stale = [...files].filter(([f, text]) => !existsSync(f) || readFileSync(f, 'utf8') !== text).map(([f]) => f);
    if (stale.length) {
      process.stderr.write(`stale snapshots (run npm run snapshot-defaults):\n  ${stale.join('\n  ')}\n`);
      process.exit(1);
    }
    return;
  }
  for (const [f, text] of files) writeFileSync(f, text);
  process.stderr.write(`wrote ${files.size} snapshots\n`);
}

export { build as buildSnapshots };

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
