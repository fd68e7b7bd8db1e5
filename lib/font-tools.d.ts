// subset-font and fontverter ship no types: the calls lib/katex-assets.mjs makes.
declare module 'subset-font' {
  export default function subsetFont(font: Buffer, text: string, options: { targetFormat: 'woff2' | 'truetype' }): Promise<Buffer>;
}
declare module 'fontverter' {
  const fontverter: { convert(font: Buffer, format: 'truetype' | 'woff2'): Promise<Buffer> };
  export default fontverter;
}
