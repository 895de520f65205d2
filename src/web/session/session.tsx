import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, setCsrfToken } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { useI18n } from '../i18n/context.tsx';
import { isLocale, type Locale } from '../i18n/i18n.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'error'; error: ApiError }
  | { status: 'signed-in'; me: Me; etag: string | null };

export interface Session {
  state: SessionState;
  me: Me | null;
  /** Reads GET /api/me again (after login, 2FA, a change of roles…); null when not signed in. */
  refresh: () => Promise<Me | null>;
  /** Forget the session locally (it ended on the server). */
  clear: () => void;
  signOut: () => Promise<void>;
  can: (permission: string) => boolean;
  /** Switches the language; for a signed-in user it is saved to their account. */
  changeLocale: (locale: Locale) => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Signed in, but the account must enrol two-factor login before anything else. */
export const mustEnrolTwoFactor = (me: Me) =>
  !me.fullyAuthenticated || (me.twoFactor.required && !me.twoFactor.enabled);

export function SessionProvider(props: { children: ComponentChildren }) {
  const { locale, setLocale } = useI18n();
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async (): Promise<Me | null> => {
    try {
      const { data: me, etag } = await api.get<Me>('/api/me', undefined, { quiet: true });
      setCsrfToken(me.csrfToken);
      if (isLocale(me.locale)) await setLocale(me.locale).catch(() => undefined);
      setState({ status: 'signed-in', me, etag });
      return me;
    } catch (error) {
      setCsrfToken(undefined);
      if (error instanceof ApiError && error.status === 401) {
        setState({ status: 'anonymous' });
        return null;
      }
      const apiError = error instanceof ApiError ? error : new ApiError(0, { type: 'network', status: 0 });
      setState({ status: 'error', error: apiError });
      throw apiError;
    }
  }, [setLocale]);

  useEffect(() => {
    refresh().catch(() => undefined);
  }, [refresh]);

  const clear = useCallback(() => {
    setCsrfToken(undefined);
    setState({ status: 'anonymous' });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', undefined, { quiet: true });
    } catch {
      // The session may already be over; either way nothing of it stays in this tab.
    }
    clear();
  }, [clear]);

  const me = state.status === 'signed-in' ? state.me : null;
  const etag = state.status === 'signed-in' ? state.etag : null;

  const changeLocale = useCallback(
    async (next: Locale) => {
      if (next === locale) return;
      await setLocale(next);
      if (me) {
        const result = await api.patch<Me>('/api/me', { locale: next }, etag);
        const updated =
          result.data && typeof result.data === 'object' ? result.data : { ...me, locale: next };
        setState({ status: 'signed-in', me: { ...me, ...updated }, etag: result.etag ?? etag });
      }
    },
    [locale, setLocale, me, etag],
  );

  const value = useMemo<Session>(
    () => ({
      state,
      me,
      refresh,
      clear,
      signOut,
      can: (permission) => me?.permissions.includes(permission) ?? false,
      changeLocale,
    }),
    [state, me, refresh, clear, signOut, changeLocale],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The session as a read-only screen sees it: `can` grants reading (`…:read`) only. */
export const readOnlySession = (session: Session): Session => ({
  ...session,
  can: (permission) => permission.endsWith(':read') && session.can(permission),
});

/**
 * Beneath it, when `readOnly`, every screen offers reading only (e.g. a case another institution shared:
 * the server refuses any change to it anyway).
 */
export function ReadOnlySession(props: { readOnly: boolean; children: ComponentChildren }) {
  const session = useSession();
  const value = useMemo(
    () => (props.readOnly ? readOnlySession(session) : session),
    [session, props.readOnly],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}
