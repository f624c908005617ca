import type { RequiredValue } from '../../src/core/types.js';

const issuerScheme = { path: 'identity.issuer.scheme', in: [undefined, 'linkerd.io/tls'] };
// With an external CA (cert-manager, 2.11+) the trust-roots ConfigMap is not rendered: the anchors come from elsewhere.
const ownCA = { path: 'identity.externalCA', in: [undefined, false] };
const vizReleases = ['2.10', '2.11', '2.12', '2.13', '2.14', 'edge-26.8.3'];
const preSplit = ['2.8', '2.9', '2.10', '2.11'];
const postSplit = ['2.12', '2.13', '2.14', 'edge-26.8.3'];

// Stand-ins for `--verify` renders: the charts copy these values into Secrets and ConfigMaps
// without parsing them, so any non-empty text renders.
const pem = (what: string) => `-----BEGIN CERTIFICATE-----\nhelm-migrate placeholder: ${what}\n-----END CERTIFICATE-----\n`;
const anchors = pem('trust anchors');

/**
 * What the control-plane templates `required` (exact texts, typo included, so a prediction can
 * be compared with Helm's own error). From 2.11 the trust anchors are no longer enforced by the
 * templates (the bundle is read from a ConfigMap), but the mesh does not work without them.
 */
export const required: RequiredValue[] = [
  { chart: 'linkerd2', releases: ['2.8', '2.9'], path: 'global.identityTrustAnchorsPEM', message: 'Please provide the identity trust anchors', placeholder: anchors },
  { chart: 'linkerd2', releases: ['2.10'], path: 'identityTrustAnchorsPEM', message: 'Please provide the identity trust anchors', placeholder: anchors },
  {
    chart: 'linkerd2',
    releases: ['2.11'],
    path: 'identityTrustAnchorsPEM',
    message: 'identityTrustAnchorsPEM is empty: the chart renders, but proxies cannot verify identities',
    enforced: false,
    when: ownCA,
    placeholder: anchors,
  },
  {
    chart: 'linkerd-control-plane',
    releases: postSplit,
    path: 'identityTrustAnchorsPEM',
    message: 'identityTrustAnchorsPEM is empty: the chart renders, but proxies cannot verify identities',
    enforced: false,
    when: ownCA,
    placeholder: anchors,
  },
  {
    chart: 'linkerd-viz',
    releases: vizReleases,
    path: 'prometheusUrl',
    message: 'Please enable `linkerd-prometheus` or provide `prometheusUrl` for the viz extension to function properly',
    when: { path: 'prometheus.enabled', in: [false] },
    placeholder: 'http://prometheus.example.invalid:9090',
  },
  ...[
    { chart: 'linkerd2', releases: preSplit },
    { chart: 'linkerd-control-plane', releases: postSplit },
  ].flatMap(({ chart, releases }) => [
    { chart, releases, path: 'identity.issuer.tls.crtPEM', message: 'Please provide the identity issuer certificate', when: issuerScheme, placeholder: pem('issuer certificate') },
    { chart, releases, path: 'identity.issuer.tls.keyPEM', message: 'Please provide the identity issue private key', when: issuerScheme, placeholder: 'helm-migrate placeholder: issuer key' },
  ]),
  {
    chart: 'linkerd2',
    releases: ['2.8', '2.9', '2.10'],
    path: 'identity.issuer.crtExpiry',
    message: 'Please provide the identity issuer certificate expiry date',
    when: issuerScheme,
    placeholder: '2055-12-31T00:00:00Z',
  },
];
