import { explorerPlugin } from '@graphiql/plugin-explorer';
import '@graphiql/plugin-explorer/dist/style.css';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLE_TABS } from './examples';

/** What GET /explorer/personas answers (gateway/explorer/personaTokens.ts). */
interface DemoPersona {
  readonly id: string;
  readonly label: string;
  readonly actFor?: string;
}

interface Session {
  readonly personaId: string;
  readonly token?: string;
  readonly actFor?: string;
}

// Every request goes to the gateway that served this page: nothing else is ever asked.
const GRAPHQL_PATH = '/graphql';

function Explorer() {
  const [personas, setPersonas] = useState<readonly DemoPersona[] | undefined>(undefined);
  const [session, setSession] = useState<Session>({ personaId: 'anonymous' });
  const [error, setError] = useState<string | undefined>(undefined);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  useEffect(() => {
    fetch('/explorer/personas')
      .then(async (response) => {
        // 404: no development issuer (a production gateway); the explorer runs without personas.
        if (response.ok) setPersonas(((await response.json()) as { personas: DemoPersona[] }).personas);
      })
      .catch(() => undefined);
  }, []);

  const choose = async (personaId: string) => {
    setError(undefined);
    if (personaId === 'anonymous') return setSession({ personaId });
    const response = await fetch('/explorer/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: personaId }),
    });
    if (!response.ok) return setError(`no token for ${personaId}: HTTP ${response.status}`);
    const body = (await response.json()) as { token: string; actFor?: string };
    setSession({ personaId, token: body.token, actFor: body.actFor });
  };

  const fetcher = useMemo(
    () => async (params: unknown, options?: { headers?: Record<string, string> }) => {
      const current = sessionRef.current;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options?.headers ?? {}),
      };
      if (current.token) headers.authorization = `Bearer ${current.token}`;
      if (current.actFor) headers['x-act-for'] = current.actFor;
      const response = await fetch(GRAPHQL_PATH, { method: 'POST', headers, body: JSON.stringify(params) });
      return response.json();
    },
    [],
  );
  const plugins = useMemo(() => [explorerPlugin()], []);
  const chosen = personas?.find((p) => p.id === session.personaId);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      <header
        className="cg-personas"
        style={{ padding: '6px 12px', fontFamily: 'sans-serif', fontSize: 14, display: 'flex', gap: 12, alignItems: 'center', borderBottom: '1px solid #ddd' }}
      >
        <strong>Citizen Graph</strong>
        {personas ? (
          <label>
            Persona{' '}
            <select id="persona" value={session.personaId} onChange={(event) => void choose(event.target.value)}>
              <option value="anonymous">Anonymous (public data only)</option>
              {personas.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span>Personas are off (no development issuer): send your own Authorization header.</span>
        )}
        <span id="persona-status">
          {session.token ? `signed in as ${session.personaId}${chosen?.actFor ? `, acting for ${chosen.actFor}` : ''}` : 'anonymous'}
        </span>
        {error ? <span style={{ color: '#b00' }}>{error}</span> : null}
      </header>
      <div style={{ flex: 1, minHeight: 0 }}>
        <GraphiQL
          fetcher={fetcher as never}
          plugins={plugins}
          defaultTabs={EXAMPLE_TABS.map((t) => ({ ...t }))}
          variables={EXAMPLE_TABS[0].variables}
          shouldPersistHeaders={false}
        />
      </div>
    </div>
  );
}

createRoot(document.getElementById('explorer')!).render(<Explorer />);
