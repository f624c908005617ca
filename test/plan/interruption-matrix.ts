/**
 * The promise of apply, resume and rollback, tried at every step of real plans (Linkerd 2.11 →
 * 2.12, the chart split; Traefik 39 → 40 retiring a traefik-crds release), with real helm 4
 * against the in-memory API server:
 * - the whole process group killed as the step starts (wherever in the step the kill lands),
 *   then `apply --resume`: the cluster ends fully migrated;
 * - every write failing from that step on (helm's and helm-migrate's), then `rollback`: the
 *   cluster ends as it started, every release record present.
 * Each scenario installs and plans once; every step starts again from that cluster state and a
 * copy of that plan (PlannedState: the server restored, the plan folder copied, a clean HOME),
 * which is what a fresh install and plan would give. A failure names the step.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helmMigrate } from '../helpers/cli-async.js';
import { plannedOnce, startCluster, type Cluster, type PlannedState } from '../helpers/cluster.js';
import { expectFullyNew, expectFullyOld, planned } from '../helpers/linkerd-split.js';
import { crdsReleaseRecords, expectCrdsReleaseBack, expectRetired, plannedRetirement } from '../helpers/traefik-crds.js';
import { untilFile } from '../helpers/run.js';
import { ready as needs } from '../helpers/prereq.js';

const ready = needs('shared', 'binaries', 'build');

const stepIds = (plan: string): string[] => parse(readFileSync(plan, 'utf8')).stages.flatMap((s: { steps: { id: string }[] }) => s.steps.map((x) => x.id));

/** A plan, the state it ends in when fully applied, and the one rollback must restore. */
interface Scenario {
  name: string;
  planned(cl: Cluster): Promise<{ plan: string; env: NodeJS.ProcessEnv }>;
  expectNew(cl: Cluster): Promise<void>;
  records(cl: Cluster): number;
  expectOld(cl: Cluster, recordsBefore: number): Promise<void>;
}

export const scenarios = {
  'linkerd-split': {
    name: 'linkerd 2.11 → 2.12 (the chart split)',
    planned,
    expectNew: expectFullyNew,
    records: (cl) => cl.server.objects.list('v1', 'secrets', 'default').filter((s) => s.metadata.labels?.owner === 'helm').length,
    expectOld: expectFullyOld,
  },
  'traefik-crds-retired': { name: 'traefik 39 → 40 (a traefik-crds release retired)', planned: (cl) => plannedRetirement(cl), expectNew: (cl) => expectRetired(cl), records: crdsReleaseRecords, expectOld: expectCrdsReleaseBack },
} satisfies Record<string, Scenario>;

/** The two matrices of one scenario (each scenario has a test file of its own, so they run side by side). */
export const interruptedAtEveryStep = (scenario: Scenario) => describe.skipIf(!ready)(`interrupted at every step: ${scenario.name}`, () => {
  let state: PlannedState;
  let ids: string[];
  beforeAll(async () => {
    state = await plannedOnce(await startCluster(), scenario.planned);
    // How many steps the plan has is read from the real plan, not assumed.
    ids = stepIds(state.again().plan);
  });
  afterAll(() => state?.cluster.stop());

  it('process group killed as each step starts, then resumed: fully migrated', { timeout: 900_000 }, async () => {
    expect(ids.length).toBeGreaterThan(4);
    const c = state.cluster;
    for (const step of ids) {
      const { plan, env } = state.again();
      const child = spawn(process.execPath, ['bin/helm-migrate.js', 'apply', plan, '--yes'], { env: { ...env, NO_COLOR: '1' }, stdio: 'ignore', detached: true });
      const exited = new Promise((r) => child.on('exit', r));
      const journal = () => (existsSync(`${plan}.d/journal.jsonl`) ? readFileSync(`${plan}.d/journal.jsonl`, 'utf8') : '');
      await untilFile(`${plan}.d`, `${step} started`, () => journal().includes(`"event":"started","step":"${step}"`));
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // it had already finished
      }
      await exited;
      const resumed = await helmMigrate(['apply', plan, '--yes', '--resume'], env);
      expect(resumed.code, `killed at ${step}: ${resumed.stderr}`).toBe(0);
      await scenario.expectNew(c).catch((err) => {
        throw new Error(`killed at ${step}: ${(err as Error).message}`);
      });
    }
  });

  it('every write failing from each step on, then rolled back: as it started', { timeout: 900_000 }, async () => {
    const c = state.cluster;
    for (const [i, step] of ids.entries()) {
      const { plan, env } = state.again();
      const before = scenario.records(c);
      const fast = { ...env, HELM_MIGRATE_RETRY_BASE_MS: '10' };
      if (i > 0) expect((await helmMigrate(['apply', plan, '--yes'], { ...fast, HELM_MIGRATE_STOP_AFTER: ids[i - 1] })).code).toBe(0);
      for (const verb of ['create', 'update', 'patch', 'delete']) c.server.faults.add({ verb, status: 500, message: 'etcdserver: leader changed', count: 100_000 });
      const failed = await helmMigrate(['apply', plan, '--yes', ...(i > 0 ? ['--resume'] : [])], fast);
      // Steps that write nothing to the cluster (the data-plane check, the post-checks) pass.
      expect([0, 6], `${step}: ${failed.stderr}`).toContain(failed.code);
      c.server.faults.clear();
      const rb = await helmMigrate(['rollback', plan, '--yes'], fast);
      expect(rb.code, `failing from ${step}: ${rb.stderr}`).toBe(0);
      await scenario.expectOld(c, before).catch((err) => {
        throw new Error(`failing from ${step}: ${(err as Error).message}`);
      });
    }
  });
});
