/**
 * `npm run kube-api-server -- --kubeconfig PATH [--port N]`: runs the in-memory API server in the
 * foreground until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startKubeApiServer } from './index.js';

const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } }, strict: true });
if (!values.kubeconfig) {
  process.stderr.write('usage: npm run kube-api-server -- --kubeconfig PATH [--port N]\n');
  process.exit(2);
}
const server = await startKubeApiServer({ kubeconfigPath: values.kubeconfig, port: values.port ? Number(values.port) : undefined, host: values.host });
process.stdout.write(`kube-api-server listening on ${server.url}\n`);
process.stderr.write(`kubeconfig written to ${server.kubeconfigPath} (contexts: test, viewer, other)\n`);
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`kube-api-server: ${signal}, stopping\n`);
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
