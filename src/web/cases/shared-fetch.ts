import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, queryString, type Query } from '../api/client.ts';
import { useSession } from '../session/session.tsx';

/**
 * Lists that rarely change (reference lists, the agency's programmes and teams) are asked for once and
 * shared by every component that needs them, instead of once per component; kept a few minutes. Keyed by
 * user, so nothing carries over to the next person who signs in on this device.
 */
const cache = new Map<string, { at: number; promise: Promise<unknown> }>();
const KEEP_MS = 5 * 60_000;

export interface Shared<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

export function useSharedApi<T>(path: string | null, query?: Query): Shared<T> {
  const session = useSession();
  const user = session.me?.id ?? '';
  const key = path === null ? null : `${user}\u0000${path}${queryString(query)}`;
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError }>({ key: null });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (key === null) return;
    let live = true;
    const kept = cache.get(key);
    let promise = kept && Date.now() - kept.at < KEEP_MS ? (kept.promise as Promise<T>) : undefined;
    if (!promise) {
      promise = api.get<T>(`${path}${queryString(query)}`).then((result) => result.data);
      cache.set(key, { at: Date.now(), promise });
      // A failure is not kept: the next component (or a retry) asks again.
      promise.catch(() => cache.delete(key));
    }
    promise.then(
      (data) => live && setState({ key, data }),
      (error: unknown) =>
        live &&
        setState({
          key,
          error: error instanceof ApiError ? error : new ApiError(0, { type: 'network', status: 0 }),
        }),
    );
    return () => {
      live = false;
    };
  }, [key, nonce]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && (!current || (state.data === undefined && state.error === undefined)),
    reload: () => {
      if (key) cache.delete(key);
      setNonce((n) => n + 1);
    },
  };
}
