import { hasPermission } from '../platform/auth/actor.ts';
import { ProblemError } from '../platform/http/problem.ts';
import type { Context } from '../platform/http/route.ts';

/**
 * The rule shared by referrals and sharing decisions: without a consent in force the request is refused
 * (409, naming consentOverride) unless it carries an override reason from someone who may approve cases
 * (otherwise 403). Each refusal is itself an audited event, kept although the request fails.
 */
export async function requireConsentOrOverride(
  ctx: Context,
  gate: {
    consent: unknown;
    override: { reason: string } | undefined;
    /** The audit action of a refusal, and what the event names. */
    refusedAction: string;
    resourceIds: string[];
    details: Record<string, unknown>;
    /** The problem's explanation, and the consentOverride field's message. */
    missing: { detail: string; field: string };
    /** Who may override, in words. */
    notAllowed: string;
  },
): Promise<void> {
  if (gate.consent) return;
  const refusal = (reason: string) =>
    ctx.audit({
      action: gate.refusedAction,
      outcome: 'denied',
      resourceType: 'case',
      resourceIds: gate.resourceIds,
      details: { reason, ...gate.details },
    });
  if (!gate.override) {
    await refusal('no_consent');
    throw new ProblemError('conflict', gate.missing.detail, {
      commit: true,
      errors: [{ field: 'body.consentOverride', code: 'consent_required', message: gate.missing.field }],
    });
  }
  if (!hasPermission(ctx.actor, 'case:approve')) {
    await refusal('override_not_allowed');
    throw new ProblemError('forbidden', gate.notAllowed, {
      commit: true,
      errors: [
        { field: 'body.consentOverride', code: 'not_allowed', message: 'Requiere el permiso case:approve.' },
      ],
    });
  }
}
