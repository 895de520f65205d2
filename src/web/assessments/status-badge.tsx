import { useI18n } from '../i18n/context.tsx';
import { Badge } from '../ui/page.tsx';

export function StatusBadge(props: { status: 'draft' | 'completed' }) {
  const { t } = useI18n();
  return props.status === 'completed' ? (
    <Badge kind="ok">{t('assessments.status.completed')}</Badge>
  ) : (
    <Badge kind="warn">{t('assessments.status.draft')}</Badge>
  );
}
