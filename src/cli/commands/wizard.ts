/**
 * `helm-migrate` in a terminal (or `helm-migrate wizard`): a guided path over the same engine and
 * plan, for people who upgrade a few times a year and do not remember the flags. It ends by
 * printing the equivalent command line, so the same migration can run in a pipeline.
 * @inquirer/prompts is loaded only here.
 */
import { readdirSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { migrate, type MigrateResult } from '../../core/engine.js';
import { HelmMigrateError, isHelmMigrateError } from '../../core/errors.js';
import { bestMatch } from '../../core/known-paths.js';
import { registry } from '../packs.js';

const packs = [...registry.packs];
import { collectSecrets } from '../../core/secrets.js';
import { releaseIndex, resolveStart } from '../../core/versions.js';
import { readInputFile, writeFilesAtomic } from '../../io/files.js';
import { shellQuote } from '../../plan/commands.js';
import { assertText, MAX_INPUT_BYTES, parseValues, tooLarge } from '../../values/parse.js';
import { detectStyle } from '../../values/style.js';
import { createDocFactory } from '../../values/yaml-values.js';
import { ExitCode } from '../exit-codes.js';
import { isPromptInterrupt } from '../interrupt.js';
import type { CommandIO } from '../io.js';
import { styles } from '../logger.js';
import { renderValuesReport } from '../render-values-report.js';
import { buildValuesReport } from '../values-report.js';

type Prompts = typeof import('@inquirer/prompts');


/** A line diff of two texts (LCS), red for removed, green for added. */
export function lineDiff(before: string, after: string, color: boolean): string {
  const s = styles(color);
  const a = before.split('\n');
  const b = after.split('\n');
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || dp[i][j + 1] >= dp[i + 1][j])) out.push(s.green(`+ ${b[j++]}`));
    else out.push(s.red(`- ${a[i++]}`));
  }
  return out.join('\n').replace(/\n {2}$/, '');
}

function redact(text: string, secrets: Set<string>): string {
  let out = text;
  for (const x of [...secrets].sort((p, q) => q.length - p.length)) out = out.split(x).join('(redacted)');
  return out;
}

async function valuesPath(p: Prompts, io: CommandIO, ctx: { output: NodeJS.WritableStream }): Promise<string[]> {
  const s = styles(io.log.color);
  const yamls = readdirSync(io.cwd).filter((f) => /\.ya?ml$/.test(f));
  const file = await p.input(
    {
      message: 'Path to the values file (or Flux/Argo CD manifest: use `helm-migrate values` for those)',
      default: yamls[0],
      validate: (v) => {
        const st = statSync(resolve(io.cwd, v), { throwIfNoEntry: false });
        return !st ? `${v}: no such file` : st.isDirectory() ? `${v}: is a folder, not a values file` : true;
      },
    },
    ctx,
  );
  const path = resolve(io.cwd, file);
  const text = assertText(readInputFile(path, { maxBytes: MAX_INPUT_BYTES, tooLarge: (n) => tooLarge(file, n) }), file);
  const { values } = parseValues(text, file);
  const secrets = collectSecrets(values.toPlain());
  io.log.addSecrets(secrets);
  const match = bestMatch(packs, values.toPlain());
  const g = match && match.share > 0 ? match : undefined;
  const pack = g?.pack ?? packs[0];
  const chart = await p.select(
    {
      message: g ? `Chart (it looks like ${g.chart})` : 'Chart',
      choices: pack.charts.map((c) => ({ name: c.name, value: c.name, description: c.role })),
      default: g?.chart,
    },
    ctx,
  );
  const family = pack.charts.find((c) => c.name === chart)!;
  const from = await p.select(
    {
      message: 'Version the values were written for',
      choices: family.releases.map((r) => ({ name: r, value: r })),
      default: g && family.releases.includes(g.release) ? g.release : family.releases[0],
    },
    ctx,
  );
  const later = pack.releases.filter((r) => releaseIndex(pack, r.id) > releaseIndex(pack, from)).reverse();
  if (!later.length) throw new HelmMigrateError('usage', `${chart} ${from} is already the newest release the pack knows`);
  const to = await p.select(
    {
      message: 'Migrate to',
      choices: later.map((r) => ({
        name: `${r.id}${r === later[0] ? ' (newest)' : ''}`,
        value: r.id,
        description: pack.migrations
          .filter((m) => releaseIndex(pack, m.to) > releaseIndex(pack, from) && releaseIndex(pack, m.to) <= releaseIndex(pack, r.id))
          .map((m) => `${m.from} → ${m.to}: ${m.summary}`)
          .join('\n'),
      })),
    },
    ctx,
  );
  const run = (adopt: boolean): MigrateResult => migrate({ pack, chart, from, to, doc: parseValues(text, file).values, factory: createDocFactory(detectStyle(text)), adoptNewDefaults: adopt });
  let result = run(false);
  const changedDefaults = result.diagnostics.filter((d) => d.kind === 'default-changed');
  let adopt = false;
  if (changedDefaults.length) {
    io.log.info(`${changedDefaults.length} value(s) equal an old default that has since changed:`);
    for (const d of changedDefaults) if (d.kind === 'default-changed') io.log.info(`  ${d.chart}:${d.path} = ${JSON.stringify(d.value)} (new default ${JSON.stringify(d.newDefault)})`);
    adopt = !(await p.confirm({ message: 'Keep these values as you wrote them?', default: true }, ctx));
    if (adopt) result = run(true);
  }
  io.log.raw(renderValuesReport(buildValuesReport(result), io.log.color, false));
  for (const o of result.outputs) {
    io.log.info(s.bold(`\n${o.chart}.values.yaml`));
    const before = o.reason === 'continues-input' ? text : '';
    io.log.raw(`${lineDiff(redact(before, secrets), redact(String(o.doc), secrets), io.log.color)}\n`);
  }
  const outDir = await p.input({ message: 'Write the files to', default: 'migrated' }, ctx);
  const files = result.outputs.map((o) => ({ path: resolve(io.cwd, outDir, `${o.chart}.values.yaml`), content: String(o.doc) }));
  if (!(await p.confirm({ message: `Write ${files.map((f) => relative(io.cwd, f.path)).join(', ')}?`, default: true }, ctx))) {
    throw new HelmMigrateError('aborted', 'nothing was written');
  }
  writeFilesAtomic(files);
  io.log.info(`wrote ${files.map((f) => relative(io.cwd, f.path)).join(', ')}`);
  return ['helm-migrate', 'values', shellQuote(file), '--chart', chart, '--from', from, '--to', to, '--out-dir', shellQuote(outDir), ...(adopt ? ['--adopt-new-defaults'] : [])];
}

async function clusterPath(p: Prompts, io: CommandIO, ctx: { output: NodeJS.WritableStream }): Promise<string[]> {
  const [{ connect }, { decodeAll, currentRevision, groupReleases, listRecords }, { buildPlan }, planFile, { summarizePlan, reportPlanWrite }] = await Promise.all([
    import('./cluster-options.js'),
    import('../../helm/release.js'),
    import('../../plan/build.js'),
    import('../../plan/plan-file.js'),
    import('./plan.js'),
  ]);
  const { kube, helm, driver } = await connect({}, io.env);
  const id = kube.identity();
  io.log.info(`context ${id.context} (${id.server})`);
  const records = await listRecords(kube, driver);
  const releases = [...groupReleases(decodeAll(records, driver).decoded).values()]
    .map((revs) => currentRevision(revs))
    .filter((r): r is NonNullable<typeof r> => Boolean(r))
    .filter((r) => packs.some((pk) => pk.charts.some((c) => c.name === r.chart.name && !c.independentVersions && !pk.cluster?.leftAlone?.some((l) => l.charts.includes(c.name)))));
  if (!releases.length) throw new HelmMigrateError('release-not-found', `no release of a known chart in context ${id.context}`);
  const rel = await p.select(
    { message: 'Release to migrate', choices: releases.map((r) => ({ name: `${r.namespace}/${r.name}  ${r.chart.name} ${r.chart.version}`, value: r })) },
    ctx,
  );
  const pack = packs.find((pk) => pk.charts.some((c) => c.name === rel.chart.name))!;
  const from = resolveStart(pack, rel.chart.version, rel.chart.name).release;
  const later = pack.releases.filter((r) => releaseIndex(pack, r.id) > releaseIndex(pack, from.id)).reverse();
  const to = await p.select({ message: 'Migrate to', choices: later.map((r) => ({ name: r.id, value: r.id })) }, ctx);
  const chartsDir = await p.input({ message: 'Local charts folder (empty: use the chart repositories)', default: '' }, ctx);
  const built = await buildPlan(
    { release: rel.name, namespace: rel.namespace, to, chartsDir: chartsDir || undefined, driver, tool: 'helm-migrate wizard' },
    { kube, helm, packs: registry },
  );
  io.log.addSecrets(built.secrets);
  for (const line of summarizePlan(built.plan)) io.log.info(line);
  if (built.plan.preflight.blocked.length) throw new HelmMigrateError('preflight-blocked', `${built.plan.preflight.blocked.length} blocking problem(s): fix them and run the wizard again`);
  const planPath = await p.input({ message: 'Save the plan as', default: 'plan.yaml' }, ctx);
  reportPlanWrite(planFile.writePlan(resolve(io.cwd, planPath), built.plan, built.valuesFiles, built.secrets), io);
  io.log.info(`saved ${planPath}`);
  const cmd = ['helm-migrate', 'plan', '--release', rel.name, '-n', rel.namespace, '--to', to, ...(chartsDir ? ['--charts-dir', shellQuote(chartsDir)] : []), '-o', shellQuote(planPath)];
  if (await p.confirm({ message: `Apply it now to ${id.context}?`, default: false }, ctx)) {
    const { applyPlan } = await import('../../plan/apply.js');
    const { plan, sidecar } = planFile.readPlan(resolve(io.cwd, planPath));
    await applyPlan(plan, sidecar, { kube, helm, pack, progress: (l) => io.log.info(l) });
    io.log.info('applied');
    return [...cmd, '&&', 'helm-migrate', 'apply', shellQuote(planPath), '--yes'];
  }
  return cmd;
}

export async function runWizard(io: CommandIO): Promise<number> {
  if (!io.stdin?.isTTY || !(io.stderr as { isTTY?: boolean }).isTTY) {
    throw new HelmMigrateError(
      'not-a-terminal',
      'the wizard needs a terminal; without one, use `helm-migrate values FILE --chart CHART --from VERSION --to VERSION --out-dir DIR` or `helm-migrate plan --release NAME -n NAMESPACE --to VERSION -o plan.yaml`',
    );
  }
  const prompts = await import('@inquirer/prompts');
  const ctx = { output: process.stderr };
  try {
    const path = await prompts.select(
      {
        message: 'What do you want to migrate?',
        choices: [
          { name: 'A values file (offline)', value: 'values' as const, description: 'rewrite a values file for a newer chart version, one file per target chart' },
          { name: 'A release in the cluster', value: 'cluster' as const, description: 'plan (and optionally apply) the move of a live release' },
        ],
      },
      ctx,
    );
    const cmd = path === 'values' ? await valuesPath(prompts, io, ctx) : await clusterPath(prompts, io, ctx);
    io.log.info(`\nThe same, without the wizard:\n  ${cmd.join(' ')}`);
    return ExitCode.ok;
  } catch (err) {
    if (isHelmMigrateError(err)) throw err;
    if (isPromptInterrupt(err)) {
      throw new HelmMigrateError('aborted', 'interrupted: nothing was written or changed');
    }
    throw err;
  }
}

