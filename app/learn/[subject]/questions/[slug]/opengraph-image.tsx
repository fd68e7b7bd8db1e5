import { ImageResponse } from 'next/og';
import { notFound } from 'next/navigation';
import { getQuestionSummary, getSubject, questionUrl } from '@/lib/content';
import { SITE_NAME } from '@/lib/config';

// The question's Open Graph image, drawn on the first request for it and cached after: none
// are made at build time, so build cost does not grow with the number of questions.
export const alt = 'The question, its subject and the site name';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

export function generateStaticParams() {
  return [];
}

export default async function Image({ params }: { params: Promise<{ subject: string; slug: string }> }) {
  const { subject, slug } = await params;
  const question = await getQuestionSummary(questionUrl(subject, slug));
  if (!question) notFound();
  const subjectName = (await getSubject(subject))!.name;
  return new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        padding: 72,
        background: '#eef2ff',
        color: '#0f172a',
      }}
    >
      <div style={{ fontSize: 34, fontWeight: 700, color: '#4338ca' }}>{subjectName}</div>
      <div style={{ fontSize: question.title.length > 90 ? 52 : 64, fontWeight: 700, lineHeight: 1.2 }}>{question.title}</div>
      <div style={{ fontSize: 30, color: '#334155' }}>{SITE_NAME}</div>
    </div>,
    size,
  );
}
