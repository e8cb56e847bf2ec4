/**
 * Review links: the spec, its base version, the environment (with the override files it applied)
 * and the open tab, deflated into the URL fragment (never sent to any server). Decoding is a boundary: sizes are bounded before and
 * after inflating, and the payload goes through zod; the result is only ever shown as text.
 */
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { z } from 'zod';

/** Longest fragment we produce or accept; chat tools and browsers cope with this comfortably. */
export const MAX_LINK_CHARS = 16_000;
/** Most bytes a fragment may inflate to (a zip bomb in a link stops here). */
const MAX_PAYLOAD_BYTES = 512 * 1024;
export const SHARE_PREFIX = '#review=';

const ENV_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const FILE_NAME = /^[A-Za-z0-9._-]{1,100}\.ya?ml$/;
const TEXT_LIMIT = 200_000;

const SharePayloadSchema = z.strictObject({
  v: z.literal(1),
  file: z.string().regex(FILE_NAME, { message: 'file must be a plain .yaml file name' }),
  text: z.string().max(TEXT_LIMIT),
  base: z.string().max(TEXT_LIMIT),
  env: z.string().regex(ENV_NAME).max(63).optional(),
  tab: z
    .string()
    .regex(/^[A-Za-z0-9._:/-]{1,120}$/)
    .optional(),
  /** The override files the author's preview applied for `env`, so the review compiles the same. */
  environments: z
    .array(z.strictObject({ file: z.string().regex(FILE_NAME), text: z.string().max(TEXT_LIMIT) }))
    .max(4)
    .optional(),
});

export type SharePayload = z.infer<typeof SharePayloadSchema>;

export type ShareResult<T> = { ok: true; value: T } | { ok: false; error: string };

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/** The fragment for a payload (`#review=…`), or why it cannot be shared. */
export function encodeShare(payload: SharePayload): ShareResult<string> {
  const checked = SharePayloadSchema.safeParse(payload);
  if (!checked.success) return { ok: false, error: `cannot share this spec: ${checked.error.issues[0]?.message ?? 'invalid'}` };
  const fragment = SHARE_PREFIX + toBase64Url(deflateSync(strToU8(JSON.stringify(checked.data)), { level: 9 }));
  if (fragment.length > MAX_LINK_CHARS) {
    return {
      ok: false,
      error: `the link would be ${formatKb(fragment.length)}, over the ${formatKb(MAX_LINK_CHARS)} limit for review links; save the spec and share the file instead`,
    };
  }
  return { ok: true, value: fragment };
}

function formatKb(chars: number): string {
  return `${(chars / 1000).toFixed(1)} KB`;
}

function inflateBounded(data: Uint8Array, limit: number): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limit) over = true;
    else chunks.push(chunk);
  });
  try {
    // Push in small slices so an oversized payload is noticed early.
    for (let i = 0; i < data.length && !over; i += 1024) inflater.push(data.subarray(i, i + 1024), i + 1024 >= data.length);
  } catch {
    return undefined;
  }
  if (over) return undefined;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Decodes `#review=…`; every failure is a message for the person who opened the link. */
export function decodeShare(fragment: string): ShareResult<SharePayload> {
  if (!fragment.startsWith(SHARE_PREFIX)) return { ok: false, error: 'this is not a review link' };
  if (fragment.length > MAX_LINK_CHARS)
    return { ok: false, error: `the review link is longer than ${formatKb(MAX_LINK_CHARS)} and was not opened` };
  const bytes = fromBase64Url(fragment.slice(SHARE_PREFIX.length));
  if (!bytes || bytes.length === 0)
    return { ok: false, error: 'the review link is damaged (it is not valid base64url); ask for a new link' };
  const inflated = inflateBounded(bytes, MAX_PAYLOAD_BYTES);
  if (!inflated) return { ok: false, error: 'the review link is damaged or too large to open; ask for a new link' };
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(inflated));
  } catch {
    return { ok: false, error: 'the review link does not contain a studio review; ask for a new link' };
  }
  const parsed = SharePayloadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `the review link is not valid: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'unknown problem'}`,
    };
  }
  return { ok: true, value: parsed.data };
}
