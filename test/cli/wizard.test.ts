/**
 * The wizard driven like a person does: in a pseudo-terminal, keystrokes in, screen read back.
 * Values path (a 2.9 file to 2.14), cluster path (against the in-memory API server), Ctrl-C,
 * and the refusal without a terminal.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helm4 } from '../helpers/binaries.js';
import { cliNode, runCli } from '../helpers/cli.js';
import { helmMigrate } from '../helpers/cli-async.js';
import { startCluster, type Cluster } from '../helpers/cluster.js';
import { chartDir, chartsDir, repoRoot, testPki } from '../helpers/shared.js';
import { ready as needs } from '../helpers/prereq.js';

const ENTER = '\r';
const DOWN = '\u001b[B';
const CTRL_C = '\u0003';
const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\u001b[()][A-Z0-9]/g, '');

interface Term {
  screen(): string;
  type(keys: string): void;
  waitFor(text: string | RegExp, ms?: number): Promise<void>;
  exit: Promise<number>;
}

async function wizard(cwd: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<Term> {
  const pty = await import('@lydell/node-pty');
  const t = pty.spawn(cliNode, [join(repoRoot, 'bin', 'helm-migrate.js'), ...args], { cols: 160, rows: 50, cwd, env: { ...process.env, NO_COLOR: '1', ...env } as Record<string, string> });
  let out = '';
  // Waiters are checked whenever the terminal prints: a wait on the screen, not on time.
  const waiters = new Set<() => void>();
  t.onData((d) => {
    out += d;
    for (const w of [...waiters]) w();
  });
  const exit = new Promise<number>((resolve) => t.onExit((e) => resolve(e.exitCode)));
  return {
    screen: () => strip(out),
    type: (keys) => t.write(keys),
    waitFor(text, ms = 60_000) {
      const seen = () => (typeof text === 'string' ? strip(out).includes(text) : text.test(strip(out)));
      return new Promise<void>((resolve, reject) => {
        if (seen()) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`never shown: ${String(text)}; screen:\n${strip(out).slice(-2000)}`));
        }, ms);
        const check = () => {
          if (!seen()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    exit,
  };
}

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

/**
 * The wizard's values path for `values.yaml` in `dir`, answering as a person would: the file and
 * chart it proposes, the version it detected (`detected` waits for it), `target` keys at
 * "Migrate to", then keep the values as written and write them to migrated/.
 */
async function valuesPath(dir: string, chart: string, detected: RegExp, target: string, shownWithTargets?: string): Promise<{ t: Term; version: string }> {
  const t = await wizard(dir);
  await t.waitFor('What do you want to migrate?');
  t.type(ENTER);
  await t.waitFor('Path to the values file');
  t.type(ENTER); // the default: values.yaml, the only YAML file here
  await t.waitFor(`Chart (it looks like ${chart})`);
  t.type(ENTER);
  await t.waitFor('Version the values were written for');
  await t.waitFor(detected); // detected from the keys (the list may arrive after the title)
  const version = detected.exec(t.screen())![1];
  t.type(ENTER);
  await t.waitFor('Migrate to');
  if (shownWithTargets) await t.waitFor(shownWithTargets);
  t.type(target);
  await t.waitFor(/Keep these values as you wrote them|Write the files to/);
  if (t.screen().includes('Keep these values')) t.type(ENTER);
  await t.waitFor('Write the files to');
  t.type(ENTER);
  await t.waitFor('Write migrated/');
  t.type('y' + ENTER);
  return { t, version };
}

describe.skipIf(!needs('build'))('the wizard', () => {
  it('values path: detects a 2.9 file, migrates it to 2.14, shows the diff with secrets redacted, writes the files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-wizard-'));
    writeFileSync(join(dir, 'values.yaml'), readFileSync(join(repoRoot, 'fixtures/examples/linkerd2-2.9.values.yaml')));
    // The chained steps, explained; newest first: edge, then 2.14.
    const { t } = await valuesPath(dir, 'linkerd2', /❯ (2\.9)\s/, DOWN + ENTER, '2.9 → 2.10: global.* moves to the top level');
    expect(await t.exit).toBe(0);
    const screen = t.screen();
    expect(screen).toContain('linkerd2 2.9 → 2.14');
    expect(screen).toContain('+ proxy:');
    expect(screen).toContain('- global:');
    expect(screen).toContain('keyPEM: |');
    expect(screen).not.toContain('ExampleIssuerPrivateKeyNotRealDoNotUseAnywhere');
    expect(screen).toContain('helm-migrate values values.yaml --chart linkerd2 --from 2.9 --to 2.14 --out-dir migrated');
    expect(readdirSync(join(dir, 'migrated')).sort()).toEqual(['linkerd-control-plane.values.yaml', 'linkerd-crds.values.yaml', 'linkerd-jaeger.values.yaml', 'linkerd-viz.values.yaml']);
    expect(parse(readFileSync(join(dir, 'migrated', 'linkerd-control-plane.values.yaml'), 'utf8')).proxy.logLevel).toBe('warn,linkerd=info,linkerd_proxy_http=debug');
  });

  it('values path for a Traefik file (no Traefik code in the wizard): detects the chart and its version, writes the migrated file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-wizard-'));
    writeFileSync(join(dir, 'values.yaml'), 'ports:\n  web:\n    redirectTo:\n      port: websecure # https only\nlogs:\n  general:\n    level: WARN\n');
    const { t, version: detected } = await valuesPath(dir, 'traefik', /❯ (\d+)\s/, ENTER); // newest first: 41
    expect(await t.exit).toBe(0);
    expect(t.screen()).toContain(`traefik ${detected} → 41`);
    expect(Number(detected)).toBeLessThan(34); // redirectTo is gone from chart 34
    const out = readFileSync(join(dir, 'migrated', 'traefik.values.yaml'), 'utf8');
    expect(parse(out)).toMatchObject({ ports: { web: { http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https' } } } } }, log: { level: 'WARN' } });
  });

  it('Ctrl-C at a prompt exits with nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-wizard-'));
    writeFileSync(join(dir, 'values.yaml'), 'global:\n  proxy:\n    logLevel: debug\n');
    const t = await wizard(dir);
    await t.waitFor('What do you want to migrate?');
    t.type(ENTER);
    await t.waitFor('Path to the values file');
    t.type(ENTER);
    await t.waitFor('Chart');
    t.type(CTRL_C);
    expect(await t.exit).toBe(130);
    expect(t.screen()).toContain('interrupted: nothing was written or changed');
    expect(readdirSync(dir)).toEqual(['values.yaml']);
  });

  it('a folder given as the values path is refused at the prompt, which asks again; nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hm-wizard-'));
    writeFileSync(join(dir, 'values.yaml'), 'global:\n  proxy:\n    logLevel: debug\n');
    mkdirSync(join(dir, 'charts.yaml'));
    const t = await wizard(dir);
    await t.waitFor('What do you want to migrate?');
    t.type(ENTER);
    await t.waitFor('Path to the values file');
    t.type('charts.yaml' + ENTER);
    await t.waitFor('charts.yaml: is a folder, not a values file');
    // Still at the same prompt: the path can be typed again.
    t.type('\u007f'.repeat(40) + 'values.yaml' + ENTER);
    await t.waitFor('Chart');
    t.type(CTRL_C);
    expect(await t.exit).toBe(130);
    expect(t.screen()).not.toContain('internal error');
    expect(readdirSync(dir).sort()).toEqual(['charts.yaml', 'values.yaml']);
  });

  it.skipIf(!needs('shared', 'binaries'))('apply in a terminal asks first: "no" and Ctrl-C both change nothing (exit 130)', async () => {
    cluster = await startCluster();
    const pki = ['--set-file', `identityTrustAnchorsPEM=${testPki.ca}`, '--set-file', `identity.issuer.tls.crtPEM=${testPki.issuerCrt}`, '--set-file', `identity.issuer.tls.keyPEM=${testPki.issuerKey}`];
    expect((await cluster.helm(3, ['install', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki])).code).toBe(0);
    const env = { ...cluster.env, HELM_BIN: helm4 };
    const plan = join(mkdtempSync(join(tmpdir(), 'hm-apply-')), 'plan.yaml');
    // Async: the test server lives in this process, so a blocking spawn would starve it.
    const planned = await helmMigrate(['plan', '--release', 'linkerd', '-n', 'default', '--to', '2.12', '--charts-dir', chartsDir, '-o', plan], env);
    expect(planned.code, planned.stderr).toBe(0);
    const writes = () => cluster!.server.log.entries.filter((e) => !['get', 'list', 'watch'].includes(e.verb)).length;
    cluster.server.log.clear();
    for (const answer of ['n' + ENTER, CTRL_C]) {
      const t = await wizard(tmpdir(), env, ['apply', plan]);
      await t.waitFor(/Apply \d+ steps to test\?/);
      t.type(answer);
      expect(await t.exit).toBe(130);
      expect(t.screen()).toMatch(answer === CTRL_C ? /interrupted; nothing was changed/ : /not confirmed; nothing was changed/);
    }
    expect(writes()).toBe(0);
    expect(existsSync(`${plan}.d/journal.jsonl`)).toBe(false);
  });

  it('without a terminal it refuses and names the flags to use instead', () => {
    const r = runCli(['wizard']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the wizard needs a terminal; without one, use `helm-migrate values FILE --chart CHART');
    const bare = runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage:');
  });

  it.skipIf(!needs('shared', 'binaries'))('cluster path: lists releases, plans 2.11 → 2.12, saves the plan and applies it', async () => {
    cluster = await startCluster();
    const pki = ['--set-file', `identityTrustAnchorsPEM=${testPki.ca}`, '--set-file', `identity.issuer.tls.crtPEM=${testPki.issuerCrt}`, '--set-file', `identity.issuer.tls.keyPEM=${testPki.issuerKey}`];
    expect((await cluster.helm(3, ['install', 'linkerd', chartDir('2.11', 'linkerd2'), '-n', 'default', ...pki])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'hm-wizard-'));
    const t = await wizard(dir, { ...cluster.env, HELM_BIN: helm4 });
    await t.waitFor('What do you want to migrate?');
    t.type(DOWN + ENTER);
    // Wait for the choices themselves, not the title: the prompt may draw its list a frame later,
    // and a key typed before it is drawn is lost.
    await t.waitFor('default/linkerd  linkerd2 2.11.5');
    expect(t.screen()).toContain('Release to migrate');
    expect(t.screen()).toContain('context test (https://127.0.0.1:');
    t.type(ENTER);
    await t.waitFor(/Migrate to[\s\S]*2\.12/);
    t.type(DOWN.repeat(3) + ENTER); // edge, 2.14, 2.13, 2.12: pick 2.12
    await t.waitFor('Local charts folder');
    // The default is empty: type the folder.
    t.type(chartsDir + ENTER);
    await t.waitFor('Save the plan as', 60_000);
    expect(t.screen()).toContain('hand-over');
    t.type(ENTER);
    await t.waitFor('Apply it now to test?');
    t.type('y' + ENTER);
    expect(await t.exit).toBe(0);
    expect(existsSync(join(dir, 'plan.yaml'))).toBe(true);
    expect(t.screen()).toContain('helm-migrate plan --release linkerd -n default --to 2.12');
    const list = await cluster.helm(4, ['list', '-A', '-q']);
    expect(list.stdout.split('\n').filter(Boolean).sort()).toEqual(['linkerd-control-plane', 'linkerd-crds']);
  });
});
