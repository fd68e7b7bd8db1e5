import { serializeJsonLd } from '@/lib/seo/json-ld';

export function JsonLd({ data }: { data: unknown }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON-LD must be the script's text; serializeJsonLd escapes what could end it
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />;
}
