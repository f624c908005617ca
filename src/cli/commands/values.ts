/**
 * `helm-migrate values FILE --chart C --from V --to V`: migrate a values file offline. Loads no
 * Kubernetes client, execa or inquirer: just the engine, the pack and `yaml`.
 */
import { basename, join, resolve } from 'node:path';
import { migrate, type MigrateResult } from '../../core/engine.js';
import { HelmMigrateError } from '../../core/errors.js';
import { collectSecrets, privateFileMode } from '../../core/secrets.js';
import { registry } from '../packs.js';
import type { PlainMap } from '../../core/plain.js';
import { readInputFile, writeFilesAtomic, type PendingWrite } from '../../io/files.js';
import { detectGitOps, isKustomizationFile, mayBeGitOps } from '../../values/gitops.js';
import { MAX_INPUT_BYTES, assertBoundedAliases, assertText, parseYamlStream, tooLarge, valuesFromStream } from '../../values/parse.js';
import { loadPlainValues } from '../../values/plain-load.js';
import { PlainValues } from '../../values/plain-values.js';
import { migrateCheapest } from '../../values/cheapest-reading.js';
import { defaultCut } from '../../values/splice.js';
import { chartStructure } from '../../core/chart-structure.js';
import type { ValuesDoc } from '../../core/types.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandIO } from '../io.js';
import { renderValuesReport } from '../render-values-report.js';
import { buildValuesReport } from '../values-report.js';
import { migrateGitOps } from '../../values/gitops-migrate.js';
import { findUmbrellaKey, inferFor, runUmbrella } from './values-umbrella.js';
import { reportGitOps } from './values-gitops.js';
import { refuseReplacingInput } from './output-over-input.js';

export interface ValuesOptions {
  file: string;
  chart?: string;
  from?: string;
  to?: string;
  pack?: string;
  outDir?: string;
  output?: string;
  inPlace?: boolean;
  report?: 'text' | 'json';
  /** `--output json`: the report (and YAML not written to a file) as JSON on stdout. */
  json?: boolean;
  check?: boolean;
  adoptNewDefaults?: boolean;
  quiet?: boolean;
  /** Render both sides with helm and list the customizations that did not survive. */
  verify?: boolean;
  /** Charts for --verify from a local folder instead of the chart repositories. */
  chartsDir?: string;
  /** An umbrella chart's values: the key (dotted for deeper) the dependency's values sit under. */
  valuesPath?: string;
}

function usage(message: string): HelmMigrateError {
  return new HelmMigrateError('usage', message);
}

function validateSinks(opts: ValuesOptions): void {
  const sinks = [opts.outDir !== undefined, opts.output !== undefined, Boolean(opts.inPlace)].filter(Boolean).length;
  if (sinks > 1) throw usage('use only one of --out-dir, -o/--output and --in-place');
  if (opts.check && sinks > 0) throw usage('--check writes nothing; drop --out-dir, -o and --in-place');
  if (opts.chartsDir !== undefined && !opts.verify) throw usage('--charts-dir only tells --verify where the charts are; add --verify');
}

function validate(opts: ValuesOptions): asserts opts is ValuesOptions & { from: string; to: string } {
  if (!opts.from) throw usage('--from is required (the chart version the values were written for, e.g. --from 2.9)');
  if (!opts.to) throw usage('--to is required (e.g. --to latest)');
  validateSinks(opts);
}

/** `-` is standard input: read whole, as a file would be. */
async function readInput(opts: ValuesOptions, io: CommandIO): Promise<{ text: string; path: string; name: string }> {
  if (opts.file !== '-') {
    const path = resolve(io.cwd, opts.file);
    return { text: assertText(readInputFile(path, { maxBytes: MAX_INPUT_BYTES, tooLarge: (n) => tooLarge(opts.file, n) }), opts.file), path, name: opts.file };
  }
  if (opts.inPlace) throw usage('--in-place needs a file, not standard input');
  if (!io.stdin || io.stdin.isTTY) throw usage('- reads the values from standard input, but nothing is piped in');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of io.stdin) {
    chunks.push(Buffer.from(c as Uint8Array));
    size += (c as Uint8Array).length;
    // Stop reading at the limit rather than holding an endless pipe in memory.
    if (size > MAX_INPUT_BYTES) throw tooLarge('standard input', size);
  }
  return { text: assertText(Buffer.concat(chunks), 'standard input'), path: resolve(io.cwd, 'stdin.yaml'), name: 'standard input' };
}

export async function runValues(opts: ValuesOptions, io: CommandIO): Promise<number> {
  const { text, path, name } = await readInput(opts, io);
  // Most values files are plain YAML: read as data, they skip the yaml package's document (most
  // of the time on a large file) unless the migration edits them or they may be a manifest.
  const plain = loadPlainValues(text);
  let docs = plain && !mayBeGitOps(plain) ? undefined : parseYamlStream(text, name);
  if (docs?.some((d) => detectGitOps(d))) return runGitOps(docs, text, path, opts, io);
  if (isKustomizationFile(name)) throw new HelmMigrateError('wrong-chart', `${name}: a kustomization with no helmCharts: no chart in it to migrate`);
  validate(opts);
  const documentOf = () => (docs ??= parseYamlStream(text, name));
  const values: ValuesDoc = docs ? valuesFromStream(docs, text, name, plain).values : new PlainValues(plain!, text);
  const umbrella = findUmbrellaKey(values.toPlain(), opts);
  if (umbrella) return runUmbrella(documentOf()[0], text, path, umbrella, opts, io);
  io.log.addSecrets(collectSecrets(values.toPlain()));
  const chart = opts.chart ?? inferred(values.toPlain(), opts, io);
  const pack = registry.forChart(chart, opts.pack);
  const sourceValues = opts.verify ? values.toPlain() : {};

  // `values` is already the document when the file was parsed up front (not plain, or a manifest).
  const input = values instanceof PlainValues ? { text, name, plain, document: () => valuesFromStream(documentOf(), text, name, plain).values } : { text, name, plain: undefined, document: () => values };
  const from = opts.from;
  const cut = { ...defaultCut, keep: chartStructure(pack, chart, from) };
  const { result } = migrateCheapest(input, (doc, factory) => migrate({ pack, chart, from, to: opts.to, doc, factory, adoptNewDefaults: opts.adoptNewDefaults }), cut);

  const writes = plannedWrites(result, opts, path);
  refuseReplacingInput(writes.map((w) => w.path), path, opts);
  // Verified before anything is written: a chart that cannot be found or rendered stops here.
  const verified = opts.verify ? await (await import('./values-verify.js')).verifyValues(pack, result, sourceValues, opts.chartsDir, io) : undefined;
  if (!opts.check) {
    if (writes.length) writeFilesAtomic(writes.map((w) => ({ path: w.path, content: w.content, mode: privateFileMode(result.outputs.find((o) => o.chart === w.chart)?.doc.toPlain()) })));
    else if (result.outputs.length && !opts.json) io.stdout.write(String(result.outputs[0].doc));
  }

  const files = new Map(writes.map((w) => [w.chart, w.display]));
  const report = { ...buildValuesReport(result, files), ...(verified ? { verify: verified } : {}) };
  if (opts.json) {
    // YAML not written to a file travels inside the JSON, so stdout stays one document.
    const yaml = opts.check ? {} : Object.fromEntries(result.outputs.filter((o) => !files.has(o.chart)).map((o) => [o.chart, String(o.doc)]));
    const outputs = report.outputs.map((o) => (yaml[o.chart] !== undefined ? { ...o, yaml: yaml[o.chart] } : o));
    io.stdout.write(`${JSON.stringify({ ...report, outputs }, null, 2)}\n`);
  } else if (opts.report === 'json') io.stderr.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (!opts.quiet) io.log.raw(renderValuesReport(report, io.log.color));
  if (verified && !opts.json && opts.report !== 'json') io.log.raw(`\n${(await import('./values-verify.js')).renderVerifyReport(verified)}`);

  if (verified && (verified.lost.length || verified.added.some((a) => !a.said))) return ExitCode.verifyFoundLosses;
  if (opts.check) return result.changed ? ExitCode.needsMigration : ExitCode.ok;
  return ExitCode.ok;
}

/** Flux HelmRelease / Argo CD Application files: chart and version come from the manifests. */
function runGitOps(docs: ReturnType<typeof parseYamlStream>, text: string, path: string, opts: ValuesOptions, io: CommandIO): number {
  validateSinks(opts);
  if (opts.verify) throw usage('--verify works on values files for now; extract the values from the manifest to verify them');
  if (opts.outDir !== undefined) throw usage('manifests are rewritten as one stream: use -o FILE or --in-place, not --out-dir');
  for (const d of docs) assertBoundedAliases(d, opts.file);
  const secrets = new Set<string>();
  for (const d of docs) for (const x of collectSecrets(d.toJS() as never)) secrets.add(x);
  io.log.addSecrets(secrets);
  const r = migrateGitOps(docs, text, { ...opts, packs: registry });
  const mode = secrets.size ? 0o600 : undefined;
  if (opts.output !== undefined && opts.output !== '-') refuseReplacingInput([resolve(opts.output)], path, opts);
  if (!opts.check) {
    if (opts.inPlace) writeFilesAtomic([{ path, content: r.text, mode }]);
    else if (opts.output !== undefined && opts.output !== '-') writeFilesAtomic([{ path: resolve(opts.output), content: r.text, mode }]);
    else if (!opts.json) io.stdout.write(r.text);
  }
  return reportGitOps(r, io, opts);
}

/** The chart the keys say, told to the user (stderr) so a wrong guess is seen. */
function inferred(values: PlainMap, opts: ValuesOptions, io: CommandIO): string {
  const found = inferFor(values, opts);
  io.log.info(`chart: ${found.chart} (inferred from ${found.known} of ${found.total} keys; --chart to choose)`);
  return found.chart;
}

interface Write extends PendingWrite {
  chart: string;
  display: string;
}

/** Where each output goes; refuses (before writing anything) combinations that cannot work. */
function plannedWrites(result: MigrateResult, opts: ValuesOptions, inputPath: string): Write[] {
  const outs = result.outputs;
  if (opts.check) return [];
  if (opts.outDir !== undefined) {
    return outs.map((o) => {
      const p = resolve(opts.outDir!, `${o.chart}.values.yaml`);
      return { chart: o.chart, path: p, display: join(opts.outDir!, `${o.chart}.values.yaml`), content: o.doc.textParts() };
    });
  }
  const names = outs.map((o) => o.chart).join(', ');
  if (opts.inPlace) {
    if (outs.length !== 1 || outs[0].chart !== result.chart) {
      throw usage(`--in-place needs one target chart named like the source; this migration produces ${names}: use --out-dir`);
    }
    return [{ chart: outs[0].chart, path: inputPath, display: basename(inputPath), content: outs[0].doc.textParts() }];
  }
  if (outs.length === 0) return [];
  if (outs.length !== 1 && !opts.json) throw usage(`this migration produces values for ${outs.length} charts (${names}): use --out-dir DIR`);
  if (opts.output !== undefined && opts.output !== '-') {
    if (outs.length !== 1) throw usage(`-o names one file, but this migration produces values for ${outs.length} charts (${names}): use --out-dir DIR`);
    return [{ chart: outs[0].chart, path: resolve(opts.output), display: opts.output, content: outs[0].doc.textParts() }];
  }
  return [];
}
