import { useState } from 'preact/hooks';
import { localised } from '../../core/forms/definition.ts';
import { inFormOrder } from '../../core/forms/order.ts';
import type { Page } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { RadioGroup } from '../persons/controls.tsx';
import { useSession } from '../session/session.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { FormStatus, useForm } from '../ui/form.tsx';
import { Empty, LoadError, Loading } from '../ui/page.tsx';
import { Pagination } from '../ui/widgets.tsx';
import { usePublishedForms } from './definitions.ts';
import { StatusBadge } from './status-badge.tsx';
import type { AssessmentSummary } from './types.ts';

const PAGE_SIZE = 20;

/** The case's assessments, newest first, and the way to start a new one. */
export function AssessmentList(props: {
  caseId: string;
  caseOpen: boolean;
  onNew: (formKey: string) => void;
}) {
  const { t, locale, dateTime } = useI18n();
  const session = useSession();
  const [page, setPage] = useState(1);
  const list = useApi<Page<AssessmentSummary>>(`/api/cases/${props.caseId}/assessments`, {
    page,
    pageSize: PAGE_SIZE,
  });
  const mayWrite = session.can('assessment:write') && props.caseOpen;
  const href = (id: string) => `/cases/${props.caseId}?tab=assessments&assessment=${id}`;

  let content;
  if (list.error && !list.data) content = <LoadError error={list.error} retry={list.reload} />;
  else if (!list.data) content = <Loading />;
  else if (list.data.items.length === 0) content = <Empty>{t('assessments.empty')}</Empty>;
  else
    content = (
      <>
        <DataTable
          label={t('assessments.title')}
          items={list.data.items}
          rowKey={(item) => item.id}
          busy={list.loading}
          columns={[
            {
              header: t('assessments.column.form'),
              rowHeader: true,
              cell: (item) => <a href={href(item.id)}>{localised(item.formTitle, locale)}</a>,
            },
            {
              header: t('assessments.column.version'),
              cell: (item) => t('assessments.version', { version: item.formVersion }),
            },
            { header: t('assessments.column.status'), cell: (item) => <StatusBadge status={item.status} /> },
            {
              header: t('assessments.column.date'),
              cell: (item) => dateTime(item.completedAt ?? item.updatedAt),
            },
            {
              header: t('assessments.column.author'),
              cell: (item) => item.completedBy?.displayName ?? item.createdBy?.displayName ?? '—',
            },
          ]}
        />
        <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
      </>
    );

  return (
    <>
      <h2>{t('assessments.title')}</h2>
      {content}
      {mayWrite && <FormChooser onChoose={props.onNew} />}
    </>
  );
}

/** Which form to start: the current version of each published one. */
function FormChooser(props: { onChoose: (formKey: string) => void }) {
  const { t, locale } = useI18n();
  const forms = usePublishedForms();
  const form = useForm();
  const [chosen, setChosen] = useState('');
  if (forms.error) return <LoadError error={forms.error} retry={forms.reload} />;
  if (!forms.data) return <Loading />;
  return (
    <form
      ref={form.formRef}
      noValidate
      class="subsection"
      aria-labelledby="new-assessment-title"
      data-testid="new-assessment"
      onSubmit={(event) => {
        event.preventDefault();
        if (!chosen) return form.setErrors({ form: t('assessments.chooseForm') });
        props.onChoose(chosen);
      }}
    >
      <h3 id="new-assessment-title">{t('assessments.new')}</h3>
      <FormStatus error={form.formError} />
      <RadioGroup
        id="new-assessment-form"
        legend={t('assessments.whichForm')}
        value={chosen}
        options={inFormOrder(forms.data.items).map((item) => ({
          value: item.key,
          label: t('assessments.formOption', {
            title: localised(item.title, locale),
            version: item.version,
          }),
        }))}
        onValue={setChosen}
        error={form.error('form')}
      />
      <button type="submit" class="button primary">
        {t('assessments.start')}
      </button>
    </form>
  );
}
