import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { decisionHref } from '../approvals/links.ts';
import { CaseCards } from '../cases/case-cards.tsx';
import { usePlacements } from '../cases/placements.ts';
import type { EmergencyAccess, MyWork as MyWorkData } from '../cases/types.ts';
import { caseLabel } from '../cases/vocabulary.ts';
import { useI18n } from '../i18n/context.tsx';
import { RadioGroup } from '../persons/controls.tsx';
import { vocabularyLabel } from '../persons/vocabulary.ts';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { Badge, Empty, LoadError, Loading, Page } from '../ui/page.tsx';
import '../persons/persons.css';
import '../cases/cases.css';

/** A coordinator's review of one emergency access: justified or not, with a comment. */
function Review(props: { access: EmergencyAccess; onReviewed: (message: string) => void }) {
  const { t, dateTime } = useI18n();
  const form = useForm();
  const [outcome, setOutcome] = useState('');
  const [comment, setComment] = useState('');
  const { access } = props;
  const prefix = `review-${access.id}`;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!outcome) {
      form.setErrors({ outcome: t('myWork.review.chooseOutcome') });
      return;
    }
    const result = await form.submit(() =>
      api.post<EmergencyAccess>(`/api/emergency-accesses/${access.id}/review`, {
        outcome,
        ...(comment.trim() && { comment: comment.trim() }),
      }),
    );
    if (result) props.onReviewed(t('myWork.review.done', { number: access.caseNumber }));
  };

  return (
    <li class="result review" data-testid="emergency-review">
      <div class="result-main">
        <p class="result-name">
          <a href={`/cases/${access.caseId}`}>{access.caseNumber}</a>
        </p>
        <p>
          {t('myWork.review.who', {
            name: access.user.displayName,
            when: dateTime(access.grantedAt),
            until: dateTime(access.expiresAt),
          })}
        </p>
        <blockquote class="reason">{access.reason}</blockquote>
        <form ref={form.formRef} noValidate onSubmit={onSubmit}>
          <FormStatus error={form.formError} />
          <RadioGroup
            id={`${prefix}-outcome`}
            legend={t('myWork.review.outcome')}
            value={outcome}
            options={[
              { value: 'justified', label: t('myWork.review.justified') },
              { value: 'unjustified', label: t('myWork.review.unjustified') },
            ]}
            onValue={setOutcome}
            error={form.error('outcome')}
          />
          <TextField
            id={`${prefix}-comment`}
            name="comment"
            label={t('myWork.review.comment')}
            value={comment}
            onValue={setComment}
            error={form.error('comment')}
            optional
            rows={2}
            maxLength={2000}
          />
          <SubmitButton busy={form.busy} label={t('myWork.review.submit')} />
        </form>
      </div>
    </li>
  );
}

/** Referrals waiting for an answer from my side, each opening the receiving screen (its narrow view). */
function NewReferrals(props: { referrals: MyWorkData['newReferrals'] }) {
  const { t, date } = useI18n();
  return (
    <section aria-labelledby="referrals-title" class="panel">
      <h2 id="referrals-title">{t('myWork.referrals.title')}</h2>
      <p class="hint">{t('myWork.referrals.intro')}</p>
      <ul class="result-list" data-testid="new-referrals">
        {props.referrals.map((referral) => (
          <li key={referral.id} class="result">
            <div class="result-main">
              <p class="result-name">
                <a href={`/referrals/${referral.id}`}>
                  {t('myWork.referrals.item', {
                    kind: vocabularyLabel(t, 'myWork.referralKind', referral.kind),
                    agency: referral.fromAgency.name,
                    programme: referral.fromProgramme.name,
                  })}
                </a>{' '}
                {referral.urgency === 'urgent' && <Badge kind="warn">{t('myWork.referrals.urgent')}</Badge>}
              </p>
              <p class="muted">
                {t('myWork.referrals.sentOn', { date: date(referral.sentAt) })}
                {referral.toProgramme && (
                  <>
                    {' · '}
                    {t('myWork.referrals.toProgramme', { programme: referral.toProgramme.name })}
                  </>
                )}
              </p>
            </div>
          </li>
        ))}
      </ul>
      <p>
        <a href="/referrals">{t('myWork.referrals.all')}</a>
      </p>
    </section>
  );
}

export function MyWork() {
  const { t, date } = useI18n();
  const session = useSession();
  const work = useApi<MyWorkData>('/api/my-work');
  const placements = usePlacements();
  const [message, setMessage] = useState<string | null>(null);

  const actions = (
    <>
      <a class="button secondary" href="/persons">
        {t('myWork.findPerson')}
      </a>
      {session.can('person:create') && (
        <a class="button primary" href="/persons/new">
          {t('myWork.registerPerson')}
        </a>
      )}
    </>
  );

  if (work.error && !work.data)
    return (
      <Page title={t('myWork.title')} actions={actions}>
        <LoadError error={work.error} retry={work.reload} />
      </Page>
    );
  if (!work.data)
    return (
      <Page title={t('myWork.title')} actions={actions}>
        <Loading />
      </Page>
    );
  const data = work.data;

  return (
    <Page title={t('myWork.title')} actions={actions}>
      <StatusMessage message={message} />
      <ul class="counters" aria-label={t('myWork.summary')}>
        <li>
          <strong>{data.openCases.length}</strong>{' '}
          {t('myWork.counter.open', { count: data.openCases.length })}
        </li>
        <li class={data.overdue.length > 0 ? 'overdue' : undefined}>
          <strong>{data.overdue.length}</strong> {t('myWork.counter.overdue', { count: data.overdue.length })}
        </li>
        {session.can('case:approve') && (
          <li>
            <strong>{data.emergencyAccessesToReview.length}</strong>{' '}
            {t('myWork.counter.reviews', { count: data.emergencyAccessesToReview.length })}
          </li>
        )}
        {session.can('referral:read') && (
          <li>
            <strong>{data.newReferrals.length}</strong>{' '}
            {t('myWork.counter.referrals', { count: data.newReferrals.length })}
          </li>
        )}
      </ul>

      {data.emergencyAccessesToReview.length > 0 && (
        <section aria-labelledby="reviews-title" class="panel">
          <h2 id="reviews-title">{t('myWork.reviews.title')}</h2>
          <p class="hint">{t('myWork.reviews.intro')}</p>
          <ul class="result-list">
            {data.emergencyAccessesToReview.map((access) => (
              <Review
                key={access.id}
                access={access}
                onReviewed={(text) => {
                  setMessage(text);
                  work.reload();
                }}
              />
            ))}
          </ul>
        </section>
      )}

      {data.approvalsWaiting.length > 0 && (
        <section aria-labelledby="approvals-title" class="panel">
          <h2 id="approvals-title">{t('myWork.approvals.title')}</h2>
          <ul class="plain-list">
            {data.approvalsWaiting.map((approval) => (
              <li key={approval.id}>
                <a href={decisionHref(approval.caseId, approval.kind)} data-testid="approval-waiting">
                  {t('myWork.approvals.item', {
                    kind: vocabularyLabel(t, 'myWork.approvalKind', approval.kind),
                    number: approval.caseNumber,
                  })}
                </a>
              </li>
            ))}
          </ul>
          <p>
            <a href="/approvals">{t('myWork.approvals.all')}</a>
          </p>
        </section>
      )}

      {data.newReferrals.length > 0 && <NewReferrals referrals={data.newReferrals} />}

      <section aria-labelledby="overdue-title" class="panel">
        <h2 id="overdue-title">{t('myWork.overdue.title')}</h2>
        {data.overdue.length === 0 ? (
          <p class="muted">{t('myWork.overdue.none')}</p>
        ) : (
          <ul class="due-list" data-testid="overdue-list">
            {data.overdue.map((item) => (
              <li key={`${item.caseId}-${item.key}`} class="overdue">
                <a href={`/cases/${item.caseId}`}>{item.caseNumber}</a>{' '}
                {t('myWork.overdue.item', {
                  item: caseLabel(t, 'cases.due', item.key),
                  date: date(item.dueAt),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="open-title">
        <h2 id="open-title">{t('myWork.open.title')}</h2>
        {data.openCases.length === 0 ? (
          <Empty>{t('myWork.open.none')}</Empty>
        ) : (
          <CaseCards
            cases={data.openCases}
            showPerson
            label={t('myWork.open.title')}
            programmeName={placements.programmeName}
          />
        )}
      </section>
    </Page>
  );
}
