/**
 * Values that must never be printed: issuer and webhook keys, and anything ending in `PEM`
 * (trust anchors and certificates are public, but a `*PEM` key is where people paste private
 * keys too, so all of them are treated alike). Reports, diffs, logs and plans show
 * `(redacted, N bytes)` instead.
 */
import type { Path } from './paths.js';
import { isPlainMap, type Plain } from './plain.js';

const secretKey = /(PEM|[Kk]ey[Pp][Ee][Mm]|password|passwd|secret|token|privateKey)$/;

export function isSecretPath(path: Path): boolean {
  const last = path[path.length - 1] ?? '';
  return secretKey.test(last) && !/^(externalSecret|existingSecret|secretName)$/.test(last);
}

export function redactedText(value: Plain): string {
  const bytes = typeof value === 'string' ? Buffer.byteLength(value) : Buffer.byteLength(JSON.stringify(value));
  return `(redacted, ${bytes} bytes)`;
}

/** The value as it may be shown: secrets replaced by their size, recursively. */
export function redactValue(path: Path, value: Plain | undefined): Plain | undefined {
  if (value === undefined || value === null) return value;
  if (isSecretPath(path) && value !== '') return redactedText(value);
  if (isPlainMap(value)) {
    const out: { [k: string]: Plain } = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue([...path, k], v) as Plain;
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(path, v) as Plain);
  return value;
}

/** The mode for a file holding `value`: 0600 when it carries key material (else the default). */
export function privateFileMode(value: Plain | undefined): number | undefined {
  return collectSecrets(value).size > 0 ? 0o600 : undefined;
}

/** Every secret string found in a values tree, so text output can be scrubbed as a last line of defence. */
export function collectSecrets(value: Plain | undefined, out: Set<string> = new Set()): Set<string> {
  // Only the key a value sits under decides (isSecretPath reads the last key): no path is built,
  // which on a large file was most of the walk.
  const walk = (v: Plain | undefined, key: string): void => {
    if (isPlainMap(v)) {
      for (const k of Object.keys(v)) walk(v[k], k);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, key);
    } else if (typeof v === 'string' && v.trim().length >= 8 && isSecretPath([key])) {
      out.add(v);
      for (const line of v.split('\n')) if (line.trim().length >= 16) out.add(line.trim());
    }
  };
  walk(value, '');
  return out;
}
