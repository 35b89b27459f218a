import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { renderConfigDoc, type ServiceConfig } from '../platform/config';

const ROOT = path.join(__dirname, '..');
export const CONFIG_DOC = path.join(ROOT, 'docs', 'configuration.md');

/** Every service's config.ts: gateway/, subgraphs/<name>/, legacy/<name>/ (a folder without one is skipped). */
export function serviceConfigFiles(): string[] {
  const under = (dir: string) =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'kit')
      .map((entry) => path.join(dir, entry.name, 'config.ts'))
      .sort();
  return ['gateway/config.ts', ...under('subgraphs'), ...under('legacy')].filter((file) => existsSync(path.join(ROOT, file)));
}

export function serviceConfigs(): ServiceConfig[] {
  return serviceConfigFiles().map((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = (require(path.join(ROOT, file)) as { serviceConfig?: ServiceConfig }).serviceConfig;
    if (!config) throw new Error(`${file} exports no serviceConfig`);
    return config;
  });
}

/** docs/configuration.md as the schemas say it should read. */
export function configDoc(): string {
  return renderConfigDoc(serviceConfigs());
}
