import { ORGANISATION_TYPES } from '../../../core/access/catalogue.ts';
import type { Agency } from '../../api/types.ts';
import { orgTypeLabel } from '../../auth/org-types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { RecordEditPage, useRecordEditor } from '../shared/record-form.tsx';

const HOME = '/admin/agencies';

export function AgencyEdit(props: { params: { id?: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const canManage = session.can('agency:manage');
  const editor = useRecordEditor({
    api: '/api/agencies',
    home: HOME,
    id: props.params.id,
    empty: { name: '', shortName: '', orgType: 'NGO' as string, active: true },
    valuesOf: (agency: Agency) => ({
      name: agency.name,
      shortName: agency.shortName ?? '',
      orgType: agency.orgType,
      active: agency.active,
    }),
    savedMessage: t('agencies.edit.saved'),
  });
  if (editor.pending) return editor.pending;

  const { isNew, values, field, checkbox } = editor;
  const isOwn = editor.record.data?.id === session.me?.agency.id;

  const onSubmit = editor.onSubmit(async () => {
    if (editor.invalid({ name: !values.name.trim() && t('agencies.error.nameRequired') })) return;
    if (isNew)
      return editor.create({
        name: values.name.trim(),
        ...(values.shortName.trim() && { shortName: values.shortName.trim() }),
        orgType: values.orgType,
      });
    await editor.update(
      { ...editor.record.data! },
      {
        name: values.name.trim(),
        shortName: values.shortName.trim() || null,
        orgType: values.orgType,
        active: values.active,
      },
    );
  });

  return (
    <RecordEditPage
      editor={editor}
      title={isNew ? t('agencies.edit.createTitle') : editor.record.data!.name}
      backLabel={t('agencies.backToList')}
      createLabel={t('agencies.edit.create')}
      canManage={canManage}
      onSubmit={onSubmit}
    >
      <TextField
        {...field('name')}
        label={t('agencies.field.name')}
        readOnly={!canManage}
        autoComplete="organization"
      />
      <TextField
        {...field('shortName')}
        label={t('agencies.field.shortName')}
        hint={t('agencies.edit.shortNameHint')}
        readOnly={!canManage}
        optional
      />
      <SelectField
        {...field('orgType')}
        label={t('agencies.field.orgType')}
        hint={t('agencies.edit.orgTypeHint')}
        options={ORGANISATION_TYPES.map((type) => ({ value: type, label: orgTypeLabel(t, type) }))}
        disabled={!canManage}
      />
      {!isNew && !isOwn && (
        <Checkbox {...checkbox('active')} label={t('agencies.field.active')} disabled={!canManage} />
      )}
    </RecordEditPage>
  );
}
