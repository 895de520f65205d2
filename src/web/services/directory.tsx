import { ORGANISATION_TYPES } from '../../core/access/catalogue.ts';
import { SERVICE_AREAS } from '../../server/services/vocabulary.ts';
import { RecordListPage, useListFilters, usePagedList } from '../admin/shared/list-page.tsx';
import { RecordEditPage, useRecordEditor } from '../admin/shared/record-form.tsx';
import { orgTypeLabel } from '../auth/org-types.ts';
import type { ServiceProvider } from '../case-work/types.ts';
import { useI18n } from '../i18n/context.tsx';
import { vocabularyLabel, vocabularyOptions } from '../persons/vocabulary.ts';
import { useSession } from '../session/session.tsx';
import { activeColumn } from '../ui/data-table.tsx';
import { Checkbox, SelectField, TextField } from '../ui/fields.tsx';

/**
 * The agency's directory of service providers (GET/POST/PATCH /api/service-providers): the organisations a
 * service recorded on a case can name. Kept by those who record services (service:write).
 */

const HOME = '/service-providers';
const FILTERS = ['q', 'area', 'active'] as const;

export function ProviderDirectory() {
  const { t } = useI18n();
  const session = useSession();
  const filters = useListFilters(FILTERS);
  const providers = usePagedList<ServiceProvider>('/api/service-providers', filters.applied);
  const { draft, set } = filters;
  const filtered = Object.values(filters.applied).some((value) => value !== '');

  return (
    <RecordListPage
      path={HOME}
      title={t('services.directory.title')}
      intro={t('services.directory.intro')}
      create={{ label: t('services.directory.create'), allowed: session.can('service:write') }}
      records={providers}
      empty={filtered ? t('services.directory.noMatches') : t('services.directory.empty')}
      filters={{
        state: filters,
        label: t('services.directory.searchLabel'),
        fields: (
          <>
            <TextField
              id="provider-search"
              type="search"
              label={t('services.directory.search')}
              value={draft.q}
              onValue={set('q')}
              filter
              spellcheck={false}
            />
            <SelectField
              id="provider-area"
              label={t('services.directory.field.area')}
              value={draft.area}
              onValue={set('area')}
              placeholder={t('services.directory.allAreas')}
              options={vocabularyOptions(t, 'services.area', SERVICE_AREAS)}
              filter
            />
            <SelectField
              id="provider-active"
              label={t('services.directory.status')}
              value={draft.active}
              onValue={set('active')}
              placeholder={t('services.directory.statusAll')}
              options={[
                { value: 'true', label: t('services.directory.statusActive') },
                { value: 'false', label: t('services.directory.statusInactive') },
              ]}
              filter
            />
          </>
        ),
      }}
      columns={[
        {
          header: t('services.directory.field.name'),
          rowHeader: true,
          cell: (provider) => <a href={`${HOME}/${provider.id}`}>{provider.name}</a>,
        },
        {
          header: t('services.directory.field.area'),
          cell: (provider) => vocabularyLabel(t, 'services.area', provider.area),
        },
        {
          header: t('services.directory.field.orgType'),
          cell: (provider) => orgTypeLabel(t, provider.orgType),
        },
        { header: t('services.directory.field.contact'), cell: (provider) => provider.contact ?? '—' },
        activeColumn(t('services.directory.field.status'), {
          active: t('services.directory.active'),
          inactive: t('services.directory.inactive'),
        }),
      ]}
    />
  );
}

export function ProviderEdit(props: { params: { id?: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const canManage = session.can('service:write');
  const editor = useRecordEditor({
    api: '/api/service-providers',
    home: HOME,
    id: props.params.id,
    empty: { name: '', orgType: 'NGO' as string, area: '' as string, contact: '', active: true },
    valuesOf: (provider: ServiceProvider) => ({
      name: provider.name,
      orgType: provider.orgType as string,
      area: provider.area as string,
      contact: provider.contact ?? '',
      active: provider.active,
    }),
    savedMessage: t('services.directory.saved'),
  });
  if (editor.pending) return editor.pending;

  const { isNew, values, field, checkbox } = editor;
  const onSubmit = editor.onSubmit(async () => {
    if (
      editor.invalid({
        name: !values.name.trim() && t('services.directory.error.name'),
        area: !values.area && t('services.directory.error.area'),
      })
    )
      return;
    const next = {
      name: values.name.trim(),
      orgType: values.orgType,
      area: values.area,
      contact: values.contact.trim() || null,
    };
    if (isNew) return editor.create(next);
    await editor.update({ ...editor.record.data! }, { ...next, active: values.active });
  });

  return (
    <RecordEditPage
      editor={editor}
      title={isNew ? t('services.directory.createTitle') : editor.record.data!.name}
      backLabel={t('services.directory.backToList')}
      createLabel={t('services.directory.create')}
      canManage={canManage}
      onSubmit={onSubmit}
    >
      <TextField
        {...field('name')}
        label={t('services.directory.field.name')}
        readOnly={!canManage}
        autoComplete="organization"
        maxLength={200}
      />
      <SelectField
        {...field('area')}
        label={t('services.directory.field.area')}
        placeholder={isNew ? t('services.directory.chooseArea') : undefined}
        options={vocabularyOptions(t, 'services.area', SERVICE_AREAS)}
        disabled={!canManage}
      />
      <SelectField
        {...field('orgType')}
        label={t('services.directory.field.orgType')}
        options={ORGANISATION_TYPES.map((type) => ({ value: type, label: orgTypeLabel(t, type) }))}
        disabled={!canManage}
      />
      <TextField
        {...field('contact')}
        label={t('services.directory.field.contact')}
        hint={t('services.directory.contactHint')}
        readOnly={!canManage}
        optional
        rows={2}
        maxLength={500}
      />
      {!isNew && (
        <Checkbox
          {...checkbox('active')}
          label={t('services.directory.field.active')}
          hint={t('services.directory.activeHint')}
          disabled={!canManage}
        />
      )}
    </RecordEditPage>
  );
}
