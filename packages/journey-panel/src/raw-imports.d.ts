// Vite's `?raw` imports (a file's text); tests read host files this way, since the browser has no fs.
declare module '*?raw' {
  const text: string;
  // eslint-disable-next-line import-x/no-default-export -- the shape Vite gives `?raw` modules.
  export default text;
}
