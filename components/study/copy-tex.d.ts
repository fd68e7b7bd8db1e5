// KaTeX's copy-tex ships no types: it only adds a copy listener to the document.
declare module 'katex/contrib/copy-tex';
