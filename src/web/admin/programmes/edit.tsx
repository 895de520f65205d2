import { PROGRAMME_KINDS } from '../../../core/access/catalogue.ts';
import type { Programme } from '../../api/types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Checkbox, namedOptions, SelectField, TextField } from '../../ui/fields.tsx';
import { byId, useAgencies } from '../lookups.ts';
import { RecordEditPage, useRecordEditor } from '../shared/record-form.tsx';
import { kindLabel } from './kinds.ts';

const HOME = '/admin/programmes';

export function ProgrammeEdit(props: { params: { id?: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const agencies = useAgencies();
  const canManage = session.can('programme:manage');
  const editor = useRecordEditor({
    api: '/api/programmes',
    home: HOME,
    id: props.params.id,
    empty: { name: '', kind: '', agencyId: session.me?.agency.id ?? '', active: true },
    valuesOf: (programme: Programme) => ({
      name: programme.name,
      kind: programme.kind as string,
      agencyId: programme.agencyId,
      active: programme.active,
    }),
    savedMessage: t('programmes.edit.saved'),
  });
  if (editor.pending) return editor.pending;

  const { isNew, values, field, checkbox } = editor;
  const agencyList = (agencies.data?.items ?? []).filter(
    (agency) => agency.active || agency.id === values.agencyId,
  );
  const chooseAgency = isNew && agencyList.length > 1;
  const agencyName = byId(agencies.data?.items).get(values.agencyId)?.name;

  const onSubmit = editor.onSubmit(async () => {
    if (
      editor.invalid({
        name: !values.name.trim() && t('programmes.error.nameRequired'),
        kind: isNew && !values.kind && t('programmes.error.kindRequired'),
      })
    )
      return;
    if (isNew)
      return editor.create({
        name: values.name.trim(),
        kind: values.kind,
        ...(chooseAgency && values.agencyId && { agencyId: values.agencyId }),
      });
    await editor.update({ ...editor.record.data! }, { name: values.name.trim(), active: values.active });
  });

  return (
    <RecordEditPage
      editor={editor}
      title={isNew ? t('programmes.edit.createTitle') : editor.record.data!.name}
      backLabel={t('programmes.backToList')}
      createLabel={t('programmes.edit.create')}
      canManage={canManage}
      onSubmit={onSubmit}
    >
      <TextField {...field('name')} label={t('programmes.field.name')} readOnly={!canManage} />
      {isNew ? (
        <SelectField
          {...field('kind')}
          label={t('programmes.field.kind')}
          placeholder={t('programmes.edit.chooseKind')}
          options={PROGRAMME_KINDS.map((value) => ({ value, label: kindLabel(t, value) }))}
        />
      ) : (
        <dl class="details">
          <dt>{t('programmes.field.kind')}</dt>
          <dd>{kindLabel(t, values.kind)}</dd>
          {agencyName && (
            <>
              <dt>{t('programmes.field.agency')}</dt>
              <dd>{agencyName}</dd>
            </>
          )}
        </dl>
      )}
      {chooseAgency && (
        <SelectField
          {...field('agencyId')}
          label={t('programmes.field.agency')}
          options={namedOptions(agencyList)}
        />
      )}
      {!isNew && (
        <Checkbox
          {...checkbox('active')}
          label={t('programmes.field.active')}
          hint={t('programmes.edit.activeHint')}
          disabled={!canManage}
        />
      )}
    </RecordEditPage>
  );
}
