/**
 * The home page's first screen, rendered to HTML at build time (`web/first-screen.ts`, a Vite
 * plugin) from the same components the app uses: the header and the hero. index.html carries it
 * for both languages, and a small inline script puts the visitor's into #root before the first
 * paint, so a phone shows the page while the app's script is still on its way. The app replaces
 * it when it starts (same markup, same size: nothing moves).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import type { Lang } from './api/client.ts';
import { loadDictionary, PrefsProvider } from './i18n/index.tsx';
import { HomeHero } from './portal/Home.tsx';
import { SiteHeader, SkipLink } from './portal/PortalLayout.tsx';

export async function renderFirstScreen(lang: Lang): Promise<string> {
  await loadDictionary(lang);
  return renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}>
      <PrefsProvider lang={lang}>
        <MemoryRouter initialEntries={['/']}>
          <div className="portal">
            <SkipLink />
            <SiteHeader />
            <main id="main" tabIndex={-1}>
              <HomeHero />
            </main>
          </div>
        </MemoryRouter>
      </PrefsProvider>
    </QueryClientProvider>,
  );
}
