/**
 * Policy documents compared and sent: whether two say the same thing (formatting and key order aside), and the compact
 * form the product sends to AWS.
 */

/** Canonical JSON (object keys sorted) so that formatting and key order do not count as drift. */
function canonical(content: string): string {
  try {
    const sort = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(sort);
      if (v && typeof v === 'object') {
        return Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map(k => [k, sort((v as Record<string, unknown>)[k])]),
        );
      }
      return v;
    };
    return JSON.stringify(sort(JSON.parse(content)));
  } catch {
    return content.trim();
  }
}

/** Whether two policy documents say the same thing (formatting and key order aside). @public */
export function samePolicyContent(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

/**
 * The document as the product sends it to AWS: JSON without whitespace outside strings. The AWS API stores a policy
 * exactly as given and counts every character against the size quota, so sending the compact form leaves the most
 * room and makes the stored size equal to the size the linter reports. Text that is not JSON is returned as is.
 * @public
 */
export function compactPolicyContent(content: string): string {
  try {
    return JSON.stringify(JSON.parse(content));
  } catch {
    return content;
  }
}
