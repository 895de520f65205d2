import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/context.tsx';
import { problemMessage } from './form.tsx';

/** An action outside a form (end a session, revoke a token) and its failure, as a sentence to show. */
export function useActionError() {
  const { t, locale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  /** Runs `action`; true when it succeeded, otherwise its failure becomes `error`. */
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(problemMessage(failure, t, locale));
      return false;
    }
  };
  return { error, run };
}
