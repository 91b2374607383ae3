// One redaction for every message that can carry configuration text — kubeconfig errors, server
// URLs, API answers, exec plugin output — before it reaches a terminal, a log or a notification.
// Hand-written: the patterns are few and specific to kubeconfigs and HTTP, and no maintained
// library covers this set (URL credentials, bearer tokens, YAML/JSON secret fields, PEM keys).

export const REDACTED = "<redacted>";

/** Field names whose values are secrets, in YAML, JSON, query strings and `key=value` lists. */
const SECRET_FIELD =
  /(["']?\b[\w.-]*(?:token|password|passwd|secret|client-key|key-data|keydata|api-?key|private-?key|credentials?|auth-provider-config)\b["']?\s*[:=]\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,;}&\]]+)/gi;

const PATTERNS: [RegExp, string | ((...m: string[]) => string)][] = [
  // PEM private keys, whole or cut off.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // Base64 of PEM ("-----BEGIN"), as in client-key-data.
  [/LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g, REDACTED],
  // user:password@ (or token@) in URLs.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(?::[^\s/@]*)?@/gi, (_m, scheme) => `${scheme}${REDACTED}@`],
  // Authorization headers.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, (_m, kind) => `${kind} ${REDACTED}`],
  // JSON Web Tokens (service account and OIDC tokens), wherever they appear.
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [SECRET_FIELD, (_m, key) => `${key}${REDACTED}`],
];

/** `text` with every secret it may hold replaced; `known` adds secrets by value (a kubeconfig's tokens). */
export function redact(text: string, known: Iterable<string> = []): string {
  let out = text;
  for (const secret of known) if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement as never);
  return out;
}
