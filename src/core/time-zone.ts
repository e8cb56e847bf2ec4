/**
 * Time-zone arithmetic from the IANA data the runtime carries (no clock): schedule hand-offs for
 * PagerDuty, calendar parts for the deploy gate's conditions.
 */

/**
 * A formatter per zone name (undefined: the runtime does not know the zone). Making one reads the
 * zone's data, which costs far more than using it, and every compile asks for the same few zones.
 */
const formatters = new Map<string, Intl.DateTimeFormat | undefined>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  if (formatters.has(timeZone)) return formatters.get(timeZone);
  let format: Intl.DateTimeFormat | undefined;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    format = undefined;
  }
  if (formatters.size >= 1000) formatters.clear();
  formatters.set(timeZone, format);
  return format;
}

/**
 * The wall-clock parts of an instant in a zone (`year`, `month`, `day`, `hour`, `minute`, `second`
 * as two-digit text, `weekday` as `Mon`…), or undefined for a zone the runtime does not know.
 */
export function zoneParts(timeZone: string, utcMillis: number): Readonly<Record<string, string>> | undefined {
  const format = formatterFor(timeZone);
  if (!format) return undefined;
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(utcMillis))) if (p.type !== 'literal') parts[p.type] = p.value;
  return parts;
}

/** Whether the runtime knows an IANA time zone name (`Europe/London`). */
export function isTimeZone(name: string): boolean {
  return formatterFor(name) !== undefined;
}

/** UTC offset (`+01:00`, `-05:00`, `+00:00`) of a zone at a given instant. */
function utcOffset(timeZone: string, utcMillis: number): string {
  const parts = zoneParts(timeZone, utcMillis);
  if (!parts) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
  const get = (t: string): number => Number(parts[t] ?? 0);
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
