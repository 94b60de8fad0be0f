// Module names the LWC platform resolves, as the browser project's bundler plugin resolves them
// (scripts/lwc-vite-plugin.ts): `lwc` is the engine, `c/<name>` a component of the SFDX project.

declare module 'lwc' {
  export { createElement } from '@lwc/engine-dom';
}

declare module 'c/*' {
  // @lwc/engine-dom's declarations name LightningElement from @lwc/engine-core, which it bundles rather
  // than depends on: the type is unresolvable here, so the class is described by what the tests use.
  const Component: abstract new () => HTMLElement;
  // LWC modules export their component class as the default export.
  // eslint-disable-next-line import-x/no-default-export
  export default Component;
}
