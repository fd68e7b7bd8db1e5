// Markdown or rendered HTML in the content database? The size (raw and deflated) and rendering
// time of the real sample's answers, which decide what the content step stores. Prints JSON.
import { deflateRawSync } from 'node:zlib';
import { loadContent } from '../test/helpers/load';
import { renderAnswer } from '../lib/markdown/render';
import { realCorpus } from './lib';

const { questions } = loadContent(realCorpus());
const total = { markdown: 0, html: 0, markdownDeflated: 0, htmlDeflated: 0 };
const started = performance.now();
for (const q of questions) {
  const { html } = renderAnswer(q.answer);
  total.markdown += Buffer.byteLength(q.answer);
  total.html += Buffer.byteLength(html);
  total.markdownDeflated += deflateRawSync(q.answer).length;
  total.htmlDeflated += deflateRawSync(html).length;
}
const perAnswer = (bytes: number) => Math.round(bytes / questions.length);
console.log(
  JSON.stringify({
    answers: questions.length,
    renderMsPerAnswer: (performance.now() - started) / questions.length,
    markdownBytes: perAnswer(total.markdown),
    htmlBytes: perAnswer(total.html),
    markdownDeflatedBytes: perAnswer(total.markdownDeflated),
    htmlDeflatedBytes: perAnswer(total.htmlDeflated),
  }),
);
