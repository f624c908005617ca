import { writeFileSync } from 'node:fs';
import { Document, isMap, isSeq, visit } from 'yaml';
const bytes = Number(process.argv[2]) * 1048576;
const doc: any = { global: { clusterDomain: 'cluster.local', proxy: { logLevel: 'warn,linkerd=info' }, podAnnotations: {} }, prometheus: { enabled: true, scrapeConfigs: [] }, tolerations: [] };
let i = 0;
let text = '';
while (text.length < bytes) {
  for (let k = 0; k < 2000; k++, i++) {
    doc.global.podAnnotations[`team.example.com/annotation-${i}`] = `value ${i}`;
    doc.prometheus.scrapeConfigs.push({ job_name: `job-${i}`, static_configs: [{ targets: [`svc-${i}.ns-${i % 97}.svc:9090`], labels: { team: `t${i % 13}` } }] });
    doc.tolerations.push({ key: `node.example.com/pool-${i}`, operator: 'Exists', effect: 'NoSchedule' });
  }
  const d = new Document(doc);
  visit(d, { Seq(_, n, path) { if (path.length > 6) n.flow = true; }, Map(_, n, path) { if (path.length > 6) n.flow = true; } });
  text = d.toString({ lineWidth: 0 });
}
writeFileSync(process.argv[3], text);
