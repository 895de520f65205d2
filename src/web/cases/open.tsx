import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { PersonName, useCleared } from '../persons/display.tsx';
import { NoContactBanner } from '../persons/no-contact.tsx';
import type { Person } from '../persons/types.ts';
import { useSession } from '../session/session.tsx';
import { Fieldset, namedOptions, SelectField } from '../ui/fields.tsx';
import { FormStatus, SubmitButton, useForm } from '../ui/form.tsx';
import { Empty, LoadError, Loading, Page } from '../ui/page.tsx';
import { caseCreationInput, emptyCaseDraft, type CaseDraft } from './case-draft.ts';
import { CaseFields } from './case-fields.tsx';
import { usePlacements } from './placements.ts';
import type { Case } from './types.ts';
import './cases.css';

export function OpenCase() {
  const { t } = useI18n();
  const session = useSession();
  const { query, route } = useLocation();
  const cleared = useCleared();
  const personId = query.personId ?? '';
  const person = useApi<Person>(personId ? `/api/persons/${encodeURIComponent(personId)}` : null);
  const placements = usePlacements();
  const form = useForm();
  const me = session.me!;
  const canAssign = session.can('case:assign');
  const [draft, setDraft] = useState<CaseDraft>(emptyCaseDraft);
  const [programmeId, setProgrammeId] = useState('');
  const [teamId, setTeamId] = useState('');
  const [ownerUserId, setOwnerUserId] = useState(me.id);
  const set = (patch: Partial<CaseDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const programmes = (placements.data?.programmes ?? []).filter((p) => p.active);
  const teams = (placements.data?.teams ?? []).filter(
    (team) => team.active && (team.programmeId === null || team.programmeId === programmeId),
  );
  // One programme (or the user's teams all in one): nothing to choose. The team defaults to the user's own.
  useEffect(() => {
    if (programmeId || !placements.data) return;
    const mine = new Set(
      placements.data.teams
        .filter((team) => placements.data!.myTeamIds.includes(team.id) && team.programmeId)
        .map((team) => team.programmeId!),
    );
    const only = programmes.length === 1 ? programmes[0]!.id : mine.size === 1 ? [...mine][0]! : '';
    if (programmes.some((p) => p.id === only)) setProgrammeId(only);
  }, [placements.data]);
  useEffect(() => {
    const mine = teams.filter((team) => placements.data?.myTeamIds.includes(team.id));
    setTeamId(mine.length === 1 ? mine[0]!.id : '');
  }, [programmeId, placements.data]);

  if (!personId)
    return (
      <Page title={t('cases.open.title')}>
        <Empty>
          {t('cases.open.choosePerson')} <a href="/persons">{t('cases.open.findPerson')}</a>
        </Empty>
      </Page>
    );
  if (person.error && !person.data) return <LoadError error={person.error} retry={person.reload} />;
  if (!person.data) return <Loading />;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!programmeId) errors.programmeId = t('cases.open.programmeRequired');
    if (!draft.caseType) errors.caseType = t('cases.open.caseTypeRequired');
    if (Object.keys(errors).length > 0) {
      form.setErrors(errors);
      return;
    }
    const body = {
      personId,
      programmeId,
      ...(teamId && { teamId }),
      ...(canAssign && ownerUserId !== me.id && { ownerUserId }),
      ...caseCreationInput(draft, cleared),
    };
    const result = await form.submit(() => api.post<Case>('/api/cases', body));
    if (result) route(`/cases/${result.data.id}?opened=1`);
  };

  return (
    <Page title={t('cases.open.title')}>
      <NoContactBanner entries={person.data.noContact} />
      <p class="lead">
        {t('cases.open.for')}{' '}
        <a href={`/persons/${personId}`}>
          <PersonName person={person.data} />
        </a>
      </p>
      <form ref={form.formRef} noValidate onSubmit={onSubmit} class="panel case-form">
        <FormStatus error={form.formError} />
        {placements.error && <LoadError error={placements.error} retry={placements.reload} />}
        <Fieldset id="placement" legend={t('cases.section.placement')}>
          <SelectField
            id="programmeId"
            label={t('cases.field.programme')}
            value={programmeId}
            onValue={setProgrammeId}
            options={namedOptions(programmes)}
            placeholder={t('cases.choose')}
            error={form.error('programmeId')}
          />
          <SelectField
            id="teamId"
            label={t('cases.field.team')}
            hint={t('cases.open.teamHint')}
            value={teamId}
            onValue={setTeamId}
            options={namedOptions(teams)}
            placeholder={t('cases.open.teamDefault')}
            error={form.error('teamId')}
            optional
          />
          {canAssign && (
            <SelectField
              id="ownerUserId"
              label={t('cases.field.owner')}
              value={ownerUserId}
              onValue={setOwnerUserId}
              options={(placements.data?.staff ?? []).map((person) => ({
                value: person.id,
                label:
                  person.id === me.id ? t('cases.open.me', { name: person.displayName }) : person.displayName,
              }))}
              error={form.error('ownerUserId')}
            />
          )}
        </Fieldset>
        <CaseFields draft={draft} onChange={set} error={form.error} cleared={cleared} />
        <div class="form-actions">
          <SubmitButton busy={form.busy} label={t('cases.open.submit')} />
          <a href={`/persons/${personId}`}>{t('common.cancel')}</a>
        </div>
      </form>
    </Page>
  );
}
