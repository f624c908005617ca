#!/usr/bin/env bash
# The 2.11 → 2.12 scenario on a real cluster (kind), with the published Linkerd charts: what
# test/plan/cluster-migration.test.ts proves against the in-memory API server. Needs kind,
# kubectl, helm, step (or openssl) and a built helm-migrate (npm ci). Run by
# .github/workflows/e2e-kind.yml; it cannot run on machines without a container engine.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A throwaway trust anchor and issuer (ECDSA P-256), as Linkerd's docs make them.
openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -subj /CN=root.linkerd.cluster.local -days 365 -out "$work/ca.crt" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
openssl ecparam -name prime256v1 -genkey -noout -out "$work/issuer.key"
openssl req -new -key "$work/issuer.key" -subj /CN=identity.linkerd.cluster.local -out "$work/issuer.csr"
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' > "$work/ext"
openssl x509 -req -in "$work/issuer.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 365 -extfile "$work/ext" -out "$work/issuer.crt"

helm repo add linkerd https://helm.linkerd.io/stable
helm repo add l5d-smi https://linkerd.github.io/linkerd-smi
helm repo update

# Linkerd 2.11 as its docs installed it: release in default, objects in linkerd; a TrafficSplit in use.
helm install linkerd linkerd/linkerd2 --version 2.11.5 -n default \
  --set-file identityTrustAnchorsPEM="$work/ca.crt" \
  --set-file identity.issuer.tls.crtPEM="$work/issuer.crt" \
  --set-file identity.issuer.tls.keyPEM="$work/issuer.key" \
  --set policyController.defaultAllowPolicy=deny --wait --timeout 10m
kubectl apply -f - <<'YAML'
apiVersion: split.smi-spec.io/v1alpha2
kind: TrafficSplit
metadata: {name: web-split, namespace: default}
spec:
  service: web
  backends: [{service: web-v1, weight: 100}]
YAML

npx helm-migrate plan --release linkerd -n default --to 2.12 -o "$work/plan.yaml"
npx helm-migrate apply "$work/plan.yaml" --yes

# What Linkerd's upgrade guide promises.
helm list -A
test "$(helm status linkerd-crds -n linkerd -o json | jq -r .info.status)" = deployed
test "$(helm status linkerd-control-plane -n linkerd -o json | jq -r .info.status)" = deployed
test "$(helm status linkerd-smi -n linkerd-smi -o json | jq -r .info.status)" = deployed
test -z "$(kubectl get secret -n default -l name=linkerd,owner=helm -o name)"
kubectl get trafficsplit web-split -n default
kubectl get namespace linkerd
test "$(helm get values linkerd-control-plane -n linkerd -o json | jq -r .proxy.defaultInboundPolicy)" = deny
test "$(kubectl get cm linkerd-identity-trust-roots -n linkerd -o jsonpath='{.data.ca-bundle\.crt}')" = "$(cat "$work/ca.crt")"
kubectl rollout status deploy -n linkerd --timeout 5m
echo "kind scenario passed"
