import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { deploySystem } from '../scripts/manifests/deploySystem';
import { DEFAULT_OVERLAY, type Manifest, readManifests, renderKustomization, retag } from '../scripts/render-manifests';
import { SYSTEMS, type SystemEntry } from '../systems';

// Offline validation of deploy/k8s against the Kubernetes OpenAPI schemas shipped in kubernetes-models
// (ajv validators). Those schemas allow unknown fields, so the checks below name the fields that matter.
const K8S = path.join(__dirname, '..', 'deploy', 'k8s');
const validators: Record<string, (m: Manifest) => { validate(): void }> = {
  'apps/v1 Deployment': (m) => new Deployment(m as never),
  'autoscaling/v2 HorizontalPodAutoscaler': (m) => new HorizontalPodAutoscaler(m as never),
  'policy/v1 PodDisruptionBudget': (m) => new PodDisruptionBudget(m as never),
  'v1 ConfigMap': (m) => new ConfigMap(m as never),
  'v1 Namespace': (m) => new Namespace(m as never),
  'v1 Secret': (m) => new Secret(m as never),
  'v1 Service': (m) => new Service(m as never),
};

function validate(m: Manifest, where: string): void {
  const make = validators[`${m.apiVersion} ${m.kind}`];
  if (!make) throw new Error(`${where}: no schema for ${m.apiVersion} ${m.kind}; add it to the test`);
  try {
    make(m).validate();
  } catch (error) {
    throw new Error(`${where}: ${m.kind} ${m.metadata?.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : e.name.endsWith('.yaml') ? [path.join(dir, e.name)] : [],
  );
}

type Container = {
  name: string;
  command?: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: object; limits?: object };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
};
const podOf = (m: Manifest) => (m.spec as { template: { spec: { securityContext?: { runAsNonRoot?: boolean }; containers: Container[] } } }).template.spec;

describe('Kubernetes manifests', () => {
  const rendered = renderKustomization(DEFAULT_OVERLAY);
  const secrets = readManifests(path.join(K8S, 'secrets', 'secrets.template.yaml'));

  it('manifests-cover-registry: every subgraph in systems/registry.ts is deployed: Deployment on its port, Service, PDB, its route and legacy URL in the ConfigMap, its Secret template', () => {
    const configMap = rendered.find((m) => m.kind === 'ConfigMap')!.data as Record<string, string>;
    for (const system of SYSTEMS as readonly SystemEntry[]) {
      const deployment = rendered.find((m) => m.kind === 'Deployment' && m.metadata.name === system.name);
      expect(deployment).toBeDefined();
      const container = podOf(deployment!).containers[0] as Container & { ports: { containerPort: number }[] };
      expect(container.command).toEqual(['node', `dist/subgraphs/${system.name}/main.js`]);
      expect(container.ports[0].containerPort).toBe(system.port);
      for (const kind of ['Service', 'PodDisruptionBudget']) expect(rendered.some((m) => m.kind === kind && m.metadata.name === system.name)).toBe(true);
      const upper = system.name.toUpperCase();
      expect(configMap[`SUBGRAPH_URL_${upper}`]).toBe(`http://${system.name}:${system.port}/graphql`);
      expect(configMap[`${upper}_SUBGRAPH_HOST`]).toBe('0.0.0.0');
      if (system.legacy?.port) expect(configMap[`LEGACY_${system.legacy.name.toUpperCase()}_URL`]).toMatch(new RegExp(`:${system.legacy.port}$`));
      expect(secrets.some((m) => m.metadata.name === `citizen-graph-${system.name}`)).toBe(true);
    }
    // What the onboarding command runs finds nothing to add.
    const copy = mkdtempSync(path.join(tmpdir(), 'deploy-'));
    try {
      cpSync(K8S, path.join(copy, 'deploy', 'k8s'), { recursive: true });
      for (const system of SYSTEMS as readonly SystemEntry[]) expect(deploySystem(copy, system)).toEqual([]);
      const added = deploySystem(copy, {
        name: 'school',
        title: 'School enrolment',
        port: 4010,
        legacy: { name: 'school', title: 'x', protocol: 'rest', port: 5010 },
        files: {},
      });
      expect(added.sort()).toEqual([
        'deploy/k8s/base/configmap.yaml',
        'deploy/k8s/base/kustomization.yaml',
        'deploy/k8s/base/school.yaml',
        'deploy/k8s/secrets/secrets.template.yaml',
      ]);
      const school = renderKustomization(path.join(copy, 'deploy', 'k8s', 'base'));
      for (const m of school.filter((d) => d.metadata.name === 'school')) validate(m, 'school.yaml');
      expect((school.find((m) => m.kind === 'ConfigMap')!.data as Record<string, string>).LEGACY_SCHOOL_URL).toBe('http://school.legacy.example.invalid:5010');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it("every manifest file parses and each document is valid against its kind's schema", () => {
    const files = yamlFiles(K8S).filter((f) => path.basename(f) !== 'kustomization.yaml');
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) for (const m of readManifests(file)) validate(m, path.relative(K8S, file));
  });

  it('the rendered overlay is valid, in its namespace, on the pinned image', () => {
    for (const m of rendered) validate(m, 'overlays/production');
    expect(rendered.filter((m) => m.kind !== 'Namespace').every((m) => m.metadata.namespace === 'citizen-graph')).toBe(true);
    const images = rendered
      .filter((m) => m.kind === 'Deployment')
      .map((m) => (m.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image);
    expect(new Set(images)).toEqual(new Set(['registry.example.invalid/citizen-graph:0.1.0']));
  });

  it('the gateway and each subgraph run with probes, limits, non-root and a read-only root, behind a Service and a PodDisruptionBudget', () => {
    const deployments = rendered.filter((m) => m.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['gateway', ...SYSTEMS.map((s) => s.name)].sort());
    for (const d of deployments) {
      const pod = podOf(d);
      const [c] = pod.containers;
      expect([d.metadata.name, c.livenessProbe?.httpGet?.path, c.readinessProbe?.httpGet?.path]).toEqual([d.metadata.name, '/health', '/ready']);
      expect(c.resources?.requests && c.resources?.limits).toBeTruthy();
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(c.command).toEqual(['node', d.metadata.name === 'gateway' ? 'dist/gateway/main.js' : `dist/subgraphs/${d.metadata.name}/main.js`]);
      for (const kind of ['Service', 'PodDisruptionBudget'])
        expect([d.metadata.name, rendered.some((m) => m.kind === kind && m.metadata.name === d.metadata.name)]).toEqual([d.metadata.name, true]);
    }
    const hpa = rendered.filter((m) => m.kind === 'HorizontalPodAutoscaler');
    expect(hpa.map((h) => (h.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name)).toEqual(['gateway']);
  });

  it("prometheus-scrape-annotations: every pod template asks Prometheus to scrape /metrics on the container's own port", () => {
    const deployments = rendered.filter((m) => m.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThanOrEqual(6);
    for (const d of deployments) {
      const template = (
        d.spec as { template: { metadata?: { annotations?: Record<string, string> }; spec: { containers: { ports?: { containerPort: number }[] }[] } } }
      ).template;
      const port = template.spec.containers[0].ports?.[0]?.containerPort;
      expect([d.metadata.name, template.metadata?.annotations]).toEqual([
        d.metadata.name,
        {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(port),
          'prometheus.io/path': '/metrics',
        },
      ]);
    }
  });

  it('one gateway process per pod (GATEWAY_WORKERS=1): the gateway scales by replicas, not by forking a worker per node core', () => {
    const config = rendered.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'citizen-graph-config')!;
    expect((config.data as Record<string, string>).GATEWAY_WORKERS).toBe('1');
  });

  it('every secret a Deployment reads is in the templates, which hold no real values', () => {
    const keys = new Map(secrets.map((s) => [s.metadata.name, s.stringData as Record<string, string>]));
    for (const s of secrets) expect(Object.values(s.stringData as object).every((v) => v === 'REPLACE_ME')).toBe(true);
    const configMaps = new Set(rendered.filter((m) => m.kind === 'ConfigMap').map((m) => m.metadata.name));
    for (const d of rendered.filter((m) => m.kind === 'Deployment')) {
      const [c] = podOf(d).containers;
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) expect([d.metadata.name, e.name, keys.get(ref.name)?.[ref.key]]).toEqual([d.metadata.name, e.name, 'REPLACE_ME']);
      }
      for (const from of c.envFrom ?? []) if (from.configMapRef) expect(configMaps.has(from.configMapRef.name)).toBe(true);
    }
    const secretEnv = (name: string) =>
      (podOf(rendered.find((m) => m.kind === 'Deployment' && m.metadata.name === name)!).containers[0].env ?? []).map((e) => e.name).sort();
    expect(secretEnv('gateway')).toEqual(['CALLER_CONTEXT_PRIVATE_KEY', 'REDIS_URL']);
    expect(secretEnv('tax')).toEqual([
      'CACHE_ENCRYPTION_KEYS',
      'CACHE_KEY_HASH_SECRET',
      'CALLER_CONTEXT_PUBLIC_KEY',
      'DATABASE_URL',
      'REDIS_URL',
      'SERVICE_KEY',
    ]);
    expect(secretEnv('selfservice')).toEqual(['CALLER_CONTEXT_PUBLIC_KEY', 'DATABASE_URL', 'INTERNAL_SERVICE_KEYS']);
  });

  it('renders images as Kustomize does', () => {
    expect(retag('citizen-graph', [{ name: 'citizen-graph', newName: 'r.example/cg', newTag: '1' }])).toBe('r.example/cg:1');
    expect(retag('r.example:5000/cg:old', [{ name: 'r.example:5000/cg', newTag: '2' }])).toBe('r.example:5000/cg:2');
    expect(retag('other:1', [{ name: 'citizen-graph', newTag: '2' }])).toBe('other:1');
  });

  it('the renderer refuses a Kustomize field it does not implement', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kustomize-'));
    try {
      writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: []\nnamePrefix: prod-\n');
      expect(() => renderKustomization(dir)).toThrow(/"namePrefix" is not supported/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a document that breaks its schema is refused', () => {
    const bad = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'x', image: 1 }] } } },
    } as unknown as Manifest;
    expect(() => validate(bad, 'inline')).toThrow(/image must be string/);
  });
});
