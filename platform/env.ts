/**
 * Reading configuration from the environment, for entry points only (main.ts files and
 * scripts). Each reader fails at start with a message naming the variable and what it wants.
 */
export class EnvReader {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new Error(`environment variable ${name} is required`);
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  int(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`environment variable ${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  }

  port(name: string, fallback: number): number {
    return this.int(name, fallback, { min: 0, max: 65535 });
  }

  url(name: string, fallback?: string): string {
    const value = this.string(name, fallback);
    try {
      new URL(value);
    } catch {
      throw new Error(`environment variable ${name} must be a URL, got "${value}"`);
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'no'].includes(raw)) return false;
    throw new Error(`environment variable ${name} must be true or false, got "${raw}"`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name) ?? fallback;
    if (!allowed.includes(raw as T)) throw new Error(`environment variable ${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  }
}
