import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import type { messages as activitiesMessages } from '../activities/messages.zh-CN.ts';
import type { messages as consoleMessages } from '../admin/messages.zh-CN.ts';
import type { messages as systemMessages } from '../admin/system-messages.zh-CN.ts';
import { type Lang, setApiLanguage } from '../api/client.ts';
import type { messages as appointmentsMessages } from '../appointments/messages.zh-CN.ts';
import type { messages as basesMessages } from '../bases/messages.zh-CN.ts';
import type { messages as certificatesMessages } from '../certificates/messages.zh-CN.ts';
import type { messages as collectionsMessages } from '../collections/messages.zh-CN.ts';
import type { messages as debunksMessages } from '../debunks/messages.zh-CN.ts';
import type { messages as emergencyMessages } from '../emergency/messages.zh-CN.ts';
import type { messages as expertsMessages } from '../experts/messages.zh-CN.ts';
import type { messages as facilitiesMessages } from '../facilities/messages.zh-CN.ts';
import type { messages as hotspotMessages } from '../hotspots/messages.zh-CN.ts';
import type { messages as mediaMessages } from '../media/messages.zh-CN.ts';
import type { messages as recordMessages } from '../record/messages.zh-CN.ts';
import type { messages as reviewsMessages } from '../reviews/messages.zh-CN.ts';
import type { messages as squadsMessages } from '../squads/messages.zh-CN.ts';
import type { messages as trainingMessages } from '../training/messages.zh-CN.ts';
import type { messages as volunteersMessages } from '../volunteers/messages.zh-CN.ts';
import type { messages as worksMessages } from '../works/messages.zh-CN.ts';
import { zhCN } from './zh-CN.ts';

/**
 * Every key `t()` accepts: the core dictionary's (shell and portal, here) and each feature's
 * (`works/messages.zh-CN.ts`, …). A feature's keys load with its console pages, so a file may use
 * only the dictionaries loaded wherever it is shown: `scripts/i18n-scope.test.ts` checks that.
 */
export type MessageKey =
  | keyof typeof zhCN
  | keyof typeof activitiesMessages
  | keyof typeof consoleMessages
  | keyof typeof systemMessages
  | keyof typeof basesMessages
  | keyof typeof collectionsMessages
  | keyof typeof debunksMessages
  | keyof typeof expertsMessages
  | keyof typeof mediaMessages
  | keyof typeof reviewsMessages
  | keyof typeof squadsMessages
  | keyof typeof volunteersMessages
  | keyof typeof trainingMessages
  | keyof typeof hotspotMessages
  | keyof typeof certificatesMessages
  | keyof typeof appointmentsMessages
  | keyof typeof recordMessages
  | keyof typeof emergencyMessages
  | keyof typeof facilitiesMessages
  | keyof typeof worksMessages;

/** Another language's version of a zh-CN dictionary: exactly its keys, each a string. */
export type MessagesLike<T> = { readonly [K in keyof T]: string };

type Dictionary = Readonly<Record<string, string>>;

/**
 * One feature's dictionary in both languages, each fetched on first use (`defineMessages` in the
 * feature's `messages.ts`); its console pages name it in `lazyPage`, so it loads with them.
 */
export interface MessagePart {
  name: string;
  load: Record<Lang, () => Promise<Dictionary>>;
}

/** A feature's dictionary, from its two files: `defineMessages('works', { 'zh-CN': () => import(…), … })`. */
export function defineMessages(
  name: string,
  load: Record<Lang, () => Promise<{ messages: Dictionary }>>,
): MessagePart {
  return {
    name,
    load: {
      'zh-CN': () => load['zh-CN']().then((m) => m.messages),
      'en-US': () => load['en-US']().then((m) => m.messages),
    },
  };
}

/** The core dictionary: zh-CN ships with the first load, en-US is fetched when first chosen. */
const CORE: MessagePart = {
  name: 'core',
  load: {
    'zh-CN': () => Promise.resolve(zhCN),
    'en-US': () => import('./en-US.ts').then((m) => m.enUS),
  },
};

/** Each language's keys loaded so far, all parts merged (part keys never overlap: the test checks). */
const LOADED: Record<Lang, Record<string, string>> = { 'zh-CN': { ...zhCN }, 'en-US': {} };
/** The parts some page has asked for; a change of language fetches all of them first. */
const WANTED = new Set<MessagePart>([CORE]);
const LOADING = new Map<string, Promise<void>>();
const DONE = new Set<string>(['core:zh-CN']);
/** The language shown, read by pages loading outside React (`lazyPage`). */
let activeLang: Lang = 'zh-CN';

function loadPart(part: MessagePart, lang: Lang): Promise<void> {
  const id = `${part.name}:${lang}`;
  let done = LOADING.get(id);
  if (!done) {
    done = part.load[lang]().then((messages) => {
      Object.assign(LOADED[lang], messages);
      DONE.add(id);
    });
    done.catch(() => LOADING.delete(id)); // a failed chunk is tried again next time
    LOADING.set(id, done);
  }
  return done;
}

function isLoaded(lang: Lang): boolean {
  return DONE.has(`core:${lang}`);
}

/** Fetches every wanted part in `lang`, including parts asked for while this was under way. */
export async function loadDictionary(lang: Lang): Promise<void> {
  let count = 0;
  while (count !== WANTED.size) {
    count = WANTED.size;
    await Promise.all([...WANTED].map((part) => loadPart(part, lang)));
  }
}

/**
 * Loads a feature's dictionary in the language shown (and, on a change of language, the new
 * one): a lazy page awaits this beside its own chunk, so it never shows a key.
 */
export function loadMessages(part: MessagePart): Promise<void> {
  WANTED.add(part);
  return loadPart(part, activeLang);
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

function format(template: string, params: Params): string {
  const withMonths: Params = { ...params };
  for (const k of ['month', 'endMonth'] as const) {
    const m = params[k];
    if (typeof m === 'number') withMonths[`${k}Name`] = MONTHS_EN[m - 1] ?? String(m);
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    withMonths[name] === undefined ? whole : String(withMonths[name]),
  );
}

/** A key missing in `lang` (a part still on its way) falls back to zh-CN, then to the key. */
export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  return format(LOADED[lang][key] ?? LOADED['zh-CN'][key] ?? key, params);
}

interface Prefs {
  lang: Lang;
  setLang: (lang: Lang) => void;
  elder: boolean;
  setElder: (on: boolean) => void;
  t: Translate;
}

const PrefsContext = createContext<Prefs | null>(null);
const LANG_KEY = 'kepu.lang';
const ELDER_KEY = 'kepu.elder';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: the preference lasts for this page only
  }
}

function initialLang(): Lang {
  const saved = stored(LANG_KEY);
  return saved === 'en-US' || saved === 'zh-CN' ? saved : 'zh-CN';
}

/** Language and 适老化 preferences; both persist in localStorage and show on <html>. */
export function PrefsProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  // `lang` is given only where there is no browser: the build's pre-rendered first screen.
  const [lang, setLangState] = useState<Lang>(() => fixed ?? initialLang());
  const [loaded, setLoaded] = useState<boolean>(() => isLoaded(lang));
  const [elder, setElderState] = useState<boolean>(() => stored(ELDER_KEY) === '1');
  setApiLanguage(lang);
  activeLang = lang;

  useEffect(() => {
    if (loaded) return;
    let live = true;
    loadDictionary(lang).then(
      () => live && setLoaded(true),
      () => live && setLangState('zh-CN'), // offline or a failed chunk: stay in Chinese
    );
    return () => {
      live = false;
    };
  }, [lang, loaded]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    document.documentElement.classList.toggle('elder', elder);
  }, [elder]);

  const setLang = useCallback((next: Lang) => {
    store(LANG_KEY, next);
    // Switch once the dictionary is here, so the page never shows the other language's keys.
    loadDictionary(next).then(
      () => {
        activeLang = next;
        setApiLanguage(next);
        setLangState(next);
        setLoaded(true);
      },
      () => undefined,
    );
  }, []);
  const setElder = useCallback((on: boolean) => {
    store(ELDER_KEY, on ? '1' : '0');
    setElderState(on);
  }, []);
  const t = useCallback<Translate>((key, params) => translate(lang, key, params), [lang]);

  return (
    <PrefsContext.Provider value={{ lang, setLang, elder, setElder, t }}>
      {loaded ? children : null}
    </PrefsContext.Provider>
  );
}

export function usePrefs(): Prefs {
  const prefs = useContext(PrefsContext);
  if (!prefs) throw new Error('usePrefs outside PrefsProvider');
  return prefs;
}

export function useT(): Translate {
  return usePrefs().t;
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
};

/** A stored UTC timestamp in Beijing time, written the way the UI language writes dates. */
export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, DATE_TIME).format(new Date(iso));
}

/** A dictionary lookup for codes that may be unknown to this build (falls back to the code). */
export function translateOptional(lang: Lang, key: string): string | null {
  return LOADED[lang][key] ?? null;
}

/** Sets document.title to "page – site". */
export function usePageTitle(title: string): void {
  const { t } = usePrefs();
  useEffect(() => {
    document.title = title ? `${title} - ${t('app.name')}` : t('app.name');
  }, [title, t]);
}
