import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/**
 * `npm run manifests -- [kustomization dir]` (default deploy/k8s/overlays/production): renders a
 * Kustomize tree to YAML on stdout without kubectl, for review and for the manifest test.
 * Only the subset this project uses; any other field is refused, so the output never silently
 * differs from `kubectl kustomize`: resources (files and kustomization folders), namespace,
 * labels (pairs, metadata only), images (name, newName, newTag), replicas.
 */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
};

interface Kustomization {
  resources?: string[];
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  replicas?: { name: string; count: number }[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'replicas']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass']);
export const DEFAULT_OVERLAY = path.join(__dirname, '..', 'deploy', 'k8s', 'overlays', 'production');

/** Every document of a YAML file, parse errors named with the file. */
export function readManifests(file: string): Manifest[] {
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
  return docs
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS() as Manifest;
    })
    .filter((m) => m !== null);
}

export function renderKustomization(dir: string): Manifest[] {
  const file = path.join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${dir} has no kustomization.yaml`);
  const k = YAML.parse(readFileSync(file, 'utf8')) as Kustomization;
  for (const field of Object.keys(k)) {
    if (!SUPPORTED.has(field))
      throw new Error(
        `${file}: "${field}" is not supported by scripts/render-manifests.ts (supported: ${[...SUPPORTED].join(', ')}); extend the renderer or use kubectl kustomize`,
      );
  }
  const manifests = (k.resources ?? []).flatMap((resource) => {
    const target = path.join(dir, resource);
    return statSync(target).isDirectory() ? renderKustomization(target) : readManifests(target);
  });
  for (const m of manifests) {
    if (k.namespace && !CLUSTER_SCOPED.has(m.kind)) m.metadata.namespace = k.namespace;
    for (const label of k.labels ?? []) {
      if (label.includeSelectors || label.includeTemplates) throw new Error(`${file}: labels with includeSelectors/includeTemplates are not supported`);
      m.metadata.labels = { ...m.metadata.labels, ...label.pairs };
    }
    for (const container of containersOf(m)) container.image = retag(container.image, k.images ?? []);
    const replicas = (k.replicas ?? []).find((r) => r.name === m.metadata.name);
    if (replicas && (m.kind === 'Deployment' || m.kind === 'StatefulSet')) (m.spec as { replicas?: number }).replicas = replicas.count;
  }
  for (const r of k.replicas ?? []) {
    if (!manifests.some((m) => m.kind === 'Deployment' && m.metadata.name === r.name))
      throw new Error(`${file}: replicas for "${r.name}", which is no Deployment here`);
  }
  return manifests;
}

function containersOf(m: Manifest): { image: string }[] {
  const pod = (m.spec as { template?: { spec?: { containers?: { image: string }[]; initContainers?: { image: string }[] } } } | undefined)?.template?.spec;
  return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])];
}

/** Kustomize's image transformer: a reference whose name (without tag or digest) matches gets the new name and tag. */
export function retag(image: string, rules: NonNullable<Kustomization['images']>): string {
  const at = image.indexOf('@');
  const colon = image.lastIndexOf(':');
  const nameEnd = at !== -1 ? at : colon > image.lastIndexOf('/') ? colon : image.length;
  const name = image.slice(0, nameEnd);
  const rule = rules.find((r) => r.name === name);
  if (!rule) return image;
  return `${rule.newName ?? name}${rule.newTag !== undefined ? `:${rule.newTag}` : image.slice(nameEnd)}`;
}

function main(): void {
  const dir = path.resolve(process.argv[2] ?? DEFAULT_OVERLAY);
  process.stdout.write(
    renderKustomization(dir)
      .map((m) => YAML.stringify(m))
      .join('---\n'),
  );
}

if (require.main === module) main();
