import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { ApiError } from '../api/client.ts';
import { useI18n, useT } from '../i18n/context.tsx';
import { problemMessage } from './form.tsx';

let initialPage = true;

/**
 * A screen's title: sets the document title and, after a navigation inside the app, moves focus to the
 * heading so keyboard and screen-reader users start reading the new screen.
 */
export function Page(props: {
  title: string;
  actions?: ComponentChildren;
  children?: ComponentChildren;
  narrow?: boolean;
}) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t('common.appName')}`;
  }, [props.title, t]);
  useEffect(() => {
    if (initialPage) {
      initialPage = false;
      return;
    }
    heading.current?.focus();
  }, []);
  return (
    <div class={props.narrow ? 'page page-narrow' : 'page'}>
      <div class="page-head">
        <h1 tabIndex={-1} ref={heading}>
          {props.title}
        </h1>
        {props.actions && <div class="page-actions">{props.actions}</div>}
      </div>
      {props.children}
    </div>
  );
}

export function Loading(props: { label?: string }) {
  const t = useT();
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {props.label ?? t('common.loading')}
    </p>
  );
}

export function LoadError(props: { error: ApiError | undefined; retry?: () => void }) {
  const { t, locale } = useI18n();
  return (
    <div class="alert alert-error" role="alert">
      <p>{problemMessage(props.error, t, locale)}</p>
      {props.retry && (
        <button type="button" class="button secondary" onClick={props.retry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>;
}

/** Navigates (replacing the history entry) once rendered. */
export function Redirect(props: { to: string }) {
  const { route } = useLocation();
  useEffect(() => {
    route(props.to, true);
  }, [props.to, route]);
  return null;
}

/** A wide table stays readable at 360 px: it scrolls inside a keyboard-focusable, labelled region. */
export function TableRegion(props: { label: string; children: ComponentChildren; busy?: boolean }) {
  return (
    <div class="table-scroll" role="region" aria-label={props.label} tabIndex={0} aria-busy={props.busy}>
      {props.children}
    </div>
  );
}

export function Badge(props: { kind?: 'ok' | 'warn' | 'muted' | 'info'; children: ComponentChildren }) {
  return <span class={`badge badge-${props.kind ?? 'info'}`}>{props.children}</span>;
}

/** Accepts only a path inside this app, so a crafted ?next= cannot send anyone elsewhere. */
export function safeNext(next: string | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
