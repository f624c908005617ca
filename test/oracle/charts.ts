/** The real charts of a pack in ../shared, rendered with the real helm, and read as text. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePath } from '../../src/core/paths.js';
import type { PlainMap } from '../../src/core/plain.js';
import { parseEmbeddedDocument, parseRendered } from '../../src/values/manifests.js';
import { flatten, type Leaves, type RenderedObject } from '../../src/verify/effects.js';
import { helm4 } from '../helpers/binaries.js';
import { run } from '../helpers/run.js';

const templateText = new Map<string, string>();

function templatesOf(dir: string): string {
  const have = templateText.get(dir);
  if (have !== undefined) return have;
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|tpl|txt|json)$/.test(name) && /[/\\]templates[/\\]/.test(p)) parts.push(readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  const text = parts.join('\n');
  templateText.set(dir, text);
  return text;
}

/**
 * Whether any template of the chart (its subcharts included) reads a values path: `.Values.a.b`
 * for the path itself; a parent of two keys or more handed on whole (`toYaml .Values.a.b`,
 * `with`/`range`, an `include`), or tested and then read by its last key (`.b`); the path's last
 * two keys after a `with`/`range` (`.b.c`); `index .Values … "c"`. Errs towards "reads", so a
 * drop is only confirmed when the chart really has no use for the value.
 */
export function chartReads(dir: string, path: string): boolean {
  const keys = [...parsePath(path)];
  // A subchart's values live under its name; its templates read them from its own root, often
  // through the parent's shared partials.
  const sub = join(dir, 'charts', keys[0] ?? '');
  if (keys.length > 1 && existsSync(join(sub, 'Chart.yaml'))) {
    const partials = join(dir, 'charts', 'partials');
    if (readsIn(templatesOf(sub) + (existsSync(partials) ? templatesOf(partials) : ''), keys.slice(1))) return true;
  }
  return readsIn(templatesOf(dir), keys);
}

function readsIn(text: string, keys: string[]): boolean {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A relative read (after `with`/`range`), not the tail of another absolute path.
  const relative = (tail: string[]) => new RegExp(`(?<![\\w\\])])\\.${tail.map(esc).join('\\.')}(?![\\w])`).test(text);
  if (new RegExp(`Values\\.${keys.map(esc).join('\\.')}(?![\\w])`).test(text)) return true;
  for (let n = keys.length - 1; n >= 1; n--) {
    const parent = `Values\\.${keys.slice(0, n).map(esc).join('\\.')}(?![\\w.])`;
    if (new RegExp(`(toYaml|toJson|toPrettyJson|with|range|include\\s+"[^"]+")\\s+\\(?\\$?\\.${parent}`).test(text)) return true;
    if (n >= 2 && new RegExp(parent).test(text) && relative(keys.slice(n))) return true;
  }
  if (keys.length >= 2 && relative(keys.slice(-2))) return true;
  if (new RegExp(`index \\$?\\.Values[^}]*"${esc(keys[keys.length - 1])}"`).test(text)) return true;
  return false;
}

export type Rendered = { ok: true; leaves: Leaves } | { ok: false; error: string };

const cache = new Map<string, Promise<Rendered>>();
let running = 0;
const waiting: (() => void)[] = [];
const limit = 2;

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= limit) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** `helm template` with values given as JSON (a YAML subset); a failed render is a result. */
export function renderLeaves(dir: string, values: PlainMap, namespace: string, release: string, opts: { noCache?: boolean } = {}): Promise<Rendered> {
  const text = JSON.stringify(values);
  const key = `${dir}\0${namespace}\0${release}\0${text}`;
  if (!opts.noCache) {
    const hit = cache.get(key);
    if (hit) return hit;
  }
  const p = slot(async (): Promise<Rendered> => {
    const tmp = mkdtempSync(join(tmpdir(), 'hm-oracle-'));
    try {
      const file = join(tmp, 'values.json');
      writeFileSync(file, text);
      const r = await run(helm4, ['template', release, dir, '--namespace', namespace, '-f', file], { ...process.env, HELM_CACHE_HOME: tmp, HELM_CONFIG_HOME: tmp, HELM_DATA_HOME: tmp });
      if (r.code !== 0) return { ok: false, error: r.stderr.trim() || `helm exited ${r.code}` };
      return { ok: true, leaves: flatten(parseRendered(r.stdout) as RenderedObject[], { parseEmbedded: parseEmbeddedDocument }) };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  if (!opts.noCache) cache.set(key, p);
  return p;
}
