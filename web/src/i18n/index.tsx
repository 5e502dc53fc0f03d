import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { type Lang, setApiLanguage } from '../api/client.ts';
import { type MessageKey, type Messages, zhCN } from './zh-CN.ts';

export type { MessageKey };

/**
 * zh-CN ships with the first load; en-US is fetched the first time it is chosen (most visitors
 * never do), and until it arrives the provider shows nothing rather than mixed languages.
 */
const DICTIONARIES: Partial<Record<Lang, Messages>> = { 'zh-CN': zhCN };

function dictionary(lang: Lang): Messages {
  return DICTIONARIES[lang] ?? zhCN;
}

function loadDictionary(lang: Lang): Promise<void> {
  if (DICTIONARIES[lang]) return Promise.resolve();
  return import('./en-US.ts').then((m) => {
    DICTIONARIES['en-US'] = m.enUS;
  });
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

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  return format(dictionary(lang)[key], params);
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
export function PrefsProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [loaded, setLoaded] = useState<boolean>(() => !!DICTIONARIES[lang]);
  const [elder, setElderState] = useState<boolean>(() => stored(ELDER_KEY) === '1');
  setApiLanguage(lang);

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
  const dict = dictionary(lang) as Record<string, string>;
  return dict[key] ?? null;
}

/** Sets document.title to "page – site". */
export function usePageTitle(title: string): void {
  const { t } = usePrefs();
  useEffect(() => {
    document.title = title ? `${title} - ${t('app.name')}` : t('app.name');
  }, [title, t]);
}
