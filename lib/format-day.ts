import type { Day } from './content/model/types';

// Formats a calendar day with Moment/Day.js tokens (`MMM DD, YYYY` gives `Jan 31, 2025`).
// Everything is computed in UTC from the day itself, so no TZ can move it to another day.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const TOKENS = /\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd/g;

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return n + (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
}

export function formatDay(day: Day, format: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const pad = (n: number) => String(n).padStart(2, '0');
  return format.replace(TOKENS, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    switch (token) {
      case 'YYYY':
        return String(y);
      case 'YY':
        return pad(y % 100);
      case 'MMMM':
        return MONTHS[m - 1]!;
      case 'MMM':
        return MONTHS[m - 1]!.slice(0, 3);
      case 'MM':
        return pad(m);
      case 'M':
        return String(m);
      case 'Do':
        return ordinal(d);
      case 'DD':
        return pad(d);
      case 'D':
        return String(d);
      case 'dddd':
        return WEEKDAYS[weekday]!;
      default:
        return WEEKDAYS[weekday]!.slice(0, 3); // ddd
    }
  });
}
