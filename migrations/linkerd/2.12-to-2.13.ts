import { defineMigration } from '../../src/core/define.js';

export default defineMigration({
  from: '2.12',
  to: '2.13',
  summary: 'no value moves; defaults change (proxy log level silences trust_dns)',
  charts: [],
  followUps: [{ text: 'Restart meshed workloads (kubectl rollout restart) so their proxies match the new control plane.' }],
});
