/** What a supervisor approves: a revision of the case plan, or the closure of the case (the web app uses it too). */
export const APPROVAL_KINDS = ['plan', 'closure'] as const;
