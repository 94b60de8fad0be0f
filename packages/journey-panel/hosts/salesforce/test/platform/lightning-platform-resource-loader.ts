// Stand-in for `lightning/platformResourceLoader`: `loadScript` adds a classic <script> for the URL once
// per page and resolves when it has run (rejects when it fails to load), as the platform's does.
const loaded = new Map<string, Promise<void>>();

/** Loads a script from a static resource URL, once per page. */
export function loadScript(_component: unknown, url: string): Promise<void> {
  let loading = loaded.get(url);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.addEventListener('load', () => {
        resolve();
      });
      script.addEventListener('error', () => {
        reject(new Error(`${url} could not be loaded`));
      });
      document.head.append(script);
    });
    loaded.set(url, loading);
  }
  return loading;
}
