/** The real charts of a pack in ../shared, rendered with the real helm, and read as text. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { PlainMap } from '../../src/core/plain.js';
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
 * for the path or a parent of two keys or more, `index .Values "a" "b"`, or the path's last two
 * keys after a `with`/`range` (`.b.c`). Errs towards "reads", so a drop is only confirmed when
 * the chart really has no use for the value.
 */
export function chartReads(dir: string, path: string): boolean {
  const text = templatesOf(dir);
  const keys = path.split('.');
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The path itself, or a parent of two keys or more read whole (`toYaml .Values.a.b`).
  for (let n = keys.length; n >= Math.min(2, keys.length); n--) {
    const end = n === keys.length ? '(?![\\w])' : '(?![\\w.])';
    if (new RegExp(`Values\\.${keys.slice(0, n).map(esc).join('\\.')}${end}`).test(text)) return true;
  }
  if (keys.length >= 2 && new RegExp(`\\.${esc(keys[keys.length - 2])}\\.${esc(keys[keys.length - 1])}(?![\\w])`).test(text)) return true;
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

function parseEmbedded(text: string): unknown {
  try {
    const docs = parseAllDocuments(text, { logLevel: 'error' });
    if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length) return undefined;
    return docs[0].toJS();
  } catch {
    return undefined;
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
      const objects = parseAllDocuments(r.stdout).flatMap((d) => {
        const o = d.toJS({ maxAliasCount: -1 }) as RenderedObject | null;
        return o && typeof o === 'object' ? [o] : [];
      });
      return { ok: true, leaves: flatten(objects, { parseEmbedded }) };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  if (!opts.noCache) cache.set(key, p);
  return p;
}
