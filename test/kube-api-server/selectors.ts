/** Label and field selectors, as the API server parses them. */

type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

/** Splits on commas that are not inside `in (...)` sets. */
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

export class SelectorError extends Error {}

export function parseLabelSelector(text: string | null | undefined): Requirement[] {
  if (!text) return [];
  return splitTerms(text).map((term): Requirement => {
    let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter(Boolean) };
    m = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (m) return { key: m[1], op: m[2] === '!=' ? 'neq' : 'eq', value: m[3].trim() };
    m = /^!([^\s!=]+)$/.exec(term);
    if (m) return { key: m[1], op: 'notexists' };
    m = /^([^\s!=(),]+)$/.exec(term);
    if (m) return { key: m[1], op: 'exists' };
    throw new SelectorError(`unable to parse requirement: ${term}`);
  });
}

export function matches(reqs: Requirement[], get: (key: string) => string | undefined): boolean {
  return reqs.every((r) => {
    const v = get(r.key);
    switch (r.op) {
      case 'eq':
        return v === r.value;
      case 'neq':
        return v !== r.value;
      case 'in':
        return v !== undefined && r.values.includes(v);
      case 'notin':
        return v === undefined || !r.values.includes(v);
      case 'exists':
        return v !== undefined;
      case 'notexists':
        return v === undefined;
    }
  });
}

/** Field selectors: equality on dotted paths (`metadata.name`, `type`, `status.phase`). */
export function parseFieldSelector(text: string | null | undefined): Requirement[] {
  const reqs = parseLabelSelector(text);
  for (const r of reqs) if (r.op !== 'eq' && r.op !== 'neq') throw new SelectorError(`field selectors support = and != only: ${r.key}`);
  return reqs;
}

export function fieldValue(obj: any, path: string): string | undefined {
  let cur = obj;
  for (const k of path.split('.')) cur = cur?.[k];
  return cur === undefined || cur === null ? undefined : String(cur);
}
