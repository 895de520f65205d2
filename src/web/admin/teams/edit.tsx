import { useState } from 'preact/hooks';
import type { Page as PageOf, Team, User } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Checkbox, Fieldset, namedOptions, SelectField, TextField } from '../../ui/fields.tsx';
import { useProgrammes } from '../lookups.ts';
import { RecordEditPage, useRecordEditor } from '../shared/record-form.tsx';

type Member = Team['members'][number];

/** Members: the current list with "remove", and a search over active users to add more. */
function MembersPicker(props: { value: Member[]; onChange: (value: Member[]) => void; readOnly: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const results = useApi<PageOf<User>>(query !== null && session.can('user:read') ? '/api/users' : null, {
    q: query ?? '',
    active: 'true',
    pageSize: 10,
  });
  const chosen = new Set(props.value.map((member) => member.id));
  const candidates = (results.data?.items ?? []).filter((user) => !chosen.has(user.id));

  return (
    <Fieldset id="memberIds" legend={t('teams.field.members')}>
      {props.value.length === 0 ? (
        <p class="hint">{t('teams.members.none')}</p>
      ) : (
        <ul class="member-list">
          {props.value.map((member) => (
            <li key={member.id}>
              <span>
                {member.displayName} <code>{member.username}</code>
              </span>
              {!props.readOnly && (
                <button
                  type="button"
                  class="link-button"
                  aria-label={t('teams.members.removeOne', { name: member.displayName })}
                  onClick={() => props.onChange(props.value.filter((m) => m.id !== member.id))}
                >
                  {t('teams.members.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!props.readOnly && session.can('user:read') && (
        <div class="member-search">
          <TextField
            id="member-search"
            type="search"
            label={t('teams.members.search')}
            value={search}
            onValue={setSearch}
            onEnter={() => setQuery(search.trim())}
            filter
            spellcheck={false}
          />
          <button type="button" class="button secondary" onClick={() => setQuery(search.trim())}>
            {t('common.search')}
          </button>
          <div role="status" aria-live="polite">
            {results.loading && t('common.loading')}
            {results.data && candidates.length === 0 && t('teams.members.noResults')}
          </div>
          {candidates.length > 0 && (
            <ul class="member-list">
              {candidates.map((user) => (
                <li key={user.id}>
                  <span>
                    {user.displayName} <code>{user.username}</code>
                  </span>
                  <button
                    type="button"
                    class="link-button"
                    aria-label={t('teams.members.addOne', { name: user.displayName })}
                    onClick={() =>
                      props.onChange([
                        ...props.value,
                        { id: user.id, username: user.username, displayName: user.displayName },
                      ])
                    }
                  >
                    {t('teams.members.add')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Fieldset>
  );
}

const HOME = '/admin/teams';

export function TeamEdit(props: { params: { id?: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const programmes = useProgrammes();
  const canManage = session.can('team:manage');
  const editor = useRecordEditor({
    api: '/api/teams',
    home: HOME,
    id: props.params.id,
    empty: { name: '', programmeId: '', active: true, members: [] as Member[] },
    valuesOf: (team: Team) => ({
      name: team.name,
      programmeId: team.programmeId ?? '',
      active: team.active,
      members: team.members,
    }),
    savedMessage: t('teams.edit.saved'),
  });
  if (editor.pending) return editor.pending;

  const { isNew, values, set, field, checkbox } = editor;
  const programmeOptions = namedOptions(
    (programmes.data?.items ?? []).filter(
      (programme) => programme.active || programme.id === values.programmeId,
    ),
  );

  const onSubmit = editor.onSubmit(async () => {
    if (editor.invalid({ name: !values.name.trim() && t('teams.error.nameRequired') })) return;
    const memberIds = values.members.map((member) => member.id);
    if (isNew)
      return editor.create({
        name: values.name.trim(),
        ...(values.programmeId && { programmeId: values.programmeId }),
        memberIds,
      });
    const current = editor.record.data!;
    await editor.update(
      { ...current, memberIds: current.members.map((member) => member.id) },
      { name: values.name.trim(), programmeId: values.programmeId || null, active: values.active, memberIds },
    );
  });

  return (
    <RecordEditPage
      editor={editor}
      title={isNew ? t('teams.edit.createTitle') : editor.record.data!.name}
      backLabel={t('teams.backToList')}
      createLabel={t('teams.edit.create')}
      canManage={canManage}
      onSubmit={onSubmit}
    >
      <TextField {...field('name')} label={t('teams.field.name')} readOnly={!canManage} />
      <SelectField
        {...field('programmeId')}
        label={t('teams.field.programme')}
        placeholder={t('teams.noProgramme')}
        options={programmeOptions}
        optional
        disabled={!canManage}
      />
      {!isNew && (
        <Checkbox
          {...checkbox('active')}
          label={t('teams.field.active')}
          hint={t('teams.edit.activeHint')}
          disabled={!canManage}
        />
      )}
      <MembersPicker value={values.members} onChange={set('members')} readOnly={!canManage} />
    </RecordEditPage>
  );
}
