/**
 * `helm-migrate values` on an umbrella chart's values file: the dependency's values are nested
 * under a key (its name or alias). Found by their keys when the file's root is no chart's values,
 * or named with `--values-path KEY[.KEY…]`. One file in, the same file out.
 */
import { basename, resolve } from 'node:path';
import type { Document } from 'yaml';
import { migrate } from '../../core/engine.js';
import { HelmMigrateError } from '../../core/errors.js';
import { inferChart, type InferredChart } from '../../core/infer-chart.js';
import { repositoryFor } from '../../core/repositories.js';
import type { Pack } from '../../core/types.js';
import { registry } from '../packs.js';
import { formatPath, parsePath, type Path } from '../../core/paths.js';
import { isPlainMap, type PlainMap } from '../../core/plain.js';
import { collectSecrets, privateFileMode } from '../../core/secrets.js';
import { writeFilesAtomic } from '../../io/files.js';
import { nestedValues, placeOutputs, type Placed } from '../../values/umbrella.js';
import { refuseReplacingInput } from './output-over-input.js';
import { createDocFactory } from '../../values/yaml-values.js';
import { detectStyle } from '../../values/style.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandIO } from '../io.js';
import { renderValuesReport } from '../render-values-report.js';
import { buildValuesReport } from '../values-report.js';
import type { ValuesOptions } from './values.js';

/** The chart the keys of `values` say (within --pack when given), or a usage error naming the candidates. */
export function inferFor(values: PlainMap, opts: Pick<ValuesOptions, 'pack' | 'from'>): InferredChart {
  return inferChart(registry.packs.filter((p) => !opts.pack || p.name === opts.pack), values, opts.from);
}

function fits(values: PlainMap, opts: ValuesOptions): boolean {
  try {
    const found = inferFor(values, opts);
    return !opts.chart || found.chart === opts.chart;
  } catch (err) {
    // "Fits no chart" is the answer here; any other error is not.
    if (err instanceof HelmMigrateError && err.code === 'usage') return false;
    throw err;
  }
}

/** The key holding a dependency's values, when the root itself is no chart's values but exactly one key is. */
export function findUmbrellaKey(root: PlainMap, opts: ValuesOptions): Path | undefined {
  if (opts.valuesPath) return parsePath(opts.valuesPath);
  if (fits(root, opts)) return undefined;
  const hits = Object.entries(root).filter(([, v]) => isPlainMap(v) && Object.keys(v).length > 0 && fits(v as PlainMap, opts));
  return hits.length === 1 ? [hits[0][0]] : undefined;
}

export function runUmbrella(doc: Document.Parsed, text: string, path: string, at: Path, opts: ValuesOptions & { from: string; to: string }, io: CommandIO): number {
  if (opts.outDir !== undefined && opts.output !== undefined) throw new HelmMigrateError('usage', 'use only one of --out-dir and -o');
  const where = formatPath(at);
  if (!doc.hasIn(at)) throw new HelmMigrateError('usage', `--values-path ${where}: the file has no values there`);
  const values = nestedValues(doc, at, text);
  const plain = values.toPlain();
  io.log.addSecrets(collectSecrets(plain));
  const chart = opts.chart ?? inferFor(plain, opts).chart;
  const pack = registry.forChart(chart, opts.pack);
  const result = migrate({ pack, chart, from: opts.from, to: opts.to, doc: values, factory: createDocFactory(detectStyle(text)), adoptNewDefaults: opts.adoptNewDefaults });
  const placed = placeOutputs(
    doc,
    at,
    chart,
    result.outputs.map((o) => ({ chart: o.chart, values: o.doc.toPlain(), continues: o.reason === 'continues-input' })),
  );
  const out = doc.toString(detectStyle(text));
  const dest = opts.inPlace ? path : opts.output && opts.output !== '-' ? resolve(opts.output) : opts.outDir !== undefined ? resolve(opts.outDir, basename(path)) : undefined;
  if (dest) refuseReplacingInput([dest], path, opts);
  if (!opts.check) {
    // Key material in the file: written 0600, whatever the input's mode.
    if (dest) writeFilesAtomic([{ path: dest, content: out, mode: privateFileMode(doc.toJS() as never) }]);
    else if (!opts.json) io.stdout.write(out);
  }

  const report = buildValuesReport(result);
  const deps = dependencyChanges(pack, chart, result.to.id, placed);
  if (opts.json) io.stdout.write(`${JSON.stringify({ ...report, umbrella: { valuesPath: where, placed: placed.map((p) => ({ chart: p.chart, key: formatPath(p.key) })), dependencies: deps } }, null, 2)}\n`);
  else if (opts.report === 'json') io.stderr.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (!opts.quiet) {
    io.log.info(`umbrella chart values: migrated ${chart} values under ${where}${opts.valuesPath ? '' : ' (found by their keys; --values-path to choose)'}`);
    io.log.raw(renderValuesReport(report, io.log.color, true, `its key is taken out of ${opts.inPlace ? basename(path) : 'the parent values'}`));
    if (deps.length) io.log.raw(`in your chart's Chart.yaml dependencies:\n${deps.map((d) => `  - ${d}`).join('\n')}\n`);
  }
  return opts.check && result.changed ? ExitCode.needsMigration : ExitCode.ok;
}

/** What the parent chart's `dependencies:` must say for the migrated keys. */
function dependencyChanges(pack: Pack, chart: string, to: string, placed: Placed[]): string[] {
  return placed.map((p) => {
    if (p.removed) return `remove ${p.chart} (no chart takes its values at ${to})`;
    const version = pack.snapshot(to).charts[p.chart]?.chartVersion ?? to;
    const repo = pack.repositories?.length ? repositoryFor(pack, p.chart, to).url : undefined;
    const key = String(p.key[p.key.length - 1]);
    const entry = `name: ${p.chart}, version: ${version}${repo ? `, repository: ${repo}` : ''}${key !== p.chart ? `, alias: ${key}` : ''}`;
    if (!p.continues) return `add { ${entry} }`;
    return p.chart === chart ? `set version: ${version} for ${chart}` : `replace ${chart} with { ${entry} }`;
  });
}
