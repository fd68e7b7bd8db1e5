// Prints how a fixture's date comes out, for the time-zone tests (run under another TZ).
import { loadContent } from './load';
import { formatDay } from '../../lib/format-day';

const [dir, url] = process.argv.slice(2) as [string, string];
const q = loadContent(dir).questions.find((question) => question.url === url)!;
console.log(JSON.stringify({ day: q.date, shown: formatDay(q.date, q.dateFormat), tz: Intl.DateTimeFormat().resolvedOptions().timeZone }));
