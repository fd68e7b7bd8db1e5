import { SITE_NAME } from '../config';
import { subjectUrl, topicUrl } from '../content/model/types';
import type { FeedItem } from '../content/store/store';
import { feedHtml } from '../markdown/feed-html';

// Atom feeds (RFC 4287) of the newest questions: the whole site, a subject, a topic. Absolute
// urls; entries link to the question's canonical copy and keep one id whatever copy that is.

export interface FeedInfo {
  title: string;
  subtitle: string;
  /** The page the feed follows, e.g. /learn/physics. */
  pagePath: string;
  /** The feed's own path, e.g. /learn/physics/feed.xml. */
  feedPath: string;
}

/** Text safe in XML 1.0: escaped, and without the characters XML cannot hold at all. */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const time = (day: string) => `${day}T00:00:00Z`;

/** An entry's id: a tag URI (RFC 4151) of the question's own id, the same for all its copies and builds. */
export function entryId(site: string, questionId: number): string {
  return `tag:${new URL(site).hostname},2024:question/${questionId}`;
}

export function atomFeed(info: FeedInfo, items: FeedItem[], site: string): string {
  const updated = items.reduce((day, item) => (item.summary.date > day ? item.summary.date : day), '1970-01-01');
  const entries = items.map((item) => {
    const { summary } = item;
    return `<entry>
<id>${xmlText(entryId(site, summary.id))}</id>
<title>${xmlText(summary.title)}</title>
<link rel="alternate" type="text/html" href="${xmlText(site + summary.canonicalUrl)}"/>
<published>${time(summary.date)}</published>
<updated>${time(summary.date)}</updated>
<author><name>${xmlText(item.author)}</name></author>
<category term="${xmlText(summary.subjectSlug)}" label="${xmlText(item.subjectName)}"/>
<summary>${xmlText(summary.description)}</summary>
<content type="html">${xmlText(feedHtml(item.answer))}</content>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>${xmlText(site + info.feedPath)}</id>
<title>${xmlText(info.title)}</title>
<subtitle>${xmlText(info.subtitle)}</subtitle>
<link rel="self" type="application/atom+xml" href="${xmlText(site + info.feedPath)}"/>
<link rel="alternate" type="text/html" href="${xmlText(site + info.pagePath)}"/>
<updated>${time(updated)}</updated>
<author><name>${xmlText(SITE_NAME)}</name><uri>${xmlText(site)}/</uri></author>
${entries.join('\n')}
</feed>
`;
}

/** A feed as a route's response. */
export function atomResponse(xml: string): Response {
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}

export const SITE_FEED = '/feed.xml';
export const subjectFeed = (slug: string) => `${subjectUrl(slug)}/feed.xml`;
export const topicFeed = (slug: string) => `${topicUrl(slug)}/feed.xml`;
