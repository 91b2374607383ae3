// Stylesheets are bundled by esbuild into dist/webview.css.
declare module "*.css";
