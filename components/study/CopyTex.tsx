'use client';

import { useEffect } from 'react';

// On pages with formulas: copying a selection that holds some puts their TeX source in the
// clipboard (KaTeX's copy-tex, about 0.8 KB gzip), fetched once the page has hydrated.
export function CopyTex() {
  useEffect(() => {
    void import('katex/contrib/copy-tex');
  }, []);
  return null;
}
