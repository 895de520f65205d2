import type { FormDefinition } from '../../core/forms/definition.ts';
import { useSharedApi } from '../cases/shared-fetch.ts';
import { useCleared } from '../persons/display.tsx';
import { fieldsOf } from '../../core/forms/definition.ts';
import type { FormSummary } from './types.ts';

/** The published forms (their current versions), asked for once. */
export const usePublishedForms = () => useSharedApi<{ items: FormSummary[] }>('/api/forms');

/**
 * A form definition: the current version, or the one an assessment was made with. A (key, version) never
 * changes, so it is shared between screens.
 */
export const useDefinition = (key: string | null, version?: number) =>
  useSharedApi<FormDefinition>(
    key === null ? null : `/api/forms/${encodeURIComponent(key)}`,
    version ? { version } : undefined,
  );

/** The fields of a form the user is not cleared for: shown as restricted, never answered. */
export function useUnclearedFields(definition: FormDefinition | undefined): string[] {
  const cleared = useCleared();
  if (!definition) return [];
  return fieldsOf(definition)
    .filter((field) => !cleared(field.sensitivity))
    .map((field) => field.key);
}
