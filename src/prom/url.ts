/**
 * Prometheus URLs and the secrets that ride in them. `http://user:pass@host` is a common way to
 * write a URL with credentials, but `fetch` refuses it (and would echo it in its error), and any
 * place that prints the URL would print the password. So userinfo is taken out once, turned into
 * Basic auth, and every URL shown to a person goes through {@link redactUrl}.
 * Imports nothing of NthLayer's own (the proxy and the CLI both use it).
 */

export interface SplitUrl {
  /** The URL without userinfo. */
  url: string;
  /** Credentials that were in the URL, if any. */
  auth?: { username: string; password: string };
}

/** Takes `user:pass@` out of a URL. Invalid URLs come back unchanged (the caller reports them). */
export function splitCredentials(raw: string): SplitUrl {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { url: raw };
  }
  if (!u.username && !u.password) return { url: raw };
  const auth = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  u.username = '';
  u.password = '';
  return { url: u.href.replace(/\/$/, raw.endsWith('/') ? '/' : ''), auth };
}

/** The URL as it may be shown: userinfo replaced by `***`, and nothing else changed. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (!u.username && !u.password) return raw;
    u.username = '***';
    u.password = '';
    return u.href.replace(/\/$/, raw.endsWith('/') ? '/' : '');
  } catch {
    // Not a URL we can parse: still never print what looks like userinfo.
    return raw.replace(/\/\/[^/@\s]*@/g, '//***@');
  }
}

/** Replaces every occurrence of each secret (and of URLs with userinfo) in a message. */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s"']*@/gi, '$1***@');
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
  return out;
}
