/**
 * Saved plans, end to end (split from cluster-migration.test.ts so the two run side by side):
 * one Linkerd 2.11 install planned to 2.12 with helm 4, handed out afresh to each test
 * (PlannedState), then made stale, edited, locked, resumed, killed, faulted and rolled back
 * with the built CLI against the in-memory API server.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helm3, helm4, kubectl } from '../helpers/binaries.js';
import { helmMigrate } from '../helpers/cli-async.js';
import { plannedOnce, run, startCluster, type Cluster, type PlannedState } from '../helpers/cluster.js';
import { untilFile } from '../helpers/run.js';
import { chartDir, chartsDir } from '../helpers/shared.js';
import { ready as needs } from '../helpers/prereq.js';
import { expectFullyNew, finalState, install211, ok, pki, planned, planPath, releaseValues } from '../helpers/linkerd-split.js';

const ready = needs('shared', 'binaries', 'build');

let c: Cluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

describe.skipIf(!ready)('saved plans: staleness, context, resume, faults and rollback', () => {
  // One install and plan for the tests that start from it, handed out afresh to each (PlannedState).
  let state: PlannedState;
  beforeAll(async () => {
    state = await plannedOnce(await startCluster(), planned);
  });
  afterAll(() => state?.cluster.stop());
  const again = () => ({ c: state.cluster, ...state.again() });

  it('refuses a stale plan and changes nothing', async () => {
    const { c, plan, env } = again();
    await ok(c.helm(3, ['upgrade', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki(), '--set', 'policyController.defaultAllowPolicy=deny']));
    c.server.log.clear();
    const r = await helmMigrate(['apply', plan, '--yes'], env);
    expect(r.code).toBe(5);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^helm-migrate: the plan is stale: release default\/linkerd changed since it was made \(revision 1 → 2\)/);
    expect(c.server.log.entries.filter((e) => !['get', 'list', 'watch'].includes(e.verb))).toEqual([]);
    expect(existsSync(`${plan}.d/journal.jsonl`)).toBe(false);
  });

  it('runs only what was reviewed: a hand-edited plan or values file is refused (exit 5), a malformed one named (exit 1); --show prints every command', async () => {
    const { c, plan, env } = again();
    const text = readFileSync(plan, 'utf8');
    const shown = await helmMigrate(['plan', '--show', plan], env);
    expect(shown.code, shown.stderr).toBe(0);
    const saved = parse(text);
    for (const step of saved.stages.flatMap((st: any) => st.steps)) {
      expect(shown.stdout).toContain(step.id);
      expect(shown.stdout).toContain(step.command.split('\n')[0]);
    }
    expect(shown.stdout).toContain(saved.metadata.digest);
    c.server.log.clear();
    // A step's chart swapped by hand: the digest no longer matches.
    writeFileSync(plan, text.replace(/source: (\S*linkerd-control-plane)/, 'source: /tmp/elsewhere/linkerd-control-plane'));
    const edited = await helmMigrate(['apply', plan, '--yes'], env);
    expect(edited.code).toBe(5);
    expect(edited.stderr.trim().split('\n').pop()).toMatch(/^helm-migrate: .*plan\.yaml changed since helm-migrate wrote it \(its digest no longer matches\)/);
    // A values file edited beside the plan.
    writeFileSync(plan, text);
    const helmStep = saved.stages.flatMap((st: any) => st.steps).find((st: any) => st.type === 'helm-upgrade-install');
    const valuesFile = `${plan}.d/${helmStep.values.file}`;
    writeFileSync(valuesFile, `${readFileSync(valuesFile, 'utf8')}extra: 1\n`);
    expect((await helmMigrate(['apply', plan, '--yes'], env)).code).toBe(5);
    // A step kind apply does not know.
    writeFileSync(plan, text.replace('type: post-check', 'type: run-anything'));
    const unknown = await helmMigrate(['apply', plan, '--yes'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/not a valid plan: \$\.stages\[\d+\]\.steps\[\d+\]/);
    // A plan folder anyone could have written into (backups, journal) is not trusted.
    writeFileSync(plan, text);
    writeFileSync(valuesFile, readFileSync(valuesFile, 'utf8').replace(/extra: 1\n$/, ''));
    chmodSync(`${plan}.d`, 0o777);
    const open = await helmMigrate(['apply', plan, '--yes'], env);
    expect(open.code).toBe(1);
    expect(open.stderr.trim().split('\n').pop()).toMatch(/plan\.yaml\.d is writable by others \(mode 777\)/);
    expect(c.server.log.entries.filter((e) => !['get', 'list', 'watch'].includes(e.verb))).toEqual([]);
  });

  it('skips, and names, a Helm record nobody can decode; refuses when it is the planned release\'s own', async () => {
    c = await startCluster();
    await install211(c);
    const env = { ...c.env, HELM_BIN: helm4 };
    const corrupt = (ns: string, name: string) =>
      `apiVersion: v1\nkind: Secret\ntype: helm.sh/release.v1\nmetadata:\n  name: sh.helm.release.v1.${name}.v9\n  namespace: ${ns}\n  labels:\n    owner: helm\n    name: ${name}\n    status: deployed\ndata:\n  release: bm90IGEgcmVsZWFzZQ==\n`;
    await ok(run(kubectl, ['create', 'namespace', 'elsewhere'], c.env));
    await ok(run(kubectl, ['apply', '-f', '-'], c.env, corrupt('elsewhere', 'someone-else')));
    const r = await helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir], env);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.stdout).preflight.notes).toContain('skipped 1 Helm record(s) that cannot be decoded (not part of this migration): elsewhere/sh.helm.release.v1.someone-else.v9');
    await ok(run(kubectl, ['apply', '-f', '-'], c.env, corrupt('default', 'linkerd')));
    const mine = await helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir], env);
    expect(mine.code).toBe(1);
    expect(mine.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^helm-migrate: cannot decode Helm release record default\/sh\.helm\.release\.v1\.linkerd\.v9: /)]);
  });

  it('a backup cut short is redone, never trusted: after resume, rollback restores every record', async () => {
    const { c, plan, env } = again();
    const records = () => c!.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').map((s) => [s.metadata.name, s.data.release]);
    const before = records();
    const steps = parse(readFileSync(plan, 'utf8')).stages.flatMap((st: any) => st.steps);
    const backupStep = steps.find((st: any) => st.type === 'backup-release');
    const deleteStep = steps.find((st: any) => st.type === 'delete-release-records');
    const beforeBackup = steps[steps.indexOf(backupStep) - 1].id;
    await ok(helmMigrate(['apply', plan, '--yes'], { ...env, HELM_MIGRATE_STOP_AFTER: beforeBackup }));
    // As a SIGKILL mid-backup leaves it: the step started, a temporary file and nothing else.
    writeFileSync(`${plan}.d/journal.jsonl`, `${readFileSync(`${plan}.d/journal.jsonl`, 'utf8')}${JSON.stringify({ event: 'started', step: backupStep.id, at: new Date().toISOString() })}\n`);
    mkdirSync(`${plan}.d/${backupStep.dir}`, { recursive: true });
    writeFileSync(`${plan}.d/${backupStep.dir}/.sh.helm.release.v1.linkerd.v1.json.tmp-1-0`, '');
    await ok(helmMigrate(['apply', plan, '--yes', '--resume'], { ...env, HELM_MIGRATE_STOP_AFTER: deleteStep.id }));
    expect(records()).toEqual([]);
    await ok(helmMigrate(['rollback', plan, '--yes'], env));
    expect(records()).toEqual(before);
  });

  it('a release upgraded after its backup: resume refuses, nothing deleted (exit 5)', async () => {
    const { c, plan, env } = again();
    const steps = parse(readFileSync(plan, 'utf8')).stages.flatMap((st: any) => st.steps);
    await ok(helmMigrate(['apply', plan, '--yes'], { ...env, HELM_MIGRATE_STOP_AFTER: steps.find((st: any) => st.type === 'backup-release').id }));
    await ok(c.helm(3, ['upgrade', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki(), '--set', 'policyController.defaultAllowPolicy=deny']));
    const records = c.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').length;
    const r = await helmMigrate(['apply', plan, '--yes', '--resume'], env);
    expect(r.code).toBe(5);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/release default\/linkerd changed since it was made/);
    expect(c.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').length).toBe(records);
  });

  it('an object the plan will create, made by someone else since: apply stops before deleting anything (exit 5)', async () => {
    const { c, plan, env } = again();
    const all = parse(readFileSync(plan, 'utf8')).preflight.objects.filter((o: any) => o.class === 'absent');
    const absent = all.find((o: any) => o.kind === 'ClusterRole');
    expect(absent, JSON.stringify(all.map((o: any) => `${o.kind}/${o.name}`))).toBeDefined();
    await ok(run(kubectl, ['create', 'clusterrole', absent.name, '--verb=get', '--resource=pods'], c.env));
    const records = () => c!.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').map((s) => s.metadata.name);
    const before = records();
    const r = await helmMigrate(['apply', plan, '--yes'], env);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr.trim().split('\n').pop()).toMatch(new RegExp(`ClusterRole ${absent.name} was created since the plan was made .*nothing deleted`));
    expect(records()).toEqual(before);
  });

  it('one process per plan: a live lock stops apply and rollback (exit 5), a dead one is taken over; a new plan never reuses an old journal', async () => {
    const { c, plan, env } = again();
    writeFileSync(`${plan}.d/lock`, JSON.stringify({ pid: process.pid, host: hostname(), what: 'apply', at: 'now' }));
    for (const cmd of [['apply', plan, '--yes'], ['rollback', plan, '--yes']]) {
      const r = await helmMigrate(cmd, env);
      expect(r.code).toBe(5);
      expect(r.stderr.trim().split('\n').pop()).toMatch(/the plan is in use by apply \(pid \d+ on /);
    }
    expect(existsSync(`${plan}.d/journal.jsonl`)).toBe(false);
    writeFileSync(`${plan}.d/lock`, JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), what: 'apply', at: 'then' }));
    await ok(helmMigrate(['apply', plan, '--yes'], env));
    expect(existsSync(`${plan}.d/lock`)).toBe(false);
    // The applied plan is history: the next plan at the same path moves it aside, never reuses its journal.
    const next = await helmMigrate(['plan', '--release', 'linkerd-control-plane', '-n', 'linkerd', '--to', '2.13', '--charts-dir', chartsDir, '-o', plan], env);
    expect(next.code, next.stderr).toBe(0);
    expect(existsSync(`${plan}.d/journal.jsonl`)).toBe(false);
  });

  it('a plan folder that already exists open to others (0777, with values/ and backup/ in it) is made private before anything is written, and the plan says so', async () => {
    c = await startCluster();
    await install211(c, { trafficSplit: true });
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    const open = [`${plan}.d`, `${plan}.d/values`, `${plan}.d/backup`, `${plan}.d/backup/default.linkerd`];
    for (const d of open) {
      mkdirSync(d);
      chmodSync(d, 0o777);
    }
    writeFileSync(`${plan}.d/backup/note.txt`, 'left here\n', { mode: 0o666 });
    chmodSync(`${plan}.d/backup/note.txt`, 0o666);
    const r = await helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: the plan's folder was open to other users: made private (folders 0700, files 0600): ${[...open, `${plan}.d/backup/note.txt`].sort().join(', ')}`);
    for (const d of open) expect(statSync(d).mode & 0o777, d).toBe(0o700);
    expect(statSync(`${plan}.d/backup/note.txt`).mode & 0o777).toBe(0o600);
    await ok(helmMigrate(['apply', plan, '--yes'], env));
    const files = readdirSync(`${plan}.d`, { recursive: true, withFileTypes: true });
    expect(files.filter((f) => f.isFile() && f.name.startsWith('sh.helm.release')).length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(join(f.parentPath, f.name)).mode & 0o777, f.name).toBe(f.isDirectory() ? 0o700 : 0o600);
  });

  it('a new plan where an earlier one ended (applied or rolled back) moves that one aside; one partly applied is refused, naming how to end it', async () => {
    const { c, plan, env } = again();
    const replan = () => helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env);
    // Stopped after the backups, while release `linkerd` still has its records (a new plan of it can be made).
    const backup = parse(readFileSync(plan, 'utf8')).stages[0].steps.find((st: any) => st.type === 'backup-release').id;
    await ok(helmMigrate(['apply', plan, '--yes'], { ...env, HELM_MIGRATE_STOP_AFTER: backup }));
    const journal = readFileSync(`${plan}.d/journal.jsonl`, 'utf8');
    const partly = await replan();
    expect(partly.code).toBe(2);
    expect(partly.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^helm-migrate: .*plan\.yaml\.d holds the journal of a plan that was partly applied: finish it with `helm-migrate apply .*plan\.yaml --resume` or undo it with `helm-migrate rollback .*plan\.yaml`/)]);
    expect(readFileSync(`${plan}.d/journal.jsonl`, 'utf8')).toBe(journal);
    await ok(helmMigrate(['rollback', plan, '--yes'], env));
    const oldPlan = readFileSync(plan, 'utf8');
    const r = await replan();
    expect(r.code, r.stderr).toBe(0);
    const aside = readdirSync(join(plan, '..')).filter((n) => n !== 'plan.yaml' && n !== 'plan.yaml.d');
    expect(aside).toEqual([expect.stringMatching(/^plan\.yaml\.linkerd-2\.11-to-2\.12\.rolled-back-\d{8}T\d{6}Z\.d$/)]);
    const dir = join(plan, '..', aside[0]);
    expect(r.stderr).toContain(`its folder (journal, backups) and a copy of it were moved to ${dir}`);
    // History kept whole and private: the journal that ended, the backups, the plan it belonged to.
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toMatch(/"event":"rolled-back"/);
    expect(readFileSync(join(dir, 'plan.yaml'), 'utf8')).toBe(oldPlan);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'journal.jsonl')).mode & 0o777).toBe(0o600);
    expect(existsSync(`${plan}.d/journal.jsonl`)).toBe(false);
    await ok(helmMigrate(['apply', plan, '--yes'], env));
    await expectFullyNew(c);
  });

  it('refuses a plan made for another context, or with another major version of helm', async () => {
    const { c, plan, env } = again();
    expect(parse(readFileSync(plan, 'utf8')).cluster.helmVersion).toMatch(/^v4\./);
    c.server.log.clear();
    const r = await helmMigrate(['apply', plan, '--yes', '--kube-context', c.server.contexts.other], env);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/the plan is for context test .* but the current one is other/);
    // Helm 4 installs with server-side apply, helm 3 does not: what was reviewed would not be what runs.
    const h3 = await helmMigrate(['apply', plan, '--yes'], { ...env, HELM_BIN: helm3 });
    expect(h3.code).toBe(5);
    expect(h3.stderr.trim().split('\n').pop()).toMatch(/^helm-migrate: the plan was made with helm v4\.[^ ]+ but helm v3\.[^ ]+ would apply it/);
    expect(c.server.log.entries.filter((e) => !['get', 'list', 'watch'].includes(e.verb))).toEqual([]);
  });

  it('refuses to apply without a terminal unless --yes', async () => {
    const { c, plan, env } = again();
    const r = await helmMigrate(['apply', plan], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pass --yes');
  });

  it('stopped after each step in turn, resumes to the same final state without repeating steps', async () => {
    const reference = await (async () => {
      const { c, plan, env } = again();
      await ok(helmMigrate(['apply', plan, '--yes'], env));
      return finalState(c);
    })();
    const { c, plan, env } = again();
    const steps = parse(readFileSync(plan, 'utf8')).stages.flatMap((s: any) => s.steps.map((x: any) => x.id));
    for (const [i, step] of steps.entries()) {
      const r = await helmMigrate(['apply', plan, '--yes', ...(i ? ['--resume'] : [])], { ...env, HELM_MIGRATE_STOP_AFTER: step });
      expect(r.code, r.stderr).toBe(0);
      const journal = readFileSync(`${plan}.d/journal.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      expect(journal.filter((e) => e.event === 'started' && e.step === step)).toHaveLength(1);
    }
    expect(await finalState(c)).toEqual(reference);
    const rerun = await helmMigrate(['apply', plan, '--yes', '--resume'], env);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain('already applied');
  });

  it('killed with SIGKILL in the middle of a step, resumes and finishes', async () => {
    const { c, plan, env } = again();
    // Slow the control-plane install down so the kill lands inside it.
    c.server.faults.add({ verb: 'create', resource: 'secrets', namespace: 'linkerd', action: 'delay', delayMs: 1500, count: 5 });
    const child = spawn(process.execPath, ['bin/helm-migrate.js', 'apply', plan, '--yes'], { env: { ...env, NO_COLOR: '1' }, stdio: 'ignore' });
    const journal = () => (existsSync(`${plan}.d/journal.jsonl`) ? readFileSync(`${plan}.d/journal.jsonl`, 'utf8') : '');
    const crdsRecord = () => c!.server.objects.list('v1', 'secrets', 'linkerd').find((x) => x.metadata.labels?.name === 'linkerd-crds')?.metadata.labels?.status;
    await untilFile(`${plan}.d`, 'the linkerd-crds install started', () => journal().includes('"started","step":"2.12/07-helm-linkerd-crds"'));
    // Killed inside the helm step: once helm has written its pending record.
    await c.server.objects.until('helm wrote the linkerd-crds record', () => crdsRecord() !== undefined);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    c.server.faults.clear();
    // The helm that apply started outlives it (an orphan); wait until it has written its final
    // record, as a resume on a real cluster would find it.
    await c.server.objects.until('the orphaned linkerd-crds install finished', () => ['deployed', 'failed'].includes(crdsRecord() ?? ''));
    const resumed = await helmMigrate(['apply', plan, '--yes', '--resume'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const state = await finalState(c);
    expect(state).toContain('old-records:0');
    expect(state).toContain('ts:true');
    expect(state.filter((s) => s.includes(':deployed'))).toHaveLength(3);
    // What the orphan finished is not done twice.
    expect(crdsRecords(c).map((r) => r.metadata.name)).toEqual(['sh.helm.release.v1.linkerd-crds.v1']);
  });

  /** Starts `apply` in its own process group, as a CI job or a shell runs it, so a test can kill the group. */
  function applyInGroup(plan: string, env: NodeJS.ProcessEnv) {
    const child = spawn(process.execPath, ['bin/helm-migrate.js', 'apply', plan, '--yes'], { env: { ...env, NO_COLOR: '1' }, stdio: 'ignore', detached: true });
    const exited = new Promise((r) => child.on('exit', r));
    return {
      journal: () => (existsSync(`${plan}.d/journal.jsonl`) ? readFileSync(`${plan}.d/journal.jsonl`, 'utf8') : ''),
      async killGroup() {
        process.kill(-child.pid!, 'SIGKILL');
        await exited;
      },
    };
  }

  const crdsRecords = (cl: Cluster) => cl.server.objects.list('v1', 'secrets', 'linkerd').filter((x) => x.metadata.labels?.name === 'linkerd-crds');

  async function killedInsideHelm(cl: Cluster): Promise<{ plan: string; env: NodeJS.ProcessEnv }> {
    const { plan, env } = await planned(cl);
    // Slow helm down once it has written its pending record, so the kill lands inside the install.
    cl.server.faults.add({ verb: 'patch', resource: 'customresourcedefinitions', userAgent: 'Helm/', action: 'delay', delayMs: 1500, count: 3 });
    cl.server.faults.add({ verb: 'create', resource: 'customresourcedefinitions', userAgent: 'Helm/', action: 'delay', delayMs: 1500, count: 3 });
    const apply = applyInGroup(plan, env);
    await cl.server.objects.until('helm wrote its pending linkerd-crds record', () => crdsRecords(cl).some((r) => r.metadata.labels?.status === 'pending-install'));
    await apply.killGroup();
    cl.server.faults.clear();
    expect(crdsRecords(cl).map((r) => r.metadata.labels?.status)).toEqual(['pending-install']);
    return { plan, env };
  }

  it('the process group killed while helm installs (helm left pending-install): resume clears the pending record and finishes', async () => {
    c = await startCluster();
    const { plan, env } = await killedInsideHelm(c);
    const resumed = await helmMigrate(['apply', plan, '--yes', '--resume'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/removed the pending-install record of linkerd\/linkerd-crds \(revision 1\) left by the interrupted helm/);
    const state = await finalState(c);
    expect(state).toContain('old-records:0');
    expect(state).toContain('ts:true');
    expect(state.filter((s) => s.includes(':deployed'))).toHaveLength(3);
    // The removed record is kept beside the plan.
    expect(readdirSync(join(`${plan}.d`, 'recovered'), { recursive: true }).join(' ')).toMatch(/sh\.helm\.release\.v1\.linkerd-crds\.v1\.json/);
  });

  it('the process group killed while helm installs: rollback instead restores the start', async () => {
    c = await startCluster();
    const { plan, env } = await killedInsideHelm(c);
    const rb = await helmMigrate(['rollback', plan, '--yes'], env);
    expect(rb.code, rb.stderr).toBe(0);
    expect(JSON.parse(await ok(c.helm(4, ['list', '-A', '-o', 'json']))).map((r: any) => `${r.namespace}/${r.name}:${r.chart}:${r.status}`)).toEqual(['default/linkerd:linkerd2-2.11.5:deployed']);
    expect(crdsRecords(c)).toEqual([]);
    expect(c.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'servers.policy.linkerd.io')?.metadata.annotations?.['meta.helm.sh/release-name']).toBe('linkerd');
  });

  it('the process group killed after helm finished but before the journal said so: resume does not run helm again', async () => {
    const { c, plan, env } = again();
    c.server.faults.add({ verb: 'create', resource: 'secrets', namespace: 'linkerd', userAgent: 'Helm/', action: 'delay', delayMs: 1500 });
    const apply = applyInGroup(plan, env);
    await untilFile(`${plan}.d`, 'helm started on linkerd-crds', () => apply.journal().includes('"event":"helm","step":"2.12/07-helm-linkerd-crds"'));
    // Hold helm-migrate's first read after helm: helm has exited, the step is not journaled done.
    c.server.faults.add({ verb: 'list', resource: 'secrets', namespace: 'linkerd', userAgent: 'helm-migrate/', action: 'delay', delayMs: 120_000 });
    await c.server.objects.until('linkerd-crds deployed and helm-migrate waiting', () => crdsRecords(c!).some((r) => r.metadata.labels?.status === 'deployed') && c!.server.faults.pending().length === 0);
    await apply.killGroup();
    expect(apply.journal()).not.toContain('"event":"done","step":"2.12/07-helm-linkerd-crds"');
    const resumed = await helmMigrate(['apply', plan, '--yes', '--resume'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/helm had finished linkerd\/linkerd-crds \(revision 1\) before the interruption: not run again/);
    expect(crdsRecords(c).map((r) => r.metadata.name)).toEqual(['sh.helm.release.v1.linkerd-crds.v1']);
    expect((await finalState(c)).filter((s) => s.includes(':deployed'))).toHaveLength(3);
  });

  it('retries injected conflicts and server errors on idempotent calls', async () => {
    const { c, plan, env } = again();
    c.server.faults.add({ verb: 'patch', resource: 'customresourcedefinitions', status: 409, count: 2, message: 'the object has been modified' });
    c.server.faults.add({ verb: 'patch', resource: 'deployments', status: 503, retryAfter: 1, count: 1 });
    c.server.faults.add({ verb: 'delete', resource: 'secrets', action: 'drop', count: 1 });
    // helm's first write of the control-plane install: the whole helm step is run again.
    c.server.faults.add({ verb: 'create', resource: 'secrets', namespace: 'linkerd', name: undefined, userAgent: 'Helm/', status: 500, message: 'etcdserver: request timed out', count: 1 });
    const r = await helmMigrate(['apply', plan, '--yes'], { ...env, HELM_MIGRATE_RETRY_BASE_MS: '20' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/helm failed with a transient error \(.*etcdserver: request timed out.*\); trying again/);
    expect(c.server.log.entries.filter((e) => e.fault).length).toBe(5);
    expect(await finalState(c)).toContain('old-records:0');
  });

  it('stops cleanly when a helm step keeps failing, and rollback restores the start', async () => {
    const { c, plan, env } = again();
    const before = {
      records: c.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').map((s) => s.metadata.name),
      owner: c.server.objects.get('apps/v1', 'deployments', 'linkerd', 'linkerd-destination')?.metadata.annotations,
    };
    // The linkerd-crds install fails: helm cannot write its release record.
    c.server.faults.add({ verb: 'create', resource: 'secrets', namespace: 'linkerd', status: 500, count: 20, message: 'etcdserver: leader changed' });
    const failed = await helmMigrate(['apply', plan, '--yes'], env);
    expect(failed.code).toBe(6);
    expect(failed.stderr.trim().split('\n').pop()).toMatch(/helm-migrate: 2\.12\/07-helm-linkerd-crds failed: .*etcdserver: leader changed.*--resume.*rollback/);
    c.server.faults.clear();
    // The failed install left no release behind, so the start can be restored.
    await ok(helmMigrate(['rollback', plan, '--yes'], env));
    expect(c.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').map((s) => s.metadata.name)).toEqual(before.records);
    expect(c.server.objects.get('apps/v1', 'deployments', 'linkerd', 'linkerd-destination')?.metadata.annotations).toEqual(before.owner);
    expect(JSON.parse(await ok(c.helm(4, ['list', '-A', '-o', 'json']))).map((r: any) => `${r.namespace}/${r.name}`)).toEqual(['default/linkerd']);
  });

  for (const stop of ['2.12/07-helm-linkerd-crds', undefined]) {
    it(`rollback after ${stop ? `stopping at ${stop}` : 'a finished apply'}: the new releases' records go (never their objects), the old release is back, running its old manifest`, async () => {
      const { c, plan, env } = again();
      const crdsBefore = c.server.objects.list('apiextensions.k8s.io/v1', 'customresourcedefinitions').map((x) => x.metadata.name);
      const destination = () => c!.server.objects.get('apps/v1', 'deployments', 'linkerd', 'linkerd-destination');
      const imagesBefore = (destination()?.spec as any).template.spec.containers.map((x: any) => `${x.name}=${x.image}`);
      await ok(helmMigrate(['apply', plan, '--yes'], { ...env, ...(stop ? { HELM_MIGRATE_STOP_AFTER: stop } : {}) }));
      expect(JSON.parse(await ok(c.helm(4, ['list', '-A', '-o', 'json']))).map((r: any) => r.name)).toContain('linkerd-crds');
      const rb = await helmMigrate(['rollback', plan, '--yes'], env);
      expect(rb.code, rb.stderr).toBe(0);
      expect(rb.stderr).toMatch(/removed the records of linkerd\/linkerd-crds \(installed by the plan\); its objects stay/);
      expect(rb.stderr).not.toMatch(/helm (uninstall|delete)/);
      // The old release alone, deployed on its old chart; every CRD that was there still is, and the TrafficSplit.
      expect(JSON.parse(await ok(c.helm(4, ['list', '-A', '-o', 'json']))).map((r: any) => `${r.namespace}/${r.name}:${r.chart}:${r.status}`)).toEqual(['default/linkerd:linkerd2-2.11.5:deployed']);
      const crdsAfter = c.server.objects.list('apiextensions.k8s.io/v1', 'customresourcedefinitions');
      expect(crdsAfter.map((x) => x.metadata.name)).toEqual(expect.arrayContaining(crdsBefore));
      for (const name of crdsBefore) expect(crdsAfter.find((x) => x.metadata.name === name)?.metadata.annotations?.['meta.helm.sh/release-name'], name).toBe('linkerd');
      expect(c.server.objects.get('split.smi-spec.io/v1alpha2', 'trafficsplits', 'default', 'web-split')).toBeDefined();
      // Objects run the old manifest again, and owned by the old release.
      expect((destination()?.spec as any).template.spec.containers.map((x: any) => `${x.name}=${x.image}`)).toEqual(imagesBefore);
      expect(destination()?.metadata.annotations?.['meta.helm.sh/release-name']).toBe('linkerd');
      expect((await releaseValues(c, 'linkerd', 'default')).proxy.logLevel).toBe('warn,linkerd=debug');
      // The new releases' records are kept beside the plan.
      expect(readdirSync(join(`${plan}.d`, 'rollback'), { recursive: true }).join(' ')).toMatch(/sh\.helm\.release\.v1\.linkerd-crds\.v1\.json/);
    });
  }

  it('rolls back a stage that upgraded a release in place, to the pinned revision, and says so', async () => {
    c = await startCluster();
    await ok(c.helm(3, ['install', 'linkerd-crds', chartDir('2.12', 'linkerd-crds'), '-n', 'linkerd', '--create-namespace']));
    await ok(c.helm(3, ['install', 'linkerd-control-plane', chartDir('2.12', 'linkerd-control-plane'), '-n', 'linkerd', ...pki(), '--set', 'proxy.logLevel=warn\\,linkerd=debug']));
    const env = { ...c.env, HELM_BIN: helm4 };
    const plan = planPath();
    await ok(helmMigrate(['plan', '--release', 'linkerd-control-plane', '-n', 'linkerd', '--to', '2.13', '--charts-dir', chartsDir, '-o', plan], env));
    const steps = parse(readFileSync(plan, 'utf8')).stages.flatMap((st: any) => st.steps);
    const lastHelm = steps.filter((st: any) => st.type === 'helm-upgrade-install').pop().id;
    await ok(helmMigrate(['apply', plan, '--yes'], { ...env, HELM_MIGRATE_STOP_AFTER: lastHelm }));
    const chartOf = async () => JSON.parse(await ok(c!.helm(4, ['list', '-n', 'linkerd', '-o', 'json']))).map((r: any) => `${r.name}:${r.chart}`).sort();
    expect((await chartOf()).join(' ')).toMatch(/linkerd-control-plane:linkerd-control-plane-1\.12\./);
    const rb = await helmMigrate(['rollback', plan, '--yes'], env);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stderr).toMatch(/rolled linkerd\/linkerd-control-plane back to revision 1 /);
    expect(rb.stderr).toMatch(/rolled back: [12] release\(s\) rolled back in place/);
    expect((await chartOf()).join(' ')).toMatch(/linkerd-control-plane:linkerd-control-plane-1\.9\./);
    expect((await releaseValues(c, 'linkerd-control-plane', 'linkerd')).proxy.logLevel).toBe('warn,linkerd=debug');
  });

  it('rolls back a plan stopped before the installs: records restored, objects handed back', async () => {
    const { c, plan, env } = again();
    const records = c.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm');
    const r = await helmMigrate(['apply', plan, '--yes'], { ...env, HELM_MIGRATE_STOP_AFTER: '2.12/06-delete-records-linkerd' });
    expect(r.code, r.stderr).toBe(0);
    expect(c.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm')).toEqual([]);
    await ok(helmMigrate(['rollback', plan, '--yes'], env));
    const restored = c.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm');
    expect(restored.map((s) => [s.metadata.name, s.data.release])).toEqual(records.map((s) => [s.metadata.name, s.data.release]));
    expect(c.server.objects.get('apps/v1', 'deployments', 'linkerd', 'linkerd-destination')?.metadata.annotations?.['meta.helm.sh/release-name']).toBe('linkerd');
    expect(c.server.objects.get('apiextensions.k8s.io/v1', 'customresourcedefinitions', undefined, 'trafficsplits.split.smi-spec.io')?.metadata.annotations?.['meta.helm.sh/release-name']).toBe('linkerd');
    expect(await ok(c.helm(3, ['list', '-n', 'default', '-q']))).toBe('linkerd\n');
  });
});
