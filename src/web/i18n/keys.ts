// The message keys the code may use: those of the Spanish catalogues (the English ones are checked to
// have the same keys by catalogues.test.ts), so a misspelt or missing key fails the type check.
type KeysOf<T> = Exclude<Extract<keyof T, string>, 'default'>;

export type MessageKey =
  | KeysOf<typeof import('./messages/common.es-GT.json')>
  | KeysOf<typeof import('./messages/login.es-GT.json')>
  | KeysOf<typeof import('./messages/setup.es-GT.json')>
  | KeysOf<typeof import('./messages/twoFactor.es-GT.json')>
  | KeysOf<typeof import('./messages/passwordReset.es-GT.json')>
  | KeysOf<typeof import('./messages/home.es-GT.json')>
  | KeysOf<typeof import('./messages/profile.es-GT.json')>
  | KeysOf<typeof import('./messages/users.es-GT.json')>
  | KeysOf<typeof import('./messages/teams.es-GT.json')>
  | KeysOf<typeof import('./messages/roles.es-GT.json')>
  | KeysOf<typeof import('./messages/agencies.es-GT.json')>
  | KeysOf<typeof import('./messages/programmes.es-GT.json')>
  | KeysOf<typeof import('./messages/audit.es-GT.json')>
  | KeysOf<typeof import('./messages/access.es-GT.json')>
  | KeysOf<typeof import('./messages/orgTypes.es-GT.json')>
  | KeysOf<typeof import('./messages/forms.es-GT.json')>
  | KeysOf<typeof import('./messages/persons.es-GT.json')>
  | KeysOf<typeof import('./messages/cases.es-GT.json')>
  | KeysOf<typeof import('./messages/myWork.es-GT.json')>
  | KeysOf<typeof import('./messages/assessments.es-GT.json')>
  | KeysOf<typeof import('./messages/casePlan.es-GT.json')>
  | KeysOf<typeof import('./messages/approvals.es-GT.json')>
  | KeysOf<typeof import('./messages/services.es-GT.json')>
  | KeysOf<typeof import('./messages/notes.es-GT.json')>
  | KeysOf<typeof import('./messages/consent.es-GT.json')>
  | KeysOf<typeof import('./messages/referrals.es-GT.json')>
  | KeysOf<typeof import('./messages/sharing.es-GT.json')>
  | KeysOf<typeof import('./messages/attachments.es-GT.json')>
  | KeysOf<typeof import('./messages/linkage.es-GT.json')>
  | KeysOf<typeof import('./messages/settings.es-GT.json')>;
