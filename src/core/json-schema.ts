/**
 * A small JSON Schema checker for the subset our published schemas use (type, const, enum,
 * properties, required, additionalProperties: false, items, oneOf, $ref into $defs). Returns
 * the problems, with their JSON paths.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, any>;

/** A published schema from docs/schemas/. */

function typeOk(t: string, v: unknown): boolean {
  if (t === 'integer') return Number.isInteger(v);
  if (t === 'array') return Array.isArray(v);
  if (t === 'object') return typeof v === 'object' && v !== null && !Array.isArray(v);
  if (t === 'null') return v === null;
  return typeof v === t;
}

export function validate(schema: Schema, value: unknown, root: Schema = schema, path = '$'): string[] {
  if (schema.$ref) return validate(root.$defs[schema.$ref.replace('#/$defs/', '')], value, root, path);
  const out: string[] = [];
  if (schema.const !== undefined && value !== schema.const) out.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) out.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (schema.type && !typeOk(schema.type, value)) return [...out, `${path}: not ${schema.type}`];
  if (schema.oneOf) {
    const fits = schema.oneOf.filter((s: Schema) => validate(s, value, root, path).length === 0);
    if (fits.length !== 1) out.push(`${path}: matches ${fits.length} of oneOf`);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const r of schema.required ?? []) if (!(r in value)) out.push(`${path}: missing ${r}`);
    for (const [k, v] of Object.entries(value)) {
      if (schema.properties?.[k]) out.push(...validate(schema.properties[k], v, root, `${path}.${k}`));
      else if (schema.additionalProperties === false && !schema.oneOf) out.push(`${path}: unexpected ${k}`);
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => out.push(...validate(schema.items, v, root, `${path}[${i}]`)));
  return out;
}
