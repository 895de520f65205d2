import { useState } from 'preact/hooks';
import { CASE_FIELD_CLASSES } from '../../core/cases/field-classes.ts';
import { api, etagOfVersion } from '../api/client.ts';
import { orgTypeLabel } from '../auth/org-types.ts';
import { useI18n } from '../i18n/context.tsx';
import { Field, useCleared, useDay } from '../persons/display.tsx';
import { useSession } from '../session/session.tsx';
import { SelectField } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { caseDraftOf, caseUpdateInput, type CaseDraft } from './case-draft.ts';
import { CaseFields } from './case-fields.tsx';
import type { CaseTabProps } from './case-tabs.ts';
import { usePlacements } from './placements.ts';
import type { Case } from './types.ts';
import { caseLabel } from './vocabulary.ts';

function Details(props: { kase: Case }) {
  const { t, dateTime, date } = useI18n();
  const day = useDay();
  const placements = usePlacements();
  const { kase } = props;
  const r = kase.redacted;
  const C = CASE_FIELD_CLASSES;
  const measure = kase.protectionMeasure;
  return (
    <>
      <dl class="details" data-testid="case-details">
        <dt>{t('cases.field.number')}</dt>
        <dd>
          <code>{kase.number}</code>
        </dd>
        <dt>{t('cases.field.caseType')}</dt>
        <dd>{caseLabel(t, 'cases.caseType', kase.caseType)}</dd>
        <dt>{t('cases.field.programme')}</dt>
        <dd>{placements.programmeName(kase.programmeId) ?? '—'}</dd>
        <dt>{t('cases.field.team')}</dt>
        <dd>{placements.teamName(kase.teamId) ?? '—'}</dd>
        <dt>{t('cases.field.owner')}</dt>
        <dd data-testid="case-owner">{kase.ownerName ?? t('cases.noOwner')}</dd>
        <dt>{t('cases.field.openedAt')}</dt>
        <dd>{dateTime(kase.openedAt)}</dd>
        {kase.closedAt && (
          <>
            <dt>{t('cases.field.closedAt')}</dt>
            <dd>{dateTime(kase.closedAt)}</dd>
          </>
        )}
        <dt>{t('cases.field.referralSource')}</dt>
        <dd>
          {kase.referralSource
            ? [
                orgTypeLabel(t, kase.referralSource.orgType),
                kase.referralSource.organisationName,
                kase.referralSource.referredOn && day(kase.referralSource.referredOn),
              ]
                .filter(Boolean)
                .join(' · ')
            : '—'}
        </dd>
        <dt>{t('cases.field.riskLevel')}</dt>
        <dd>
          {kase.riskLevel ? caseLabel(t, 'cases.riskLevel', kase.riskLevel) : t('cases.riskNotAssessed')}
        </dd>
        <dt>{t('cases.field.riskReasons')}</dt>
        <dd>
          <Field name="riskReasons" redacted={r} fieldClass={C.riskReasons} value={kase.riskReasons}>
            {kase.riskReasons?.map((reason) => caseLabel(t, 'cases.riskReason', reason)).join(', ')}
          </Field>
        </dd>
        <dt>{t('cases.field.riskNotes')}</dt>
        <dd class="prewrap">
          <Field name="riskNotes" redacted={r} fieldClass={C.riskNotes} value={kase.riskNotes} />
        </dd>
        <dt>{t('cases.section.protection')}</dt>
        <dd>
          <Field name="protectionMeasure" redacted={r} fieldClass={C.protectionMeasure} value={measure}>
            {measure && (
              <>
                {t('cases.measure.summary', {
                  type: caseLabel(t, 'cases.measureType', measure.measureType),
                  court: measure.court,
                  file: measure.fileNumber,
                })}
                <br />
                {t('cases.measure.dates', {
                  order: day(measure.orderDate),
                  review: measure.reviewDate ? day(measure.reviewDate) : '—',
                })}
                {measure.pgnOffice && (
                  <>
                    <br />
                    {t('cases.measure.pgn', { office: measure.pgnOffice })}
                  </>
                )}
                {measure.endDate && (
                  <>
                    <br />
                    {t('cases.measure.end', { end: day(measure.endDate) })}
                  </>
                )}
              </>
            )}
          </Field>
        </dd>
      </dl>
      <h3>{t('cases.due.title')}</h3>
      {kase.due.length === 0 ? (
        <p class="muted">{t('cases.due.none')}</p>
      ) : (
        <ul class="due-list" data-testid="due-list">
          {kase.due.map((item) => (
            <li key={item.key} class={item.overdue ? 'overdue' : undefined}>
              {t(item.overdue ? 'cases.due.overdueItem' : 'cases.due.item', {
                item: caseLabel(t, 'cases.due', item.key),
                date: date(item.dueAt),
              })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function EditCase(props: CaseTabProps & { onDone: (message: string | null) => void }) {
  const { t } = useI18n();
  const cleared = useCleared();
  const form = useForm();
  const [draft, setDraft] = useState<CaseDraft>(() => caseDraftOf(props.kase));
  const set = (patch: Partial<CaseDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const stale = form.lastError?.kind === 'precondition-failed';

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const changes = caseUpdateInput(props.kase, draft);
    if (Object.keys(changes).length === 0) {
      props.onDone(t('common.noChanges'));
      return;
    }
    const result = await form.submit(() =>
      api.patch<Case>(
        `/api/cases/${props.kase.id}`,
        changes,
        props.record.etag ?? etagOfVersion(props.kase.version),
      ),
    );
    if (result) {
      props.record.replace(result.data, result.etag);
      props.onDone(t('cases.edit.saved'));
    }
  };

  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit} class="case-form" data-testid="case-edit-form">
      <FormStatus error={form.formError}>
        {stale && (
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              props.record.reload();
              props.onDone(null);
            }}
          >
            {t('common.reloadRecord')}
          </button>
        )}
      </FormStatus>
      <CaseFields
        draft={draft}
        onChange={set}
        error={form.error}
        cleared={cleared}
        redacted={props.kase.redacted}
      />
      <div class="form-actions">
        <SubmitButton busy={form.busy} label={t('common.save')} />
        <button type="button" class="button secondary" onClick={() => props.onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Giving this case to someone else (a whole caseload: /cases/reassign). */
function Reassign(props: CaseTabProps) {
  const { t } = useI18n();
  const placements = usePlacements();
  const form = useForm();
  const [toUserId, setToUserId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { kase } = props;
  if (!kase.ownerUserId) return null;
  const options = (placements.data?.staff ?? [])
    .filter((person) => person.id !== kase.ownerUserId)
    .map((person) => ({ value: person.id, label: person.displayName }));

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setDone(null);
    if (!toUserId) {
      form.setErrors({ toUserId: t('cases.reassign.chooseSomeone') });
      return;
    }
    const result = await form.submit(() =>
      api.post<{ count: number }>('/api/cases/reassign', {
        fromUserId: kase.ownerUserId,
        toUserId,
        caseIds: [kase.id],
      }),
    );
    if (result) {
      setDone(t('cases.reassign.doneOne', { name: placements.staffName(toUserId) ?? '' }));
      setToUserId('');
      props.record.reload();
    }
  };

  return (
    <section aria-labelledby="reassign-title" class="subsection">
      <h3 id="reassign-title">{t('cases.reassign.oneTitle')}</h3>
      <StatusMessage message={done} />
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="inline-form">
        <FormStatus error={form.formError} />
        <SelectField
          id="toUserId"
          label={t('cases.reassign.to')}
          value={toUserId}
          onValue={setToUserId}
          options={options}
          placeholder={t('cases.choose')}
          error={form.error('toUserId')}
        />
        <SubmitButton busy={form.busy} label={t('cases.reassign.submit')} />
      </form>
      <p class="hint">
        <a href={`/cases/reassign?from=${kase.ownerUserId}`}>{t('cases.reassign.wholeCaseload')}</a>
      </p>
    </section>
  );
}

export function SummaryTab(props: CaseTabProps) {
  const { t } = useI18n();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section class="panel" aria-labelledby="summary-title">
      <div class="panel-head">
        <h2 id="summary-title">{t('cases.tab.summary')}</h2>
        {!editing && session.can('case:update') && (
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              setMessage(null);
              setEditing(true);
            }}
          >
            {t('cases.edit.button')}
          </button>
        )}
      </div>
      <StatusMessage message={message} />
      {editing ? (
        <EditCase
          {...props}
          onDone={(done) => {
            setMessage(done);
            setEditing(false);
          }}
        />
      ) : (
        <Details kase={props.kase} />
      )}
      {!editing && session.can('case:assign') && <Reassign {...props} />}
    </section>
  );
}
