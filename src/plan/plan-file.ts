/**
 * The plan on disk: `plan.yaml` for people (no secret values in it), and a sidecar folder
 * `plan.yaml.d/` (0700) holding the values files (0600), the backups and the journal.
 */
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HelmMigrateError } from '../core/errors.js';
import { writeFilesAtomic } from '../io/files.js';
import { parseYaml, toYaml } from '../values/manifests.js';
import planSchema from '../../docs/schemas/plan.v1alpha1.json' with { type: 'json' };
import { validate } from '../core/json-schema.js';
import { assertSealed } from './digest.js';
import { Journal } from './journal.js';
import { PLAN_API_VERSION, type Plan } from './types.js';

export function sidecarDir(planPath: string): string {
  return `${resolve(planPath)}.d`;
}

export function renderPlan(plan: Plan): string {
  const header = [
    `# helm-migrate plan: ${plan.pack} ${plan.from} → ${plan.to} on context ${plan.cluster.context} (${plan.cluster.server})`,
    '# Review every step; apply with: helm-migrate apply <this file>',
    '# Secret values are not in this file: the values files beside it (<this file>.d/values, mode 0600) hold them.',
  ];
  return `${header.join('\n')}\n${toYaml(plan)}`;
}

/** Refuses to produce plan text that contains a secret: the last guard behind redaction. */
export function assertNoSecrets(text: string, secrets: Iterable<string>): void {
  for (const s of secrets) {
    if (s.length >= 8 && text.includes(s)) throw new HelmMigrateError('internal', 'refusing to write a plan that contains a secret value (this is a bug in helm-migrate)');
  }
}

/** What is wrong with a folder that only this user may use; undefined when nothing is. */
function folderProblem(st: Stats): string | undefined {
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (!st.isDirectory()) return 'is not a folder';
  if (process.getuid && st.uid !== process.getuid()) return `belongs to another user (uid ${st.uid})`;
  return undefined;
}

/**
 * The plan's folder (and folders in it) as only this user can use them. A symlink or someone
 * else's folder is refused, not followed: backups and the journal decide what apply deletes.
 */
export function ensurePrivateDir(dir: string): void {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    return;
  }
  assertOwnFolder(dir, st);
  chmodSync(dir, 0o700);
}

function assertOwnFolder(dir: string, st: Stats): void {
  const problem = folderProblem(st);
  if (problem) throw new HelmMigrateError('usage', `${dir} ${problem}: a plan's folder must be this user's own real folder; remove it or write the plan elsewhere`);
}

/** A plan folder someone else could have written into since the plan was made is not trusted. */
function assertPrivateSidecar(planPath: string, dir: string): void {
  const st = lstatSync(dir);
  const problem = folderProblem(st) ?? (st.mode & 0o022 ? `is writable by others (mode ${(st.mode & 0o777).toString(8)})` : undefined);
  if (problem) throw new HelmMigrateError('plan-invalid', `${planPath}: its folder ${dir} ${problem}; its backups and journal cannot be trusted: check them, or make a new plan`);
}

/** What writing a plan did besides writing it, for the command to say. */
export interface PlanWrite {
  /** Where the folder of an earlier, finished plan at this path was moved. */
  setAside?: string;
  /** Folders and files of the plan's folder that were open to others and are now this user's alone. */
  tightened: string[];
}

export function writePlan(planPath: string, plan: Plan, valuesFiles: Map<string, string>, secrets: Iterable<string>): PlanWrite {
  const text = renderPlan(plan);
  assertNoSecrets(text, secrets);
  const side = sidecarDir(planPath);
  const setAside = setAsideFinishedPlan(planPath, side);
  const tightened = existsSync(side) ? tightenTree(side) : [];
  ensurePrivateDir(side);
  for (const f of valuesFiles.keys()) ensurePrivateDir(dirname(join(side, f)));
  writeFilesAtomic([
    ...[...valuesFiles].map(([f, content]) => ({ path: join(side, f), content, mode: 0o600 })),
    { path: resolve(planPath), content: text, mode: 0o644 },
  ]);
  return { ...(setAside ? { setAside } : {}), tightened };
}

/**
 * A new plan never inherits another plan's journal or backups. An earlier plan applied to the
 * end or rolled back is history: its folder, with a copy of its plan, moves aside under a name
 * that says which plan it was and how and when it ended (modes kept: a rename). One partly
 * applied is work in progress, and its backups may be all that can undo it: refused.
 */
function setAsideFinishedPlan(planPath: string, side: string): string | undefined {
  if (!existsSync(join(side, 'journal.jsonl'))) return undefined;
  const journal = new Journal(side);
  const end = journal.all().filter((e) => e.event === 'applied' || e.event === 'rolled-back').pop();
  if (!end) {
    throw new HelmMigrateError('usage', `${side} holds the journal of a plan that was partly applied: finish it with \`helm-migrate apply ${planPath} --resume\` or undo it with \`helm-migrate rollback ${planPath}\`, or write the new plan elsewhere (-o another path)`);
  }
  let which = 'earlier-plan';
  try {
    const old = parseYaml(readFileSync(planPath, 'utf8')) as Partial<Plan> | null;
    if (old?.pack && old.from && old.to) which = `${old.pack}-${old.from}-to-${old.to}`;
  } catch {
    // The folder's journal is what matters; an unreadable or missing old plan only loses the name.
  }
  const when = end.at.replace(/[-:]|\.\d+/g, '');
  const stem = `${resolve(planPath)}.${which.replace(/[^\w.-]+/g, '_')}.${end.event}-${when}`;
  let dest = `${stem}.d`;
  for (let n = 2; existsSync(dest); n++) dest = `${stem}-${n}.d`;
  renameSync(side, dest);
  if (existsSync(planPath)) copyFileSync(planPath, join(dest, 'plan.yaml'));
  return dest;
}

/**
 * Every folder and file under the plan's folder made this user's alone (0700, 0600) before
 * anything is written into it: it holds secret values and release backups. Returns what was
 * open to others. A symlink or another user's folder is refused, as by ensurePrivateDir.
 */
function tightenTree(dir: string): string[] {
  const st = lstatSync(dir);
  assertOwnFolder(dir, st);
  const tightened: string[] = [];
  if (st.mode & 0o077) {
    chmodSync(dir, 0o700);
    tightened.push(dir);
  }
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) tightened.push(...tightenTree(path));
    else if (e.isFile() && lstatSync(path).mode & 0o077) {
      chmodSync(path, 0o600);
      tightened.push(path);
    }
  }
  return tightened;
}

export function readPlan(planPath: string): { plan: Plan; sidecar: string } {
  let text: string;
  try {
    text = readFileSync(planPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HelmMigrateError(code === 'ENOENT' ? 'file-not-found' : 'file-unreadable', `${planPath}: ${code === 'ENOENT' ? 'no such file' : 'cannot read'}`);
  }
  let plan: Plan;
  try {
    plan = parseYaml(text) as Plan;
  } catch (err) {
    throw new HelmMigrateError('plan-invalid', `${planPath}: not a readable plan: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!plan || plan.kind !== 'MigrationPlan' || plan.apiVersion !== PLAN_API_VERSION) {
    throw new HelmMigrateError('plan-invalid', `${planPath}: not a helm-migrate plan (expected apiVersion ${PLAN_API_VERSION}, kind MigrationPlan)`);
  }
  // The shape first (only step kinds and fields apply knows), then that nothing changed since review.
  const problems = validate(planSchema, plan);
  if (problems.length) throw new HelmMigrateError('plan-invalid', `${planPath}: not a valid plan: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  const sidecar = sidecarDir(planPath);
  if (!existsSync(sidecar)) throw new HelmMigrateError('plan-invalid', `${planPath}: its folder ${sidecar} (values files, journal) is missing`);
  assertPrivateSidecar(planPath, sidecar);
  assertSealed(plan, planPath, sidecar);
  return { plan, sidecar };
}
