import { InputError } from '@backstage/errors';
import {
  ACCOUNT_EMAIL_PATTERN,
  resolveAccountEmail,
  type AccountEnvironment,
} from '@internal/plugin-ai-governance-node';

/**
 * The root email policy. The root user of an account can reset its password through that mailbox, so whoever
 * reads it controls the account: by default the email comes from `aiGovernance.vending.emailPattern`; a
 * requester-given email is accepted only from a domain in `aiGovernance.vending.allowedEmailDomains` (an empty list
 * refuses every given email), and never when it is what the pattern gives another account name (those addresses are
 * reserved for their accounts). A given email is kept on the record (`emailGivenByRequester`), so the approver of a
 * production request sees that the requester chose the mailbox. Uniqueness across the organization is checked with
 * the request's other holds.
 */
export function resolveRootEmail(options: {
  name: string;
  environment: AccountEnvironment;
  email?: string;
  emailPattern?: string;
  allowedEmailDomains: string[];
}): { email: string; given: boolean } {
  const given = options.email?.trim();
  if (!given) {
    return {
      email: resolveAccountEmail({
        name: options.name,
        environment: options.environment,
        emailPattern: options.emailPattern,
      }),
      given: false,
    };
  }
  if (!ACCOUNT_EMAIL_PATTERN.test(given) || given.length > 64) {
    throw new InputError(
      `Email "${given}" is not valid: give a plain address of 6 to 64 characters, or leave it empty to use the configured pattern.`,
    );
  }
  const domain = given.slice(given.lastIndexOf('@') + 1).toLowerCase();
  if (options.allowedEmailDomains.length === 0) {
    throw new InputError(
      `A root email of your own ("${given}") is not accepted here: leave the email empty and the account gets one from the configured pattern. (An admin can allow domains with aiGovernance.vending.allowedEmailDomains.)`,
    );
  }
  if (!options.allowedEmailDomains.includes(domain)) {
    throw new InputError(
      `The root email domain "${domain}" is not allowed: use an address at ${options.allowedEmailDomains.join(
        ', ',
      )}, or leave the email empty to use the configured pattern.`,
    );
  }
  if (options.emailPattern) {
    const own = resolveAccountEmail({
      name: options.name,
      environment: options.environment,
      emailPattern: options.emailPattern,
    });
    if (own.toLowerCase() === given.toLowerCase()) {
      // The address the pattern gives this very account: as if the email had been left empty.
      return { email: own, given: false };
    }
    if (patternAddress(options.emailPattern).test(given)) {
      throw new InputError(
        `The root email ${given} is reserved: it is what the configured pattern (${options.emailPattern}) gives another account name, so that account could not be created later. Leave the email empty to use the pattern for "${options.name}" (${own}), or give an address that does not follow the pattern.`,
      );
    }
  }
  return { email: given, given: true };
}

/**
 * The addresses the email pattern gives any account name and environment: `{name}` is a slug (lower-case letters and
 * digits joined by single dashes), `{environment}` one of the environments; compared without regard to case.
 */
function patternAddress(emailPattern: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = emailPattern
    .split(/(\{name\}|\{environment\})/)
    .map(part => {
      if (part === '{name}') return '[a-z0-9]+(?:-[a-z0-9]+)*';
      if (part === '{environment}') return '(?:development|production)';
      return escape(part);
    })
    .join('');
  return new RegExp(`^${source}$`, 'i');
}
