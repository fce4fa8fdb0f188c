/**
 * The GraphQL IDE served on GET /graphql to browsers: GraphiQL bundled from npm (web/build.ts), with
 * its Monaco workers, fonts and styles served by this server. Nothing is fetched from another origin.
 */
import 'graphiql/style.css';
import './page.css';
import { useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { IDE_EXAMPLES, IDE_HEADERS } from '../../server/src/web/ide.examples';

/** Hashed worker URLs, filled in by web/build.ts. */
declare const WORKROOM_WORKERS: Record<'editor.worker' | 'json.worker' | 'graphql.worker', string>;

// Without this Monaco looks for workers it cannot find: queries still run, but validation and autocompletion die.
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'json') return new Worker(WORKROOM_WORKERS['json.worker']);
    if (label === 'graphql') return new Worker(WORKROOM_WORKERS['graphql.worker']);
    return new Worker(WORKROOM_WORKERS['editor.worker']);
  },
};

const authorizationOf = (headers: string): string => /"authorization"\s*:\s*"([^"]*)"/i.exec(headers)?.[1] ?? '';
const hasToken = (authorization: string) => /^Bearer\s+\S+/i.test(authorization);

/**
 * One token for every tab: GraphiQL keeps headers per tab, so a tab still showing the empty
 * `Bearer ` template gets the token pasted in another. And because introspection needs a
 * signed-in user in production, the schema (docs, autocompletion) is fetched again whenever the
 * Authorization header changes.
 */
function TokenForAllTabs() {
  const activeTab = useGraphiQL((state) => state.activeTabIndex);
  const authorization = useGraphiQL((state) => authorizationOf(state.tabs[state.activeTabIndex]?.headers ?? ''));
  const headerEditor = useGraphiQL((state) => state.headerEditor);
  const { introspect } = useGraphiQLActions();
  const shared = useRef(authorization);
  const shownTab = useRef(activeTab);
  const introspectedWith = useRef(authorization);

  useEffect(() => {
    // Same tab: the person edited the header, and that is now the token (cleared included).
    if (shownTab.current === activeTab) {
      shared.current = authorization;
      return;
    }
    shownTab.current = activeTab;
    if (!hasToken(authorization) && hasToken(shared.current) && headerEditor) {
      headerEditor.setValue(JSON.stringify({ Authorization: shared.current }, null, 2));
    }
  }, [activeTab, authorization, headerEditor]);

  useEffect(() => {
    if (introspectedWith.current === authorization) return;
    introspectedWith.current = authorization;
    const timer = setTimeout(() => void introspect(), 300);
    return () => clearTimeout(timer);
  }, [authorization, introspect]);

  return (
    <span className="workroom-hint">
      Sign in with the first tab, then paste the token after <code>Bearer</code> in Headers.
    </span>
  );
}

const fetcher = createGraphiQLFetcher({ url: `${location.origin}/graphql` });

createRoot(document.getElementById('graphiql') as HTMLElement).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={IDE_EXAMPLES.map(({ query, variables }) => ({ query, variables, headers: IDE_HEADERS }))}
    defaultHeaders={IDE_HEADERS}
    defaultEditorToolsVisibility="headers"
  >
    <GraphiQL.Footer>
      <TokenForAllTabs />
    </GraphiQL.Footer>
  </GraphiQL>,
);
