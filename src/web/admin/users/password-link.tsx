import type { OneTimeLink } from '../../api/types.ts';
import { useI18n } from '../../i18n/context.tsx';
import { OneTimeValue } from '../../ui/widgets.tsx';

/** The one-time link that lets a person set their password; it is shown once, to hand over in person. */
export function PasswordLink(props: { link: OneTimeLink; name: string }) {
  const { t, dateTime } = useI18n();
  const url = /^https?:\/\//.test(props.link.url) ? props.link.url : `${location.origin}${props.link.url}`;
  return (
    <OneTimeValue
      id="password-link"
      label={t('users.link.label')}
      hint={t('users.link.hint', { name: props.name, expiresAt: dateTime(props.link.expiresAt) })}
      value={url}
    />
  );
}
