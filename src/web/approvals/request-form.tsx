import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/context.tsx';
import { TextField } from '../ui/fields.tsx';
import { FormProblem, SubmitButton, useForm } from '../ui/form.tsx';
import type { Approval } from './types.ts';
import './approvals.css';

/**
 * Asks the supervision for an approval (of the plan's current version, or of the closure), with an
 * optional comment. `ifMatch` names the version the request is about, where the server asks for it.
 */
export function RequestApproval(props: {
  id: string;
  path: string;
  title: string;
  hint: string;
  submitLabel: string;
  ifMatch?: string | null;
  onRequested: (approval: Approval) => void;
  /** A 412: the record changed; reload it before asking again. */
  onStale?: () => void;
}) {
  const { t } = useI18n();
  const form = useForm();
  const [comment, setComment] = useState('');

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await form.submit(() =>
      api.post<Approval>(
        props.path,
        comment.trim() ? { comment: comment.trim() } : {},
        props.ifMatch !== undefined ? { ifMatch: props.ifMatch } : {},
      ),
    );
    if (result) {
      setComment('');
      props.onRequested(result.data);
    }
  };

  return (
    <form
      ref={form.formRef}
      class="request-form"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={`${props.id}-title`}
      data-testid={props.id}
    >
      <h4 id={`${props.id}-title`}>{props.title}</h4>
      <p class="hint">{props.hint}</p>
      <FormProblem form={form} onReload={props.onStale} />
      <TextField
        id={`${props.id}-comment`}
        name="comment"
        label={t('approvals.request.comment')}
        value={comment}
        onValue={setComment}
        error={form.error('comment')}
        optional
        rows={2}
        maxLength={2000}
      />
      <SubmitButton busy={form.busy} label={props.submitLabel} />
    </form>
  );
}
