/**
 * The command line: parses arguments, loads the one command asked for (lazily, so `values`
 * never pays for the Kubernetes client), and is the single error boundary that turns errors
 * into a one-line message and an exit code.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HelmMigrateError } from '../core/errors.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { applyHelp, listHelp, mainHelp, planHelp, rollbackHelp, valuesHelp, wizardHelp } from './help.js';
import type { CommandIO } from './io.js';
import { createLogger, wantsColor, type Output } from './logger.js';
import { VERSION } from './version.js';

type Options = NonNullable<ParseArgsConfig['options']>;

function parse(args: string[], options: Options, allowPositionals = true) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' }, 'no-color': { type: 'boolean' } }, allowPositionals, strict: true });
  } catch (err) {
    // node:util's messages name the flag; keep them to one line.
    throw new HelmMigrateError('usage', (err as Error).message.split('\n')[0]);
  }
}

interface Command {
  help: string;
  options: Options;
  run(values: Record<string, unknown>, positionals: string[], io: CommandIO): Promise<number>;
}

/** The command table. Each entry imports its module only when run. */
const commands: Record<string, () => Promise<Command>> = {
  values: async () => ({
    help: valuesHelp,
    options: {
      chart: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      pack: { type: 'string' },
      'out-dir': { type: 'string' },
      output: { type: 'string', short: 'o', multiple: true },
      'in-place': { type: 'boolean' },
      check: { type: 'boolean' },
      'adopt-new-defaults': { type: 'boolean' },
      report: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      verify: { type: 'boolean' },
      'charts-dir': { type: 'string' },
      'values-path': { type: 'string' },
    },
    async run(v, pos, io) {
      if (pos.length !== 1) throw new HelmMigrateError('usage', pos.length ? `values takes one file, got ${pos.length}` : 'values needs a FILE to migrate');
      const report = v.report as string | undefined;
      if (report !== undefined && report !== 'text' && report !== 'json') throw new HelmMigrateError('usage', `--report must be text or json, not ${report}`);
      const out = splitOutput(v.output);
      const { runValues } = await import('./commands/values.js');
      return runValues(
        {
          file: pos[0],
          chart: v.chart as string | undefined,
          from: v.from as string | undefined,
          to: v.to as string | undefined,
          pack: v.pack as string | undefined,
          outDir: v['out-dir'] as string | undefined,
          output: out.file,
          json: out.format === 'json',
          inPlace: v['in-place'] as boolean | undefined,
          check: v.check as boolean | undefined,
          adoptNewDefaults: v['adopt-new-defaults'] as boolean | undefined,
          report: report as 'text' | 'json' | undefined,
          quiet: v.quiet as boolean | undefined,
          verify: v.verify as boolean | undefined,
          chartsDir: v['charts-dir'] as string | undefined,
          valuesPath: v['values-path'] as string | undefined,
        },
        io,
      );
    },
  }),
  plan: async () => ({
    help: planHelp,
    options: {
      release: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      'all-namespaces': { type: 'boolean', short: 'A' },
      to: { type: 'string' },
      output: { type: 'string', short: 'o', multiple: true },
      'charts-dir': { type: 'string' },
      kubeconfig: { type: 'string' },
      'kube-context': { type: 'string' },
      show: { type: 'string' },
    },
    async run(v, pos, io) {
      if (v.show !== undefined) {
        const { showPlan } = await import('./commands/plan-show.js');
        return showPlan(v.show as string, io);
      }
      if (pos.length) throw new HelmMigrateError('usage', `plan takes no positional arguments (got ${pos.join(' ')}); use --release NAME`);
      const out = splitOutput(v.output);
      const { runPlan } = await import('./commands/plan.js');
      return runPlan(
        {
          release: v.release as string | undefined,
          namespace: v.namespace as string | undefined,
          allNamespaces: v['all-namespaces'] as boolean | undefined,
          to: v.to as string | undefined,
          output: out.file,
          chartsDir: v['charts-dir'] as string | undefined,
          kubeconfig: v.kubeconfig as string | undefined,
          kubeContext: v['kube-context'] as string | undefined,
          format: out.format,
        },
        io,
      );
    },
  }),
  apply: async () => ({
    help: applyHelp,
    options: { yes: { type: 'boolean', short: 'y' }, resume: { type: 'boolean' }, kubeconfig: { type: 'string' }, 'kube-context': { type: 'string' }, output: { type: 'string', short: 'o', multiple: true } },
    async run(v, pos, io) {
      if (pos.length !== 1) throw new HelmMigrateError('usage', 'apply takes one plan file');
      const { runApply } = await import('./commands/apply.js');
      return runApply(
        {
          plan: pos[0],
          yes: v.yes as boolean | undefined,
          resume: v.resume as boolean | undefined,
          kubeconfig: v.kubeconfig as string | undefined,
          kubeContext: v['kube-context'] as string | undefined,
          format: splitOutput(v.output, false).format,
          stopAfter: io.env.HELM_MIGRATE_STOP_AFTER,
        },
        io,
      );
    },
  }),
  rollback: async () => ({
    help: rollbackHelp,
    options: { yes: { type: 'boolean', short: 'y' }, kubeconfig: { type: 'string' }, 'kube-context': { type: 'string' } },
    async run(v, pos, io) {
      if (pos.length !== 1) throw new HelmMigrateError('usage', 'rollback takes one plan file');
      const { runRollback } = await import('./commands/apply.js');
      return runRollback({ plan: pos[0], yes: v.yes as boolean | undefined, kubeconfig: v.kubeconfig as string | undefined, kubeContext: v['kube-context'] as string | undefined }, io);
    },
  }),
  wizard: async () => ({
    help: wizardHelp,
    options: {},
    async run(_v, pos, io) {
      if (pos.length) throw new HelmMigrateError('usage', 'wizard takes no arguments');
      const { runWizard } = await import('./commands/wizard.js');
      return runWizard(io);
    },
  }),
  list: async () => ({
    help: listHelp,
    options: { output: { type: 'string', short: 'o', multiple: true } },
    async run(v, pos, io) {
      if (pos.length) throw new HelmMigrateError('usage', 'list takes no arguments');
      const { runList } = await import('./commands/list.js');
      return runList({ output: splitOutput(v.output, false).format ?? 'text' }, io);
    },
  }),
};

/**
 * `-o/--output` carries both a destination file and the machine format, as in helm and kubectl:
 * `json` (or `text`) is a format, anything else a file. Given twice: `-o plan.yaml --output json`.
 */
function splitOutput(v: unknown, filesAllowed = true): { file?: string; format?: 'text' | 'json' } {
  const out: { file?: string; format?: 'text' | 'json' } = {};
  for (const x of (v as string[] | undefined) ?? []) {
    if (x === 'json' || x === 'text') out.format = x;
    else if (!filesAllowed) throw new HelmMigrateError('usage', `--output takes json or text here, not ${x}`);
    else if (out.file) throw new HelmMigrateError('usage', `two output files given: ${out.file} and ${x}`);
    else out.file = x;
  }
  return out;
}

/** The error and every cause below it, with stacks, for --debug. */
function causeChain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) parts.push((e as Error).stack ?? String(e));
  return parts.join('\ncaused by: ');
}

function looksLikeFile(arg: string, cwd: string): boolean {
  return arg === '-' || /\.(ya?ml|json)$/i.test(arg) || /[/\\]/.test(arg) || existsSync(resolve(cwd, arg));
}

export interface MainIO {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin?: NodeJS.ReadStream;
}

export async function main(argv: string[], mio: MainIO): Promise<number> {
  const noColor = argv.includes('--no-color');
  // Stack traces are for bug reports: only with --debug or HELM_MIGRATE_DEBUG=1.
  const debug = argv.includes('--debug') || mio.env.HELM_MIGRATE_DEBUG === '1';
  argv = argv.filter((a) => a !== '--debug');
  const log = createLogger(mio.stderr, wantsColor(mio.stderr, mio.env, noColor));
  // Not a spread: that would read mio.stdin, and creating process.stdin costs a small run a few
  // milliseconds; only the wizard, apply's question and `values -` read it.
  const io: CommandIO = {
    stdout: mio.stdout,
    stderr: mio.stderr,
    env: mio.env,
    cwd: mio.cwd,
    get stdin() {
      return mio.stdin;
    },
    log,
  };
  try {
    const [name, ...rest] = argv.filter((a, i) => !(a === '--no-color' && i === argv.indexOf('--no-color')));
    if (name === '--version' || name === 'version') {
      mio.stdout.write(`${VERSION}\n`);
      return ExitCode.ok;
    }
    if (name === '-h' || name === '--help' || name === 'help') {
      mio.stdout.write(mainHelp);
      return ExitCode.ok;
    }
    if (name === undefined) {
      // In a terminal, no arguments start the wizard; in a pipeline, say how to use the CLI.
      if (mio.stdin?.isTTY && (mio.stderr as { isTTY?: boolean }).isTTY) {
        const { runWizard } = await import('./commands/wizard.js');
        return await runWizard(io);
      }
      mio.stderr.write(mainHelp);
      return ExitCode.usage;
    }
    // `helm-migrate values.yaml --from 2.9 --to 2.10`: a first argument that is a file (or `-`)
    // means `values`.
    const fileFirst = !commands[name] && looksLikeFile(name, mio.cwd);
    const load = fileFirst ? commands.values : commands[name];
    if (!load) throw new HelmMigrateError('usage', `unknown command "${name}"; run helm-migrate --help`);
    const cmd = await load();
    const { values, positionals } = parse(fileFirst ? [name, ...rest] : rest, cmd.options);
    if (values.help) {
      mio.stdout.write(cmd.help);
      return ExitCode.ok;
    }
    return await cmd.run(values as Record<string, unknown>, positionals, io);
  } catch (err) {
    if (err instanceof HelmMigrateError) {
      log.error(err.message.split('\n')[0]);
      if (debug) log.raw(`${causeChain(err)}\n`);
      return exitCodeFor(err.code);
    }
    const message = (err as Error)?.message?.split('\n')[0] ?? String(err);
    log.error(`internal error: ${message} (a bug: please report it; --debug shows where)`);
    if (debug) log.raw(`${causeChain(err)}\n`);
    return ExitCode.internal;
  }
}
