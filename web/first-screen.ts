import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Plugin } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));

/** The inline script's marker: the server hashes inline scripts into its CSP (`script-src`). */
export const FIRST_SCREEN_SCRIPT_ID = 'kepu-first-screen';

/**
 * The home page's first screen in both languages, from `src/first-screen.tsx`: bundled for Node
 * with esbuild (packages stay imports from node_modules) and run once per build.
 */
export async function renderFirstScreens(): Promise<Record<'zh' | 'en', string>> {
  const out = path.join(webDir, '..', 'node_modules', '.cache', 'kepu', 'first-screen.mjs');
  await fs.mkdir(path.dirname(out), { recursive: true });
  await build({
    entryPoints: [path.join(webDir, 'src', 'first-screen.tsx')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    jsx: 'automatic',
    logLevel: 'warning',
  });
  const mod = (await import(`${pathToFileURL(out).href}?t=${Date.now()}`)) as {
    renderFirstScreen: (lang: 'zh-CN' | 'en-US') => Promise<string>;
  };
  return { zh: await mod.renderFirstScreen('zh-CN'), en: await mod.renderFirstScreen('en-US') };
}

/** JSON that is safe inside an HTML <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Puts the pre-rendered first screen into index.html: on the home page only, in the language and
 * 适老化 mode the visitor chose on this device (the same localStorage keys the app reads), before
 * the first paint. It sits in #first-screen, beside #root (hidden meanwhile, styles.css); the
 * portal's layout removes it once the app has rendered, in the same frame the app shows, so the
 * same text is never painted twice nor the page seen empty. Other pages start empty, as before.
 */
export function firstScreenPlugin(): Plugin {
  return {
    name: 'kepu-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html) {
        const screens = await renderFirstScreens();
        const script = `(function(){try{if(location.pathname!=='/')return;var S=${scriptJson(screens)};var s=localStorage;var l=s.getItem('kepu.lang')==='en-US'?'en':'zh';var d=document.documentElement;d.lang=l==='en'?'en-US':'zh-CN';if(s.getItem('kepu.elder')==='1')d.classList.add('elder');document.getElementById('first-screen').innerHTML=S[l]}catch(e){}})()`;
        return html.replace(
          '<div id="root"></div>',
          `<div id="first-screen"></div>\n    <script id="${FIRST_SCREEN_SCRIPT_ID}">${script}</script>\n    <div id="root"></div>`,
        );
      },
    },
  };
}
