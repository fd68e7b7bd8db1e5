import { SITE_NAME, siteUrl } from '@/lib/config';

// Lets browsers offer the site as a search engine (linked from every page's <head>).
export const dynamic = 'force-static';

export function GET() {
  const site = siteUrl();
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>${SITE_NAME}</ShortName>
  <Description>Search the questions and answers of ${SITE_NAME}</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Image width="16" height="16" type="image/svg+xml">${site}/icon.svg</Image>
  <Url type="text/html" method="get" template="${site}/search?q={searchTerms}"/>
  <Url type="application/opensearchdescription+xml" rel="self" template="${site}/opensearch.xml"/>
</OpenSearchDescription>
`;
  return new Response(xml, { headers: { 'Content-Type': 'application/opensearchdescription+xml' } });
}
