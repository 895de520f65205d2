import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { useDay } from '../persons/display.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import { Empty } from '../ui/page.tsx';
import type { Plan, PlanReview } from './types.ts';
import './case-plan.css';
import { dayInGuatemala } from '../../core/dates.ts';

/** Today in Guatemala (UTC−6 all year), as YYYY-MM-DD. */

/** The plan's periodic reviews, newest first, and (for those who write the plan) a new one. */
export function PlanReviews(props: {
  caseId: string;
  plan: Plan;
  mayWrite: boolean;
  onAdded: (message: string) => void;
}) {
  const { t } = useI18n();
  const day = useDay();
  const { reviews } = props.plan;
  return (
    <section aria-labelledby="plan-reviews-title" class="subsection" data-testid="plan-reviews">
      <h3 id="plan-reviews-title">{t('casePlan.reviews.title')}</h3>
      {props.plan.nextReviewDate && (
        <p>{t('casePlan.reviews.next', { date: day(props.plan.nextReviewDate) })}</p>
      )}
      {reviews.length === 0 ? (
        <Empty>{t('casePlan.reviews.none')}</Empty>
      ) : (
        <ul class="review-list">
          {reviews.map((review) => (
            <ReviewItem key={review.id} review={review} />
          ))}
        </ul>
      )}
      {props.mayWrite && <ReviewForm caseId={props.caseId} onAdded={props.onAdded} />}
    </section>
  );
}

function ReviewItem(props: { review: PlanReview }) {
  const { t } = useI18n();
  const day = useDay();
  const { review } = props;
  return (
    <li>
      <p>
        <strong>{day(review.reviewDate)}</strong>{' '}
        <span class="muted">
          {t('casePlan.reviews.by', {
            name: review.reviewedBy?.displayName ?? '—',
            version: review.planVersion,
          })}
        </span>
      </p>
      <p class="prewrap">{review.summary}</p>
      {review.nextReviewDate && (
        <p class="hint">{t('casePlan.reviews.nextOf', { date: day(review.nextReviewDate) })}</p>
      )}
    </li>
  );
}

function ReviewForm(props: { caseId: string; onAdded: (message: string) => void }) {
  const { t } = useI18n();
  const form = useForm();
  const [reviewDate, setReviewDate] = useState(() => dayInGuatemala());
  const [summary, setSummary] = useState('');
  const [nextReviewDate, setNextReviewDate] = useState('');

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!reviewDate) missing.reviewDate = t('casePlan.error.required');
    if (!summary.trim()) missing.summary = t('casePlan.error.required');
    if (Object.keys(missing).length > 0) return form.setErrors(missing);
    const result = await form.submit(() =>
      api.post<PlanReview>(`/api/cases/${props.caseId}/plan/reviews`, {
        reviewDate,
        summary: summary.trim(),
        nextReviewDate: nextReviewDate || null,
      }),
    );
    if (result) {
      setSummary('');
      setNextReviewDate('');
      props.onAdded(t('casePlan.reviews.added'));
    }
  };

  return (
    <form
      ref={form.formRef}
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="plan-review-form-title"
      data-testid="review-form"
    >
      <h4 id="plan-review-form-title">{t('casePlan.reviews.add')}</h4>
      <FormStatus error={form.formError} />
      <TextField
        id="review-date"
        type="date"
        label={t('casePlan.reviews.date')}
        value={reviewDate}
        onValue={setReviewDate}
        max={dayInGuatemala()}
        error={form.error('reviewDate')}
      />
      <TextField
        id="review-summary"
        label={t('casePlan.reviews.summary')}
        hint={t('casePlan.reviews.summaryHint')}
        value={summary}
        onValue={setSummary}
        error={form.error('summary')}
        rows={4}
        maxLength={10000}
      />
      <TextField
        id="review-next"
        type="date"
        label={t('casePlan.reviews.nextDate')}
        value={nextReviewDate}
        onValue={setNextReviewDate}
        error={form.error('nextReviewDate')}
        optional
      />
      <SubmitButton busy={form.busy} label={t('casePlan.reviews.submit')} />
    </form>
  );
}
