/**
 * Image references as Docker reads them. The first path segment names a registry host when it
 * has a `.` or a `:` (a port), or is `localhost`; anything else is a path on Docker Hub.
 */
export function registryHost(reference: string): { registry: string; rest: string } | undefined {
  const slash = reference.indexOf('/');
  if (slash < 0) return undefined;
  const first = reference.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost' ? { registry: first, rest: reference.slice(slash + 1) } : undefined;
}
