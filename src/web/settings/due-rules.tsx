import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, etagOfVersion } from '../api/client.ts';
import { useApi, type Resource } from '../api/use-api.ts';
import { listUrl, useAgencies } from '../admin/lookups.ts';
import { caseLabel } from '../cases/vocabulary.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { useActionError } from '../ui/action.ts';
import { namedOptions, SelectField } from '../ui/fields.tsx';
import { StatusMessage, type FormState } from '../ui/form.tsx';
import { Badge, LoadError, Loading, Page } from '../ui/page.tsx';
import { ConfirmButton } from '../ui/widgets.tsx';
import { RuleForm, ruleSummary } from './rule-form.tsx';
import type { DueRule, DueRuleItem, DueRuleList } from './types.ts';
import './settings.css';

const PATH = '/admin/due-rules';
const API = '/api/case-due-rules';

/**
 * "Plazos del ciclo del caso": each due-date rule with the one in force for the agency, the agency's own rule
 * (set, changed or removed to follow the installation's again) and, for an administrator over the whole
 * installation, the installation's rule.
 */
export function DueRulesScreen() {
  const { t } = useI18n();
  const session = useSession();
  const { query, route } = useLocation();
  const agencyId = query.agencyId || undefined;
  const rules = useApi<DueRuleList>(API, { agencyId });
  const agencies = useAgencies();
  const data = rules.data;
  const canManage = session.can('setting:manage');
  const agencyList = (agencies.data?.items ?? []).filter((agency) => agency.active);

  return (
    <Page title={t('settings.dueRules.title')}>
      <p class="lead">{t('settings.dueRules.intro')}</p>
      {!canManage && <p class="alert alert-info">{t('settings.dueRules.readOnly')}</p>}
      {data?.defaultsEditable && agencyList.length > 1 && (
        <div class="filters">
          <SelectField
            id="due-rules-agency"
            label={t('settings.dueRules.agency')}
            value={data.agencyId}
            onValue={(next) => route(listUrl(PATH, { agencyId: next }))}
            options={namedOptions(agencyList)}
            filter
          />
        </div>
      )}
      {rules.error && <LoadError error={rules.error} retry={rules.reload} />}
      {!data && !rules.error && <Loading />}
      {data?.items.map((item) => (
        <RuleCard key={item.key} item={item} list={rules} canManage={canManage} />
      ))}
    </Page>
  );
}

function RuleCard(props: { item: DueRuleItem; list: Resource<DueRuleList>; canManage: boolean }) {
  const { t } = useI18n();
  const { item, list } = props;
  const data = list.data!;
  const [saved, setSaved] = useState<{ agency: string | null; installation: string | null }>({
    agency: null,
    installation: null,
  });
  const [notice, setNotice] = useState<string | null>(null);
  // Open at first when the agency has its own rule; afterwards the person opens and closes it.
  const [agencyFormOpen] = useState(() => Boolean(item.override));
  const reset = useActionError();
  const name = caseLabel(t, 'cases.due', item.key);
  const headingId = `rule-${item.key}`;
  const query = data.agencyId ? `?agencyId=${encodeURIComponent(data.agencyId)}` : '';

  /** Puts the answer (the rule's item) in place of the old one in the list. */
  const replaced = (next: DueRuleItem) =>
    list.replace({ ...data, items: data.items.map((i) => (i.key === next.key ? next : i)) });

  const save =
    (which: 'agency' | 'installation') =>
    async (form: FormState, body: Omit<DueRule, 'version' | 'updatedAt'>) => {
      setSaved({ agency: null, installation: null });
      setNotice(null);
      const result = await form.submit(() =>
        which === 'agency'
          ? api.put<DueRuleItem>(
              `${API}/${item.key}${query}`,
              body,
              etagOfVersion(item.override?.version ?? 0),
            )
          : api.put<DueRuleItem>(`${API}/${item.key}/default`, body, etagOfVersion(item.default.version)),
      );
      if (result) {
        replaced(result.data);
        setSaved({
          agency: which === 'agency' ? t('settings.dueRules.savedAgency') : null,
          installation: which === 'installation' ? t('settings.dueRules.savedDefault') : null,
        });
      } else if (form.lastError?.kind === 'precondition-failed') list.reload();
    };

  const backToDefault = async () => {
    setSaved({ agency: null, installation: null });
    setNotice(null);
    await reset.run(async () => {
      const result = await api.delete<DueRuleItem>(`${API}/${item.key}${query}`, undefined, {
        ifMatch: etagOfVersion(item.override!.version),
      });
      replaced(result.data);
      setNotice(t('settings.dueRules.resetDone'));
    });
  };

  const { effective } = item;
  return (
    <section class="panel due-rule" aria-labelledby={headingId}>
      <h2 id={headingId}>{name}</h2>
      <p>
        <Badge kind={item.override ? 'info' : 'muted'}>
          {item.override ? t('settings.dueRules.source.override') : t('settings.dueRules.source.default')}
        </Badge>{' '}
        {!effective.active && <Badge kind="warn">{t('settings.dueRules.inactive')}</Badge>}
      </p>
      <p>{ruleSummary(t, effective)}</p>
      {item.override && (
        <p class="hint">{t('settings.dueRules.defaultIs', { summary: ruleSummary(t, item.default) })}</p>
      )}
      {reset.error && <p class="alert alert-error">{reset.error}</p>}
      <StatusMessage message={notice} />
      <details open={agencyFormOpen}>
        <summary>{t('settings.dueRules.agencyRule')}</summary>
        <RuleForm
          idPrefix={`${item.key}-agency`}
          rule={effective}
          legend={t('settings.dueRules.agencyRuleOf', { rule: name })}
          saveLabel={t('settings.dueRules.saveAgency')}
          saved={saved.agency}
          readOnly={!props.canManage}
          save={save('agency')}
        >
          {item.override && (
            <ConfirmButton
              id={`${item.key}-reset`}
              label={t('settings.dueRules.reset')}
              title={t('settings.dueRules.resetTitle')}
              message={<p>{t('settings.dueRules.resetMessage', { rule: name })}</p>}
              confirmLabel={t('settings.dueRules.reset')}
              onConfirm={backToDefault}
            />
          )}
        </RuleForm>
      </details>
      {data.defaultsEditable && (
        <details>
          <summary>{t('settings.dueRules.defaultRule')}</summary>
          <RuleForm
            idPrefix={`${item.key}-installation`}
            rule={item.default}
            legend={t('settings.dueRules.defaultRuleOf', { rule: name })}
            saveLabel={t('settings.dueRules.saveDefault')}
            saved={saved.installation}
            readOnly={false}
            save={save('installation')}
          />
        </details>
      )}
    </section>
  );
}
