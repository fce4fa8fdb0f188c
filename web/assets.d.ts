// esbuild bundles imported stylesheets into the entry's .css output (web/build.ts).
declare module '*.css';
