import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api, queryString, type Query } from './client.ts';

export interface Resource<T> {
  data: T | undefined;
  etag: string | null;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  /** Replace the data after a successful change (e.g. the PATCH response and its new ETag) */
  replace: (data: T, etag?: string | null) => void;
}

interface State<T> {
  data?: T;
  etag: string | null;
  error?: ApiError;
  loading: boolean;
}

/**
 * GET a resource while the component is shown; `path` null waits. While a new page or filter loads,
 * the previous data stays on screen (marked busy), so lists do not jump.
 */
export function useApi<T>(path: string | null, query?: Query): Resource<T> {
  const key = path === null ? null : `${path}${queryString(query)}`;
  const [state, setState] = useState<State<T>>({ etag: null, loading: key !== null });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    api.get<T>(key, undefined, { signal: controller.signal }).then(
      (result) => {
        if (!controller.signal.aborted) setState({ data: result.data, etag: result.etag, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, { type: 'network', status: 0 });
        setState((previous) => ({ ...previous, error: apiError, loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const replace = useCallback(
    (data: T, etag?: string | null) =>
      setState((previous) => ({ data, etag: etag === undefined ? previous.etag : etag, loading: false })),
    [],
  );
  return { data: state.data, etag: state.etag, error: state.error, loading: state.loading, reload, replace };
}
