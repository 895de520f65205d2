import { useRef, useState } from 'preact/hooks';
import { CASE_STATUSES, transitionKind, type CaseStatus } from '../../core/cases/status.ts';
import { api, etagOfVersion } from '../api/client.ts';
import type { Resource } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { SelectField, TextField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import type { Case } from './types.ts';
import { caseLabel, caseOptions } from './vocabulary.ts';
import './cases.css';

/** The case-management cycle with the case's place in it (the current step marked for screen readers). */
export function StatusCycle(props: { kase: Case }) {
  const { t, dateTime } = useI18n();
  const { kase } = props;
  const index = CASE_STATUSES.indexOf(kase.status);
  return (
    <div class="status-cycle" data-testid="status-cycle">
      <ol aria-label={t('cases.status.cycle')}>
        {CASE_STATUSES.map((status, i) => (
          <li
            key={status}
            class={i < index ? 'done' : i === index ? 'current' : 'todo'}
            aria-current={i === index ? 'step' : undefined}
          >
            {caseLabel(t, 'cases.status', status)}
          </li>
        ))}
      </ol>
      <p class="status-line">
        {t('cases.status.since', {
          status: caseLabel(t, 'cases.status', kase.status),
          when: dateTime(kase.statusChangedAt),
        })}{' '}
        <span class="muted">
          {t('cases.status.htcds', { status: caseLabel(t, 'cases.htcds', kase.htcdsStatus) })}
        </span>
      </p>
      {kase.statusReason && <p class="hint">{t('cases.status.reason', { reason: kase.statusReason })}</p>}
      {kase.closureKind && (
        <p class="hint">
          {t('cases.status.closedAs', { kind: caseLabel(t, 'cases.closureKind', kase.closureKind) })}
        </p>
      )}
    </div>
  );
}

/** One status change in a modal dialog: the reason (and kind of closure) the server's rules ask for. */
function TransitionDialog(props: {
  kase: Resource<Case>;
  to: CaseStatus;
  dialog: { current: HTMLDialogElement | null };
  onDone: (message: string) => void;
}) {
  const { t } = useI18n();
  const form = useForm();
  const kase = props.kase.data!;
  const kind = transitionKind(kase.status, props.to);
  const [reason, setReason] = useState('');
  const [closureKind, setClosureKind] = useState('');
  const stale = form.lastError?.kind === 'precondition-failed';

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await form.submit(() =>
      api.post<Case>(
        `/api/cases/${kase.id}/status`,
        {
          to: props.to,
          ...(reason.trim() && { reason: reason.trim() }),
          ...(kind === 'close' && closureKind && { closureKind }),
        },
        { ifMatch: props.kase.etag ?? etagOfVersion(kase.version) },
      ),
    );
    if (result) {
      props.kase.replace(result.data, result.etag);
      props.dialog.current?.close();
      props.onDone(t('cases.transition.done', { status: caseLabel(t, 'cases.status', result.data.status) }));
    }
  };

  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit} data-testid="transition-form">
      <h2 id="transition-title">
        {t('cases.transition.title', { kind, status: caseLabel(t, 'cases.status', props.to) })}
      </h2>
      <p id="transition-explain">{t('cases.transition.explain', { kind })}</p>
      <FormStatus error={form.formError}>
        {stale && (
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              props.dialog.current?.close();
              props.kase.reload();
            }}
          >
            {t('common.reloadRecord')}
          </button>
        )}
      </FormStatus>
      {form.error('to') && <p class="field-error">{form.error('to')}</p>}
      {kind === 'close' && (
        <SelectField
          id="closureKind"
          label={t('cases.field.closureKind')}
          value={closureKind}
          onValue={setClosureKind}
          options={caseOptions(t, 'cases.closureKind')}
          placeholder={t('cases.choose')}
          error={form.error('closureKind')}
        />
      )}
      <TextField
        id="reason"
        label={t('cases.field.statusReason')}
        hint={
          kind === 'forward' ? t('cases.transition.reasonOptional') : t('cases.transition.reasonRequired')
        }
        value={reason}
        onValue={setReason}
        error={form.error('reason')}
        optional={kind === 'forward'}
        rows={3}
        maxLength={2000}
      />
      <div class="dialog-actions">
        <button type="button" class="button secondary" onClick={() => props.dialog.current?.close()}>
          {t('common.cancel')}
        </button>
        <SubmitButton
          busy={form.busy}
          label={t('cases.transition.confirm', { kind, status: caseLabel(t, 'cases.status', props.to) })}
          kind={kind === 'close' ? 'danger' : 'primary'}
        />
      </div>
    </form>
  );
}

/**
 * The status changes the server allows from here (`allowedTransitions`); closing and reopening also need
 * case:close. The server decides: a refused change comes back with its reasons.
 */
export function StatusActions(props: { kase: Resource<Case>; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const session = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [to, setTo] = useState<CaseStatus | null>(null);
  const [round, setRound] = useState(0);
  const kase = props.kase.data!;
  if (!session.can('case:update')) return null;
  const allowed = kase.allowedTransitions.filter((status) => {
    const kind = transitionKind(kase.status, status);
    return (kind !== 'close' && kind !== 'reopen') || session.can('case:close');
  });
  if (allowed.length === 0) return null;
  const open = (status: CaseStatus) => {
    setTo(status);
    setRound((n) => n + 1);
    dialog.current?.showModal();
  };
  return (
    <div class="status-actions">
      <p class="status-actions-label" id="transitions-label">
        {t('cases.transition.label')}
      </p>
      <div class="button-row" role="group" aria-labelledby="transitions-label">
        {allowed.map((status) => {
          const kind = transitionKind(kase.status, status);
          return (
            <button
              key={status}
              type="button"
              class={
                kind === 'forward'
                  ? 'button primary'
                  : kind === 'close'
                    ? 'button danger'
                    : 'button secondary'
              }
              onClick={() => open(status)}
              data-transition={status}
            >
              {t('cases.transition.button', { kind, status: caseLabel(t, 'cases.status', status) })}
            </button>
          );
        })}
      </div>
      <dialog
        ref={dialog}
        class="dialog"
        aria-labelledby="transition-title"
        aria-describedby="transition-explain"
      >
        {to && (
          <TransitionDialog key={round} kase={props.kase} to={to} dialog={dialog} onDone={props.onDone} />
        )}
      </dialog>
    </div>
  );
}
