import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormStatus, useForm } from '../ui/form.tsx';
import type { Approval } from './types.ts';
import './approvals.css';

/**
 * A supervisor's decision on a pending request: approve, or reject saying what to change (the server
 * requires the comment to reject). Nobody decides their own request: they see that it waits for another.
 */
export function DecisionForm(props: { approval: Approval; onDecided: (approval: Approval) => void }) {
  const { t } = useI18n();
  const session = useSession();
  const form = useForm();
  const [comment, setComment] = useState('');
  const { approval } = props;
  if (approval.state !== 'pending') return null;
  if (approval.requestedBy?.id === session.me?.id)
    return <p class="hint">{t('approvals.waitingForOther')}</p>;
  if (!session.can('case:approve')) return <p class="hint">{t('approvals.waiting')}</p>;
  const id = `decision-${approval.id}`;

  const decide = async (decision: 'approved' | 'rejected') => {
    if (decision === 'rejected' && !comment.trim()) {
      form.setErrors({ comment: t('approvals.rejectNeedsComment') });
      return;
    }
    const result = await form.submit(() =>
      api.post<Approval>(`/api/approvals/${approval.id}/decision`, {
        decision,
        ...(comment.trim() && { comment: comment.trim() }),
      }),
    );
    if (result) props.onDecided(result.data);
  };

  return (
    <form
      ref={form.formRef}
      class="decision-form"
      noValidate
      aria-labelledby={`${id}-title`}
      data-testid="decision-form"
      onSubmit={(event) => event.preventDefault()}
    >
      <h4 id={`${id}-title`}>{t('approvals.decide.title')}</h4>
      <FormStatus error={form.formError} />
      <TextField
        id={`${id}-comment`}
        name="comment"
        label={t('approvals.decide.comment')}
        hint={t('approvals.decide.commentHint')}
        value={comment}
        onValue={setComment}
        error={form.error('comment')}
        optional
        rows={3}
        maxLength={2000}
      />
      <div class="button-row">
        <button type="button" class="button primary" disabled={form.busy} onClick={() => decide('approved')}>
          {t('approvals.decide.approve')}
        </button>
        <button type="button" class="button danger" disabled={form.busy} onClick={() => decide('rejected')}>
          {t('approvals.decide.reject')}
        </button>
      </div>
    </form>
  );
}
