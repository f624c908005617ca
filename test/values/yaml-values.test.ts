import { describe, expect, it } from 'vitest';
import { parseValues } from '../../src/values/parse.js';
import { migrateText } from '../helpers/migrate.js';

describe('values documents keep what the user wrote', () => {
  it('returns the input byte for byte when nothing changes', () => {
    const text = "# header\n\nproxy:\n  logLevel:   'warn'   # spaces kept\nlist: [ 1,2 ]\n\n\nidentityTrustAnchorsPEM: |\n  x\n";
    const { values } = parseValues(text, 'v.yaml');
    values.get(['proxy', 'logLevel']);
    expect(String(values)).toBe(text);
  });

  it('a step with nothing to change gives byte-identical output', () => {
    const text = '# cp values\nproxy:\n  logLevel: "warn,linkerd=info"   # quoted\ncontrollerReplicas: 3\n';
    const r = migrateText(text, 'linkerd-control-plane', '2.12', '2.13');
    expect(r.files.get('linkerd-control-plane')).toBe(text);
    expect(r.result.changed).toBe(false);
  });

  it('a list written over another keeps the quoting and comments of the items it still holds, and of items taken from a list just removed', () => {
    const { values } = parseValues('args: ["--a", "--b"] # flow\nold:\n  - "--c"\n  - \'--d\' # why d\n', 'v.yaml');
    const taken = values.detach(['old'], 'remove')!;
    values.set(['args'], ['--b', '--c', '--e'], { reuse: [taken] });
    expect(String(values)).toBe('args: ["--b", "--c", --e] # flow\n');
    values.set(['more'], ['--d'], { reuse: [taken] });
    expect(String(values)).toBe('args: ["--b", "--c", --e] # flow\nmore:\n  - \'--d\' # why d\n');
    const block = parseValues('args:\n  - "--a" # keep\nlevel: \'info\' # same\n', 'v.yaml').values;
    block.set(['args'], ['--a', '--z']);
    block.set(['level'], 'info');
    expect(String(block)).toBe('args:\n  - "--a" # keep\n  - --z\nlevel: \'info\' # same\n');
  });

  it('keeps comments on moved keys, quoting style and blank lines', () => {
    const text = `# file header

global:
  # the proxy's log level
  proxy:
    logLevel: 'warn,linkerd=debug' # per team request

  # custom domain
  clusterDomain: "example.internal"
controllerReplicas: 2
`;
    const out = migrateText(text, 'linkerd2', '2.9', '2.10').files.get('linkerd2')!;
    expect(out).toBe(`# file header

# the proxy's log level
proxy:
  logLevel: 'warn,linkerd=debug' # per team request

# custom domain
clusterDomain: "example.internal"
controllerReplicas: 2
`);
  });

  it('keeps an alias resolving when its anchor moves to another chart', () => {
    const text = `global:
  proxy:
    resources: &res
      cpu:
        limit: 500m
webProxyResources: *res
`;
    const r = migrateText(text, 'linkerd2', '2.9', '2.10');
    const viz = parseValues(r.files.get('linkerd-viz')!, 'viz').values.toPlain();
    const core = parseValues(r.files.get('linkerd2')!, 'core').values.toPlain();
    expect((viz.dashboard as any).proxy.resources).toEqual({ cpu: { limit: '500m' } });
    expect((core.proxy as any).resources).toEqual({ cpu: { limit: '500m' } });
    // The anchor stayed with the control plane; viz got a copy of the value.
    expect(r.files.get('linkerd2')).toContain('&res');
  });

  it('keeps anchors and aliases that stay in order', () => {
    const text = 'global:\n  clusterDomain: &d example.org\n  identityTrustDomain: *d\n';
    const out = migrateText(text, 'linkerd2', '2.9', '2.10').files.get('linkerd2')!;
    expect(out).toBe('clusterDomain: &d example.org\nidentityTrustDomain: *d\n');
  });

  it('matches the input indentation of sequences', () => {
    const text = 'global:\n  imagePullSecrets:\n  - name: a\n  - name: b\n';
    const out = migrateText(text, 'linkerd2', '2.9', '2.10').files.get('linkerd2')!;
    expect(out).toBe('imagePullSecrets:\n- name: a\n- name: b\n');
  });
});
