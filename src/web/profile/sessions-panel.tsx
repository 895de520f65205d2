import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import type { SessionInfo } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { useActionError } from '../ui/action.ts';
import { actionsColumn, ResourceTable } from '../ui/data-table.tsx';
import { FormStatus } from '../ui/form.tsx';
import { Badge } from '../ui/page.tsx';
import { ConfirmButton } from '../ui/widgets.tsx';

/** "Firefox · Android" from a user-agent string: enough to recognise a device. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return '?';
  const browser =
    [
      ['Edg/', 'Edge'],
      ['OPR/', 'Opera'],
      ['Firefox/', 'Firefox'],
      ['Chrome/', 'Chrome'],
      ['Chromium/', 'Chromium'],
      ['Safari/', 'Safari'],
    ].find(([marker]) => userAgent.includes(marker!))?.[1] ?? '';
  const system =
    [
      ['Android', 'Android'],
      ['iPhone', 'iOS'],
      ['iPad', 'iPadOS'],
      ['Windows', 'Windows'],
      ['Mac OS', 'macOS'],
      ['CrOS', 'ChromeOS'],
      ['Linux', 'Linux'],
    ].find(([marker]) => userAgent.includes(marker!))?.[1] ?? '';
  return [browser, system].filter(Boolean).join(' · ') || userAgent.slice(0, 40);
}

export function SessionsPanel() {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const { route } = useLocation();
  const sessions = useApi<{ items: SessionInfo[] }>('/api/me/sessions');
  const { error, run } = useActionError();

  const end = (id: string) =>
    run(async () => {
      await api.delete(`/api/me/sessions/${encodeURIComponent(id)}`);
      sessions.reload();
    });

  const endAll = async () => {
    if (!(await run(() => api.post('/api/me/sessions/end-all')))) return;
    const me = await session.refresh().catch(() => null);
    if (me) sessions.reload();
    else route('/login', true);
  };

  return (
    <section class="panel">
      <h2>{t('profile.sessions.title')}</h2>
      <p class="hint">{t('profile.sessions.intro')}</p>
      <FormStatus error={error} />
      <ResourceTable
        resource={sessions}
        label={t('profile.sessions.title')}
        columns={[
          {
            header: t('profile.sessions.device'),
            title: (item) => item.userAgent ?? undefined,
            cell: (item) => (
              <>
                {describeDevice(item.userAgent)}{' '}
                {item.current && <Badge kind="ok">{t('profile.sessions.current')}</Badge>}
              </>
            ),
          },
          { header: t('profile.sessions.started'), cell: (item) => dateTime(item.createdAt) },
          { header: t('profile.sessions.lastSeen'), cell: (item) => dateTime(item.lastSeenAt) },
          { header: t('profile.sessions.expires'), cell: (item) => dateTime(item.expiresAt) },
          { header: t('profile.sessions.address'), cell: (item) => <code>{item.ip ?? '—'}</code> },
          actionsColumn(
            (item: SessionInfo) =>
              !item.current && (
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => end(item.id)}
                  aria-label={t('profile.sessions.endOne', { device: describeDevice(item.userAgent) })}
                >
                  {t('profile.sessions.end')}
                </button>
              ),
          ),
        ]}
      />
      <ConfirmButton
        id="end-all-sessions"
        label={t('profile.sessions.endAll')}
        title={t('profile.sessions.endAllTitle')}
        message={<p>{t('profile.sessions.endAllBody')}</p>}
        confirmLabel={t('profile.sessions.endAllConfirm')}
        onConfirm={endAll}
        danger
      />
    </section>
  );
}
