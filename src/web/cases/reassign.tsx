import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import type { Page as PageOf } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { fullName } from '../persons/display.tsx';
import { CheckboxGroup, RadioGroup } from '../persons/controls.tsx';
import { SelectField } from '../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../ui/form.tsx';
import { Empty, Loading, Page } from '../ui/page.tsx';
import { usePlacements } from './placements.ts';
import type { Case } from './types.ts';
import { caseLabel } from './vocabulary.ts';
import './cases.css';

/** A coordinator hands a person's caseload — all of it or chosen cases — to someone else (staff leaving). */
export function ReassignCases() {
  const { t } = useI18n();
  const { query } = useLocation();
  const placements = usePlacements();
  const form = useForm();
  const [fromUserId, setFromUserId] = useState(query.from ?? '');
  const [toUserId, setToUserId] = useState('');
  const [which, setWhich] = useState<'all' | 'chosen'>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const cases = useApi<PageOf<Case>>(fromUserId ? '/api/cases' : null, {
    ownerUserId: fromUserId,
    open: 'true',
    pageSize: 200,
  });
  useEffect(() => setChosen([]), [fromUserId]);
  const staff = placements.data?.staff ?? [];
  const items = cases.data?.items ?? [];

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setDone(null);
    const errors: Record<string, string> = {};
    if (!fromUserId) errors.fromUserId = t('cases.reassign.chooseFrom');
    if (!toUserId) errors.toUserId = t('cases.reassign.chooseSomeone');
    if (which === 'chosen' && chosen.length === 0) errors.caseIds = t('cases.reassign.chooseCases');
    if (Object.keys(errors).length > 0) {
      form.setErrors(errors);
      return;
    }
    const result = await form.submit(() =>
      api.post<{ count: number }>('/api/cases/reassign', {
        fromUserId,
        toUserId,
        ...(which === 'chosen' && { caseIds: chosen }),
      }),
    );
    if (result) {
      setDone(
        t('cases.reassign.done', {
          count: result.data.count,
          name: placements.staffName(toUserId) ?? '',
        }),
      );
      setChosen([]);
      cases.reload();
    }
  };

  return (
    <Page title={t('cases.reassign.title')}>
      <p>
        <a href="/cases">{t('cases.backToList')}</a>
      </p>
      <p class="lead">{t('cases.reassign.intro')}</p>
      <StatusMessage message={done} />
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel">
        <FormStatus error={form.formError} />
        <div class="two-up">
          <SelectField
            id="fromUserId"
            label={t('cases.reassign.from')}
            value={fromUserId}
            onValue={setFromUserId}
            options={staff.map((person) => ({ value: person.id, label: person.displayName }))}
            placeholder={t('cases.choose')}
            error={form.error('fromUserId')}
          />
          <SelectField
            id="toUserId"
            label={t('cases.reassign.to')}
            value={toUserId}
            onValue={setToUserId}
            options={staff
              .filter((person) => person.id !== fromUserId)
              .map((person) => ({ value: person.id, label: person.displayName }))}
            placeholder={t('cases.choose')}
            error={form.error('toUserId')}
          />
        </div>
        {fromUserId && cases.loading && !cases.data && <Loading />}
        {fromUserId && cases.data && items.length === 0 && <Empty>{t('cases.reassign.noCases')}</Empty>}
        {items.length > 0 && (
          <>
            <RadioGroup
              id="which"
              legend={t('cases.reassign.which')}
              value={which}
              options={[
                {
                  value: 'all',
                  label: cases.data!.totalCapped
                    ? t('cases.reassign.allCapped', { count: cases.data!.total })
                    : t('cases.reassign.all', { count: cases.data!.total }),
                },
                { value: 'chosen', label: t('cases.reassign.chosen') },
              ]}
              onValue={(value) => setWhich(value as 'all' | 'chosen')}
            />
            {which === 'chosen' && (
              <CheckboxGroup
                id="caseIds"
                legend={t('cases.reassign.cases')}
                value={chosen}
                options={items.map((kase) => ({
                  value: kase.id,
                  label: t('cases.reassign.caseOption', {
                    number: kase.number,
                    name: fullName(kase.person) ?? t('cases.record.nameWithheld'),
                    status: caseLabel(t, 'cases.status', kase.status),
                  }),
                }))}
                onValue={setChosen}
                error={form.error('caseIds')}
              />
            )}
          </>
        )}
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('cases.reassign.submit')} />
        </div>
      </form>
    </Page>
  );
}
