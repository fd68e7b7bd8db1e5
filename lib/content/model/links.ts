import { topicKey } from './topics';
import type { Question, RelatedLink, ResolvedRelatedLink, TopicRef } from './types';

// How a question's links read on its page, whoever looks the targets up (a store, or the tests'
// in-memory reference).

/** Related links with their target's current title and subject name, and whether the target exists. */
export function resolveRelated(
  links: RelatedLink[],
  titleOf: (url: string) => string | undefined,
  subjectNameOf: (slug: string) => string | undefined,
): ResolvedRelatedLink[] {
  return links.map((link) => {
    const title = titleOf(link.url);
    return { ...link, title: title ?? link.title, subjectName: subjectNameOf(link.subjectSlug) ?? link.subjectName, exists: title !== undefined };
  });
}

/** Keywords with the topic each belongs to, if it is one. */
export function keywordTopics(keywords: string[], topicOf: (key: string) => TopicRef | undefined): Question['keywords'] {
  return keywords.map((keyword) => ({ keyword, topic: topicOf(topicKey(keyword)) ?? null }));
}
