/** Time-zone arithmetic for schedule hand-offs, from the IANA data the runtime carries (no clock). */

/** Whether the runtime knows an IANA time zone name (`Europe/London`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** UTC offset (`+01:00`, `-05:00`, `+00:00`) of a zone at a given instant. */
function utcOffset(timeZone: string, utcMillis: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMillis));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const minutes = Math.round((local - Math.floor(utcMillis / 1000) * 1000) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A local wall-clock time as an ISO 8601 timestamp with the zone's offset at that moment:
 * `localTimestamp('Europe/London', '2024-01-01T09:00:00')` → `2024-01-01T09:00:00+00:00`.
 */
export function localTimestamp(timeZone: string, local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new Error(`not a local timestamp: ${local}`);
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  // The offset at the wall-clock time read as UTC is right except within hours of a DST change.
  const first = utcOffset(timeZone, asUtc);
  const shift = offsetMinutes(first);
  return `${local}${utcOffset(timeZone, asUtc - shift * 60_000)}`;
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
