import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, changedFields, etagOfVersion } from '../../api/client.ts';
import type { Page as PageOf, Team, User } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useSession } from '../../session/session.tsx';
import { Checkbox, Fieldset, SelectField, TextField } from '../../ui/fields.tsx';
import { FormStatus, StatusMessage, SubmitButton, useForm } from '../../ui/form.tsx';
import { LoadError, Loading, Page } from '../../ui/page.tsx';
import { useProgrammes } from '../lookups.ts';

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

export function TeamEdit(props: { params: { id?: string } }) {
  const { t } = useI18n();
  const session = useSession();
  const { route } = useLocation();
  const id = props.params.id;
  const isNew = id === undefined;
  const team = useApi<Team>(isNew ? null : `/api/teams/${encodeURIComponent(id)}`);
  const programmes = useProgrammes();
  const canManage = session.can('team:manage');
  const form = useForm();
  const [name, setName] = useState('');
  const [programmeId, setProgrammeId] = useState('');
  const [active, setActive] = useState(true);
  const [members, setMembers] = useState<Member[]>([]);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (!team.data) return;
    setName(team.data.name);
    setProgrammeId(team.data.programmeId ?? '');
    setActive(team.data.active);
    setMembers(team.data.members);
  }, [team.data?.id, team.data?.version]);

  if (!isNew && team.error && !team.data) return <LoadError error={team.error} retry={team.reload} />;
  if (!isNew && !team.data) return <Loading />;

  const stale = form.lastError?.kind === 'precondition-failed';
  const programmeOptions = (programmes.data?.items ?? [])
    .filter((programme) => programme.active || programme.id === programmeId)
    .map((programme) => ({ value: programme.id, label: programme.name }));

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    if (!name.trim()) {
      form.setErrors({ name: t('teams.error.nameRequired') });
      return;
    }
    const memberIds = members.map((member) => member.id);
    if (isNew) {
      const result = await form.submit(() =>
        api.post<Team>('/api/teams', {
          name: name.trim(),
          ...(programmeId && { programmeId }),
          memberIds,
        }),
      );
      if (result) route(`/admin/teams/${result.data.id}`, true);
      return;
    }
    const current = team.data!;
    const changes = changedFields(
      { ...current, memberIds: current.members.map((member) => member.id) },
      { name: name.trim(), programmeId: programmeId || null, active, memberIds },
    );
    if (Object.keys(changes).length === 0) {
      setSaved(t('common.noChanges'));
      return;
    }
    const result = await form.submit(() =>
      api.patch<Team>(
        `/api/teams/${encodeURIComponent(current.id)}`,
        changes,
        team.etag ?? etagOfVersion(current.version),
      ),
    );
    if (result) {
      if (result.data && typeof result.data === 'object') team.replace(result.data, result.etag);
      else team.reload();
      setSaved(t('teams.edit.saved'));
    }
  };

  return (
    <Page title={isNew ? t('teams.edit.createTitle') : team.data!.name}>
      <p>
        <a href="/admin/teams">{t('teams.backToList')}</a>
      </p>
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel">
        <FormStatus error={form.formError}>
          {stale && (
            <button type="button" class="button secondary" onClick={team.reload}>
              {t('common.reloadRecord')}
            </button>
          )}
        </FormStatus>
        <StatusMessage message={saved} />
        <TextField
          id="name"
          label={t('teams.field.name')}
          value={name}
          onValue={setName}
          readOnly={!canManage}
          error={form.error('name')}
        />
        <SelectField
          id="programmeId"
          label={t('teams.field.programme')}
          value={programmeId}
          onValue={setProgrammeId}
          placeholder={t('teams.noProgramme')}
          options={programmeOptions}
          optional
          disabled={!canManage}
          error={form.error('programmeId')}
        />
        {!isNew && (
          <Checkbox
            id="active"
            label={t('teams.field.active')}
            hint={t('teams.edit.activeHint')}
            checked={active}
            onChecked={setActive}
            disabled={!canManage}
          />
        )}
        <MembersPicker value={members} onChange={setMembers} readOnly={!canManage} />
        {canManage && (
          <div class="form-actions">
            <SubmitButton busy={form.busy} label={isNew ? t('teams.edit.create') : t('common.save')} />
            <a href="/admin/teams">{t('common.cancel')}</a>
          </div>
        )}
      </form>
    </Page>
  );
}
