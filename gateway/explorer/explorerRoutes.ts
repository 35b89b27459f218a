import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { buildExplorer, EXPLORER_ASSETS_DIR, explorerBuilt } from './buildExplorer';
import type { DemoPersonaTokens } from './demoPersonas';

export interface ExplorerOptions {
  /** Serve the explorer at a browser's GET of /graphql and at /explorer; off in production unless GATEWAY_EXPLORER (main.ts). */
  readonly enabled: boolean;
  /** Persona switcher: only given where the development issuer is enabled (never in production). */
  readonly personas?: DemoPersonaTokens;
  /** Where the bundle lives; built there on first use when missing. */
  readonly assetsDir?: string;
}

/** The page asks this gateway only: the policy makes the browser refuse anything else too. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MAX_TOKEN_BODY_BYTES = 1024;

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Citizen Graph explorer</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/explorer/assets/explorer.css"></head>
<body style="margin:0"><div id="explorer" style="height:100vh"></div>
<script src="/explorer/assets/explorer.js"></script></body>
</html>`;

/**
 * The explorer's routes in front of GraphQL: the page (at /explorer, and at /graphql for a browser's
 * GET), its two static assets, and with personas GET /explorer/personas and POST /explorer/token.
 * Returns whether it answered the request; when off, it answers nothing and /explorer is a 404.
 */
export function createExplorerRoutes(options: ExplorerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const dir = options.assetsDir ?? EXPLORER_ASSETS_DIR;
  let built: Promise<void> | undefined;
  const ensureBuilt = () => (built ??= explorerBuilt(dir) ? Promise.resolve() : buildExplorer(dir));

  return async (req, res) => {
    if (!options.enabled) return false;
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    // A browser opening /graphql gets the page; a GET carrying an operation (?query=) is GraphQL's.
    const browserAtGraphql = pathname === '/graphql' && method === 'GET' && wantsHtml(req) && !searchParams.has('query');
    if (pathname === '/explorer' || pathname === '/explorer/' || browserAtGraphql) {
      await ensureBuilt();
      send(res, 200, 'text/html; charset=utf-8', PAGE);
      return true;
    }
    const asset = /^\/explorer\/assets\/(explorer\.(js|css))$/.exec(pathname);
    if (asset && method === 'GET') {
      await ensureBuilt();
      send(res, 200, asset[2] === 'js' ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8', await readFile(path.join(dir, asset[1])));
      return true;
    }
    if (pathname === '/explorer/personas' && method === 'GET') {
      if (!options.personas) return notFound(res, 'personas need the development issuer, which is off');
      sendJson(res, 200, { personas: options.personas.list() });
      return true;
    }
    if (pathname === '/explorer/token' && method === 'POST') {
      if (!options.personas) return notFound(res, 'personas need the development issuer, which is off');
      const id = await personaIdOf(req);
      const minted = id ? await options.personas.tokenFor(id) : undefined;
      if (!minted) {
        sendJson(res, 400, { error: 'body must be {"persona": <an id from GET /explorer/personas>}' });
        return true;
      }
      sendJson(res, 200, minted);
      return true;
    }
    return false;
  };
}

function wantsHtml(req: IncomingMessage): boolean {
  return String(req.headers.accept ?? '').includes('text/html');
}

async function personaIdOf(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_TOKEN_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { persona?: unknown };
    return typeof body.persona === 'string' ? body.persona : undefined;
  } catch {
    return undefined;
  }
}

function notFound(res: ServerResponse, message: string): true {
  sendJson(res, 404, { error: message });
  return true;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' });
  res.end(body);
}
