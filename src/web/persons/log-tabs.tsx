import { AccessLogPanel, HistoryPanel } from '../cases/change-log.tsx';
import { RestrictionPanel } from '../cases/restriction.tsx';
import { useT } from '../i18n/context.tsx';
import type { PersonTabProps } from './person-tabs.ts';

export function PersonHistoryTab(props: PersonTabProps) {
  const t = useT();
  return (
    <div class="panel">
      <HistoryPanel path={`/api/persons/${props.person.id}/history`} title={t('persons.tab.history')} />
    </div>
  );
}

export function PersonAccessLogTab(props: PersonTabProps) {
  const t = useT();
  return (
    <div class="panel">
      <AccessLogPanel path={`/api/persons/${props.person.id}/access-log`} title={t('persons.tab.access')} />
    </div>
  );
}

export function PersonRestrictionTab(props: PersonTabProps) {
  return (
    <RestrictionPanel
      path={`/api/persons/${props.person.id}/restriction`}
      restricted={props.person.restricted}
      kind="person"
      onChanged={props.record.reload}
    />
  );
}
