import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { Me } from '../api/types.ts';
import { loadMessages, type MessageKey, type MessagePart } from '../i18n/index.tsx';

/**
 * The console is assembled from sections that each feature folder exports (`works/sections.tsx`,
 * `reviews/sections.tsx`, …): one list gives both the menu and the routes, so they cannot
 * disagree, and every page loads on first visit as its own chunk.
 */

/** The menu's groups, in the order shown. */
export const MENU_GROUPS = [
  { id: 'works', label: 'admin.worksGroup' },
  { id: 'reviews', label: 'admin.reviewsGroup' },
  { id: 'activities', label: 'admin.activitiesGroup' },
  { id: 'emergency', label: 'admin.emergencyGroup' },
  { id: 'people', label: 'admin.peopleGroup' },
  { id: 'system', label: 'admin.system' },
] as const satisfies readonly { id: string; label: MessageKey }[];

export type MenuGroupId = (typeof MENU_GROUPS)[number]['id'];

export interface MenuEntry {
  group: MenuGroupId;
  labelKey: MessageKey;
  /** Place within the group, ascending (gaps of 10 leave room for a module to slot in). */
  order: number;
  /** Shown before the label, hidden from assistive technology (the label names the entry). */
  icon?: ComponentType;
  /** Highlighted only on its own path, not on the pages below it. */
  end?: boolean;
}

/** One console page: its address, who may open it, the page, and its menu entry if it has one. */
export interface ConsoleSection {
  /** Path below `/admin/`, in React Router's syntax (`works/:id/edit`). */
  path: string;
  /** Who may open it; the server checks again on every request this page makes. */
  allowed: (me: Me) => boolean;
  /** The page, built from a `lazyPage` component so it loads only when opened. */
  render: (me: Me) => ReactNode;
  menu?: MenuEntry;
}

/** The exports of a module that are components. */
type PageExport<M> = { [K in keyof M]: M[K] extends ComponentType<never> ? K : never }[keyof M];
type PropsOf<C> = C extends ComponentType<infer P> ? P : never;

/**
 * A page loaded on first visit, in its own chunk, together with its feature's dictionary:
 * `lazyPage(() => import('./Audit.tsx'), 'AuditPage', SYSTEM_MESSAGES)`. Declare it once per
 * page at module level, so routes showing the same page share one component (and its state rules).
 */
export function lazyPage<M, K extends PageExport<M>>(
  load: () => Promise<M>,
  name: K,
  messages: MessagePart,
): LazyExoticComponent<ComponentType<PropsOf<M[K]>>> {
  return lazy(() =>
    Promise.all([load(), loadMessages(messages)]).then(([m]) => ({
      default: m[name] as ComponentType<PropsOf<M[K]>>,
    })),
  );
}

export interface MenuGroup {
  id: MenuGroupId;
  label: MessageKey;
  items: (MenuEntry & { path: string })[];
}

/** The menu this person sees: groups in `MENU_GROUPS` order, entries by `order`, empty groups left out. */
export function menuFor(sections: readonly ConsoleSection[], me: Me): MenuGroup[] {
  return MENU_GROUPS.map((g) => ({
    id: g.id,
    label: g.label,
    items: sections
      .flatMap((s) =>
        s.menu && s.menu.group === g.id && s.allowed(me) ? [{ ...s.menu, path: s.path }] : [],
      )
      .sort((a, b) => a.order - b.order),
  })).filter((g) => g.items.length > 0);
}

/** Whether the console has anything for this person (otherwise its home says so). */
export function hasConsole(sections: readonly ConsoleSection[], me: Me): boolean {
  return menuFor(sections, me).length > 0;
}
