import { useT } from '../i18n/context.tsx';
import type { CaseTabProps } from './case-tabs.ts';
import { AccessLogPanel, HistoryPanel } from './change-log.tsx';
import { RestrictionPanel } from './restriction.tsx';

export function CaseHistoryTab(props: CaseTabProps) {
  const t = useT();
  return (
    <div class="panel">
      <HistoryPanel path={`/api/cases/${props.kase.id}/history`} title={t('cases.tab.history')} />
    </div>
  );
}

export function CaseAccessLogTab(props: CaseTabProps) {
  const t = useT();
  return (
    <div class="panel">
      <AccessLogPanel path={`/api/cases/${props.kase.id}/access-log`} title={t('cases.tab.access')} />
    </div>
  );
}

export function CaseRestrictionTab(props: CaseTabProps) {
  return (
    <RestrictionPanel
      path={`/api/cases/${props.kase.id}/restriction`}
      restricted={props.kase.restricted}
      kind="case"
      onChanged={props.record.reload}
    />
  );
}
