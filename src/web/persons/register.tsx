import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import { Page } from '../ui/page.tsx';
import { DateOfBirth, PersonName, useCleared } from './display.tsx';
import { NoContactWarning } from './no-contact.tsx';
import { creationInput, emptyDraft, matchInput, type PersonDraft } from './person-draft.ts';
import { PersonFields } from './person-fields.tsx';
import type { MatchCandidate, MatchResult, Person } from './types.ts';
import { personLabel } from './vocabulary.ts';
import { ElsewhereNotices, ExplanationTable, usePercent } from '../linkage/explanation.tsx';
import './persons.css';

/** "¿Es alguna de estas personas?": the likely existing records, before a new one is written. */
function Matches(props: {
  candidates: MatchCandidate[];
  elsewhere: MatchResult['elsewhere'];
  busy: boolean;
  onContinue: () => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const percent = usePercent();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="panel matches" aria-labelledby="matches-title" data-testid="possible-matches">
      <h2 id="matches-title" tabIndex={-1} ref={heading}>
        {t('persons.register.matchesTitle')}
      </h2>
      <p>{t('persons.register.matchesIntro', { count: props.candidates.length })}</p>
      <ul class="result-list">
        {props.candidates.map(({ person, reasons, probability, explanation }) => (
          <li key={person.id} class="result">
            <div class="result-main">
              <a href={`/persons/${person.id}`} class="result-name">
                <PersonName person={person} />
              </a>
              <p class="result-facts">
                {person.sex && <span>{personLabel(t, 'persons.sex', person.sex)}</span>}
                {person.dateOfBirth && (
                  <span>
                    <DateOfBirth value={person.dateOfBirth} />
                  </span>
                )}
              </p>
              <p class="hint">
                {t('persons.register.why', {
                  reasons: reasons.map((reason) => personLabel(t, 'persons.matchReason', reason)).join(', '),
                })}{' '}
                {t('linkage.register.probability', { probability: percent(probability) })}
              </p>
              <details>
                <summary>{t('linkage.register.explanation')}</summary>
                <ExplanationTable explanation={explanation} id={`match-${person.id}`} />
              </details>
              <NoContactWarning entries={person.noContact} />
            </div>
            <a class="button secondary" href={`/persons/${person.id}`}>
              {t('persons.register.openThis')}
            </a>
          </li>
        ))}
      </ul>
      <ElsewhereNotices notices={props.elsewhere} />
      <div class="form-actions">
        <button type="button" class="button primary" onClick={props.onContinue} disabled={props.busy}>
          {props.busy ? t('common.working') : t('persons.register.noneContinue')}
        </button>
        <button type="button" class="button secondary" onClick={props.onBack} disabled={props.busy}>
          {t('persons.register.backToForm')}
        </button>
      </div>
    </section>
  );
}

export function RegisterPerson() {
  const { t } = useI18n();
  const { route } = useLocation();
  const cleared = useCleared();
  const form = useForm();
  const [draft, setDraft] = useState<PersonDraft>(emptyDraft);
  const [candidates, setCandidates] = useState<MatchResult | null>(null);
  const set = (patch: Partial<PersonDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const create = async () => {
    const result = await form.submit(() => api.post<Person>('/api/persons', creationInput(draft, cleared)));
    if (result) route(`/persons/${result.data.id}?registered=1`);
    else setCandidates(null);
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!draft.givenNames.trim()) {
      form.setErrors({ givenNames: t('persons.error.givenNamesRequired') });
      return;
    }
    // Before anything is written: the records this person may already have, within the user's scope.
    const found = await form.submit(() => api.post<MatchResult>('/api/persons/match', matchInput(draft)));
    if (!found) return;
    // Likely records elsewhere are shown too, though nothing of them: whom to ask before registering again.
    if (found.data.candidates.length > 0 || found.data.elsewhere.length > 0) setCandidates(found.data);
    else await create();
  };

  if (!cleared('identity'))
    return (
      <Page title={t('persons.register.title')}>
        <p class="alert alert-warn">{t('persons.register.needsIdentity')}</p>
      </Page>
    );

  return (
    <Page title={t('persons.register.title')}>
      <p>
        <a href="/persons">{t('persons.backToSearch')}</a>
      </p>
      <p class="lead">{t('persons.register.intro')}</p>
      {candidates ? (
        <>
          <FormStatus error={form.formError} />
          <Matches
            candidates={candidates.candidates}
            elsewhere={candidates.elsewhere}
            busy={form.busy}
            onContinue={create}
            onBack={() => setCandidates(null)}
          />
        </>
      ) : (
        <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel person-form">
          <FormStatus error={form.formError} />
          <PersonFields draft={draft} onChange={set} error={form.error} cleared={cleared} />
          <div class="form-actions">
            <SubmitButton
              busy={form.busy}
              label={t('persons.register.submit')}
              busyLabel={t('persons.register.checking')}
            />
            <a href="/persons">{t('common.cancel')}</a>
          </div>
        </form>
      )}
    </Page>
  );
}
