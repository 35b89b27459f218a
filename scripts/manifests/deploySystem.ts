import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SystemEntry } from '../../systems/registry';

/**
 * The Kubernetes side of onboarding a subgraph (deploy/k8s): its Deployment, Service and
 * PodDisruptionBudget in base/<name>.yaml, its place in the kustomization, its settings in the
 * ConfigMap (bind address, the gateway's route to it, its legacy system's URL) and its Secret's
 * template. test/manifests.test.ts (manifests-cover-registry) checks every registry subgraph has them.
 */
export function subgraphManifest(name: string, port: number): string {
  return `# The ${name} subgraph: Deployment, Service, PodDisruptionBudget.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
        app.kubernetes.io/part-of: citizen-graph
      # Prometheus (kubernetes-pods job) scrapes GET /metrics on the service's own port.
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "${port}"
        prometheus.io/path: /metrics
    spec:
      automountServiceAccountToken: false
      # Longer than the service's own shutdown grace, so in-flight requests finish on SIGTERM.
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        runAsGroup: 1000
        fsGroup: 1000
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: ${name}
          image: citizen-graph
          command: ["node", "dist/subgraphs/${name}/main.js"]
          ports:
            - name: http
              containerPort: ${port}
          envFrom:
            - configMapRef:
                name: citizen-graph-config
          env:
            - name: CALLER_CONTEXT_PUBLIC_KEY
              valueFrom:
                secretKeyRef:
                  name: citizen-graph-shared
                  key: CALLER_CONTEXT_PUBLIC_KEY
            - name: REDIS_URL
              valueFrom:
                secretKeyRef:
                  name: citizen-graph-shared
                  key: REDIS_URL
            - name: CACHE_ENCRYPTION_KEYS
              valueFrom:
                secretKeyRef:
                  name: citizen-graph-shared
                  key: CACHE_ENCRYPTION_KEYS
            - name: CACHE_KEY_HASH_SECRET
              valueFrom:
                secretKeyRef:
                  name: citizen-graph-shared
                  key: CACHE_KEY_HASH_SECRET
            - name: SERVICE_KEY
              valueFrom:
                secretKeyRef:
                  name: citizen-graph-${name}
                  key: SERVICE_KEY
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: citizen-graph-${name}
                  key: DATABASE_URL
          livenessProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            periodSeconds: 5
            timeoutSeconds: 2
            failureThreshold: 2
          startupProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: 2
            failureThreshold: 30
          resources:
            requests:
              cpu: 100m
              memory: 192Mi
            limits:
              cpu: 1000m
              memory: 384Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        # The only writable path: Node's temp files. Stores are external (DATABASE_URL), so no data volume.
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: ${port}
      targetPort: http
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
`;
}

const upper = (name: string) => name.toUpperCase().replace(/-/g, '_');

/** Adds what deploy/k8s lacks for the system; returns the files it changed. Idempotent. */
export function deploySystem(root: string, system: SystemEntry): string[] {
  const base = path.join(root, 'deploy', 'k8s', 'base');
  const changed: string[] = [];
  const write = (file: string, text: string) => {
    writeFileSync(file, text);
    changed.push(path.relative(root, file));
  };
  const manifest = path.join(base, `${system.name}.yaml`);
  if (!existsSync(manifest)) write(manifest, subgraphManifest(system.name, system.port));

  const kustomization = path.join(base, 'kustomization.yaml');
  const k = readFileSync(kustomization, 'utf8');
  if (!k.includes(`  - ${system.name}.yaml\n`)) write(kustomization, k.replace(/(resources:\n(?: {2}- .+\n)+)/, `$1  - ${system.name}.yaml\n`));

  const configmap = path.join(base, 'configmap.yaml');
  let c = readFileSync(configmap, 'utf8');
  const before = c;
  const hostLine = `  ${upper(system.name)}_SUBGRAPH_HOST: 0.0.0.0\n`;
  if (!c.includes(hostLine)) c = c.replace(/((?: {2}[A-Z_]+_SUBGRAPH_HOST: .+\n)+)/, `$1${hostLine}`);
  const routeLine = `  SUBGRAPH_URL_${upper(system.name)}: http://${system.name}:${system.port}/graphql\n`;
  if (!c.includes(routeLine)) c = c.replace(/((?: {2}SUBGRAPH_URL_[A-Z_]+: .+\n)+)/, `$1${routeLine}`);
  if (system.legacy?.port) {
    const legacyLine = `  LEGACY_${upper(system.legacy.name)}_URL: http://${system.legacy.name}.legacy.example.invalid:${system.legacy.port}\n`;
    if (!c.includes(legacyLine)) c = c.replace(/((?: {2}LEGACY_[A-Z_]+_URL: .+\n)+)/, `$1${legacyLine}`);
  }
  if (c !== before) write(configmap, c);

  const secrets = path.join(root, 'deploy', 'k8s', 'secrets', 'secrets.template.yaml');
  const s = readFileSync(secrets, 'utf8');
  if (!s.includes(`name: citizen-graph-${system.name}\n`)) {
    write(
      secrets,
      `${s.trimEnd()}\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: citizen-graph-${system.name}\ntype: Opaque\nstringData:\n` +
        `  # "${system.name}:<base64>" (npm run keys, the line under "# ${system.name} subgraph").\n  SERVICE_KEY: REPLACE_ME\n` +
        "  # PostgreSQL for this subgraph's idempotency keys.\n  DATABASE_URL: REPLACE_ME\n",
    );
  }
  return changed;
}
