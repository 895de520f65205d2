import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client.ts';
import type { SessionInfo } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n/context.tsx';
import { useSession } from '../session/session.tsx';
import { FormStatus, problemMessage } from '../ui/form.tsx';
import { Badge, LoadError, Loading, TableRegion } from '../ui/page.tsx';
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
  const { t, locale, dateTime } = useI18n();
  const session = useSession();
  const { route } = useLocation();
  const sessions = useApi<{ items: SessionInfo[] }>('/api/me/sessions');
  const [error, setError] = useState<string | null>(null);

  const end = async (id: string) => {
    setError(null);
    try {
      await api.delete(`/api/me/sessions/${encodeURIComponent(id)}`);
      sessions.reload();
    } catch (failure) {
      setError(problemMessage(failure, t, locale));
    }
  };

  const endAll = async () => {
    setError(null);
    try {
      await api.post('/api/me/sessions/end-all');
    } catch (failure) {
      setError(problemMessage(failure, t, locale));
      return;
    }
    const me = await session.refresh().catch(() => null);
    if (me) sessions.reload();
    else route('/login', true);
  };

  const items = sessions.data?.items ?? [];
  return (
    <section class="panel">
      <h2>{t('profile.sessions.title')}</h2>
      <p class="hint">{t('profile.sessions.intro')}</p>
      <FormStatus error={error} />
      {sessions.error && <LoadError error={sessions.error} retry={sessions.reload} />}
      {sessions.loading && !sessions.data && <Loading />}
      {sessions.data && (
        <TableRegion label={t('profile.sessions.title')} busy={sessions.loading}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('profile.sessions.device')}</th>
                <th scope="col">{t('profile.sessions.started')}</th>
                <th scope="col">{t('profile.sessions.lastSeen')}</th>
                <th scope="col">{t('profile.sessions.expires')}</th>
                <th scope="col">{t('profile.sessions.address')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td title={item.userAgent ?? undefined}>
                    {describeDevice(item.userAgent)}{' '}
                    {item.current && <Badge kind="ok">{t('profile.sessions.current')}</Badge>}
                  </td>
                  <td>{dateTime(item.createdAt)}</td>
                  <td>{dateTime(item.lastSeenAt)}</td>
                  <td>{dateTime(item.expiresAt)}</td>
                  <td>
                    <code>{item.ip ?? '—'}</code>
                  </td>
                  <td>
                    {!item.current && (
                      <button
                        type="button"
                        class="button secondary"
                        onClick={() => end(item.id)}
                        aria-label={t('profile.sessions.endOne', { device: describeDevice(item.userAgent) })}
                      >
                        {t('profile.sessions.end')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
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
